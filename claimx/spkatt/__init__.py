"""SpkAtt-2023 (GermEval 2023 speaker attribution): documents, the scorer, claimx's predictions, ``claimx spkatt``.

* ``documents``: read and write the task's JSON documents;
* ``score``: the task's metric;
* ``predict``: claimx's claims (or learned events) as SpkAtt annotations;
* ``cli``: the ``claimx spkatt`` commands.

Nothing is imported here, so ``claimx --help`` (which mounts ``cli``) stays fast.
"""
