"""Repeated surnames become PER entities (factory ``claimx_name_repeats``, in claimx.components.factories).

News introduces a person in full and then uses the surname alone: "Sergej Lawrow sagte
… „Das ist eine Lüge“, so Lawrow." The entity_ruler only knows the full form, so this
component, placed after it, labels later single-word mentions of a known surname.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimx.resources import GRAMMAR
from claimx.rules.isolation import RuleGuard


class NameRepeats:
    """Labels a capitalised token as PER when an earlier PER entity ends in the same word."""

    def __init__(self, name: str, *, raise_errors: bool = False) -> None:
        self.name = name
        self.raise_errors = raise_errors

    def __call__(self, doc: Doc) -> Doc:
        with RuleGuard(doc, self.name, self.raise_errors).at(None):  # a failure: the entities stay as they are
            self._label_repeats(doc)
        return doc

    def _label_repeats(self, doc: Doc) -> None:
        surnames: set[str] = set()
        entities = list(doc.ents)
        taken = {i for ent in entities for i in range(ent.start, ent.end)}
        surnames_ending_at = _surnames_by_end(entities)  # one pass over the entities, not one per token
        not_names = GRAMMAR.not_repeat_name_pos
        for token in doc:
            for surname in surnames_ending_at.get(token.i, ()):
                surnames |= {surname, surname + "s", surname + "'"}  # genitive: "Lawrows Sprecherin"
            # the tagger often misreads a foreign surname ("Lawrows" as ADJ): trust the spelling
            if token.i in taken or token.text not in surnames or token.pos_ in not_names:
                continue
            entities.append(Span(doc, token.i, token.i + 1, label="PER"))
            taken.add(token.i)
        doc.ents = filter_spans(entities)


def _surnames_by_end(entities: list[Span]) -> dict[int, list[str]]:
    """The last words of the full person names ("Sergej Lawrow"), by the token after each name."""
    ending_at: dict[int, list[str]] = {}
    for ent in entities:
        if ent.label_ == "PER" and len(ent) >= 2:
            ending_at.setdefault(ent.end, []).append(ent[-1].text)
    return ending_at
