"""The ``claimx_fragments`` component: clauses the parser split mid-way are one tree again (claimx.rules.fragments)."""

from __future__ import annotations

from spacy.tokens import Doc

from claimx.rules.fragments import attach_fragments, fragment_attachments
from claimx.rules.isolation import RuleGuard


class Fragments:
    """Attaches the fragments the parser left as sentences ("Jan Roth | vom Institut | in Kiel erklärte")."""

    def __init__(self, name: str, *, raise_errors: bool = False) -> None:
        self.name = name
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            return doc
        with RuleGuard(doc, self.name, self.raise_errors).at(None):  # a failure: the parse stays as it was
            attach_fragments(doc, fragment_attachments(doc))
        return doc
