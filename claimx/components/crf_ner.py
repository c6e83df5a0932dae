"""Statistical named entities: a linear-chain CRF over word features (factory ``claimx_ner``).

Trained on GermEval 2014 by ``python -m models.ner.train_crf`` (CRFsuite through
python-crfsuite); the features are ``claimx.ner_features`` (word form, affixes, shape, the
morphological lexicon, name lists). It tags each sentence in BIO and sets ``doc.ents``; the
hand-written entity_ruler after it only fills the gaps. Labels it does not keep (``MISC`` by
default: titles, events, languages) block no later component, they are just not set.

On disk (``to_disk``): ``model.crfsuite`` (the weights) and ``gazetteer.json`` (the name lists
the features were trained with), so a trained component is self-contained.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimx.ner_features import FeatureExtractor, Gazetteer, WordClasses, lexicon_word_classes
from claimx.rules.isolation import RuleGuard

MODEL_FILE = "model.crfsuite"
GAZETTEER_FILE = "gazetteer.json"
ORGANISATION_DESCRIPTORS = "organisation_descriptors"  # the gazetteer kind of "Firma", "Konzern", …


class CrfEntityRecognizer:
    """Sets ``doc.ents`` from a CRF's BIO tags per sentence (existing entities are kept unless ``overwrite``)."""

    def __init__(self, name: str, *, labels: Sequence[str] = ("PER", "ORG", "LOC"), overwrite: bool = False,
                 raise_errors: bool = False, word_classes: WordClasses | None = None) -> None:
        self.name = name
        self.labels = tuple(labels)
        self.overwrite = overwrite
        self.raise_errors = raise_errors
        self._word_classes = word_classes
        self._model: bytes | None = None
        self._tagger = None
        self._features: FeatureExtractor | None = None

    @property
    def is_trained(self) -> bool:
        return self._model is not None

    def set_model(self, model: bytes, gazetteer: Gazetteer) -> None:
        """Use CRFsuite weights (the bytes of a model file) trained with ``gazetteer``'s features."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(model)
        self._model, self._tagger = model, tagger
        self._features = FeatureExtractor(gazetteer, self._word_classes or lexicon_word_classes())

    @property
    def gazetteer(self) -> Gazetteer:
        if self._features is None:
            raise ValueError(f"{self.name}: no model loaded")
        return self._features.gazetteer

    def __call__(self, doc: Doc) -> Doc:
        if self._tagger is None:
            raise ValueError(f"{self.name}: the component has no trained model (python -m models.ner.train_crf)")
        with RuleGuard(doc, self.name, self.raise_errors).at(None):  # a failure: the entities stay as they are
            self._set_entities(doc)
        return doc

    def tag_words(self, words: Sequence[str], sentence_starts: Collection[int] = (0,)) -> list[str]:
        """BIO tags of a run of words ("B-PER", "I-PER", "O", …), sentences starting at ``sentence_starts``."""
        if not words:
            return []
        return self._tagger.tag(self._features.sequence(words, sentence_starts))

    def _set_entities(self, doc: Doc) -> None:
        # one sequence per Doc: a sentence split inside a name ("Dr. | Anna Beispiel") costs no context
        starts = {token.i for token in doc if token.is_sent_start}
        tags = self.tag_words([token.text for token in doc], starts | {0})
        found = [self._relabelled(doc, span) for span in spans_of_tags(doc, 0, tags)]
        found = [span for span in found if span.label_ in self.labels]
        if self.overwrite:
            kept = [ent for ent in doc.ents if not any(_overlaps(ent, span) for span in found)]
            doc.ents = filter_spans([*found, *kept])
        else:
            taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
            free = [span for span in found if not any(i in taken for i in range(span.start, span.end))]
            doc.ents = [*doc.ents, *free]

    def _relabelled(self, doc: Doc, span: Span) -> Span:
        """A name right after a noun that introduces organisations is one: "die Firma Lumex" (not PER)."""
        if span.label_ == "PER" and span.start > 0:
            before = doc[span.start - 1].lower_
            if ORGANISATION_DESCRIPTORS in self.gazetteer.kinds_of.get(before, ()):
                return Span(doc, span.start, span.end, label="ORG")
        return span

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self._model is None:
            return
        (path / MODEL_FILE).write_bytes(self._model)
        (path / GAZETTEER_FILE).write_text(json.dumps(self.gazetteer.to_dict(), ensure_ascii=False, sort_keys=True),
                                           encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CrfEntityRecognizer:
        path = Path(path)
        if (path / MODEL_FILE).exists():
            gazetteer = Gazetteer.from_dict(json.loads((path / GAZETTEER_FILE).read_text(encoding="utf-8")))
            self.set_model((path / MODEL_FILE).read_bytes(), gazetteer)
        return self


def spans_of_tags(doc: Doc, offset: int, tags: Sequence[str]) -> list[Span]:
    """Entity spans of BIO tags starting at token ``offset``; an ``I-`` without its ``B-`` starts one."""
    spans = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if start is not None and (prefix != "I" or kind != label):
            spans.append(Span(doc, offset + start, offset + i, label=label))
            start, label = None, None
        if prefix in ("B", "I") and start is None:
            start, label = i, kind
    return spans


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
