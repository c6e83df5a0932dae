"""Turn SpkAtt documents into spaCy Docs and claimx results back into SpkAtt annotations.

Docs keep the task's tokens and sentence split (``Doc(words=..., sent_starts=...)``), so token
``i`` of the Doc is ``"sent:tok"`` of the document and predictions line up with the gold ids.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimx.components.doc_data import CUES, SOURCES, register_extensions
from claimx.resources import GRAMMAR, MARKS
from claimx.rules.cues import WordLists
from claimx.rules.text import ends_with_any
from claimx.spkatt.documents import SpkAttDocument

FORM_OF_KIND = {"direct": "Direct", "indirect": "Indirect", "reported": "Reported", "mixed": "Indirect"}


def token_ids(document: SpkAttDocument) -> list[str]:
    """``"sent:tok"`` id of every token, in document order."""
    ids = document.sentence_ids or list(range(len(document.sentences)))
    return [f"{sid}:{k}" for sid, tokens in zip(ids, document.sentences) for k in range(len(tokens))]


def guess_spaces(words: Sequence[str]) -> list[bool]:
    """Whitespace after each token, guessed from punctuation (straight quotes alternate open/close)."""
    spaces = [True] * len(words)
    straight_open = False
    # no space before these tokens ("Er kam ." -> "Er kam.") and none after the openers
    no_space_before, no_space_after = MARKS.spkatt_no_space_before, MARKS.spkatt_no_space_after
    for i, word in enumerate(words):
        if word == '"':
            straight_open = not straight_open
            if straight_open:
                spaces[i] = False
            elif i:
                spaces[i - 1] = False
            continue
        if word in no_space_after:
            spaces[i] = False
        if word in no_space_before and i:
            spaces[i - 1] = False
    if spaces:
        spaces[-1] = False
    return spaces


def document_to_doc(vocab: Vocab, document: SpkAttDocument) -> Doc:
    """A Doc with the document's tokens and sentence boundaries (empty sentences are skipped)."""
    words: list[str] = []
    sent_starts: list[bool] = []
    for tokens in document.sentences:
        for k, token in enumerate(tokens):
            words.append(token if token.strip() else "_")
            sent_starts.append(k == 0)
    doc = Doc(vocab, words=words, spaces=guess_spaces(words), sent_starts=sent_starts or None)
    register_extensions()
    doc._.given_sentences = True  # the task's sentences are final: claimx does not re-join them
    return doc


def annotation(ids: Sequence[str], *, cue: Iterable[int], source: Iterable[int], message: Iterable[int],
               addr: Iterable[int] = (), form: str = "Indirect", stwr: str = "Speech") -> dict[str, Any]:
    """One SpkAtt annotation from Doc token indices."""
    def as_ids(tokens: Iterable[int]) -> list[str]:
        return [ids[i] for i in sorted(set(tokens))]

    return {"Cue": as_ids(cue), "Source": as_ids(source), "Message": as_ids(message), "Addr": as_ids(addr),
            "Frame": [], "Form": form, "STWR": stwr, "IsNested": False, "HasNested": False}


def char_span_tokens(doc: Doc, start: int, end: int) -> list[int]:
    """Indices of the Doc tokens overlapping the character range [start, end)."""
    starts = [t.idx for t in doc]
    first = max(bisect_right(starts, start) - 1, 0)
    out = []
    for i in range(first, len(doc)):
        token = doc[i]
        if token.idx >= end:
            break
        if token.idx + len(token) > start:
            out.append(i)
    return out


def guess_form(doc: Doc, message: Sequence[int]) -> str:
    """Direct when the message is (mostly) inside quotation marks, else Indirect."""
    if not message:
        return "Reported"
    first, last = min(message), max(message)
    before = doc[first - 1].text if first > 0 else ""
    after = doc[last + 1].text if last + 1 < len(doc) else ""
    marks = MARKS.spkatt_quote_marks
    inside = doc[first].text in marks or doc[last].text in marks
    return "Direct" if inside or (before in marks and after in marks) else "Indirect"


def learned_annotations(doc: Doc, document: SpkAttDocument, *, debates: bool = False) -> list[dict[str, Any]]:
    """SpkAtt annotations from ``doc._.claimx_learned_events`` (debate format: no Form/STWR/nesting)."""
    ids = token_ids(document)
    out = []
    for event in doc._.claimx_learned_events or []:
        if not debates and not event.message:
            continue  # news events always have a Message; a bare cue is no event there
        source = event.source if debates else extend_source(doc, sorted(event.source))
        ann = annotation(ids, cue=event.cue, source=source, message=event.message, addr=event.addr,
                         form=guess_form(doc, event.message))
        if debates:
            ann = {k: ann[k] for k in ("Cue", "Source", "Message", "Addr")}
        out.append(ann)
    return out


# STWR from the cue lemma, in the news annotation's values: Speech, Writing, ST (speech or thought),
# SW (speech or writing: "laut X", "X zufolge" leave open how X said it); the cue lists are
# GRAMMAR.spkatt_speech_or_writing_cues, spkatt_writing_cues, spkatt_thought_cues (claimx/data/grammar.yaml)
def stwr_of(lemma: str | None) -> str:
    """STWR from a cue lemma ("schrieb" -> Writing, "glaubt" -> ST, "laut" -> SW, else Speech)."""
    lemma = (lemma or "").lower()
    if lemma in GRAMMAR.spkatt_speech_or_writing_cues:
        return "SW"
    if lemma in GRAMMAR.spkatt_writing_cues:
        return "Writing"
    if lemma in GRAMMAR.spkatt_thought_cues:
        return "ST"
    return "Speech"


def strip_tokens(doc: Doc, tokens: Sequence[int]) -> list[int]:
    """Drop leading/trailing punctuation and whitespace tokens of a role span (a closing bracket whose
    opening bracket is inside stays: "Kapitalanleger ( SdK )")."""
    out = sorted(set(tokens))
    opening, closing = MARKS.spkatt_opening_quotes, MARKS.spkatt_closing_quotes
    while out and (doc[out[0]].is_punct or doc[out[0]].is_space):
        if doc[out[0]].text in opening and any(doc[i].text in closing for i in out[1:]):
            break  # "„ Spiegel Online “"
        out.pop(0)
    while out and (doc[out[-1]].is_punct or doc[out[-1]].is_space):
        if doc[out[-1]].text == ")" and any(doc[i].text == "(" for i in out):
            break
        if doc[out[-1]].text in closing and any(doc[i].text in opening for i in out[:-1]):
            break  # "die Nachrichtenagentur „ Tanjug “"
        out.pop()
    return out


MAPPING_PATH = Path(__file__).with_name("mapping.yaml")


def load_report_nouns(path: Path = MAPPING_PATH) -> frozenset[str]:
    """The ``report_nouns`` of a mapping YAML (why they differ from reporting.yaml: see the file)."""
    return frozenset(yaml.safe_load(path.read_text(encoding="utf-8"))["report_nouns"])


# "laut Angaben des Verlages": the SpkAtt Source is the whole phrase, not just "des Verlages"
REPORT_NOUNS = load_report_nouns()


@lru_cache(maxsize=1)
def _person_nouns() -> frozenset[str]:
    """The shipped endings of nouns that name a person by office ("Präsident", "Sprecher")."""
    return frozenset(WordLists.shipped().person_nouns)


@lru_cache(maxsize=1)
def _claimx_report_nouns() -> frozenset[str]:
    """claimx's own report nouns (reporting.yaml), whose author it names: "laut Angaben der Polizei" -> Polizei."""
    return frozenset(WordLists.shipped().report_nouns)

@lru_cache(maxsize=1)
def _anaphors() -> frozenset[str]:
    """The words that point back to the sentence before ("Das sagte …", reporting.yaml anaphors)."""
    return frozenset(WordLists.shipped().anaphors)


def with_anaphor(doc: Doc, message: list[int], cue: Sequence[int]) -> list[int]:
    """SpkAtt's Message of "X. Dies berichtete Y." holds the pointing "Dies" besides the sentence before."""
    if not message or not cue:
        return message
    sent = doc[cue[0]].sent
    first = doc[sent.start]
    if message[-1] >= sent.start or first.i in cue or first.lower_ not in _anaphors():
        return message
    return [*message, first.i]


# ENGINE's "reported" claims are the "laut X"/"X zufolge" type, which SpkAtt calls Indirect
FORM_OF_KIND.update(reported="Indirect")


def with_enclosing_quotes(doc: Doc, tokens: list[int]) -> list[int]:
    """Add the quotation marks around a quoted message („ … ! “), as SpkAtt does for direct speech."""
    first, last = tokens[0], tokens[-1]
    opening, closing = MARKS.spkatt_opening_quotes, MARKS.spkatt_closing_quotes
    close = last + 1
    while close < len(doc) and close - last <= 2 and doc[close].text in MARKS.spkatt_sentence_ends | MARKS.spkatt_before_closing:
        close += 1
    if close >= len(doc) or doc[close].text not in closing:
        return tokens
    if first > 0 and doc[first - 1].text in opening:
        return [first - 1, *tokens, *range(last + 1, close + 1)]
    opened = sum(doc[i].text in opening - closing for i in tokens)
    closed = sum(doc[i].text in closing - opening for i in tokens)
    if opened > closed:  # 'dann solle der Iran „ sehen , wie ... kann “': close the quote begun inside
        return [*tokens, *range(last + 1, close + 1)]
    return tokens


def with_final_punctuation(doc: Doc, tokens: list[int]) -> list[int]:
    """Add the sentence-final punctuation of a message that is a sentence of its own (no cue beside it)."""
    after = tokens[-1] + 1
    if after < len(doc) and doc[after].text in MARKS.spkatt_sentence_ends and doc[after].sent.start <= tokens[0]:
        return [*tokens, after]
    return tokens




def trim_source(doc: Doc, tokens: list[int]) -> list[int]:
    """Cut a source at the first adverb, preposition or verb after its head noun ("Möllring am Dienstag")."""
    cut_pos, keep_prepositions, end_pos = GRAMMAR.spkatt_source_cut_pos, GRAMMAR.spkatt_source_prepositions, \
        GRAMMAR.spkatt_source_end_pos
    for k in range(1, len(tokens)):
        token = doc[tokens[k]]
        # "die Organisation in Bonn" stays whole: the preposition's noun is an attribute (nmod) of the source
        attribute = token.pos_ == "ADP" and token.head.dep_ == "nmod" and token.head.head.i in tokens
        if token.pos_ in cut_pos or (token.pos_ == "ADP" and token.lower_ not in keep_prepositions and not attribute):
            if doc[tokens[k - 1]].pos_ in end_pos:
                return strip_tokens(doc, tokens[:k])
    return tokens


def extend_source(doc: Doc, tokens: list[int]) -> list[int]:
    """Grow a source to its noun phrase's edges: first names, title, article, report noun ("Angaben des ..."),
    an apposition with a name (", Elmar Gesse")."""
    if not tokens:
        return tokens
    noise_pos, noise = GRAMMAR.spkatt_leading_noise_pos, GRAMMAR.leading_noise
    while len(tokens) > 1 and doc[tokens[0]].pos_ in noise_pos and doc[tokens[0]].lower_ in noise:
        tokens = tokens[1:]  # "Wie die Premierministerin", "Auch der ehemalige ..."
    tokens = trim_source(doc, tokens)
    start, end = tokens[0], tokens[-1] + 1
    sent = doc[start].sent if doc.has_annotation("SENT_START") else doc[:]
    while start > sent.start and doc[start - 1].pos_ == "PROPN" and doc[start].pos_ == "PROPN":
        start -= 1  # "Sergei Voznyak"
    if start > sent.start and doc[start].pos_ == "PROPN" and doc[start - 1].pos_ == "NOUN" and doc[start - 1].is_title:
        start -= 1  # "Parlamentspräsident Jerzy Buzek", "der Ryanair-Sprecherin Anja Seugling"
    if start - 1 > sent.start and doc[start - 1].lower_ in GRAMMAR.spkatt_report_noun_links and doc[start - 2].lower_ in REPORT_NOUNS:
        start -= 2  # "Angaben des Verlages", "Angaben von Augenzeugen"
    elif start > sent.start and doc[start].lower_ in GRAMMAR.spkatt_report_noun_genitives and doc[start - 1].lower_ in REPORT_NOUNS:
        start -= 1  # "Ansicht der Staatsanwaltschaft"
    if start > sent.start and doc[start - 1].pos_ == "DET":
        start -= 1  # "Dem Sender al-Dschasira", "einem Bericht der BBC"
    if start > sent.start and doc[start - 1].is_title and doc[start - 1].pos_ in GRAMMAR.noun_tags \
            and doc[start].pos_ in GRAMMAR.noun_tags and ends_with_any(doc[start - 1].lower_, _person_nouns()) is not None:
        start -= 1  # "BKA-Präsident Ziercke", "Regierungssprecher Yukio Edano" (the title tagged PROPN)
    start = _title_phrase_start(doc, start, end, sent)
    member = _membership_end(doc, end, sent)
    if member is not None:
        end = member  # "Marktanalyst Robert Halver von der Baader Bank"
    left = _left_apposition_start(doc, start, sent)
    if left is not None:
        start = left  # "Der Direktor des Hilfswerks , Anthony Lake"
    # (a surname the tagger calls a noun closes a name too: "Renate/PROPN Künast/NOUN , Fraktionschefin …")
    # (or a person's name the tagger calls noun and adjective: "Tony/ADJ Auden/NOUN , ein Sprecher …")
    name_end = doc[end - 1].pos_ == "PROPN" or doc[end - 1].is_title and end - 1 > start and doc[start].pos_ == "PROPN" \
        or doc[end - 1].ent_type_ == "PER" or end - start == 2 and doc[start].is_title and doc[end - 1].is_title \
        and doc[start].pos_ != "DET" and ends_with_any(doc[start].lower_, _person_nouns()) is None
    if end + 1 < sent.end and doc[end].text == "," and name_end and (
            doc[end + 1].lower_ in GRAMMAR.apposition_articles
            # "Henk Meijer , Laborleiter der Emsland GmbH ,": a function noun without an article
            or doc[end + 1].pos_ == "NOUN" and doc[end + 1].is_title and left is None
            # "Charles Bouchard , kanadischer General und Kommandeur …": with an adjective before it
            or end + 2 < sent.end and doc[end + 1].pos_ == "ADJ" and doc[end + 2].pos_ == "NOUN"
            and ends_with_any(doc[end + 2].lower_, _person_nouns()) is not None and left is None
            # "Karl Brenner , Bergs Stellvertreter ,": a genitive owner before the function noun
            or end + 2 < sent.end and doc[end + 1].pos_ == "PROPN" and doc[end + 1].lower_.endswith(GRAMMAR.spkatt_genitive_endings)
            and doc[end + 2].pos_ == "NOUN" and doc[end + 2].is_title and left is None):
        close = next((k for k in range(end + 2, min(sent.end, end + 14)) if doc[k].text in MARKS.spkatt_apposition_ends
                      # "…“ , sagte Karl Brenner , Chef der Liberalen .": the apposition ends the sentence
                      or k == sent.end - 1 and doc[k].text in MARKS.spkatt_sentence_ends), None)
        if close is not None and not any(doc[k].pos_ in GRAMMAR.verb_tags for k in range(end + 1, close)):
            end = close  # "Gabriel Entcha-Ebia , der Justizminister des Landes ,"
    elif end + 1 < sent.end and doc[end].text == "," and _name_word(doc[end + 1]) and (doc[end - 1].pos_ != "PROPN" or (
            # "die Premierministerin von Queensland , Anna Bligh": a title phrase, then a full name
            doc[start].pos_ in GRAMMAR.spkatt_title_phrase_pos and end + 2 < sent.end
            and (_name_word(doc[end + 2]) or doc[end + 2].lower_ in GRAMMAR.name_particles))):
        end += 1  # "Ein Sprecher der Polizei , Lars Beringer"
        # (a name the tagger splits into noun or adjective, and its particles: "Heike van Laak", "Charles Gassenheimer")
        while end < sent.end and (_name_word(doc[end]) or doc[end].lower_ in GRAMMAR.name_particles
                                  and end + 1 < sent.end and _name_word(doc[end + 1])):
            end += 1
        if end + 2 < sent.end and doc[end].text == "(" and doc[end + 2].text == ")":
            end += 3  # "Henning Scherf ( SPD )"
    end = _completed_end(doc, end, sent)
    if end < sent.end and doc[end - 1].pos_ == "NOUN" and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end = _name_run_end(doc, end, sent)  # "Die Umweltschutzorganisation WWF"
    end = _coordinated_end(doc, start, end, sent)
    end = _place_phrase_end(doc, end, sent)
    return [*range(start, tokens[0]), *tokens, *range(tokens[-1] + 1, end)]


def _name_word(token) -> bool:
    """A word of a person's name: a proper noun, or a capitalised word the tagger calls something else that is no title."""
    if token.pos_ == "PROPN":
        return True
    return token.is_title and token.pos_ in {"NOUN", "ADJ", "X"} and (token.ent_type_ == "PER" or token.ent_iob_ == "I") \
        and ends_with_any(token.lower_, _person_nouns()) is None


def _name_run_end(doc: Doc, k: int, sent) -> int:
    """The end of the run of capitalised names and nouns starting at ``k`` (``k`` when there is none)."""
    while k < sent.end and doc[k].pos_ in GRAMMAR.noun_tags and doc[k].text[:1].isupper():
        k += 1
    return k


def _phrase_end(doc: Doc, k: int, sent) -> int:
    """The end of "[article] [adjectives] names/nouns" starting at ``k`` (``k`` when it is no such phrase)."""
    first = k
    if k < sent.end and doc[k].pos_ == "DET":
        k += 1
    while k < sent.end and doc[k].pos_ == "ADJ":
        k += 1
    end = _name_run_end(doc, k, sent)
    return end if end > k else first


def _ends_the_phrase(doc: Doc, k: int, sent) -> bool:
    """Where a source phrase may end: before a verb, a punctuation mark or the end of the sentence."""
    return k >= sent.end or doc[k].pos_ in GRAMMAR.verb_tags or doc[k].is_punct


def _coordinated_end(doc: Doc, start: int, end: int, sent) -> int:
    """The end of a coordination the source opens: "Die Politiker Peter Danckert und Max Straubinger",
    "Die Außenminister Frankreichs , Italiens und Österreichs" (SpkAtt's Source holds every conjunct)."""
    if doc[end - 1].pos_ not in GRAMMAR.noun_tags:
        return end
    k = end
    # names listed with commas before the last "und": only bare names, never an apposition (", Chef der …")
    while k + 1 < sent.end and doc[k].text == "," and doc[k + 1].pos_ == "PROPN":
        after = _name_run_end(doc, k + 1, sent)
        if after >= sent.end or doc[after].text != "," and doc[after].lower_ not in GRAMMAR.spkatt_source_conjunctions:
            return end
        k = after
    if k >= sent.end or doc[k].lower_ not in GRAMMAR.spkatt_source_conjunctions:
        return end
    after = _phrase_end(doc, k + 1, sent)
    if after == k + 1 or not _ends_the_phrase(doc, after, sent):
        return end  # "sagte Müller und fügte hinzu": a verb, no second speaker
    return after


def _place_phrase_end(doc: Doc, end: int, sent) -> int:
    """The end of a place phrase between the source and its verb: "Ein Sprecher des Weißen Hauses in Washington sagte"."""
    if end >= sent.end or doc[end].lower_ not in GRAMMAR.spkatt_source_place_prepositions or doc[end - 1].pos_ not in GRAMMAR.noun_tags:
        return end
    after = _phrase_end(doc, end + 1, sent)
    if after == end + 1 or after >= sent.end or doc[after].pos_ not in GRAMMAR.verb_tags or "VerbForm=Fin" not in doc[after].morph:
        return end  # only right before the finite verb: "sagte der Minister in Berlin" is where he said it
    return after


def _completed_end(doc: Doc, end: int, sent) -> int:
    """The end of a source the parse cut inside its noun phrase: after a dangling article, preposition or
    adjective ("eine Sprecherin des Münchner | Konzerns", "Der Leiter der | Klimastudie") the phrase
    goes on to its noun and the name that follows it."""
    dangling, phrase = GRAMMAR.spkatt_dangling_pos, GRAMMAR.prefield_phrase_pos
    if end >= sent.end or doc[end - 1].pos_ not in dangling:
        return end
    k = end
    while k < sent.end and doc[k].pos_ in phrase and doc[k].pos_ not in GRAMMAR.noun_tags:
        k += 1
    if k >= sent.end or doc[k].pos_ not in GRAMMAR.noun_tags:
        return end
    return _name_run_end(doc, k, sent)


def _title_phrase_start(doc: Doc, start: int, end: int, sent) -> int:
    """Where the phrase of a title before a name starts: its adjectives and article or a genitive owner
    ("der französische Außenminister Paul Martin", "Bergs Sprecher Bruno Kurz")."""
    title = doc[start]
    if not (title.pos_ in GRAMMAR.noun_tags and title.is_title and start + 1 < end
            and ends_with_any(title.lower_, _person_nouns()) is not None):
        return start
    k = start
    while k > sent.start and doc[k - 1].pos_ == "ADJ":
        k -= 1
    if k > sent.start and doc[k - 1].pos_ == "DET":
        return k - 1
    if k == start and k > sent.start and doc[k - 1].pos_ == "PROPN" and doc[k - 1].lower_.endswith(GRAMMAR.spkatt_genitive_endings):
        return k - 1
    return k


def _membership_end(doc: Doc, end: int, sent) -> int | None:
    """The end of a von/vom phrase naming the source's organisation right after it, if there is one."""
    if end >= sent.end - 1 or doc[end].lower_ not in GRAMMAR.spkatt_source_membership or doc[end - 1].pos_ not in GRAMMAR.noun_tags:
        return None
    k = end + 1
    while k < sent.end and doc[k].pos_ in {"DET", "ADJ"}:
        k += 1
    if k < sent.end and doc[k].text in MARKS.name_openers:
        # "Johanna Moser vom „ Queer Beograd Kollektiv “": a quoted name, to its closing mark
        close = next((j for j in range(k + 1, min(sent.end, k + 8)) if doc[j].text in MARKS.name_closers), None)
        return close + 1 if close is not None and close > k + 1 else None
    names = k
    # (an English name goes on over its lower-case joints: "University of St. Andrews")
    while k < sent.end and (doc[k].pos_ in GRAMMAR.noun_tags and doc[k].text[:1].isupper()
                            or k > names and doc[k].lower_ in GRAMMAR.foreign_name_joints
                            and k + 1 < sent.end and doc[k + 1].text[:1].isupper()):
        k += 1
    return k if k > names else None


def _left_apposition_start(doc: Doc, start: int, sent) -> int | None:
    """Where a title phrase before ", Name" starts ("Der Direktor des Hilfswerks , Anthony Lake"), if there is one."""
    if start - 2 < sent.start or doc[start - 1].text != "," or doc[start].pos_ != "PROPN":
        return None
    k = start - 2
    while k > sent.start and k > start - 12 and (doc[k].pos_ in GRAMMAR.spkatt_left_apposition_pos
                                                 or doc[k].text in MARKS.name_openers or doc[k].text in MARKS.name_closers):
        k -= 1
    if doc[k].pos_ != "DET":
        k += 1
    phrase = doc[k : start - 1]
    before = doc[k - 1] if k > sent.start else None
    if not len(phrase) or phrase[0].pos_ != "DET" or not any(t.pos_ == "NOUN" for t in phrase) \
            or before is not None and not (before.pos_ in GRAMMAR.verb_tags or before.is_punct or before.pos_ == "ADP"):
        return None
    return k


CHANNEL_CUE_LABELS = frozenset({"prep", "postp", "phrase"})


def channel_of(doc: Doc, claim, cue: Sequence[int]) -> tuple[list[int], list[int]] | None:
    """The cue and source tokens of the reporting phrase ("laut Spiegel Online") a claim's speaker is cited through."""
    if not cue:
        return None
    sent = doc[cue[0]].sent
    own = (claim.source.start, claim.source.end)
    phrases = [c for c in doc.spans.get(CUES, []) if c.label_ in CHANNEL_CUE_LABELS and sent.start <= c.start < sent.end]
    for span in doc.spans.get(SOURCES, []):
        if not sent.start <= span.start < sent.end or (span.start_char, span.end_char) == own or claim.source.via not in span.text:
            continue
        # (without the speaker's own words, which a parse may have joined to it: "sagte die Kanzlerin einigen
        # Teilnehmern zufolge")
        tokens = [i for i in range(span.start, span.end) if not own[0] <= doc[i].idx < own[1]]
        for phrase in phrases:
            # "laut [Spiegel Online]", "[einigen Teilnehmern] zufolge", "nach Angaben [der Polizei]"
            if tokens and (0 <= tokens[0] - phrase.end <= 3 or phrase.start == tokens[-1] + 1):
                return list(range(phrase.start, phrase.end)), tokens
    return None


def with_report_noun(doc: Doc, source: list[int], cue: Sequence[int] = ()) -> list[int]:
    """SpkAtt's Source of "laut Angaben der Polizei" is the report phrase, where claimx names its author
    ("der Polizei"): the report noun the source depends on right before it, with its article and adjectives."""
    if not source or source[0] == 0:
        return source
    noun = doc[source[0] - 1]
    if noun.i in cue or noun.lower_ not in _claimx_report_nouns() or not any(doc[i].head.i == noun.i for i in source):
        return source
    start = noun.i
    while start > 0 and doc[start - 1].pos_ in GRAMMAR.spkatt_report_phrase_pos and not doc[start - 1].is_sent_end:
        start -= 1
    return [*range(start, source[0]), *source]


def report_phrase_source(doc: Doc, cue: list[int], source: list[int]) -> list[int]:
    """SpkAtt's Source of "nach X Angaben (des Y)": the phrase after "nach", with a genitive or von-phrase
    right after it ("nach offiziellen Angaben" -> "offiziellen Angaben"; "nach eigenen Angaben" too)."""
    tokens = cue[1:]
    prepositions = GRAMMAR.spkatt_phrase_source_prepositions
    # (also over a title before the name: "nach Angaben des Priesters Samaan Ibrahim")
    if source and 0 < source[0] - cue[-1] <= 4 and all(doc[i].lower_ in prepositions or doc[i].pos_ in {"DET", "ADJ"}
                                                       or doc[i].pos_ == "NOUN" and doc[i].is_title
                                                       for i in range(cue[-1] + 1, source[0])):
        tokens += list(range(cue[-1] + 1, source[-1] + 1))
    return tokens


def form_of(claim, doc: Doc, message: list[int], cue: list[int]) -> str:
    """SpkAtt Form of a claim: continuations without a cue in their sentence are IndirectFreeIndirect."""
    form = FORM_OF_KIND.get(claim.kind, "Indirect")
    if form == "Indirect" and message:
        sentences = {doc[i].sent.start for i in message}
        if not cue or not sentences & {doc[i].sent.start for i in cue}:
            # "Der Fahrer soll geflohen sein.": an indicative hearsay sentence without a cue is FreeIndirect
            if claim.cue is None and claim.kind == "reported" and claim.mood != "konjunktiv_i":
                return "FreeIndirect"
            return "IndirectFreeIndirect"
    return form


def is_speech_event(claim, doc: Doc, message: list[int]) -> bool:
    """Leave out claims that SpkAtt never counts as speech events (checked on news train as dev)."""
    name_pos, verb_tags = GRAMMAR.spkatt_quoted_name_pos, GRAMMAR.verb_tags
    if claim.kind == "direct" and len(message) <= 4 and all(doc[i].pos_ in name_pos or doc[i].is_title
                                                            or doc[i].is_punct for i in message):
        return False  # a quoted name: „New York Times“, „Beijing Shibao“
    if claim.kind == "reported" and claim.cue is not None and claim.source is None \
            and any(doc[i].pos_ in verb_tags for i in char_span_tokens(doc, claim.cue.start, claim.cue.end)):
        return False  # (a reporting phrase names its source itself: "nach eigenen Angaben")  # "über den Vorfall berichten": a cue with a bare object, no source, rarely an event
    # "Die Polizei bittet um Hinweise": a bare object of such a verb is a claimx claim, but no SpkAtt event
    return not (claim.kind == "reported" and claim.cue is not None and claim.cue.lemma in GRAMMAR.spkatt_bare_object_cues)


def claim_annotations(doc: Doc, document: SpkAttDocument, *, claims=None, min_confidence: float = 0.0) -> list[dict[str, Any]]:
    """SpkAtt annotations from the rule-based claims (default: ``doc._.claims``)."""
    ids = token_ids(document)
    out = []
    if claims is None:
        claims = getattr(doc._, "claims", None) or []
    verb_tags, relative_deps = GRAMMAR.verb_tags, GRAMMAR.spkatt_relative_subject_deps
    for claim in claims:
        if claim.confidence < min_confidence:
            continue
        message = strip_tokens(doc, char_span_tokens(doc, claim.start, claim.end))
        if not message:
            continue
        if not is_speech_event(claim, doc, message):
            continue
        cue = char_span_tokens(doc, claim.cue.start, claim.cue.end) if claim.cue else []
        source = strip_tokens(doc, char_span_tokens(doc, claim.source.start, claim.source.end)) if claim.source else []
        source = with_report_noun(doc, source, cue)
        channel = channel_of(doc, claim, cue) if claim.source is not None and claim.source.via else None
        if channel is not None:
            # "„…“, sagte Raab laut Spiegel Online": SpkAtt's event is the outer one, reported by the channel
            cue, source = channel
            source = with_report_noun(doc, source, cue)
            if len(cue) > 1 and doc[cue[0]].lower_ == "nach":
                source, cue = report_phrase_source(doc, cue, source), cue[:1]
        elif claim.cue is not None and claim.cue.lemma.startswith("nach ") and len(cue) > 1:
            source, cue = report_phrase_source(doc, cue, source), cue[:1]
        if claim.cue is not None and claim.cue.lemma == "nach" and source and 0 < cue[0] - source[-1] <= 2:
            source = list(range(source[0], cue[0]))  # "seiner Meinung nach": Source is "seiner Meinung"
        relative = next((c.i for i in cue for c in doc[i].children if c.dep_ in relative_deps
                         and "Rel" in c.morph.get("PronType")), None)
        if relative is not None and source and source[-1] < relative:
            source = [relative]  # "…, der den Rebellen vorwarf": SpkAtt's Source is the relative pronoun
        if source and set(source) <= set(cue):
            source = []  # "hieß es": an impersonal cue names no source
        if len(source) == 1 and doc[source[0]].lower_ == "man":
            source = []  # "geht man davon aus": the impersonal pronoun is not annotated as a Source
        # (anywhere in the sentence: "Die Rolle der Bank soll demnach gestärkt werden")
        in_source = set(source)
        anaphor = next((i for i in message if doc[i].lower_ in GRAMMAR.anaphoric_sources and i not in in_source), None) \
            if claim.cue is None else None
        if anaphor is not None:
            # "Demnach habe sie …": SpkAtt's Source (and Cue) is the anaphoric adverb, not its antecedent
            source, cue = [anaphor], [anaphor]
        form = form_of(claim, doc, message, cue)
        source = extend_source(doc, source)
        if form != "Direct":
            # "Verletzt wurde nach Angaben der Feuerwehr niemand": cue and source are no part of the Message
            message = [i for i in message if i not in set(cue) | set(source)] or message
        if form != "Direct" and cue and not any(doc[i].pos_ in verb_tags for i in message) \
                and doc[cue[0]].pos_ in verb_tags:
            # "Meng kritisierte den harten Kurs.": no reported clause, so SpkAtt's Reported form, whose
            # Message is the whole sentence and which has no Cue
            sent = doc[cue[0]].sent
            message, cue, form = list(range(sent.start, sent.end)), [], "Reported"
        message = with_anaphor(doc, with_enclosing_quotes(doc, message), cue)
        if not set(cue) & {i for i in range(doc[message[0]].sent.start, doc[message[-1]].sent.end)}:
            message = with_final_punctuation(doc, message)
        out.append(annotation(ids, cue=cue, source=source, message=message, form=form,
                              stwr=stwr_of(claim.cue.lemma if claim.cue else None)))
    return merge_continuations(out, ids)


CONTINUATION_FORMS = {"IndirectFreeIndirect", "FreeIndirect"}


def merge_continuations(events: list[dict[str, Any]], ids: Sequence[str]) -> list[dict[str, Any]]:
    """Join a run of cue-less continuation sentences of one Form and Source into one event, as annotated."""
    sentence_of = {tid: int(tid.split(":")[0]) for tid in ids}
    out: list[dict[str, Any]] = []
    for event in events:
        previous = out[-1] if out else None
        if previous is not None and event["Form"] == previous["Form"] in CONTINUATION_FORMS \
                and not event["Cue"] and not previous["Cue"] and event["Source"] == previous["Source"] \
                and sentence_of[event["Message"][0]] == sentence_of[previous["Message"][-1]] + 1:
            previous["Message"] = previous["Message"] + event["Message"]
            continue
        out.append(event)
    return out


MODES = ("combined", "rules", "learned")


def predict_document(nlp, document: SpkAttDocument, *, mode: str = "combined", doc_id: str = "-",
                     debates: bool = False) -> SpkAttDocument:
    """Run the pipeline on the document's own tokens and return it with predicted annotations.

    ``rules`` and ``combined`` map ``doc._.claims``: combined means a pipeline loaded with
    ``claimx.load(learned=True)``, whose claims already hold the learned sources and events (what
    ``claimx extract --learned`` gives). ``learned`` maps the learned events alone.
    ``debates``: write the Task 1 format (no Form/STWR/nesting, events without a Message allowed);
    when combined, the learned events come first there and rule events are added where new."""
    doc = document_to_doc(nlp.vocab, document)
    if Doc.has_extension("doc_id"):
        doc._.doc_id = doc_id
    doc = nlp(doc)
    rules = claim_annotations(doc, document) if mode in ("combined", "rules") else []
    learned = learned_annotations(doc, document, debates=debates) if mode == "learned" or (mode == "combined" and debates) else []
    if debates:
        rules = [{k: a[k] for k in ("Cue", "Source", "Message", "Addr")} for a in rules]
    if mode == "learned":
        annotations = learned
    elif debates and mode == "combined":
        annotations = learned + [r for r in rules if not any(set(r["Cue"]) & set(e["Cue"]) or set(r["Message"]) & set(e["Message"]) for e in learned)]
    else:
        annotations = rules
    return SpkAttDocument(document.name, document.sentences, annotations, document.sentence_ids)
