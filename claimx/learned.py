"""Learned speech-event components: a cue tagger, a role tagger and an event assembler.

Trained on the SpkAtt-2023 debates data (GePaDe, CC BY-SA 4.0) by ``python -m models.spkatt.train``.

* ``claimx_cue_tagger`` tags every token ``O``, ``B-CUE`` (a cue starts), ``I-CUE`` (the cue goes
  on) or ``P-CUE`` (a detached piece of the preceding cue: "teilte ... **mit**").
* ``claimx_role_tagger`` tags Source, Message and Addressee spans in BIO (``B-SRC``, ``I-MSG``, ...).
* ``claimx_learned_events`` (no weights) joins them into events: every cue is an event; each
  Message/Source/Addr span of a sentence goes to the nearest cue of that sentence, and a cue left
  without a Source borrows the nearest one ("Sie **kritisierte** das und **forderte** ...").

Interface for other components (all token indices are Doc indices):

* ``doc.spans["claimx_learned_cues"]``: one span per cue piece, label ``CUE``;
* ``doc.spans["claimx_learned_roles"]``: role spans labelled ``SRC``, ``MSG`` or ``ADR``;
* ``doc._.claimx_learned_events``: list of ``LearnedEvent`` (cue, source, message, addr token
  tuples, ``score`` = mean tagger probability of the cue tokens).

Both taggers reuse spaCy's ``Tagger`` (model, update, serialisation); they differ only in where
the gold tags come from (``Example.reference.user_data``) and where the guesses go (``Doc.user_data``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.tokens import Doc, Span
from spacy.training import Example
from thinc.api import Model, SequenceCategoricalCrossentropy

TAGS_KEY = "claimx_learned_tags"
CUE_SPANS = "claimx_learned_cues"
ROLE_SPANS = "claimx_learned_roles"
CUE_LABELS = ("O", "B-CUE", "I-CUE", "P-CUE")
ROLE_LABELS = tuple(["O"] + [f"{p}-{r}" for r in ("SRC", "MSG", "ADR") for p in "BILU"])
ROLE_NAMES = {"SRC": "Source", "MSG": "Message", "ADR": "Addr"}

if not Doc.has_extension("claimx_learned_events"):
    Doc.set_extension("claimx_learned_events", default=None)


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
        """Per doc a (tokens × labels) probability array."""
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


@Language.factory(
    "claimx_cue_tagger",
    default_config={"model": {"@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
                              "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}}},
)
def make_cue_tagger(nlp: Language, name: str, model: Model) -> TokenTagger:
    """Tag speech-event cues (BIO + P for detached cue pieces)."""
    return TokenTagger(nlp.vocab, model, name, labels=CUE_LABELS, gold_key="cue")


@Language.factory(
    "claimx_role_tagger",
    default_config={"model": {"@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
                              "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}}},
)
def make_role_tagger(nlp: Language, name: str, model: Model) -> TokenTagger:
    """Tag Source, Message and Addr spans (BIO)."""
    return TokenTagger(nlp.vocab, model, name, labels=ROLE_LABELS, gold_key="role")


MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
EVENT_ROLES_KEY = "event_roles"


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
                results.append((cue, start, [self.labels[i] for i in best], rows[numpy.arange(len(best)), best]))
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


@Language.factory(
    "claimx_role_labeller",
    default_config={"model": {"@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
                              "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}}},
)
def make_role_labeller(nlp: Language, name: str, model: Model) -> RoleLabeller:
    """Label the Source, Message and Addr of each cue found by ``claimx_cue_tagger``."""
    return RoleLabeller(nlp.vocab, model, name, labels=ROLE_LABELS, gold_key="event_role")


# --------------------------------------------------------------------------- assembly


@dataclass(frozen=True)
class LearnedEvent:
    """A speech event found by the learned components (Doc token indices)."""

    cue: tuple[int, ...]
    source: tuple[int, ...]
    message: tuple[int, ...]
    addr: tuple[int, ...]
    score: float

    def role(self, name: str) -> tuple[int, ...]:
        return {"Cue": self.cue, "Source": self.source, "Message": self.message, "Addr": self.addr}[name]


def cue_pieces(tags: Sequence[str]) -> list[list[int]]:
    """Cues as token lists from cue tags; a P-CUE token joins the cue begun last."""
    cues: list[list[int]] = []
    previous = "O"
    for i, tag in enumerate(tags):
        if tag == "B-CUE" or (tag == "I-CUE" and previous == "O") or (tag == "P-CUE" and not cues):
            cues.append([i])
        elif tag in ("I-CUE", "P-CUE"):
            cues[-1].append(i)
        previous = tag
    return cues


def role_spans(tags: Sequence[str], sentence_of: Sequence[int] | None = None) -> list[tuple[str, int, int]]:
    """(label, start, end) spans from BILOU role tags.

    A span runs from its B- to the next L- of the same label; for messages the tokens in between
    may carry any tag (the tagger loses the thread in long messages), for other roles an O ends it.
    Without an L- the span ends after its last I- token.  Spans never cross a sentence boundary."""
    sentence_of = sentence_of or [0] * len(tags)
    spans: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tags):
        kind, _, label = tags[i].partition("-")
        if kind in ("U", "L") or (kind == "I" and not (spans and spans[-1][2] == i and spans[-1][0] == label)):
            spans.append((label, i, _span_end(tags, sentence_of, i, label)))
            i = spans[-1][2]
        elif kind == "B":
            spans.append((label, i, _span_end(tags, sentence_of, i, label)))
            i = spans[-1][2]
        else:
            i += 1
    return spans


def _span_end(tags: Sequence[str], sentence_of: Sequence[int], start: int, label: str) -> int:
    """End (exclusive) of the span starting at ``start``."""
    if tags[start] in (f"U-{label}", f"L-{label}"):
        return start + 1
    last_inside = start
    for j in range(start + 1, len(tags)):
        if sentence_of[j] != sentence_of[start]:
            break
        kind, _, other = tags[j].partition("-")
        if other == label:
            if kind == "L":
                return j + 1
            if kind in ("B", "U"):
                break
            last_inside = j
        elif label != "MSG":
            break
    return last_inside + 1


def span_distance(tokens: Sequence[int], start: int, end: int) -> int:
    """Token distance between a cue (token list) and a span [start, end)."""
    return min(max(start - t, t - end + 1, 0) for t in tokens)


def assemble_events(doc: Doc, cue_tags: Sequence[str], cue_probs: Sequence[float], role_tags: Sequence[str]) -> list[LearnedEvent]:
    """Join cues and role spans sentence by sentence (see module docstring)."""
    sentence_of = _sentence_index(doc)
    cues = cue_pieces(cue_tags)
    assigned: dict[int, dict[str, list[int]]] = {k: {"SRC": [], "MSG": [], "ADR": []} for k in range(len(cues))}
    sources_by_sentence: dict[int, list[tuple[int, int]]] = {}
    for label, start, end in role_spans(role_tags, sentence_of):
        sent = sentence_of[start]
        if label == "SRC":
            sources_by_sentence.setdefault(sent, []).append((start, end))
        candidates = [k for k, cue in enumerate(cues) if sentence_of[cue[0]] == sent]
        if not candidates:
            continue
        nearest = min(candidates, key=lambda k: span_distance(cues[k], start, end))
        assigned[nearest][label].extend(range(start, end))
    events = []
    for k, cue in enumerate(cues):
        roles = assigned[k]
        if not roles["SRC"]:
            pool = sources_by_sentence.get(sentence_of[cue[0]], [])
            if pool:
                start, end = min(pool, key=lambda se: span_distance(cue, *se))
                roles["SRC"] = list(range(start, end))
        cue_set = set(cue)
        score = sum(cue_probs[i] for i in cue) / len(cue)
        events.append(
            LearnedEvent(
                tuple(cue),
                tuple(i for i in roles["SRC"] if i not in cue_set),
                tuple(i for i in roles["MSG"] if i not in cue_set),
                tuple(roles["ADR"]),
                round(score, 4),
            )
        )
    return events


def events_from_labels(results, cue_probs: Sequence[float]) -> list[LearnedEvent]:
    """Events from the cue-conditioned labeller's (cue, sentence start, tags, probs) results."""
    events = []
    for cue, start, tags, _ in results:
        roles: dict[str, list[int]] = {"SRC": [], "MSG": [], "ADR": []}
        for label, s, e in role_spans(tags):
            roles.setdefault(label, []).extend(range(start + s, start + e))
        cue_set = set(cue)
        score = sum(cue_probs[i] for i in cue) / len(cue)
        events.append(LearnedEvent(tuple(cue), *(tuple(i for i in roles[k] if i not in cue_set) for k in ("SRC", "MSG", "ADR")),
                                   round(score, 4)))
    return events


def runs(tokens: Sequence[int]) -> list[tuple[int, int]]:
    """Contiguous [start, end) runs of a sorted token list: (3, 4, 7) -> [(3, 5), (7, 8)]."""
    out: list[tuple[int, int]] = []
    for t in tokens:
        if out and out[-1][1] == t:
            out[-1] = (out[-1][0], t + 1)
        else:
            out.append((t, t + 1))
    return out


def _sentence_index(doc: Doc) -> list[int]:
    if not doc.has_annotation("SENT_START"):
        return [0] * len(doc)
    index = []
    for k, sent in enumerate(doc.sents):
        index.extend([k] * len(sent))
    return index


class LearnedEvents:
    """Pipeline component: turn the two taggers' guesses into spans and ``doc._.claimx_learned_events``."""

    def __init__(self, name: str, min_cue_score: float) -> None:
        self.name = name
        self.min_cue_score = min_cue_score

    def __call__(self, doc: Doc) -> Doc:
        tags = doc.user_data.get(TAGS_KEY, {})
        if "cue" not in tags:
            doc._.claimx_learned_events = []
            return doc
        cue_tags, cue_probs = tags["cue"]
        if EVENT_ROLES_KEY in tags:
            events = events_from_labels(tags[EVENT_ROLES_KEY], cue_probs)
            role_tags = ["O"] * len(doc)
        else:
            role_tags = tags["role"][0] if "role" in tags else ["O"] * len(doc)
            events = assemble_events(doc, cue_tags, cue_probs, role_tags)
        events = [e for e in events if e.score >= self.min_cue_score]
        doc._.claimx_learned_events = events
        doc.spans[CUE_SPANS] = [Span(doc, s, e, label="CUE") for event in events for s, e in runs(event.cue)]
        spans = role_spans(role_tags, _sentence_index(doc))
        doc.spans[ROLE_SPANS] = [Span(doc, s, e, label=label) for label, s, e in spans]
        return doc


@Language.factory("claimx_learned_events", default_config={"min_cue_score": 0.0})
def make_learned_events(nlp: Language, name: str, min_cue_score: float) -> LearnedEvents:
    """Assemble learned cues and roles into speech events."""
    return LearnedEvents(name, min_cue_score)


LEARNED_PIPES = ("claimx_learned_tok2vec", "claimx_cue_tagger", "claimx_role_tagger", "claimx_role_labeller", "claimx_learned_events")


def default_learned_path():
    """The shipped learned components: inside the installed package, else ``models/spkatt/pipeline``."""
    from pathlib import Path

    packaged = Path(__file__).resolve().parent / "_spkatt"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[1] / "models" / "spkatt" / "pipeline"


def add_learned_components(nlp: Language, path=None, *, before: str | None = None) -> Language:
    """Copy the trained cue/role taggers and the event assembler into ``nlp`` (before ``before``, if given)."""
    import spacy

    learned = spacy.load(path or default_learned_path())
    for name in LEARNED_PIPES:
        if name in learned.pipe_names and name not in nlp.pipe_names:
            nlp.add_pipe(name, source=learned, before=before if before in nlp.pipe_names else None)
    return nlp
