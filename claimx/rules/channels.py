"""Nested channels: "bestätigt nach Angaben der Kyiv Post" reports through a second source."""

from __future__ import annotations

from typing import Any

from claimx.resources import GRAMMAR
from claimx.rules.attribution import names_a_speaker
from claimx.rules.cues import has_clausal_complement, PHRASE, POSTP, PREP, SO, VERB
from claimx.rules.drafts import CueInfo, Draft
from claimx.rules.text import is_web_name


class ChannelRules:
    """The nested-channel rules (mixed into :class:`claimx.rules.claims.Assembler`, whose state it reads)."""

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
        if any(w in cue.lemma for w in GRAMMAR.own_channel_words):
            return  # "nach eigenen Angaben": the sentence's own channel, never another verb's
        sentence = self.sentence_index(cue.start)
        for verb in self.cues:
            if verb.kind != VERB or self.sentence_index(verb.start) != sentence:
                continue
            if verb.source is None:
                if not self._quotes_in(verb):
                    # "Laut ISNA soll ein Gericht die Urteile bestätigt haben": a verb without a speaker of its own
                    # (here the parse made "ein Gericht" its object) is part of what the phrase reports
                    channels.add(id(verb))
                continue
            if not verb.source or _inside(cue.source, verb.source):
                continue
            # "„Wir bleiben“, sagte sie laut Redetext": a strong verb speaks itself when the phrase only names
            # its document or the speaker's own informant ("berichtet unter Berufung auf Kreise")
            if (verb.strength >= self.limits.speaking_verb_strength or self._reports_clause(verb)) \
                    and self._can_speak(verb.source) and not self._reports_through(cue, verb):
                channels.add(id(cue))
                self.via_of[id(verb)] = cue
            else:
                # "Die Saison hat nach Polizeiangaben einen Toten gefordert": a verb with only an
                # object is no speech act of its own here; "nach Polizeiangaben" reports the sentence
                channels.add(id(verb))

    def _reports_through(self, cue: CueInfo, verb: CueInfo) -> bool:
        """The phrase names another party that reports the verb's speech act, the outer source of the claim."""
        # "Laut CNN hat der Minister angekündigt, dass …", "Der Mann hat laut Polizei gestanden, …": CNN and the police
        # claim that it was said; a quotation stays its speaker's ("„…“, sagte sie der Zeitung zufolge")
        if cue.lemma in GRAMMAR.inner_channel_phrases or self._quotes_in(verb):
            return False
        source = cue.source
        return source.get("type") not in {"unknown", "vague"} or any(
            is_web_name(t.lower_) or t.pos_ == "PROPN" or t.pos_ == "NOUN" and names_a_speaker(t.lower_, self.words)
            for t in self.doc[source["start"] : source["end"]])

    def _quotes_in(self, verb: CueInfo, *, with_names: bool = False) -> bool:
        """A quotation in the verb's sentence (``with_names``: a quoted name such as „Bild“ counts too)."""
        sent = self.sents[self.sentence_index(verb.start)]
        return any(qs <= sent.end and qe >= sent.start and (with_names or not self._is_name_quote(k))
                   for k, (qs, qe, _, _) in enumerate(self.quotes))

    def _can_speak(self, source: dict[str, Any]) -> bool:
        """Not a thing the parse made the verb's subject ("Eine Maschine hat nach Angaben des Presseamtes eine
        Notlandung angekündigt": the Presseamt reports the sentence)."""
        head = self.doc[source["end"] - 1]
        return source.get("type") != "unknown" or head.pos_ != "NOUN" or names_a_speaker(head.lower_, self.words)

    def _verbs_inside_so_reports(self) -> set[int]:
        """Verb cues (ids) without a speaker of their own before a ", so X" in their sentence: part of X's claim."""
        # "Es sei davon auszugehen, dass die Waffen gestohlen wurden, so Müller": Müller says all of it;
        # "auszugehen" is no speech act of its own
        last_so_of: dict[int, int] = {}  # sentence -> start of its last "so X" with a source
        for so in self.cues:
            if so.kind == SO and so.source is not None:
                sentence = self.sentence_index(so.start)
                last_so_of[sentence] = max(so.start, last_so_of.get(sentence, so.start))
        return {id(verb) for verb in self.cues
                if verb.kind == VERB and verb.start < last_so_of.get(self.sentence_index(verb.start), -1)
                and (verb.source is None or verb.source["type"] == "vague")}

    def _reports_clause(self, verb: CueInfo) -> bool:
        """The verb governs a clause or a quotation ("bestätigte, dass …", "sagte: „…“")."""
        return has_clausal_complement(self.doc[verb.start]) or self._quotes_in(verb, with_names=True)

    def _attach_via(self, draft: Draft, cue: CueInfo) -> None:
        channel = self.via_of.get(id(cue))
        if channel is not None and draft.source is not None and channel.source is not None:
            draft.source = {**draft.source, "via": channel.source["name"]}


def _inside(inner: dict[str, Any], outer: dict[str, Any]) -> bool:
    return outer["start"] <= inner["start"] and inner["end"] <= outer["end"]
