"""Learned speech events: ``LearnedEvent``, ``doc._.claimx_learned_events`` and the component that assembles them.

Every cue is an event; each Message/Source/Addr span of a sentence goes to the nearest cue of
that sentence, and a cue left without a Source borrows the nearest one ("Sie **kritisierte** das
und **forderte** ..."); with the cue-conditioned role labeller, each cue brings its own roles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from claimx.learned.tags import EVENT_ROLES_KEY, TAGS_KEY, cue_pieces, role_spans, runs, span_distance

CUE_SPANS = "claimx_learned_cues"
ROLE_SPANS = "claimx_learned_roles"
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


def assemble_events(doc: Doc, cue_tags: Sequence[str], cue_probs: Sequence[float], role_tags: Sequence[str]) -> list[LearnedEvent]:
    """Join cues and role spans sentence by sentence (see module docstring)."""
    sentence_of = sentence_index(doc)
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


def sentence_index(doc: Doc) -> list[int]:
    """The sentence number of every token (all 0 without sentence boundaries)."""
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
        spans = role_spans(role_tags, sentence_index(doc))
        doc.spans[ROLE_SPANS] = [Span(doc, s, e, label=label) for label, s, e in spans]
        return doc
