"""Claim assembly: from quotes, cues and sources to claim records.

Each cue gets a message (the claim content) by where it stands in its sentence; sentences
without a cue continue the previous source when they are marked as reported ("Demnach …",
Konjunktiv I, "soll …", a quotation in the same paragraph).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IS_LOWER, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span, Token

from claimx.rules.cues import IMPERSONAL, PHRASE, POSTP, PREP, SO, VERB, WordLists, has_clausal_complement, has_frame
from claimx.rules.isolation import RuleGuard, StrictGuard, failed_tokens
from claimx.lexicon import VerbLexicon
from claimx.rules.quotes import QUOTE_MARKS, Quote
from claimx.components.segmentation import MAX_SENTENCE_TOKENS
from claimx.rules.text import VERB_POS_IDS

CLAUSE_BREAKS = {",", ";", ":", "–", "—"}
OPENERS = {"„", "»", "«", '"', "“"}
ANAPHORS = {"das", "dies", "dieses", "diese", "so"}
SUBJECT_DEPS = {"nsubj", "nsubj:pass"}
SPEAKER_PRONOUNS = {"ich", "wir", "du"}  # "ich habe": a first-person Konjunktiv-like form, no report
MIN_QUOTE_WORDS = 4  # shorter quotations without a cue are titles or scare quotes
# first words of clauses that are not what a cue reports ("…, so dass …", "…, wo …", "…, denn …")
NOT_REPORTED_CLAUSES = {"weil", "da", "wenn", "nachdem", "obwohl", "als", "bevor", "während", "damit", "sodass", "falls",
                        "so", "wo", "denn", "wobei", "weshalb"}
KJ1 = "konjunktiv_i"
KJ2 = "konjunktiv_ii"
IND = "indicative"
CONFIDENCE = {"direct": 0.9, "indirect": 0.85, "reported": 0.75, "mixed": 0.8}


@dataclass
class Draft:
    """A claim under construction (token offsets; turned into a record by ``to_record``)."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int, str] | None  # token start, end, lemma
    source: dict[str, Any] | None
    confidence: float
    mood: str | None = None


@dataclass
class CueInfo:
    kind: str
    start: int
    end: int
    lemma: str
    strength: float
    source: dict[str, Any] | None  # {start, end, name, type, resolved_by} in tokens


class Assembler:
    """Builds the claims of one document."""

    def __init__(self, doc: Doc, quotes: list[Quote], cues: list[CueInfo], words: WordLists,
                 lexicon: VerbLexicon | None, boilerplate: set[int], paragraph_of: list[int],
                 guard: RuleGuard | None = None) -> None:
        self.doc = doc
        self.guard = guard or StrictGuard(doc)  # per cue and per sentence: a failure costs that sentence
        self.words = words
        self.lexicon = lexicon
        self.boilerplate = boilerplate
        self.paragraph_of = paragraph_of
        self.cues = cues
        self.quotes = [q for q in (_quote_tokens(doc, q) for q in quotes if q.depth == 0) if q]
        self.quoted: set[int] = {i for qs, qe, _, _ in self.quotes for i in range(qs, qe)}
        self.sents = claim_sentences(doc)
        self.sent_starts = [s.start for s in self.sents]
        self.drafts: list[Draft] = []
        self.used_quotes: set[int] = set()
        self._segments_of: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._name_quotes: dict[int, bool] = {}
        self._verb_of: dict[int, bool] = {}  # per token: asked again and again by the continuation rules
        self._maybe_verb = _maybe_verbs(doc)
        self._mood_of: dict[int, str | None] = {}

    def sentence_index(self, token_i: int) -> int:
        return bisect_right(self.sent_starts, token_i) - 1

    # --- main ---------------------------------------------------------------------------
    def run(self) -> list[Draft]:
        via_cues = self._via_cues()
        for cue in sorted(self.cues, key=lambda c: (c.kind not in {VERB, IMPERSONAL, SO}, c.start)):
            if cue.start in self.boilerplate or id(cue) in via_cues:
                continue
            with self.guard.at(cue.start):
                draft = self._claim_for(cue)
                if draft is not None and not self._overlaps(draft):
                    self._attach_via(draft, cue)
                    self.drafts.append(draft)
        self.drafts.sort(key=lambda d: d.start)
        self._continuations()
        self.drafts.sort(key=lambda d: d.start)
        for draft in self.drafts:
            if draft.mood is None:
                with self.guard.at(draft.start):
                    draft.mood = self._mood(draft.start, draft.end)
        failed = {self.sentence_index(i) for i in failed_tokens(self.doc)}  # here and in the earlier components
        self.drafts = [d for d in self.drafts if _has_words(self.doc, d) and not (failed and self._touches(d, failed))]
        return self.drafts

    def _touches(self, draft: Draft, sentences: set[int]) -> bool:
        """The draft lies (partly) in one of ``sentences``."""
        return any(k in sentences for k in range(self.sentence_index(draft.start), self.sentence_index(draft.end - 1) + 1))

    def _overlaps(self, draft: Draft) -> bool:
        for other in self.drafts:
            overlap = min(other.end, draft.end) - max(other.start, draft.start)
            if overlap > 0 and overlap >= 0.5 * min(other.end - other.start, draft.end - draft.start):
                return True
        return False

    # --- nested channels ("bestätigt nach Angaben der Kyiv Post") ------------------------------
    def _via_cues(self) -> set[int]:
        """Reporting phrases in a sentence that also has a speech verb with a source are channels."""
        channels: set[int] = set()
        self.via_of: dict[int, CueInfo] = {}
        for cue in self.cues:
            if cue.kind not in {PREP, PHRASE, POSTP} or cue.source is None:
                continue
            with self.guard.at(cue.start):
                self._channels_of(cue, channels)
        return channels

    def _channels_of(self, cue: CueInfo, channels: set[int]) -> None:
        sentence = self.sentence_index(cue.start)
        for verb in self.cues:
            if verb.kind == VERB and verb.source and self.sentence_index(verb.start) == sentence \
                    and not _inside(cue.source, verb.source) and "eigenen" not in cue.lemma:
                # "Die Armee hat den Angriff nach Angaben der Kyiv Post bestätigt": a strong verb speaks itself
                if verb.strength >= 0.9 or self._reports_clause(verb):
                    channels.add(id(cue))
                    self.via_of[id(verb)] = cue
                else:
                    # "Die Saison hat nach Polizeiangaben einen Toten gefordert": a verb with only an
                    # object is no speech act of its own here; "nach Polizeiangaben" reports the sentence
                    channels.add(id(verb))

    def _reports_clause(self, verb: CueInfo) -> bool:
        """The verb governs a clause or a quotation ("bestätigte, dass …", "sagte: „…“")."""
        token = self.doc[verb.start]
        if has_clausal_complement(token):
            return True
        sent = self.sents[self.sentence_index(verb.start)]
        return any(qs <= sent.end and qe >= sent.start for qs, qe, _, _ in self.quotes)

    def _attach_via(self, draft: Draft, cue: CueInfo) -> None:
        channel = self.via_of.get(id(cue))
        if channel is not None and draft.source is not None and channel.source is not None:
            draft.source = {**draft.source, "via": channel.source["name"]}

    # --- one cue -------------------------------------------------------------------------
    def _claim_for(self, cue: CueInfo) -> Draft | None:
        sent = self.sents[self.sentence_index(cue.start)]
        source = cue.source
        if cue.kind == IMPERSONAL:
            source = self._impersonal_source(cue, sent)
        if cue.kind == VERB and self._is_anaphoric(cue, sent):
            return self._anaphoric(cue, sent, source)
        quote = self._adjacent_quote(cue, sent)
        message = self._message_range(cue, sent, source)
        if message is not None and message[1] <= message[0]:
            message = None  # "„Bild“, ARD berichtet": cue and source take the whole piece, nothing is said
        verb = self.doc[cue.start]
        if message is not None and cue.kind == VERB:
            # "Er sagte, Europa brauche X, und fügte hinzu: „…“": the next speech verb starts its own claim
            later = [c.start for c in self.cues if c.kind == VERB and message[0] < c.start < message[1] and c.start > cue.start
                     and (self.doc[c.start].head.i == cue.start and self.doc[c.start].dep_ == "conj"
                          or self.doc[c.start - 1].lower_ in {"und", "sowie", "aber"})]
            if later:
                end = later[0]
                while end > message[0] and (self.doc[end - 1].is_punct or self.doc[end - 1].lower_ in {"und", "sowie", "aber"}):
                    end -= 1
                if end - message[0] >= 2:
                    message = (message[0], end)
        if message is not None and cue.kind == VERB and verb.dep_ in {"acl", "acl:relcl"}:
            # "Der Minister, der … vorwarf, X zu haben, trat zurück": the claim ends with the relative clause
            end = min(message[1], max(t.i for t in verb.subtree) + 1)
            message = (message[0], end) if end > message[0] else message
        if quote is not None:
            qs, qe, index = quote
            if message is not None and self._is_mixed(message, (qs, qe)):
                self.used_quotes.add(index)
                return self._draft(message, "mixed", cue, source)
            self.used_quotes.add(index)
            return self._draft((qs, qe), "direct", cue, source)
        if message is None:
            return None
        kind = self._kind_of(cue, message)
        if kind == "indirect" and self._is_wie_clause(cue, self._piece_of(cue, sent)):
            kind = "reported"  # "…, wie das Ministerium mitteilte": reported, not indirect speech
        return self._draft(message, kind, cue, source)

    def _draft(self, span: tuple[int, int], kind: str, cue: CueInfo, source: dict[str, Any] | None) -> Draft | None:
        start, end = span if kind == "direct" else _trim(self.doc, *span)
        if end - start < 1 or all(self.doc[i].is_punct for i in range(start, end)):
            return None
        confidence = CONFIDENCE[kind] * (0.5 + 0.5 * cue.strength) * (1.0 if source else 0.7)
        return Draft(start, end, kind, (cue.start, cue.end, cue.lemma), source, confidence)

    def _impersonal_source(self, cue: CueInfo, sent: Span) -> dict[str, Any] | None:
        # "…, hieß es weiter": the previous source goes on speaking
        after = self.doc[cue.end] if cue.end < len(self.doc) else None
        if after is not None and after.lower_ in {"weiter", "außerdem", "zudem", "ferner"}:
            previous = self._previous_source(cue.start)
            if previous is not None:
                return {**previous, "resolved_by": "continuation"}
        if cue.source is not None:
            return cue.source
        return {"start": cue.start, "end": cue.end, "name": self.doc[cue.start:cue.end].text,
                "type": "vague", "resolved_by": None}

    def _previous_source(self, before: int) -> dict[str, Any] | None:
        for draft in reversed(self.drafts):
            if draft.start < before and draft.source is not None:
                return draft.source
        candidates = [c for c in self.cues if c.start < before and c.source]
        return candidates[-1].source if candidates else None

    # "Das erklärte ein Beamter …": the claim is the previous sentence
    def _is_anaphoric(self, cue: CueInfo, sent: Span) -> bool:
        first = self.doc[sent.start]
        if first.lower_ not in ANAPHORS or cue.start - sent.start > 3:
            return False
        return not any(t.text in CLAUSE_BREAKS for t in self.doc[cue.end : sent.end] if t.i not in self.quoted)

    def _anaphoric(self, cue: CueInfo, sent: Span, source: dict[str, Any] | None) -> Draft | None:
        index = self.sentence_index(sent.start)
        if index == 0:
            return None
        previous = self.sents[index - 1]
        if any(i in self.boilerplate for i in range(previous.start, previous.end)):
            return None
        draft = self._draft((previous.start, previous.end), "reported", cue, source)
        if draft is not None:
            draft.kind = "indirect" if self._mood(draft.start, draft.end) == KJ1 else "reported"
            for index_q, (qs, qe, _, _) in enumerate(self.quotes):
                if qs >= previous.start and qe <= previous.end:
                    self.used_quotes.add(index_q)
                    if qe - qs >= (draft.end - draft.start) - 3:
                        draft.kind = "direct"
                        draft.start, draft.end = qs, qe
        return draft

    # --- quotations --------------------------------------------------------------------------
    def _adjacent_quote(self, cue: CueInfo, sent: Span) -> tuple[int, int, int] | None:
        """A quotation the cue introduces or follows: „…“, sagte X / X sagte: „…“."""
        low = sent.start
        high = sent.end
        best = None
        for index, (qs, qe, open_i, close_i) in enumerate(self.quotes):
            if index in self.used_quotes or self._is_name_quote(index):
                continue
            if close_i is not None and close_i < cue.start and close_i >= low - 1 and qe > low - 40:
                between = self.doc[close_i + 1 : cue.start]
                if all(t.is_punct or t.i in _source_tokens(cue) or t.pos_ in {"ADV"} for t in between) or qs <= low:
                    if qe >= low or _ends_sentence_before(close_i, cue.start):
                        best = (qs, qe, index)
            elif best is None and open_i is not None and open_i > cue.end and (open_i < high or self._colon_before(open_i, high)):
                between = self.doc[cue.end : open_i]
                if len(between) <= 8 and not any(t.text in {".", "!", "?"} for t in between):
                    return (qs, qe, index)
        return best

    def _is_name_quote(self, index: int) -> bool:
        """``_is_quoted_name`` of quotation ``index``, computed once per document."""
        if index not in self._name_quotes:
            qs, qe, open_i, _ = self.quotes[index]
            self._name_quotes[index] = self._is_quoted_name(qs, qe, open_i)
        return self._name_quotes[index]

    def _is_quoted_name(self, qs: int, qe: int, open_i: int | None) -> bool:
        """A quoted title inside a noun phrase ("die Nachrichtenagentur „Xinhua“"), not a quotation."""
        if open_i is None or open_i == 0 or qe - qs > 6:
            return False
        words = [t for t in self.doc[qs:qe] if not t.is_punct]
        before = self.doc[open_i - 1]
        if not words or not words[0].text[:1].isupper() or before.pos_ not in {"NOUN", "PROPN", "DET", "ADP", "ADJ"}:
            return False
        # a verbless title („Kampagne für ein Freies Tibet“), or a short one after an article („der „Aktion Deutschland hilft“")
        return not any(self._is_verb(t) or t.pos_ == "PRON" for t in words) \
            or before.pos_ in {"DET", "ADP"} and len(words) <= 4 and not any(t.text in {".", "!", "?"} for t in self.doc[qs:qe])

    def _colon_before(self, open_i: int, sent_end: int) -> bool:
        """The sentence ends in a colon and the quotation starts the next one."""
        return sent_end <= open_i <= sent_end + 1 and self.doc[sent_end - 1].text == ":"

    def _is_mixed(self, message: tuple[int, int], quote: tuple[int, int]) -> bool:
        """Unquoted words besides the quotation in the message make the claim mixed."""
        start, end = message
        qs, qe = quote
        if not (start <= qs and qe <= end + 1):
            return False
        outside = [t for t in self.doc[start:end] if not (qs - 1 <= t.i <= qe) and not t.is_punct]
        return len(outside) >= 2

    # --- where the message is ----------------------------------------------------------------
    def _segments(self, sent: Span) -> list[tuple[int, int]]:
        """Clause-like pieces of a sentence (computed once per sentence: one cue each would be quadratic)."""
        key = (sent.start, sent.end)
        if key not in self._segments_of:
            self._segments_of[key] = self._split_segments(sent)
        return self._segments_of[key]

    def _split_segments(self, sent: Span) -> list[tuple[int, int]]:
        """Clause-like pieces of a sentence, split at commas, colons and dashes outside quotes."""
        pieces = []
        start = sent.start
        depth = 0
        for token in sent:
            if token.text == "(":
                depth += 1
            elif token.text == ")":
                depth = max(0, depth - 1)
            elif token.text in CLAUSE_BREAKS and depth == 0 and token.i not in self.quoted:
                if token.i > start:
                    pieces.append((start, token.i))
                start = token.i + 1
        if start < sent.end:
            pieces.append((start, sent.end))
        return pieces

    def _piece_of(self, cue: CueInfo, sent: Span) -> tuple[int, int]:
        return next(((s, e) for s, e in self._segments(sent) if s <= cue.start < e), (sent.start, sent.end))

    def _message_range(self, cue: CueInfo, sent: Span, source: dict[str, Any] | None) -> tuple[int, int] | None:
        pieces = self._segments(sent)
        index = next((k for k, (s, e) in enumerate(pieces) if s <= cue.start < e), None)
        if index is None:
            return None
        cue_piece = pieces[index]
        frame = set(range(cue.start, cue.end))
        if source:
            frame.update(range(source["start"], source["end"]))
        before = (pieces[0][0], pieces[index - 1][1]) if index > 0 else None
        after = (pieces[index + 1][0], pieces[-1][1]) if index + 1 < len(pieces) else None
        if cue.kind in {PREP, POSTP, PHRASE}:
            return self._around_phrase(cue_piece, frame, before, after, sent)
        subordinate = self._is_wie_clause(cue, cue_piece)
        if subordinate:
            return self._longer_clause(before, after)
        if cue.kind in {SO, IMPERSONAL}:
            return before or after
        if after is not None and self._is_clause(after) and not self._cue_ends_sentence(cue, cue_piece, sent):
            return self._cut_frame(after, frame)
        if before is not None and self._is_clause(before) and self._cue_leads_piece(cue, cue_piece, frame):
            return self._cut_frame(before, frame)
        if after is not None and self._is_clause(after):
            return self._cut_frame(after, frame)
        return self._object_of(cue, cue_piece, frame)

    def _around_phrase(self, piece: tuple[int, int], frame: set[int], before, after, sent: Span) -> tuple[int, int] | None:
        # "Laut ISW ist die Lage ernst." — the rest of the clause around "laut X"
        lo, hi = min(frame), max(frame) + 1
        start, end = piece
        if lo - start <= 1 and hi >= end - 1:  # the piece is only "laut X": message in the next/previous piece
            return after or before
        if lo - start <= 1:
            return (hi, after[1] if after and not self._starts_subclause(after) else end)
        if hi >= end - 1:
            return (before[0] if before else start, lo)
        return (before[0] if before else start, after[1] if after else end)

    def _starts_subclause(self, piece: tuple[int, int]) -> bool:
        return self.doc[piece[0]].lower_ in {"sagte", "erklärte", "so", "hieß", "wie"}

    def _is_wie_clause(self, cue: CueInfo, piece: tuple[int, int]) -> bool:
        # "…, wie das Ministerium mitteilte." / "Wie X berichtete, …"
        first = self.doc[piece[0]]
        return first.lower_ == "wie" or any(c.lower_ == "wie" and c.dep_ == "mark" for c in self.doc[cue.start].children)

    def _longer_clause(self, before, after) -> tuple[int, int] | None:
        if before and after:
            return before if before[1] - before[0] >= after[1] - after[0] else after
        return before or after

    def _is_clause(self, piece: tuple[int, int]) -> bool:
        """A piece that can carry a claim: a dass/ob clause, a quotation, or has a verb."""
        tokens = self.doc[piece[0] : piece[1]]
        if not len(tokens):
            return False
        if tokens[0].lower_ in {"dass", "daß", "ob", "wonach"} or tokens[0].text in OPENERS:
            return True
        # "kritisierte die Wahl, die im Mai stattfand": a relative or adverbial clause is not what was said
        if "Rel" in tokens[0].morph.get("PronType") or tokens[0].lower_ in NOT_REPORTED_CLAUSES:
            return False
        return any(self._is_verb(t) for t in tokens) and len([t for t in tokens if not t.is_punct]) >= 2

    def _is_verb(self, token: Token) -> bool:
        """A verb by the tagger, or a lower-case word the verb lexicon knows as finite ("gebe")."""
        if not self._maybe_verb[token.i]:
            return False
        known = self._verb_of.get(token.i)
        if known is None:
            known = self._verb_of[token.i] = self._tagged_or_known_verb(token)
        return known

    def _tagged_or_known_verb(self, token: Token) -> bool:
        if token.pos_ in {"VERB", "AUX"}:
            return True
        # not an attributive adjective that looks like a verb form ("eine lange Geschichte": lange ~ er lange)
        if token.pos_ == "ADJ" and token.dep_ == "amod":
            return False
        return token.is_lower and self.lexicon is not None and token.pos_ not in {"DET", "PRON", "ADP", "NOUN", "ADV"} \
            and any(r.tense in {"PRÄ", "PRT", "KJ1", "KJ2"} for r in self.lexicon.readings(token.text))

    def _cue_ends_sentence(self, cue: CueInfo, piece: tuple[int, int], sent: Span) -> bool:
        """ "…, sagte der Minister am Montag." — the cue's piece is the last one."""
        return piece[1] >= sent.end - 1 and self.doc[piece[0]].i == cue.start

    def _cue_leads_piece(self, cue: CueInfo, piece: tuple[int, int], frame: set[int]) -> bool:
        """The verb (or source) stands first in its piece: an inverted "…, erklärte X"."""
        first = self.doc[piece[0]]
        return first.i in frame or first.pos_ in {"AUX", "ADV"} or first.lower_ in {"so", "wie"} or cue.start - piece[0] <= 2

    def _cut_frame(self, span: tuple[int, int], frame: set[int]) -> tuple[int, int]:
        start, end = span
        while start < end and (start in frame or self.doc[start].is_punct and self.doc[start].text not in OPENERS):
            start += 1
        while end > start and ((end - 1) in frame or self.doc[end - 1].is_punct and self.doc[end - 1].text not in QUOTE_MARKS):
            end -= 1
        return (start, end)

    def _object_of(self, cue: CueInfo, piece: tuple[int, int], frame: set[int]) -> tuple[int, int] | None:
        # "Das Ministerium bestätigte den Angriff": the object of the verb is what is reported
        verb = self.doc[cue.start]
        if cue.kind != VERB or cue.strength < 0.8 and not has_frame(verb, cue.lemma, self.words) \
                or cue.lemma in self.words.no_object_claim:
            return None
        cue_tokens = {i for c in self.cues for i in range(c.start, c.end)}
        parts = [c for c in verb.children if c.dep_ in {"obj", "ccomp", "xcomp", "obl", "obl:arg", "iobj"} and c.i not in frame
                 and piece[0] <= c.i < piece[1] and not any(t.i in cue_tokens for t in c.subtree)]
        if not parts:
            return None
        tokens = [t.i for c in parts for t in c.subtree if piece[0] <= t.i < piece[1] and t.i not in frame]
        if len(tokens) < 2:
            return None
        return (min(tokens), max(tokens) + 1)

    def _kind_of(self, cue: CueInfo, message: tuple[int, int]) -> str:
        tokens = self.doc[message[0] : message[1]]
        quoted = sum(1 for t in tokens if t.i in self.quoted)
        if quoted and quoted >= len(tokens) - 2:
            return "direct"
        if quoted >= 2:
            return "mixed"
        if cue.kind in {PREP, POSTP, PHRASE}:
            return "reported"
        if tokens[0].lower_ in {"dass", "daß", "ob"} or self._mood(*message) in {KJ1, KJ2}:
            return "indirect"
        if cue.kind == VERB and any(t.pos_ in {"VERB", "AUX"} for t in tokens):
            return "indirect"
        return "reported"

    # --- continuations -------------------------------------------------------------------------
    def _split_quotes(self) -> None:
        """ "„Wir kommen“, sagte er, „und wir gewinnen.“": the second part shares cue and source."""
        for index, (qs, qe, open_i, _) in enumerate(self.quotes):
            if index in self.used_quotes or open_i is None:
                continue
            with self.guard.at(open_i):
                sentence = self.sentence_index(open_i)
                owner = next((d for d in self.drafts if d.kind == "direct" and d.cue and d.cue[1] <= open_i
                              and self.sentence_index(d.cue[0]) == sentence and d.end <= open_i), None)
                if owner is not None:
                    self.used_quotes.add(index)
                    self.drafts.append(Draft(qs, qe, "direct", owner.cue, owner.source, owner.confidence))

    def _continuations(self) -> None:
        """Sentences without a cue that go on reporting the previous source."""
        self._split_quotes()
        claimed_sents = {self.sentence_index(d.start) for d in self.drafts} | {self.sentence_index(d.end - 1) for d in self.drafts}
        last_own: dict[int, Draft] = {}  # the last draft (in draft order) starting or ending in each sentence
        for draft in self.drafts:
            self._own(draft, last_own)
        last: Draft | None = None
        for index, sent in enumerate(self.sents):
            previous, last = last, None  # a sentence whose rules fail ends the run of continuations
            with self.guard.at(sent.start):
                last = self._follow(index, sent, previous, last_own, claimed_sents)

    def _own(self, draft: Draft, last_own: dict[int, Draft]) -> Draft:
        for index in {self.sentence_index(draft.start), self.sentence_index(draft.end - 1)}:
            last_own[index] = draft
        return draft

    def _follow(self, index: int, sent: Span, last: Draft | None, last_own: dict[int, Draft],
                claimed_sents: set[int]) -> Draft | None:
        """The continuation claim of sentence ``index`` if any; returns the draft the next sentence continues."""
        if index in last_own:
            return last_own[index]
        in_boilerplate = bool(self.boilerplate) and any(i in self.boilerplate for i in range(sent.start, sent.end))
        if index in claimed_sents or in_boilerplate:
            return None if in_boilerplate else last
        if last is None:
            draft = self._distant_konjunktiv(sent) or self._free_quotation(sent)
            if draft is not None:
                self.drafts.append(self._own(draft, last_own))  # a quotation may run on into later sentences
            return draft
        gap = index - self.sentence_index(last.end - 1)
        draft = self._continuation(sent, last, gap)
        if draft is not None:
            self.drafts.append(self._own(draft, last_own))
            return draft
        return None if gap > 1 else last

    def _continuation(self, sent: Span, last: Draft, gap: int) -> Draft | None:
        first = self.doc[sent.start]
        same_paragraph = self.paragraph_of[sent.start] == self.paragraph_of[last.end - 1]
        source = {**last.source, "resolved_by": "continuation"} if last.source else None
        quotes = [(i, q) for i, q in enumerate(self.quotes) if sent.start <= q[0] < sent.end and i not in self.used_quotes]
        if quotes and same_paragraph and gap <= 2:
            i, (qs, qe, _, _) = quotes[0]
            # a quoted phrase without a verb („übergesetzlicher Notstand“) is a scare quote, not more words of the source
            if qe - qs >= MIN_QUOTE_WORDS or qe - qs >= 2 and any(self._is_verb(t) for t in self.doc[qs:qe]):
                self.used_quotes.add(i)
                return self._plain_draft((qs, qe), "direct", source, 0.7)
        if gap > 1:
            return self._distant_konjunktiv(sent) or self._free_quotation(sent)
        lower = {t.lower_ for t in sent}
        if first.lower_ in {"demnach", "danach", "wonach"} or "demnach" in lower:
            kind = "indirect" if self._mood(sent.start, sent.end) == KJ1 else "reported"
            return self._plain_draft((sent.start, sent.end), kind, source, 0.65)
        if self._main_verb_kj1(sent):
            return self._plain_draft((sent.start, sent.end), "indirect", source, 0.6)
        if "soll" in lower or "sollen" in lower or lower & self.words.hearsay:
            if any(t.lemma_ == "sollen" and t.dep_ in {"aux", "ROOT"} for t in sent) or lower & self.words.hearsay:
                return self._plain_draft((sent.start, sent.end), "reported", source, 0.5)
        return None

    def _free_quotation(self, sent: Span) -> Draft | None:
        """A quoted sentence with a verb and no cue far from the last claim is still someone's words."""
        # "… sagte Müller. Am Abend gab es Applaus. „Wir haben nichts zu verbergen.“"
        for index, (qs, qe, open_i, close_i) in enumerate(self.quotes):
            if index in self.used_quotes or not sent.start <= qs < sent.end or close_i is None:
                continue
            words = [t for t in self.doc[qs:qe] if not t.is_punct]
            if len(words) >= MIN_QUOTE_WORDS and any(self._is_verb(t) for t in words):
                self.used_quotes.add(index)
                # no source: the last one named is usually not the speaker here (news train: no Source gain)
                return self._plain_draft((qs, qe), "direct", None, 0.5)
        return None

    def _distant_konjunktiv(self, sent: Span) -> Draft | None:
        """Konjunktiv I a few sentences after the last claim still reports its source (else an unnamed one)."""
        # "Xinhua meldete, … . Die Proteste weiteten sich aus. In Lanzhou seien Studenten in Streik getreten."
        if not self._main_verb_kj1(sent, frozenset({KJ1})) or any(t.dep_ in SUBJECT_DEPS and t.lower_ in SPEAKER_PRONOUNS for t in sent):
            return None
        previous = self._previous_source(sent.start)
        source = {**previous, "resolved_by": "continuation"} if previous else None
        return self._plain_draft((sent.start, sent.end), "indirect", source, 0.5)

    def _plain_draft(self, span: tuple[int, int], kind: str, source, confidence: float) -> Draft | None:
        start, end = _trim(self.doc, *span)
        if end <= start:
            return None
        return Draft(start, end, kind, None, source, confidence)

    def _main_verb_kj1(self, sent: Span, moods: frozenset[str] = frozenset({KJ1, KJ2})) -> bool:
        """Konjunktiv I on a finite verb of the main clause ("Es seien Truppen verlegt worden")."""
        for i in range(sent.start, sent.end):
            if not self._maybe_verb[i] or i in self.quoted:
                continue
            token = self.doc[i]
            if not self._is_verb(token):
                continue
            if token.dep_ in {"acl", "acl:relcl", "advcl"} or token.head.dep_ in {"acl", "acl:relcl"}:
                continue
            # "Die Soldaten hätten Verluste erlitten": Konjunktiv II stands in for an ambiguous Konjunktiv I
            if self._token_mood(token) in moods:
                return True
        return False

    # --- mood ----------------------------------------------------------------------------------
    def _mood(self, start: int, end: int) -> str | None:
        moods = [self._token_mood(self.doc[i]) for i in range(start, end) if self._maybe_verb[i] and self._is_verb(self.doc[i])]
        for wanted in (KJ1, KJ2, IND):
            if wanted in moods:
                return wanted
        return None

    def _token_mood(self, token: Token) -> str | None:
        if token.i not in self._mood_of:
            self._mood_of[token.i] = self._reported_mood(token)
        return self._mood_of[token.i]

    def _reported_mood(self, token: Token) -> str | None:
        mood = token.morph.get("Mood")
        # "ich sitze", "wir haben": a first-person indicative that shares its form with Konjunktiv I
        if "Ind" in mood and any(c.dep_ in SUBJECT_DEPS and c.lower_ in SPEAKER_PRONOUNS for c in token.children):
            return IND
        if self.lexicon is not None and self.lexicon.is_konjunktiv_i(token.text):
            return KJ1
        if "Sub" in mood:
            if self.lexicon is not None and not self.lexicon.readings(token.text):
                return None  # "eventuelle" tagged as a subjunctive verb: the lexicon knows no such verb form
            if self.lexicon is not None and {r.tense for r in self.lexicon.readings(token.text)} & {"KJ1"} and \
                    not {r.tense for r in self.lexicon.readings(token.text)} & {"KJ2"}:
                return KJ1
            return KJ2 if self.lexicon is not None and self.lexicon.readings(token.text) else KJ1
        if "Ind" in mood:
            return IND
        return None


SENTENCE_END = {".", "!", "?", "…", ":"}
CLOSING = {"“", "”", "«", "»", '"', ")"}


_NEVER_VERB = frozenset(POS_IDS[p] for p in ("DET", "PRON", "ADP", "NOUN", "ADV"))


def _maybe_verbs(doc: Doc) -> list[bool]:
    """Per token: tagged as a verb, or a lower-case word of a class the lexicon test may call a verb
    (the cheap part of ``Assembler._is_verb``, read from arrays for the whole doc at once)."""
    if not len(doc):
        return []
    return [pos in VERB_POS_IDS or (is_lower == 1 and pos not in _NEVER_VERB)
            for pos, is_lower in doc.to_array([POS, IS_LOWER]).tolist()]


def claim_sentences(doc: Doc) -> list[Span]:
    """The parser's sentences, re-joined where it split without a sentence end.

    "Die Nordkoreaner hingegen „hatten keine Angst“, hieß es." is one sentence even when the
    small parser starts a new one at the quotation mark; a line break always ends a sentence,
    and no joined sentence grows beyond ``MAX_SENTENCE_TOKENS`` (a text without punctuation).
    """
    merged: list[Span] = []
    for sent in doc.sents:
        if merged and merged[-1].end - merged[-1].start + len(sent) <= MAX_SENTENCE_TOKENS \
                and _continues(doc, merged[-1], sent):
            merged[-1] = doc[merged[-1].start : sent.end]
        else:
            merged.append(sent)
    return merged


def _continues(doc: Doc, previous: Span, sent: Span) -> bool:
    tokens = _last_words(previous, 2)
    if not tokens or any("\n" in t.text or "\n" in t.whitespace_ for t in previous[-2:]):
        return False
    if sent[0].is_space and "\n" in sent[0].text:
        return False
    last = tokens[-1]
    if last.text in SENTENCE_END:
        return False
    if last.text in CLOSING and len(tokens) > 1 and tokens[-2].text in SENTENCE_END:
        return False
    return True


def _last_words(span: Span, n: int) -> list[Token]:
    """The last ``n`` tokens of ``span`` that are not whitespace, in order (without walking the whole span)."""
    found: list[Token] = []
    for i in range(span.end - 1, span.start - 1, -1):
        token = span.doc[i]
        if not token.is_space:
            found.append(token)
            if len(found) == n:
                break
    return found[::-1]


def _has_words(doc: Doc, draft: Draft) -> bool:
    """More than quotation marks and spaces: the claim's text will not be empty ("Er sagte:„ n«“")."""
    return any(any(char not in QUOTE_MARKS and not char.isspace() for char in doc[i].text)
               for i in range(draft.start, draft.end))


def _inside(inner: dict[str, Any], outer: dict[str, Any]) -> bool:
    return outer["start"] <= inner["start"] and inner["end"] <= outer["end"]


def _source_tokens(cue: CueInfo) -> set[int]:
    return set(range(cue.source["start"], cue.source["end"])) if cue.source else set()


def _ends_sentence_before(close_i: int, cue_start: int) -> bool:
    return cue_start - close_i <= 3


def _quote_tokens(doc: Doc, quote: Quote) -> tuple[int, int, int | None, int | None] | None:
    """Token range of a quotation's content and the token indices of its marks."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    start, end = span.start, span.end
    if doc[start].text in QUOTE_MARKS and end - start > 1:
        start += 1
    if doc[end - 1].text in QUOTE_MARKS and end - start > 1:
        end -= 1
    open_i = start - 1 if start > 0 and doc[start - 1].text in QUOTE_MARKS else None
    close_i = end if quote.closed and end < len(doc) and doc[end].text in QUOTE_MARKS else None
    return (start, end, open_i, close_i)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading/trailing punctuation and conjunctions ("und"), keep quotation marks inside."""
    while start < end and (doc[start].is_punct and doc[start].text not in OPENERS or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in {"“", "”", "«", "»", '"', ")"} or doc[end - 1].is_space):
        end -= 1
    return start, end


def to_record(
    doc: Doc, draft: Draft, sent_starts: list[int] | None = None, text: str | None = None
) -> dict[str, Any]:
    """Character-offset claim data for ``doc.user_data`` (no doc id: that is added when read).

    Callers with many claims pass ``sent_starts`` and ``text``: spaCy rebuilds ``doc.text``
    from every token on each access.
    """
    start_char = doc[draft.start].idx
    end_char = doc[draft.end - 1].idx + len(doc[draft.end - 1].text)
    text = doc.text if text is None else text
    # a quotation's content starts right after its mark, which may be glued to the first word
    while start_char < end_char and text[start_char] in QUOTE_MARKS and draft.kind == "direct":
        start_char += 1
    while end_char > start_char and text[end_char - 1] in QUOTE_MARKS and draft.kind == "direct":
        end_char -= 1
    while end_char > start_char and text[end_char - 1].isspace():
        end_char -= 1
    cue = None
    if draft.cue is not None:
        cs, ce, lemma = draft.cue
        span = doc[cs:ce]
        cue = {"text": span.text, "lemma": lemma, "start": span.start_char, "end": span.end_char}
    source = None
    if draft.source is not None:
        span = doc[draft.source["start"] : draft.source["end"]]
        source = {
            "text": span.text,
            "name": draft.source["name"],
            "type": draft.source["type"],
            "start": span.start_char,
            "end": span.end_char,
            "resolved_by": draft.source.get("resolved_by"),
            "via": draft.source.get("via"),
        }
    if sent_starts is None:  # callers with many claims pass the starts (one sentence pass per doc)
        sent_starts = [s.start for s in claim_sentences(doc)]
    sentence = max(bisect_right(sent_starts, draft.start) - 1, 0)
    return {
        "text": text[start_char:end_char],
        "start": start_char,
        "end": end_char,
        "sentence": sentence,
        "kind": draft.kind,
        "cue": cue,
        "source": source,
        "mood": draft.mood,
        "confidence": round(min(1.0, max(0.0, draft.confidence)), 3),
    }


__all__ = ["Assembler", "CueInfo", "Draft", "to_record"]
