"""``claimx_learned_claims``: merge the learned speech events into claimx's ``doc._.claims``.

Used by ``claimx.load(learned=True)`` and ``claimx extract --learned``; see ``LearnedClaims``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


from spacy.tokens import Doc, Span

from claimx.view.spans import set_display_spans
from claimx.components.pipeline import BOILERPLATE, CLAIMS, CLAIMS_KEY, SOURCES
from claimx.learned.events import LearnedEvent
from claimx.learned.tags import runs, span_distance
from claimx.components.lexicons import package_verbs
from claimx.components.sources import RegistryHolder
from claimx.lexicon import VerbLexicon
from claimx.rules.attribution import DocumentResolver
from claimx.rules.thresholds import SourceThresholds, thresholds_from
from claimx.sources import Registry
from claimx.rules.claims import Draft, claim_sentences, to_record
from claimx.rules.cues import verb_lemma
from claimx.resources import GRAMMAR, MARKS

LEARNED_CLAIMS = "claimx_learned_claims"
LEARNED = "learned"  # Source.resolved_by of a source mention found by the learned role labeller
# learned messages shorter than this are mostly noun-phrase "messages" of debate-style cues
# ("kritisierte die Regierung"); checked on spkatt-news/train as dev
MIN_LEARNED_MESSAGE = 4


def is_reported_clause(doc: Doc, message: Sequence[int]) -> bool:
    """A "dass"/"ob" clause or a message with a subjunctive verb ("... sei ernst")."""
    tokens = sorted(message)
    return bool(tokens) and (doc[tokens[0]].lower_ in GRAMMAR.learned_clause_openers or any("Mood=Sub" in str(doc[i].morph) for i in tokens))


@dataclass(frozen=True)
class _RuleClaim:
    """The tokens a rule claim covers (message, cue) and whether it has a source."""

    message: frozenset[int]
    cue: frozenset[int]
    has_source: bool


class LearnedClaims(RegistryHolder):
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

    def __init__(self, name: str, registry: Registry, words_data: dict[str, Any], *,
                 source_thresholds: dict[str, Any] | None = None, use_lexicon: bool = True,
                 min_message_tokens: int = MIN_LEARNED_MESSAGE, confidence: float = 0.5) -> None:
        self.name = name
        self.registry = registry  # its own copy of the sources component's data, extended alike (claimx.load)
        self._set_words(words_data)
        self.source_limits = thresholds_from(SourceThresholds, source_thresholds or {})
        self.use_lexicon = use_lexicon
        self.min_message_tokens = min_message_tokens
        self.confidence = confidence

    @property
    def lexicon(self) -> VerbLexicon | None:
        return package_verbs() if self.use_lexicon else None

    def __call__(self, doc: Doc) -> Doc:
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
        set_display_spans(doc, doc.user_data[CLAIMS_KEY])
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
        resolver = DocumentResolver(self.registry, self.words, self.source_limits)
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
        start, end = _trimmed(doc, min(event.message), max(event.message) + 1)
        cue_start, cue_end = runs(event.cue)[0]
        # "sagte" -> "sagen", "teilte" -> "mitteilen", "Schluss gezogen" -> "schluss ziehen"
        verb_tags = GRAMMAR.verb_tags
        lemma = " ".join(verb_lemma(t, self.words) if t.pos_ in verb_tags else t.lemma_.lower()
                         for t in doc[cue_start:cue_end])
        kind = "direct" if _is_quoted(doc, start, end) else "indirect"
        source_data = {"start": source.start, "end": source.end, "name": resolved.name, "type": resolved.type,
                       "resolved_by": LEARNED}
        draft = Draft(start, end, kind, (cue_start, cue_end, lemma), source_data, self.confidence,
                      mood=self._mood(doc[start:end]))
        return to_record(doc, draft, [s.start for s in claim_sentences(doc)], doc.text)

    def _mood(self, message: Span) -> str | None:
        """konjunktiv_i, konjunktiv_ii or indicative: the most reportive mood among the message's verbs."""
        lexicon = self.lexicon
        moods = set()
        verb_tags, kj2_tenses = GRAMMAR.verb_tags, GRAMMAR.konjunktiv_ii_tenses
        for token in message:
            if token.pos_ not in verb_tags:
                continue
            if lexicon is not None and lexicon.is_konjunktiv_i(token.text):
                moods.add("konjunktiv_i")
            elif "Sub" in token.morph.get("Mood"):
                is_kj2 = lexicon is not None and not kj2_tenses.isdisjoint({r.tense for r in lexicon.readings(token.text)})
                moods.add("konjunktiv_ii" if is_kj2 else "konjunktiv_i")
            elif "Ind" in token.morph.get("Mood"):
                moods.add("indicative")
        return next((m for m in ("konjunktiv_i", "konjunktiv_ii", "indicative") if m in moods), None)

    @staticmethod
    def _add_spans(doc: Doc, new: list[dict[str, Any]]) -> None:
        """Add the new claims to the ``claimx_claims`` span group (kept in document order)."""
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
    if token.pos_ in GRAMMAR.learned_speaker_pos:
        return True
    return token.pos_ == "PRON" and not GRAMMAR.not_speaker_pron_types & set(token.morph.get("PronType"))


def _apposition_runs(doc: Doc, tokens: Sequence[int]) -> list[tuple[int, int]]:
    """Runs of source tokens, joined across a comma or bracket between them
    ("Hans-Jürgen Papier , Präsident des Bundesverfassungsgerichtes": one mention)."""
    joined: list[tuple[int, int]] = []
    joiners = MARKS.learned_run_joiners
    for start, end in runs(tokens):
        if joined and start - joined[-1][1] == 1 and doc[start - 1].text in joiners:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """[start, end) without leading/trailing punctuation and whitespace tokens; a closing bracket
    whose opening bracket is inside stays ("Wertpapierbesitz ( DSW )")."""
    edges = MARKS.learned_edges  # "( SdK )": the marks a learned span loses at its edges
    while start < end and (doc[start].text in edges or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in edges or doc[end - 1].is_space):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start : end - 1]):
            break
        end -= 1
    return start, end


def _is_quoted(doc: Doc, start: int, end: int) -> bool:
    """Whether a message stands inside quotation marks („…“)."""
    before = doc[start - 1].text if start > 0 else ""
    after = doc[end].text if end < len(doc) else ""
    marks = MARKS.quote_marks
    return doc[start].text in marks or (before in marks and after in marks)


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
