"""Where a cue's message is: the clause-like pieces of its sentence, the one it reports, its kind."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from claimx.rules.cues import has_frame, IMPERSONAL, NOUN, PHRASE, POSTP, PREP, SO, VERB
from claimx.rules.drafts import CueInfo
from claimx.rules.mood import IND, KJ1, KJ2
from claimx.resources import GRAMMAR, MARKS


class MessageRules:
    """The message rules (mixed into :class:`claimx.rules.claims.Assembler`, whose state it reads)."""

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
        breaks = MARKS.clause_breaks
        for token in sent:
            if token.text == "(":
                depth += 1
            elif token.text == ")":
                depth = max(0, depth - 1)
            elif token.text in breaks and depth == 0 and token.i not in self.quoted:
                if token.i > start:
                    pieces.append((start, token.i))
                start = token.i + 1
        if start < sent.end:
            pieces.append((start, sent.end))
        return pieces

    def _piece_of(self, cue: CueInfo, sent: Span) -> tuple[int, int]:
        """The piece of the sentence the cue stands in, with a wie-clause's apposed source (see _apposed_wie_piece)."""
        pieces = self._segments(sent)
        index = next((k for k, (s, e) in enumerate(pieces) if s <= cue.start < e), None)
        if index is None:
            return (sent.start, sent.end)
        return (pieces[self._apposed_wie_piece(pieces, index, cue.source)][0], pieces[index][1])

    def _message_range(self, cue: CueInfo, sent: Span, source: dict[str, Any] | None) -> tuple[int, int] | None:
        if cue.kind == NOUN:
            return self._content_clause(cue, sent)
        pieces = self._segments(sent)
        index = next((k for k, (s, e) in enumerate(pieces) if s <= cue.start < e), None)
        if index is None:
            return None
        first = self._apposed_wie_piece(pieces, index, source)
        cue_piece = (pieces[first][0], pieces[index][1])
        frame = set(range(cue.start, cue.end))
        if source:
            frame.update(range(source["start"], source["end"]))
        index, last = first, index
        before = (pieces[0][0], pieces[index - 1][1]) if index > 0 else None
        after = (pieces[last + 1][0], pieces[-1][1]) if last + 1 < len(pieces) else None
        if cue.kind in {PREP, POSTP, PHRASE}:
            return self._around_phrase(cue_piece, frame, before, after, sent)
        subordinate = self._is_wie_clause(cue, cue_piece)
        if subordinate:
            return self._longer_clause(before, after)
        if cue.kind in {SO, IMPERSONAL}:
            if before is not None and after is not None and not self._is_clause(before) and self._is_clause(after):
                return (before[0], after[1])  # "Die Stimmung, so hieß es, sei schlecht": one span around the inserted cue
            return before or after
        if after is not None and (self._goes_on_main_clause(cue, cue_piece, after) or self._object_is_content(cue, cue_piece, after)
                                  or self._coordinated_narration(after)):
            after = None
        if after is not None and self._is_clause(after) and not self._cue_ends_sentence(cue, cue_piece, sent):
            return self._cut_frame(after, frame)
        if before is not None and self._is_clause(before) and self._cue_leads_piece(cue, cue_piece, frame) \
                and not self._opens_subordinate_clause(cue_piece):
            return self._cut_frame(before, frame)
        if after is not None and self._is_clause(after):
            return self._cut_frame(after, frame)
        return self._object_of(cue, cue_piece, frame)

    def _goes_on_main_clause(self, cue: CueInfo, cue_piece: tuple[int, int], after: tuple[int, int]) -> bool:
        """The piece after a main clause opens with a finite verb: the same subject goes on, nothing is reported."""
        # "Sie hatte den Chef beschuldigt, wurde dann aber entlassen"; after a fronted clause the finite verb opens the
        # main clause, which is reported: "Wie die Zeitung berichtet, ist auch Kiel betroffen"; after "nachdem", "obwohl"
        # only in Konjunktiv I: "Obwohl er mit mehr Geld rechnet, sei man weit davon entfernt" (not "…, hatte sich gezeigt")
        first = self.doc[after[0]]
        if not (first.pos_ in GRAMMAR.verb_tags and "VerbForm=Fin" in first.morph) or first.i in self.quoted:
            return False
        lead = self.doc[cue_piece[0] : max(cue_piece[0] + 1, cue.start)]  # ("Denn wie die Zeitung berichtete, …")
        if any(t.lower_ in GRAMMAR.wie_clause_openers or "PronType=Rel" in t.morph and t.dep_ != "det" for t in lead):
            return False
        if any(t.pos_ == "SCONJ" or t.lower_ in self.words.not_reported_clauses for t in lead):
            return self._mood(*after) != KJ1
        return True

    def _object_is_content(self, cue: CueInfo, cue_piece: tuple[int, int], after: tuple[int, int]) -> bool:
        """A verb whose noun object is what it reports does not report the indicative main clause after it."""
        # "Zwar bemerkte der Fahrer den Schaden, anhalten konnte er nicht mehr", "Für Montag wird ein Sturm erwartet,
        # dies entspricht der höchsten Stufe"; not "Er kritisierte die Pläne, sie seien zu teuer" (Konjunktiv I)
        first = self.doc[after[0]]
        if first.lower_ in GRAMMAR.clause_openers | GRAMMAR.wie_clause_openers or first.text in MARKS.message_openers \
                or first.i in self.quoted or self.doc[after[0] - 1].text == ":" or not self._is_main_clause(after) \
                or self._mood(*after) != IND:  # ("empfiehlt vier Dinge: Rücklagen bilden, …": the colon spells the object out)
            return False
        verb = self.doc[cue.start]
        marks = self.words.frames.get(cue.lemma, frozenset()) if cue.kind == VERB else frozenset()
        # a noun object, or its frame's phrase: "Beobachter gehen von einer Eskalation aus, sie trauen der Regierung nicht"
        return any(cue_piece[0] <= c.i < cue_piece[1] and c.pos_ in GRAMMAR.noun_tags and c.i not in self.quoted
                   and (c.dep_ in GRAMMAR.content_object_deps or any(g.dep_ == "case" and g.lower_ in marks for g in c.children))
                   for c in verb.children)

    def _coordinated_narration(self, after: tuple[int, int]) -> bool:
        """ "Er sagte „Nein“, und sie stimmte zu": an indicative main clause joined by "und" goes on narrating."""
        first = self.doc[after[0]]
        return first.lower_ in GRAMMAR.cue_conjunctions and first.i not in self.quoted \
            and self._is_main_clause((after[0] + 1, after[1])) and self._mood(*after) == IND

    def _is_main_clause(self, piece: tuple[int, int]) -> bool:
        """A piece whose finite verb is not its last word: a main clause, not a relative or verb-final one."""
        words = [t for t in self.doc[piece[0] : piece[1]] if not t.is_punct]
        finite = next((t for t in words if t.pos_ in GRAMMAR.verb_tags and "VerbForm=Fin" in t.morph), None)
        return finite is not None and finite.i != words[-1].i

    def _apposed_wie_piece(self, pieces: list[tuple[int, int]], index: int, source: dict[str, Any] | None) -> int:
        """The piece a wie-clause starts in when an apposition of its source splits it from its verb, else ``index``."""
        # "Der Strom fiel aus, wie Jan Weber, Sprecher der Stadtwerke, mitteilte": the clause is "wie … mitteilte"
        if not source or index == 0:
            return index
        for k in range(index - 1, max(-1, index - 3), -1):
            start = pieces[k][0]
            if start == source["start"] - 1 and self.doc[start].lower_ in GRAMMAR.wie_clause_openers:
                return k
        return index

    def _content_clause(self, cue: CueInfo, sent: Span) -> tuple[int, int] | None:
        """The clause after a report noun: "Spekulationen, [dass er geht]", "ein Bericht, wonach [er gehe]"."""
        doc = self.doc
        comma = next((t.i for t in doc[cue.end : sent.end] if t.text == ","), None)
        if comma is None or comma + 2 >= sent.end:
            return None
        start = comma + 1
        opener = max((o for o in self.words.content_clause_openers if tuple(t.lower_ for t in doc[start : start + len(o)]) == o),
                     key=len, default=())
        # "dass" stays, as after a speech verb; "wonach", "dem zufolge" are cue words
        body = start if opener and opener[0] in GRAMMAR.indirect_openers else start + len(opener)
        if body >= sent.end:
            return None
        root = doc[body]  # the clause's root: the highest word above the first one that is still inside the clause
        while root.head.i != root.i and start <= root.head.i < sent.end:
            root = root.head
        if root.pos_ not in GRAMMAR.verb_tags:
            piece = next(((s, e) for s, e in self._segments(sent) if s <= body < e), None)
            return (body, piece[1]) if piece else None
        end = min(sent.end, max(t.i for t in root.subtree) + 1)
        return (body, end) if end > body else None

    def _around_phrase(self, piece: tuple[int, int], frame: set[int], before, after, sent: Span) -> tuple[int, int] | None:
        # "Laut ISW ist die Lage ernst." — the rest of the clause around "laut X"
        lo, hi = min(frame), max(frame) + 1
        start, end = piece
        # (a final full stop may follow the phrase; a word may not: "Der Mann hat laut Polizei gestanden, …" goes on)
        ends_piece = hi >= end or hi == end - 1 and self.doc[end - 1].is_punct
        if lo - start <= 1 and ends_piece:  # the piece is only "laut X": message in the next/previous piece
            return self._past_apposition(after, sent) if after else before
        if lo - start <= 1:
            return (hi, after[1] if after and not self._starts_subclause(after) else end)
        if ends_piece:
            return (before[0] if before else start, lo)
        return (before[0] if before else start, after[1] if after else end)

    def _past_apposition(self, after: tuple[int, int], sent: Span) -> tuple[int, int]:
        """``after`` without a verbless apposition of the source that opens it."""
        # "Laut Jonas Weber, dem Sprecher des Vereins, ist die Lage ernst": the message starts at "ist"
        pieces = [p for p in self._segments(sent) if after[0] <= p[0] < after[1]]
        if len(pieces) < 2:
            return after
        first = self.doc[pieces[0][0] : pieces[0][1]]
        if first[0].pos_ in GRAMMAR.apposition_start_pos and not any(self._is_verb(t) for t in first) \
                and not any(t.i in self.quoted for t in first):
            return (pieces[1][0], after[1])
        return after

    def _starts_subclause(self, piece: tuple[int, int]) -> bool:
        return self.doc[piece[0]].lower_ in GRAMMAR.subclause_starts

    def _is_wie_clause(self, cue: CueInfo, piece: tuple[int, int]) -> bool:
        # "…, wie das Ministerium mitteilte." / "Wie X berichtete, …"
        first = self.doc[piece[0]]
        return first.lower_ == "wie" or any(c.lower_ == "wie" and c.dep_ == "mark" for c in self.doc[cue.start].children)

    def _opens_subordinate_clause(self, piece: tuple[int, int]) -> bool:
        """ "…, wobei Ort und Termin noch bekannt gegeben werden": a cue in such a clause does not report the one before."""
        return self.doc[piece[0]].lower_ in self.words.not_reported_clauses

    def _longer_clause(self, before, after) -> tuple[int, int] | None:
        if before and after:
            return before if before[1] - before[0] >= after[1] - after[0] else after
        return before or after

    def _is_clause(self, piece: tuple[int, int]) -> bool:
        """A piece that can carry a claim: a dass/ob clause, a quotation, or has a verb."""
        tokens = self.doc[piece[0] : piece[1]]
        if not len(tokens):
            return False
        if tokens[0].lower_ in GRAMMAR.clause_openers or tokens[0].text in MARKS.message_openers:
            return True
        # "kritisierte die Wahl, die im Mai stattfand": a relative or adverbial clause is not what was said
        if _opens_relative_clause(tokens) or tokens[0].lower_ in self.words.not_reported_clauses and not _adverb_before_finite_verb(tokens):
            return False
        # "…, in der die Frist ablief": a relative clause after its preposition ("Er sagte, in der Stadt sei es ruhig" is
        # none; "…, nach denen X sei" reports what the studies say)
        if len(tokens) > 2 and tokens[0].pos_ == "ADP" and tokens[0].lower_ not in GRAMMAR.relative_report_prepositions \
                and _opens_relative_clause(tokens[1:]):
            return False
        return any(self._is_verb(t) for t in tokens) and len([t for t in tokens if not t.is_punct]) >= 2

    def _cue_ends_sentence(self, cue: CueInfo, piece: tuple[int, int], sent: Span) -> bool:
        """ "…, sagte der Minister am Montag." — the cue's piece is the last one."""
        return piece[1] >= sent.end - 1 and self.doc[piece[0]].i == cue.start

    def _cue_leads_piece(self, cue: CueInfo, piece: tuple[int, int], frame: set[int]) -> bool:
        """The verb (or source) stands first in its piece: an inverted "…, erklärte X"."""
        first = self.doc[piece[0]]
        return first.i in frame or first.pos_ in GRAMMAR.piece_lead_pos or first.lower_ in GRAMMAR.inverted_leads or cue.start - piece[0] <= self.limits.cue_lead_tokens

    def _cut_frame(self, span: tuple[int, int], frame: set[int]) -> tuple[int, int]:
        start, end = span
        openers, marks = MARKS.message_openers, MARKS.quote_marks
        while start < end and (start in frame or self.doc[start].is_punct and self.doc[start].text not in openers):
            start += 1
        while end > start and ((end - 1) in frame or self.doc[end - 1].is_punct and self.doc[end - 1].text not in marks):
            end -= 1
        return (start, end)

    def _object_of(self, cue: CueInfo, piece: tuple[int, int], frame: set[int]) -> tuple[int, int] | None:
        # "Das Ministerium bestätigte den Angriff": the object of the verb is what is reported
        verb = self.doc[cue.start]
        framed = cue.kind == VERB and has_frame(verb, cue.lemma, self.words)
        if cue.kind != VERB or cue.strength < self.limits.object_claim_strength and not framed \
                or cue.lemma in self.words.no_object_claim and not framed \
                or cue.lemma in self.words.reflexive_no_object and any(c.lower_ in GRAMMAR.reflexive_pronouns for c in verb.children):
            return None
        cue_tokens = {i for c in self.cues for i in range(c.start, c.end)}
        # "Der Mann bestritt der Polizei zufolge die Tat": the source of a reporting phrase is no object of the verb
        cue_tokens.update(i for c in self.cues if c.kind in {PREP, POSTP, PHRASE} and c.source
                          for i in range(c.source["start"], c.source["end"]))
        object_deps = GRAMMAR.object_deps
        parts = [c for c in verb.children if c.dep_ in object_deps and c.i not in frame and c.lower_ not in GRAMMAR.reflexive_pronouns
                 and piece[0] <= c.i < piece[1] and not any(t.i in cue_tokens for t in c.subtree)
                 and not self._adverbial_phrase(c, cue.lemma)]
        if not parts:
            return self._frame_phrase_by_position(verb, cue, piece, frame | cue_tokens) \
                or self._accusative_by_position(verb, cue, piece, frame | cue_tokens) \
                or self._fronted_subject_as_object(verb, piece, frame | cue_tokens)
        tokens = sorted({t.i for c in parts for t in c.subtree if piece[0] <= t.i < piece[1] and t.i not in frame})
        # "Den Angriff bestätigte das Ministerium am Montag": objects on both sides of verb and source are no one span
        runs = self._joined_runs(_contiguous_runs(tokens), frame | cue_tokens | {verb.i})
        run = max(runs, key=len) if runs else []
        # "kündigten Untersuchungen an": a lone noun is a demand or announcement; not a lone pronoun ("bestätigte das")
        if len(run) < 2 and not (run and cue.strength >= self.limits.object_claim_strength and self._lone_object(self.doc[run[0]])):
            return None
        return (run[0], run[-1] + 1)

    def _fronted_subject_as_object(self, verb: Token, piece: tuple[int, int], taken: set[int]) -> tuple[int, int] | None:
        """The noun before the verb that the parse made its subject, when a pronoun right after the verb speaks."""
        # "Die Tat bezeichnete er als sinnlos": parsed with "Tat" as subject and "er" as object; "er" speaks
        after = self.doc[verb.i + 1] if verb.i + 1 < len(self.doc) else None
        if after is None or after.i not in taken or after.pos_ != "PRON" \
                or any(c.dep_ in GRAMMAR.passive_auxiliary_deps for c in verb.children):
            return None
        for child in verb.children:
            if child.dep_ in GRAMMAR.active_subject_deps and child.i < verb.i and child.pos_ == "NOUN" and child.i not in taken:
                tokens = [t.i for t in child.subtree if piece[0] <= t.i < verb.i and t.i not in taken]
                if tokens and tokens == list(range(tokens[0], tokens[-1] + 1)):
                    return (tokens[0], tokens[-1] + 1)
        return None

    def _lone_object(self, token: Token) -> bool:
        """A one-word accusative object, not a dative addressee ("sagte dem Sender") or a postposed one ("Investoren gegenüber")."""
        after = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        return token.pos_ == "NOUN" and token.dep_ in GRAMMAR.lone_object_deps and token.i > 0 \
            and self.doc[token.i - 1].lower_ not in GRAMMAR.dative_articles and (after is None or after.pos_ != "ADP" or after.dep_ in GRAMMAR.particle_deps)

    def _frame_phrase_by_position(self, verb: Token, cue: CueInfo, piece: tuple[int, int], taken: set[int]) -> tuple[int, int] | None:
        """The first phrase of the verb's frame after it, to the end of its piece, when the parse hung it elsewhere."""
        # "weisen die Richter auf die fehlende Grundlage für den Einsatz hin": "auf …" parsed as an attribute of "Richter"
        words = self.words.frames.get(cue.lemma, ())
        start = next((t.i for t in self.doc[verb.i + 1 : piece[1]] if t.pos_ == "ADP" and t.lower_ in words and t.i not in taken), None)
        if start is None:
            return None
        end = piece[1]
        while end > start and (self.doc[end - 1].is_punct or self.doc[end - 1].head.i == verb.i
                               and self.doc[end - 1].dep_ in GRAMMAR.particle_deps):
            end -= 1
        return (start, end) if end - start >= 2 else None

    def _accusative_by_position(self, verb: Token, cue: CueInfo, piece: tuple[int, int], taken: set[int]) -> tuple[int, int] | None:
        """The accusative noun phrase after the verb, when the parse gave the verb no object."""
        # "Die Behörden werfen dem Mann Betrug vor": "Betrug" parsed as an apposition of the dative "dem Mann"
        if cue.strength < self.limits.object_claim_strength or cue.lemma in self.words.no_object_claim:
            return None
        doc = self.doc
        end = piece[1]
        while end > verb.i + 1 and (doc[end - 1].is_punct or doc[end - 1].head.i == verb.i and doc[end - 1].dep_ in GRAMMAR.particle_deps):
            end -= 1
        for token in doc[verb.i + 1 : end]:
            if token.i in taken or token.i in self.quoted:
                return None
            if token.pos_ == "ADP" or token.pos_ in GRAMMAR.verb_tags:
                return None  # a prepositional phrase or a second verb: no bare object here
            if token.pos_ in GRAMMAR.noun_tags and "Case=Acc" in token.morph and "Case=Dat" not in token.morph:
                start = token.i
                while start > verb.i + 1 and doc[start - 1].pos_ in {"DET", "ADJ", "NUM"} and (start - 1) not in taken \
                        and "Case=Dat" not in doc[start - 1].morph:
                    start -= 1
                if end - start < 2 and (token.pos_ != "NOUN" or doc[token.i - 1].lower_ in GRAMMAR.dative_articles):
                    return None
                return (start, end)
        return None

    def _joined_runs(self, runs: list[list[int]], frame: set[int]) -> list[list[int]]:
        """Runs of the object joined across a short gap the parse hung elsewhere: no punctuation, finite verb or cue."""
        # "warnte vor dem Verlust tausender/ADV qualifizierter Arbeitsplätze", "erläuterte die Ziele zum elektrisch
        # fahrenden Modell": one object, in pieces
        joined: list[list[int]] = []
        for run in runs:
            if joined:
                gap = range(joined[-1][-1] + 1, run[0])
                if len(gap) <= self.limits.object_gap_tokens and not any(
                        i in frame or self.doc[i].is_punct or "VerbForm=Fin" in self.doc[i].morph for i in gap):
                    joined[-1] = [*joined[-1], *gap, *run]
                    continue
            joined.append(list(run))
        return joined

    def _adverbial_phrase(self, complement: Token, lemma: str) -> bool:
        """A prepositional phrase the verb does not govern: "verwies in diesem Zusammenhang auf …".

        Only the verb's own preposition ("warnte vor einem Verlust", "warb für den Plan": frames in
        speech_verbs.yaml) marks reported content; "stellte an den Schuhen fest" reports no "an den Schuhen".
        """
        prepositions = [c for c in complement.children if c.dep_ == "case"]
        if not prepositions:
            return False
        return not any(p.lower_ in self.words.frames.get(lemma, ()) for p in prepositions)

    def _kind_of(self, cue: CueInfo, message: tuple[int, int]) -> str:
        tokens = self.doc[message[0] : message[1]]
        quoted = sum(1 for t in tokens if t.i in self.quoted)
        if quoted and quoted >= len(tokens) - self.limits.direct_unquoted_tokens:
            return "direct"
        if quoted >= 2:
            return "mixed"
        if cue.kind in {PREP, POSTP, PHRASE, NOUN}:
            return "reported"
        if tokens[0].lower_ in GRAMMAR.indirect_openers or self._mood(*message) in {KJ1, KJ2}:
            return "indirect"
        if cue.kind == VERB and any(t.pos_ in GRAMMAR.verb_tags for t in tokens):
            return "indirect"
        return "reported"


def _adverb_before_finite_verb(tokens: Span) -> bool:
    """ "…, damit solle ein Vakuum vermieden werden": the adverb "damit" (not the conjunction "so that") opens a main clause."""
    return len(tokens) > 2 and tokens[0].lower_ in GRAMMAR.clause_adverbs and "VerbForm=Fin" in tokens[1].morph \
        and tokens[1].pos_ in GRAMMAR.verb_tags


def _contiguous_runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _opens_relative_clause(tokens: Span) -> bool:
    """Starts with a relative pronoun, not with an article the tagger also calls one.

    In "teilte mit, die Preise seien stabil" "die" determines "Preise" and a finite verb follows
    before the next comma: a main clause. "…, die im Mai stattfand" and an apposition
    "…, der Marktführer, bei dem …" are no message.
    """
    first = tokens[0]
    if "PronType=Rel" not in first.morph:
        return False
    if first.dep_ != "det" or first.head.i <= first.i or first.lower_ in GRAMMAR.possessives:
        return True
    breaks = MARKS.clause_breaks
    for token in tokens[1:]:
        if token.text in breaks:
            return True
        if "VerbForm=Fin" in token.morph:
            return False
    # "…, die Brücke zu sanieren": an infinitive clause, whose "die" is an article
    return not any(t.tag_ == "VVIZU" or t.lower_ == "zu" and t.dep_ == "mark" for t in tokens)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading/trailing punctuation and conjunctions ("und"), keep quotation marks inside."""
    openers, keeps = MARKS.message_openers, MARKS.message_end_keeps
    while start < end and (doc[start].is_punct and doc[start].text not in openers or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in keeps or doc[end - 1].is_space):
        end -= 1
    return start, end
