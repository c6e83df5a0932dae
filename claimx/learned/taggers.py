"""The two learned taggers: ``TokenTagger`` (cue tags, role tags) and the cue-conditioned ``RoleLabeller``.

Both reuse spaCy's ``Tagger`` (model, update, serialisation); they differ only in where the gold
tags come from (``Example.reference.user_data``) and where the guesses go (``Doc.user_data``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

import numpy
from spacy.pipeline import Tagger
from spacy.tokens import Doc
from spacy.training import Example
from thinc.api import Model, SequenceCategoricalCrossentropy

from claimx.learned.tags import EVENT_ROLES_KEY, TAGS_KEY, cue_pieces


class TokenTagger(Tagger):
    """A ``Tagger`` whose gold tags come from ``reference.user_data`` and whose guesses stay off ``token.tag_``."""

    def __init__(self, vocab, model: Model, name: str, *, labels: Sequence[str], gold_key: str) -> None:
        super().__init__(vocab, model, name, overwrite=False, scorer=None)
        self.cfg["gold_key"] = gold_key
        for label in labels:
            self.add_label(label)

    @property
    def gold_key(self) -> str:
        return self.cfg["gold_key"]

    def predict(self, docs: Sequence[Doc]) -> list[numpy.ndarray]:
        """Per doc a (tokens × labels) score array (probabilities only when the model normalises)."""
        if not any(len(doc) for doc in docs):
            return [numpy.zeros((len(doc), len(self.labels)), dtype="float32") for doc in docs]
        return [self.model.ops.to_numpy(s) for s in self.model.predict(list(docs))]

    def set_annotations(self, docs: Iterable[Doc], scores: Sequence[numpy.ndarray]) -> None:
        labels = self.labels
        for doc, doc_scores in zip(docs, scores):
            best = doc_scores.argmax(axis=1) if len(doc_scores) else []
            tags = [labels[i] for i in best]
            probs = [float(doc_scores[k, i]) for k, i in enumerate(best)]
            doc.user_data.setdefault(TAGS_KEY, {})[self.gold_key] = (tags, probs)

    def get_loss(self, examples: Iterable[Example], scores) -> tuple[float, Any]:
        loss_func = SequenceCategoricalCrossentropy(names=self.labels, normalize=False)
        truths = [gold_tags(eg.reference, self.gold_key) for eg in examples]
        d_scores, loss = loss_func(scores, truths)
        return float(loss), d_scores

    def initialize(self, get_examples, *, nlp=None, labels=None) -> None:
        docs, truths = [], []
        for eg in islice(get_examples(), 10):
            docs.append(eg.predicted)
            tags = gold_tags(eg.reference, self.gold_key)
            truths.append(numpy.asarray([[float(t == label) for label in self.labels] for t in tags], dtype="float32"))
        self.model.initialize(X=docs, Y=truths)


def gold_tags(doc: Doc, key: str) -> list[str | None]:
    """The gold tags a training reference doc carries for one tagger."""
    return list(doc.user_data["claimx_gold"][key])


MARK_OPEN, MARK_CLOSE = "⟦", "⟧"


def mark_cue(words: Sequence[str], cue: Sequence[int]) -> tuple[list[str], list[int]]:
    """Words with each contiguous cue run wrapped in marker tokens, and each word's new position.

    ["Er", "sagte", "das"], cue [1] -> ["Er", "⟦", "sagte", "⟧", "das"], [0, 2, 4]"""
    cue_set = set(cue)
    out: list[str] = []
    positions: list[int] = []
    for i, word in enumerate(words):
        if i in cue_set and (i - 1) not in cue_set:
            out.append(MARK_OPEN)
        positions.append(len(out))
        out.append(word)
        if i in cue_set and (i + 1) not in cue_set:
            out.append(MARK_CLOSE)
    return out, positions


class RoleLabeller(TokenTagger):
    """Cue-conditioned role tagger: for every cue, tag its sentence (cue marked) with the cue's
    Source/Message/Addr in BILOU.  Reads the cue tagger's guesses; runs its own tok2vec."""

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, stream, *, batch_size: int = 128):
        for doc in stream:
            yield self(doc)

    def predict(self, docs):  # type: ignore[override]
        """Per doc: a list of (cue tokens, sentence start, role tags, probabilities)."""
        out = []
        for doc in docs:
            jobs = list(self._cue_sentences(doc))
            marked = [Doc(self.vocab, words=words) for _, _, words, _ in jobs]
            scores = super().predict(marked) if marked else []
            results = []
            for (cue, start, _, positions), doc_scores in zip(jobs, scores):
                rows = doc_scores[positions]
                best = rows.argmax(axis=1)
                results.append((cue, start, [self.labels[i] for i in best], rows[numpy.arange(len(best)), best].tolist()))
            out.append(results)
        return out

    def set_annotations(self, docs, predictions) -> None:
        for doc, results in zip(docs, predictions):
            if isinstance(results, list):
                doc.user_data.setdefault(TAGS_KEY, {})[EVENT_ROLES_KEY] = results

    @staticmethod
    def _cue_sentences(doc: Doc):
        tags = doc.user_data.get(TAGS_KEY, {}).get("cue")
        if not tags:
            return
        for cue in cue_pieces(tags[0]):
            sent = doc[cue[0]].sent if doc.has_annotation("SENT_START") else doc[:]
            local = [i - sent.start for i in cue if sent.start <= i < sent.end]
            words, positions = mark_cue([t.text for t in sent], local)
            yield cue, sent.start, words, positions
