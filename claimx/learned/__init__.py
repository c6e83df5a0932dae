"""Learned speech-event components: a cue tagger, a role tagger and an event assembler.

Trained on the SpkAtt-2023 debates data (GePaDe, CC BY-SA 4.0) by ``python -m models.spkatt.train``.

* ``claimx_cue_tagger`` tags every token ``O``, ``B-CUE`` (a cue starts), ``I-CUE`` (the cue goes
  on) or ``P-CUE`` (a detached piece of the preceding cue: "teilte ... **mit**").
* ``claimx_role_tagger`` tags Source, Message and Addressee spans in BIO (``B-SRC``, ``I-MSG``, ...);
  ``claimx_role_labeller`` tags them per cue (the cue marked in its sentence), in BILOU.
* ``claimx_learned_events`` (no weights) joins them into events (``events``).
* ``claimx_learned_claims`` (no weights) merges those events into claimx's ``doc._.claims``
  (``claimx.load(learned=True)``, ``claimx extract --learned``; see ``claims.LearnedClaims``).

Modules: ``tags`` (tag sets, cues and spans from tags), ``taggers``, ``events``, ``claims`` (the
merge), ``factories`` (the spaCy factories), ``install`` (adding the shipped components to a pipeline).

Interface for other components (all token indices are Doc indices):

* ``doc.spans["claimx_learned_cues"]``: one span per cue piece, label ``CUE``;
* ``doc.spans["claimx_learned_roles"]``: role spans labelled ``SRC``, ``MSG`` or ``ADR``;
* ``doc._.claimx_learned_events``: list of ``LearnedEvent`` (cue, source, message, addr token
  tuples, ``score`` = mean tagger score of the cue tokens: unnormalised (``normalize = false``), so
  only comparable between events); kept as plain data in ``doc.user_data``, so ``DocBin`` keeps them.
"""

from __future__ import annotations

from claimx.learned import factories  # noqa: F401  (registers the factories)
from claimx.learned.claims import LEARNED, LEARNED_CLAIMS, LearnedClaims
from claimx.learned.events import LearnedEvent
from claimx.learned.install import LEARNED_PIPES, add_learned_claims, add_learned_components, default_learned_path, learned_status

__all__ = ["LEARNED", "LEARNED_CLAIMS", "LEARNED_PIPES", "LearnedClaims", "LearnedEvent", "add_learned_claims",
           "add_learned_components", "default_learned_path", "learned_status"]
