"""Learned speech-event components: a cue tagger, a role tagger and an event assembler.

Trained on the SpkAtt-2023 debates data (GePaDe, CC BY-SA 4.0) by ``python -m models.spkatt.train``.

* ``claimx_cue_tagger`` tags every token ``O``, ``B-CUE`` (a cue starts), ``I-CUE`` (the cue goes
  on) or ``P-CUE`` (a detached piece of the preceding cue: "teilte ... **mit**").
* ``claimx_role_tagger`` tags Source, Message and Addressee spans in BIO (``B-SRC``, ``I-MSG``, ...).
* ``claimx_learned_events`` (no weights) joins them into events: every cue is an event; each
  Message/Source/Addr span of a sentence goes to the nearest cue of that sentence, and a cue left
  without a Source borrows the nearest one ("Sie **kritisierte** das und **forderte** ...").
* ``claimx_learned_claims`` (no weights) merges those events into claimx's ``doc._.claims``
  (``claimx.load(learned=True)``, ``claimx extract --learned``; see ``LearnedClaims``).

Interface for other components (all token indices are Doc indices):

* ``doc.spans["claimx_learned_cues"]``: one span per cue piece, label ``CUE``;
* ``doc.spans["claimx_learned_roles"]``: role spans labelled ``SRC``, ``MSG`` or ``ADR``;
* ``doc._.claimx_learned_events``: list of ``LearnedEvent`` (cue, source, message, addr token
  tuples, ``score`` = mean tagger score of the cue tokens: unnormalised (``normalize = false``), so
  only comparable between events); kept as plain data in ``doc.user_data``, so ``DocBin`` keeps them.

Both taggers reuse spaCy's ``Tagger`` (model, update, serialisation); they differ only in where
the gold tags come from (``Example.reference.user_data``) and where the guesses go (``Doc.user_data``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
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

EVENTS_KEY = "claimx_learned_events"  # user_data: the events as plain data, so DocBin keeps them


def _get_events(doc: Doc) -> list[LearnedEvent] | None:
    data = doc.user_data.get(EVENTS_KEY)
    return None if data is None else [LearnedEvent(*(tuple(e[k]) for k in ("cue", "source", "message", "addr")), e["score"]) for e in data]


def _set_events(doc: Doc, events: Iterable[LearnedEvent] | None) -> None:
    doc.user_data[EVENTS_KEY] = None if events is None else [
        {"cue": list(e.cue), "source": list(e.source), "message": list(e.message), "addr": list(e.addr), "score": float(e.score)}
        for e in events
    ]


if not Doc.has_extension("claimx_learned_events"):
    Doc.set_extension("claimx_learned_events", getter=_get_events, setter=_set_events)


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
LEARNED_CLAIMS = "claimx_learned_claims"


def default_learned_path() -> Path:
    """The shipped learned components: inside the installed package, else ``models/spkatt/pipeline``."""
    packaged = Path(__file__).resolve().parent / "_spkatt"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[1] / "models" / "spkatt" / "pipeline"


def add_learned_components(nlp: Language, path=None) -> Language:
    """Append the trained cue/role taggers and the event assembler to ``nlp``.

    They go last: placed before the base pipeline's listeners, the learned tok2vec would be linked to
    them (``upstream = "*"``) and its ``doc.tensor`` would spoil the parser the rules depend on."""
    import spacy

    from claimx.model import ModelNotFoundError

    path = path or default_learned_path()
    if not (Path(path) / "config.cfg").is_file():
        raise ModelNotFoundError(f"the learned components were not found in {path}: install claimx from a wheel, "
                                 "or in a source checkout run `python -m models.spkatt.train` (about 20 minutes)")
    learned = spacy.load(path)
    for name in LEARNED_PIPES:
        if name in learned.pipe_names and name not in nlp.pipe_names:
            nlp.add_pipe(name, source=learned)
    return nlp


def learned_status(nlp: Language) -> str:
    """For ``claimx info``: whether the learned components are in ``nlp``, else whether they are installed."""
    if LEARNED_CLAIMS in nlp.pipe_names:
        return "loaded"
    if default_learned_path().is_dir():
        return "available (--learned)"
    return "not installed"


def add_learned_claims(nlp: Language, path=None) -> Language:
    """Append the learned components and ``claimx_learned_claims`` to a claimx pipeline (see ``claimx.load``)."""
    add_learned_components(nlp, path)
    if LEARNED_CLAIMS not in nlp.pipe_names:
        nlp.add_pipe(LEARNED_CLAIMS)
    return nlp


# --------------------------------------------------------------------------- into the claims

LEARNED = "learned"  # Source.resolved_by of a source mention found by the learned role labeller
# learned messages shorter than this are mostly noun-phrase "messages" of debate-style cues
# ("kritisierte die Regierung"); checked on spkatt-news/train as dev
MIN_LEARNED_MESSAGE = 4
PUNCT_EDGES = frozenset(",.;:!?–—-()[]")


def is_reported_clause(doc: Doc, message: Sequence[int]) -> bool:
    """A "dass"/"ob" clause or a message with a subjunctive verb ("... sei ernst")."""
    tokens = sorted(message)
    return bool(tokens) and (doc[tokens[0]].lower_ in ("dass", "ob") or any("Mood=Sub" in str(doc[i].morph) for i in tokens))


@dataclass(frozen=True)
class _RuleClaim:
    """The tokens a rule claim covers (message, cue) and whether it has a source."""

    message: frozenset[int]
    cue: frozenset[int]
    has_source: bool


class LearnedClaims:
    """Pipeline component: merge ``doc._.claimx_learned_events`` into the rule-based claims.

    The policy that measured best on spkatt-news/train (models/EVALUATION.md):

    * a learned event that overlaps a rule claim (cue or message tokens) lends its Source to that claim
      when the rules found none ("… mit dem Anwalt seiner Familie – Markus Brenner – sagte dieser, dass …");
    * a learned event that overlaps no claim becomes a new claim only when it has a Source and a Message
      of at least ``min_message_tokens`` tokens that is a reported clause ("dass …", Konjunktiv).

    Learned source mentions get canonical names from ``DocumentResolver`` (replayed in document order
    with the rule mentions, so "er" still finds its antecedent) and ``resolved_by = "learned"``; new
    claims get ``confidence``. Claims stay plain data in ``doc.user_data`` in document order, so the
    ids ``<doc>#<n>`` stay sequential.
    """

    def __init__(self, name: str, claims_component: Any, sources_component: Any, *,
                 min_message_tokens: int = MIN_LEARNED_MESSAGE, confidence: float = 0.5) -> None:
        self.name = name
        self.claims_component = claims_component
        self.sources_component = sources_component
        self.min_message_tokens = min_message_tokens
        self.confidence = confidence

    def __call__(self, doc: Doc) -> Doc:
        from claimx.components.pipeline import BOILERPLATE, CLAIMS_KEY

        boilerplate = {i for span in doc.spans.get(BOILERPLATE, []) for i in range(span.start, span.end)}
        events = [e for e in doc._.claimx_learned_events or [] if e.message and not boilerplate & set(e.cue)]
        if not events:
            return doc
        data = list(doc.user_data.get(CLAIMS_KEY, []))
        lent, added = self._plan(doc, events, [_rule_claim(doc, claim) for claim in data])
        if not lent and not added:
            return doc
        names = self._resolve(doc, [*lent.values(), *(source for _, source in added)])
        for k, source in lent.items():
            data[k] = {**data[k], "source": _source_data(source, names[(source.start, source.end)])}
        new = [self._new_claim(doc, event, source, names[(source.start, source.end)]) for event, source in added]
        doc.user_data[CLAIMS_KEY] = sorted([*data, *new], key=lambda claim: (claim["start"], claim["end"]))
        self._add_spans(doc, new)
        return doc

    def _plan(self, doc: Doc, events: list[LearnedEvent], covered: list[_RuleClaim]) -> tuple[dict[int, Span], list[tuple[LearnedEvent, Span]]]:
        """Which rule claims (by index) get which learned source, and which events become new claims."""
        lent: dict[int, Span] = {}
        added: list[tuple[LearnedEvent, Span]] = []
        for event in events:
            source = learned_source(doc, event)
            message, cue = set(event.message), set(event.cue)
            overlapping = [k for k, c in enumerate(covered) if cue & c.cue or message & c.message]
            for k in overlapping:
                if source is not None and not covered[k].has_source and k not in lent \
                        and not set(range(source.start, source.end)) & covered[k].message:
                    lent[k] = source
            if not overlapping and source is not None and len(message) >= self.min_message_tokens \
                    and is_reported_clause(doc, event.message):
                added.append((event, source))
                covered.append(_RuleClaim(frozenset(message), frozenset(cue), True))  # later events overlap it
        return lent, added

    def _resolve(self, doc: Doc, mentions: list[Span]) -> dict[tuple[int, int], Any]:
        """Canonical names of the learned mentions, resolved in document order among the rule mentions."""
        from claimx.rules.attribution import DocumentResolver
        from claimx.components.pipeline import SOURCES

        resolver = DocumentResolver(self.sources_component.registry, self.sources_component.words)
        wanted = {(m.start, m.end) for m in mentions}
        every = {(m.start, m.end): m for m in [*doc.spans.get(SOURCES, []), *mentions]}
        names = {}
        for key in sorted(every):
            resolved = resolver.resolve(every[key])
            if key in wanted:
                names[key] = resolved
        return names

    def _new_claim(self, doc: Doc, event: LearnedEvent, source: Span, resolved: Any) -> dict[str, Any]:
        """A claim record (plain data) for a learned event the rules did not find."""
        from claimx.rules.claims import Draft, claim_sentences, to_record
        from claimx.rules.cues import verb_lemma

        start, end = _trimmed(doc, min(event.message), max(event.message) + 1)
        cue_start, cue_end = runs(event.cue)[0]
        # "sagte" -> "sagen", "teilte" -> "mitteilen", "Schluss gezogen" -> "schluss ziehen"
        lemma = " ".join(verb_lemma(t, self.claims_component.words) if t.pos_ in ("VERB", "AUX") else t.lemma_.lower()
                         for t in doc[cue_start:cue_end])
        kind = "direct" if _is_quoted(doc, start, end) else "indirect"
        source_data = {"start": source.start, "end": source.end, "name": resolved.name, "type": resolved.type,
                       "resolved_by": LEARNED}
        draft = Draft(start, end, kind, (cue_start, cue_end, lemma), source_data, self.confidence,
                      mood=self._mood(doc[start:end]))
        return to_record(doc, draft, [s.start for s in claim_sentences(doc)], doc.text)

    def _mood(self, message: Span) -> str | None:
        """konjunktiv_i, konjunktiv_ii or indicative: the most reportive mood among the message's verbs."""
        lexicon = self.claims_component.lexicon
        moods = set()
        for token in message:
            if token.pos_ not in ("VERB", "AUX"):
                continue
            if lexicon is not None and lexicon.is_konjunktiv_i(token.text):
                moods.add("konjunktiv_i")
            elif "Sub" in token.morph.get("Mood"):
                is_kj2 = lexicon is not None and "KJ2" in {r.tense for r in lexicon.readings(token.text)}
                moods.add("konjunktiv_ii" if is_kj2 else "konjunktiv_i")
            elif "Ind" in token.morph.get("Mood"):
                moods.add("indicative")
        return next((m for m in ("konjunktiv_i", "konjunktiv_ii", "indicative") if m in moods), None)

    @staticmethod
    def _add_spans(doc: Doc, new: list[dict[str, Any]]) -> None:
        """Add the new claims to the ``claimx_claims`` span group (kept in document order)."""
        from claimx.components.pipeline import CLAIMS

        spans = list(doc.spans.get(CLAIMS, []))
        for claim in new:
            span = doc.char_span(claim["start"], claim["end"], label=claim["kind"], alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[CLAIMS] = sorted(spans, key=lambda span: (span.start, span.end))


def learned_source(doc: Doc, event: LearnedEvent) -> Span | None:
    """The event's Source as one span: the run of source tokens nearest the cue, without edge punctuation."""
    if not event.source:
        return None
    start, end = min(_apposition_runs(doc, event.source), key=lambda se: span_distance(event.cue, *se))
    start, end = _trimmed(doc, start, end)
    if end - start > 1 and doc[start].pos_ == "ADP":
        start += 1  # "von Beobachtern": the agent of a passive cue, without its preposition
    if not any(_can_name_speaker(token) for token in doc[start:end]):
        return None  # "Gestern berichtet ...", "Wer behauptet, ...": no one to attribute the claim to
    return _whole_names(doc, start, end)


def _whole_names(doc: Doc, start: int, end: int) -> Span:
    """Grow a mention that cuts a multi-word name to the whole name ("Reinhard" -> "Reinhard Bütikofer")."""
    sent = doc[start].sent if doc.has_annotation("SENT_START") else doc[:]
    while start > sent.start and doc[start].pos_ == "PROPN" and doc[start - 1].pos_ == "PROPN":
        start -= 1
    while end < sent.end and doc[end - 1].pos_ == "PROPN" and doc[end].pos_ == "PROPN":
        end += 1
    return doc[start:end]


def _can_name_speaker(token) -> bool:
    """A noun, a name or a personal/demonstrative pronoun (not "wer", "die" as relative pronoun)."""
    if token.pos_ in ("NOUN", "PROPN", "X"):
        return True
    return token.pos_ == "PRON" and not {"Int", "Rel"} & set(token.morph.get("PronType"))


def _apposition_runs(doc: Doc, tokens: Sequence[int]) -> list[tuple[int, int]]:
    """Runs of source tokens, joined across a comma or bracket between them
    ("Hans-Jürgen Papier , Präsident des Bundesverfassungsgerichtes": one mention)."""
    joined: list[tuple[int, int]] = []
    for start, end in runs(tokens):
        if joined and start - joined[-1][1] == 1 and doc[start - 1].text in (",", "(", ")"):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """[start, end) without leading/trailing punctuation and whitespace tokens; a closing bracket
    whose opening bracket is inside stays ("Wertpapierbesitz ( DSW )")."""
    while start < end and (doc[start].text in PUNCT_EDGES or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in PUNCT_EDGES or doc[end - 1].is_space):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start : end - 1]):
            break
        end -= 1
    return start, end


def _is_quoted(doc: Doc, start: int, end: int) -> bool:
    """Whether a message stands inside quotation marks („…“)."""
    from claimx.rules.quotes import QUOTE_MARKS

    before = doc[start - 1].text if start > 0 else ""
    after = doc[end].text if end < len(doc) else ""
    return doc[start].text in QUOTE_MARKS or (before in QUOTE_MARKS and after in QUOTE_MARKS)


def _rule_claim(doc: Doc, claim: dict[str, Any]) -> _RuleClaim:
    def tokens(start: int, end: int) -> frozenset[int]:
        span = doc.char_span(start, end, alignment_mode="expand")
        return frozenset(range(span.start, span.end)) if span is not None else frozenset()

    cue = claim.get("cue")
    return _RuleClaim(tokens(claim["start"], claim["end"]), tokens(cue["start"], cue["end"]) if cue else frozenset(),
                      claim.get("source") is not None)


def _source_data(span: Span, resolved: Any) -> dict[str, Any]:
    """The ``source`` field of a claim record for a learned mention."""
    return {"text": span.text, "name": resolved.name, "type": resolved.type, "start": span.start_char,
            "end": span.end_char, "resolved_by": LEARNED, "via": None}


@Language.factory(
    LEARNED_CLAIMS,
    assigns=["doc.user_data", "doc.spans"],
    requires=["doc._.claimx_learned_events"],
    default_config={"min_message_tokens": MIN_LEARNED_MESSAGE, "confidence": 0.5},
)
def make_learned_claims(nlp: Language, name: str, min_message_tokens: int, confidence: float) -> LearnedClaims:
    """Merge the learned speech events into ``doc._.claims`` (after ``claimx_claims`` and the learned components)."""
    from claimx.components.pipeline import CLAIMS, SOURCES

    missing = [pipe for pipe in (SOURCES, CLAIMS) if pipe not in nlp.pipe_names]
    if missing:
        raise ValueError(f"{LEARNED_CLAIMS} needs {' and '.join(missing)} earlier in the pipeline (use claimx.load(learned=True))")
    return LearnedClaims(name, nlp.get_pipe(CLAIMS), nlp.get_pipe(SOURCES),
                         min_message_tokens=min_message_tokens, confidence=confidence)
