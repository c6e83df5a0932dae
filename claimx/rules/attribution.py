"""Source attribution: find who speaks for each cue, and resolve it within the document.

``source_mention`` finds the noun phrase (subject of the speech verb, X of "laut X", the
NP of "so X"); ``DocumentResolver`` gives each mention a canonical name, using the registry
first and then what the document said before ("Lawrow" after "Sergej Lawrow",
"der Geheimdienst" after "Südkoreas Geheimdienst NIS", "aus Seoul" after NIS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from spacy.attrs import ORTH, POS, SENT_START
from spacy.tokens import Doc, Span, Token

from claimx.resources import GRAMMAR, MARKS, NON_SOURCES
from claimx.rules.mentions import (PersonMention, is_person_descriptor, is_person_title, last_person_before, office_of,
                                   person_entity_start, person_mentions, person_titled)
from claimx.rules.cues import IMPERSONAL, NOUN, PHRASE, POSTP, PREP, SO, VERB, WordLists, has_clausal_complement, verb_lemma
from claimx.sources import Match, Registry
from claimx.rules.text import ends_with_any, is_web_name, pos_ids, words_match
from claimx.rules.thresholds import SourceThresholds, shipped

# the function words and labels are data: GRAMMAR.<name> (claimx/data/grammar.yaml), MARKS (marks.yaml)


@dataclass(frozen=True)
class ResolvedSource:
    """A source mention with its canonical name."""

    start: int  # token offsets in the doc
    end: int
    name: str
    type: str
    resolved_by: str | None
    kb_id: str | None = None  # set by the sources component from the registry


# --- finding the mention -------------------------------------------------------------------
def source_mention(doc: Doc, kind: str, start: int, end: int, words: WordLists,
                   quoted: set[int] = frozenset(), limits: SourceThresholds | None = None) -> Span | None:
    """The noun phrase that is the source of the cue doc[start:end], or None (``quoted``: tokens in quotes)."""
    limits = limits or shipped(SourceThresholds)
    cue = doc[start]
    if kind == VERB:
        head = _source_phrase(cue, words) or _verb_subject(cue, quoted, limits) or _document_of_passive(cue, words, limits)
        head = _inverted_pronoun(cue, head, words) or head
        head = _inverted_speaker(cue, head, words, quoted, limits) or head
    elif kind == PREP:
        head = _np_head_after(doc, end, limits)
        head = _report_owner(head, words) if head is not None else None
    elif kind == POSTP:
        head = _np_head_before(doc, start, limits)
        head = _report_owner(head, words) if head is not None and cue.lower_ != "nach" else head
        if head is not None and cue.lower_ == "nach":
            # "Seiner Meinung nach": the owner of the opinion speaks ("Grupps Meinung nach" -> Grupp)
            owner = doc[head.i - 1] if head.i > 0 else None
            if owner is not None and (owner.lower_ in GRAMMAR.possessives or owner.pos_ == "PROPN"):
                return noun_phrase(owner, exclude=range(head.i, end), limits=limits)
    elif kind == PHRASE:
        head = _phrase_source(doc, start, end, words.phrase_set, limits)
    elif kind == SO:
        head = _np_head_after(doc, end, limits)
    elif kind == IMPERSONAL:
        head = _impersonal_source(doc, start, end, limits, words)
    elif kind == NOUN:
        return _content_noun_source(cue, limits)
    else:
        head = None
    if head is None:
        return None
    if start < head.i < end:  # "nach offiziellen Angaben": the phrase names its own source; only "nach" is cue
        return _channel_extent(noun_phrase(head, exclude=range(start, start + 1), limits=limits), head, words, limits)
    span = noun_phrase(head, exclude=range(start, end), limits=limits)
    if kind in {PREP, PHRASE} and span.start > start:
        span = _channel_extent(span, head, words, limits)
    name = _enclosing_name(head, limits) if kind in {PREP, PHRASE, SO} else None
    if name is not None:
        # "laut „Spiegel Online“": the whole quoted name, marks included, whatever the parse made of its words
        opener, close = name
        if opener < span.start <= close or span.start - 1 <= opener <= span.start + 1:  # (only a name that is or opens the source)
            span = doc[min(span.start, opener) : max(span.end, close + 1)]
    span = _with_following_name(span, limits)
    if kind == VERB:
        span = _without_frame_phrase(span, head, words.frames.get(verb_lemma(cue, words), frozenset()))
    if kind == VERB and head.i == start - 1 and span.start > cue.sent.start \
            and (whole := _prefield_phrase_subject(cue, quoted, limits)) is not None and whole.i == head.i:
        span = doc[cue.sent.start : span.end]  # the torn prefield phrase is the source as a whole
    elif kind == VERB and span.start == cue.sent.start and span.end < start \
            and (named := _named_prefield_subject(cue, quoted, limits)) is not None and named.i == head.i:
        span = doc[cue.sent.start : start]  # "Jan Roth vom Institut für Physik in Kiel": the name with its affiliation
    if kind in {VERB, SO}:
        span = _with_whole_name(_with_apposed_name(span, head, words.person_nouns), words.person_nouns)
    # "so der Mitarbeiter der Firma gegenüber der Zeitung": the addressee is no part of the source
    cut = next((t.i for t in span if t.i > head.i and t.lower_ in GRAMMAR.addressee_prepositions), None)
    if cut is not None:
        span = doc[span.start : cut]
    return _without_addressee(span, head, words.addressee_media) if kind == VERB else span


def _with_following_name(span: Span, limits: SourceThresholds) -> Span:
    """The source with the short quoted name right after it: "Die Organisation „Reporter ohne Grenzen“"."""
    doc = span.doc
    opener = span.end if span.end < len(doc) and doc[span.end].text in MARKS.name_openers else \
        span.end - 1 if len(span) > 1 and doc[span.end - 1].text in MARKS.name_openers else None
    if opener is None or doc[opener - 1].pos_ not in GRAMMAR.name_lead_pos:
        return span
    close = _name_close(doc, opener, limits)
    return doc[span.start : close + 1] if close is not None else span


def _document_of_passive(verb: Token, words: WordLists, limits: SourceThresholds) -> Token | None:
    """The document a passive speech verb without agent stands in: "In einem Bericht der Stadtwerke wurde vermutet, …"."""
    if not any(c.dep_ in GRAMMAR.passive_auxiliary_deps for c in verb.children):
        return None
    first = verb.sent[0]
    if first.lower_ not in GRAMMAR.impersonal_place_prepositions or first.i + 1 >= verb.i \
            or any(t.text in MARKS.clause_breaks for t in verb.doc[first.i : verb.i]):
        return None  # (not "In der Erklärung, die veröffentlicht wurde, …": the verb of a clause inside the phrase)
    head = _np_head_after(verb.doc, first.i + 1, limits)
    return head if head is not None and head.i < verb.i and words.is_document_noun(head.text) else None


def _source_phrase(verb: Token, words: WordLists) -> Token | None:
    """The noun of the phrase that names the source of a verb like "hervorgehen" ("Aus dem Bericht geht hervor")."""
    prepositions = words.source_prepositions.get(verb_lemma(verb, words))
    if not prepositions:
        return None
    return next((c for c in verb.children if c.pos_ in GRAMMAR.noun_tags
                 and any(g.dep_ == "case" and g.lower_ in prepositions for g in c.children)), None)


def _without_frame_phrase(span: Span, head: Token, frame_words: frozenset[str]) -> Span:
    """The source without a phrase of the verb's frame that the parse hung on it."""
    # "weisen die Richter auf die fehlende Grundlage hin": "auf …" is what they point to, not part of "die Richter"
    cut = next((t.i for t in span if t.i > head.i and t.pos_ == "ADP" and t.lower_ in frame_words), None)
    return span.doc[span.start : cut] if cut is not None and cut > span.start else span


def _with_apposed_name(span: Span, head: Token, person_nouns: set[str]) -> Span:
    """A title with the name after a comma: "erklärte der Leiter, Peter Brandt." names Peter Brandt."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != "," or head.pos_ != "NOUN" \
            or ends_with_any(head.lower_, person_nouns) is None or any(t.pos_ == "PROPN" for t in span):
        return span
    mention = next((m for m in person_mentions(doc, person_nouns) if m.start == span.end + 1), None)
    # the name must close the phrase ("…, Peter Brandt." / "…, Peter Brandt, der …"), not start a new clause
    if mention is None or mention.end - mention.start < 2 or mention.end < len(doc) and not doc[mention.end].is_punct:
        return span
    return doc[span.start : mention.end]


def _with_whole_name(span: Span, person_nouns: set[str]) -> Span:
    """The source with the rest of a person's name the parse left out: "wie Direktor Jonas Weber/obj erläuterte"."""
    # (also the whole name after the title: "sagte Institutsleiterin/nsubj Eva Hahn/obj")
    doc = span.doc
    titled = is_person_title(doc[span.end - 1], person_nouns)
    mention = next((m for m in person_mentions(doc, person_nouns) if span.start <= m.start and m.end > span.end
                    and (m.start < span.end or m.start == span.end and titled)), None)
    return span if mention is None else doc[span.start : mention.end]


def _without_addressee(span: Span, head: Token, media: set[str]) -> Span:
    """The speaker without the medium he speaks to: "sagte eine Sprecherin [der dpa]" (a dative, not her employer)."""
    doc = span.doc
    for k in range(head.i + 1, span.end - 1):
        if doc[k].lower_ not in GRAMMAR.addressee_articles:
            continue
        rest = [t for t in doc[k + 1 : span.end] if not t.is_punct]
        noun = next((t for t in rest if t.pos_ in GRAMMAR.noun_tags), None)
        if noun is not None and all(t.pos_ == "ADJ" or t.i == noun.i for t in rest[: rest.index(noun) + 1]) \
                and _is_medium(noun.lower_, media):
            return doc[span.start : k]
    return span


def _is_medium(word: str, media: set[str]) -> bool:
    shortest = GRAMMAR.min_medium_suffix_chars
    return word in media or any(len(m) >= shortest and word.endswith(m) for m in media)


def _verb_subject(verb: Token, quoted: set[int] = frozenset(), limits: SourceThresholds | None = None) -> Token | None:
    """The subject of a speech verb: its own, or that of the auxiliary it depends on."""
    limits = limits or shipped(SourceThresholds)
    # "X hatte erklärt" parsed with the subject on the auxiliary
    auxiliary_deps, relative_deps, nouns = GRAMMAR.auxiliary_deps, GRAMMAR.relative_clause_deps, GRAMMAR.noun_tags
    children = list(verb.children)
    auxiliaries = [c for c in children if c.dep_ in auxiliary_deps]
    # "Ergebnisse wurden gemeldet": a passive subject is what was said, not who said it ("X wurde zitiert" is)
    subject_deps, demonstratives = GRAMMAR.subject_deps, GRAMMAR.demonstrative_subjects
    deps = subject_deps if verb.lemma_ == "zitieren" else subject_deps - GRAMMAR.passive_subject_deps
    # "Die Liste existiere, werde aber nicht veröffentlicht": a passive speech verb shares no subject with the verb it is joined to
    shares_subject = verb.dep_ in GRAMMAR.shared_subject_deps and not any(c.dep_ in GRAMMAR.passive_auxiliary_deps for c in children)
    for candidate in (verb, verb.head if shares_subject else None, *auxiliaries):
        if candidate is None:
            continue
        for child in candidate.children:
            if child.dep_ in deps and child.lower_ not in demonstratives and not _is_quoted(child, quoted, limits) \
                    and not child.is_space and not is_non_source(child) and not _subject_of_content(child, verb) \
                    and not _oblique_by_form(child) \
                    and not any(g.dep_ == "case" and g.i < child.i for g in child.children):
                return child  # (not "Als Grund gab die Behörde … an": a phrase with a preposition is no subject)
            # "Der Minister, der den Rebellen vorwarf, …": a relative pronoun speaks for the noun it refers to
            if child.dep_ in deps and "PronType=Rel" in child.morph and candidate.dep_ in relative_deps \
                    and candidate.head.pos_ in nouns and candidate.head.i < child.i:
                return candidate.head
    # passive "wurde von X mitgeteilt": the agent
    for child in verb.children:
        if child.dep_ in GRAMMAR.agent_deps and any(c.lower_ == "von" and c.dep_ == "case" for c in child.children):
            if verb.i > 0 and verb.doc[verb.i - 1].lemma_ == "werden" or any(c.lemma_ == "werden" for c in verb.children):
                return child
    agent = _misattached_agent(verb, quoted, limits)
    if agent is not None:
        return agent
    # "Wie die „Süddeutsche Zeitung“ berichtet": in a verb-final wie-clause the parser may call the subject obj
    if any(c.lower_ == "wie" and c.dep_ == "mark" for c in verb.children):
        for child in verb.children:
            if child.dep_ in GRAMMAR.wie_subject_deps and child.i < verb.i and child.pos_ in nouns and not _is_quoted(child, quoted, limits) \
                    and not any(c.dep_ == "case" for c in child.children):
                return child
    # a noun in the prefield the parser mislabelled as advmod: "Anwohner berichteten, …"
    for child in verb.children:
        # (or a name the tagger calls an adverb here: "Gall/ADV schreibt" after "Reinhold Gall")
        if child.dep_ in GRAMMAR.prefield_subject_deps and (child.pos_ in nouns or _named_elsewhere(child)) \
                and child.i < verb.i \
                and child.i == child.sent.start + (1 if child.sent[0].pos_ == "DET" else 0) and not _is_quoted(child, quoted, limits):
            return child
    return _wie_clause_subject(verb, quoted, limits) or _subject_by_position(verb, quoted, limits) \
        or _apposed_prefield_subject(verb, quoted, limits) or _prefield_object_subject(verb, quoted, limits) \
        or _prefield_phrase_subject(verb, quoted, limits) or _named_prefield_subject(verb, quoted, limits) \
        or _elided_subject(verb, quoted, limits)


def _channel_extent(span: Span, head: Token, words: WordLists, limits: SourceThresholds) -> Span:
    """The source of "laut X" / "nach Angaben X" without the words of the clause the parse hung on it."""
    # "laut Ministerium [Arbeiten an der Stromübergabestelle …]", "nach Angaben der EU-Kommission [in schriftlicher
    # Form]", "laut Airbus [Bestellungen für 184 Flugzeuge]": after its head the source goes on only with a name,
    # a genitive, a von-phrase, a bracket or a quoted name
    doc = span.doc
    k = max(head.i + 1, span.start)
    while k < span.end:
        token = doc[k]
        if token.pos_ == "PROPN" or token.text[:1].isupper() and doc[k - 1].pos_ == "PROPN" and token.pos_ in GRAMMAR.noun_tags:
            k += 1
        elif token.lower_ in GRAMMAR.foreign_name_joints and k + 1 < span.end and doc[k + 1].text[:1].isupper():
            k += 2  # "der Organisation Housing Justice for All"
        elif token.lower_ in GRAMMAR.genitive_starts or token.lower_ in GRAMMAR.spkatt_source_membership:
            k = _phrase_after(doc, k + 1, span.end)
        elif token.lower_ in GRAMMAR.organisation_name_prepositions \
                and ends_with_any(doc[k - 1].lower_, words.organisation_nouns) is not None:
            k = _phrase_after(doc, k + 1, span.end)  # "der Stiftung für verfolgte Journalisten"
        elif token.text == "(":
            close = next((j for j in range(k + 1, span.end) if doc[j].text == ")"), None)
            if close is None:
                break
            k = close + 1
        elif _is_name_mark(token, limits):
            k += 1
        else:
            break
    return doc[span.start : k] if k > head.i else span


def _phrase_after(doc: Doc, k: int, end: int) -> int:
    """The end of "[adjectives] nouns/names" from ``k`` (``k`` when there is none)."""
    while k < end and doc[k].pos_ in {"ADJ", "NUM", "DET"}:
        k += 1
    first = k
    while k < end and (doc[k].pos_ in GRAMMAR.noun_tags or doc[k].text in MARKS.name_openers | MARKS.name_closers):
        k += 1
    return k if k > first else first


def _oblique_by_form(noun: Token) -> bool:
    """A noun phrase whose article is never nominative: no subject ("wirft den Behörden vor", "sagte dem Sender")."""
    # by the article's form alone: the tagger's Case often calls a nominative "der" Gen/Dat, and its Gender of an
    # unknown noun is no better ("der ai-Bericht" as feminine), so "der"/"einer" decide nothing
    article = next((c for c in noun.children if c.dep_ == "det" and c.i < noun.i), None)
    return article is not None and article.lower_ in GRAMMAR.non_nominative_articles


def _elided_subject(verb: Token, quoted: set[int], limits: SourceThresholds) -> Token | None:
    """The subject of the main clause before a verb that opens a clause of its own without one."""
    # "Die Trainerin wollte keine Namen nennen, sagte aber, das Team müsse …": parsed with no subject on "sagte"
    doc, sent = verb.doc, verb.sent
    if "VerbForm=Fin" not in verb.morph or verb.i - 1 <= sent.start \
            or doc[verb.i - 1].lower_ not in GRAMMAR.elided_subject_openers:
        return None
    deps = GRAMMAR.subject_deps - GRAMMAR.passive_subject_deps
    for token in reversed(doc[sent.start : verb.i - 1]):
        if token.text in MARKS.clause_breaks or _is_quoted(token, quoted, limits):
            return None
        if token.dep_ not in deps:
            continue
        clause = token.head
        # (not the subject of a clause opened by "ob", "weil" or a relative pronoun: "Ob X kommt, entscheidet …")
        main = token.i < clause.i < verb.i and clause.dep_ not in GRAMMAR.subordinate_clause_deps \
            and not any(t.pos_ == "SCONJ" or "PronType=Rel" in t.morph for t in doc[sent.start : token.i + 1])
        if main and token.pos_ in GRAMMAR.noun_tags and token.lower_ not in GRAMMAR.demonstrative_subjects \
                and not is_non_source(token):
            return token
        return None
    return None


def _prefield_phrase_subject(verb: Token, quoted: set[int], limits: SourceThresholds) -> Token | None:
    """The noun phrase that is the whole prefield of a verb with a clause or quotation, when the parse tore it apart."""
    # "Der deutsche Außenminister Guido Westerwelle erklärte: „…“" parsed with "Der" and "deutsche" under the verb:
    # before a finite speech verb in second place, a prefield of only article, adjectives and nouns is its subject
    doc, sent = verb.doc, verb.sent
    prefield = doc[sent.start : verb.i]
    if len(prefield) < 2 or "VerbForm=Fin" not in verb.morph or not has_clausal_complement(verb):
        return None
    nouns, phrase_pos = GRAMMAR.noun_tags, GRAMMAR.prefield_phrase_pos
    if prefield[0].lower_ in GRAMMAR.accusative_articles | GRAMMAR.dative_articles or not all(t.pos_ in phrase_pos for t in prefield) \
            or any(_is_quoted(t, quoted, limits) or is_non_source(t) for t in prefield):
        return None
    head = prefield[-1]
    return head if head.pos_ in nouns else None


def _named_prefield_subject(verb: Token, quoted: set[int], limits: SourceThresholds) -> Token | None:
    """The name that opens a prefield "Name von/vom Organisation" before a speech verb, however the parse hung it."""
    # "Jan Roth vom Institut für Physik in Kiel erklärte, …" parsed with "Roth" as a compound of "Institut"
    doc, sent = verb.doc, verb.sent
    if "VerbForm=Fin" not in verb.morph or not has_clausal_complement(verb):
        return None
    prefield = doc[sent.start : verb.i]
    link = next((t.i for t in prefield if t.lower_ in GRAMMAR.spkatt_source_membership), None)
    if link is None or not 2 <= link - sent.start <= limits.named_prefield_max_name_words:
        return None
    name, rest = doc[sent.start : link], doc[link + 1 : verb.i]
    titles, marks = _titles_after_articles(rest, limits), MARKS.name_openers | MARKS.name_closers
    if not all(_may_be_name_word(t) for t in name) or not any(t.pos_ == "PROPN" or t.ent_type_ for t in name) \
            or not all(t.pos_ in GRAMMAR.named_prefield_rest_pos or t.text in marks or t.i in titles for t in rest) \
            or any(_is_quoted(t, quoted, limits) or is_non_source(t) for t in name):
        return None
    return name[-1]


def _titles_after_articles(span: Span, limits: SourceThresholds) -> set[int]:
    """The words of short quoted names right after an article in ``span``: "der „Aktion Kinder helfen“"."""
    doc, inside = span.doc, set()
    for token in span:
        if token.text in MARKS.name_openers and token.i > span.start and doc[token.i - 1].pos_ == "DET":
            close = next((t.i for t in doc[token.i + 1 : min(span.end, token.i + limits.max_quoted_name_words + 2)]
                          if t.text in MARKS.name_closers), None)
            if close is not None:
                inside.update(range(token.i + 1, close))
    return inside


def _may_be_name_word(token: Token) -> bool:
    """A capitalised word the tagger may call anything but a function word ("Josef/ADV Schuster/NOUN")."""
    return token.is_alpha and token.text[:1].isupper() and token.pos_ not in GRAMMAR.not_name_word_pos


def _prefield_object_subject(verb: Token, quoted: set[int], limits: SourceThresholds) -> Token | None:
    """The noun phrase before the verb that the parse called its object, when nothing else can be the speaker."""
    # "Die Firma sagte, sie baue ein Werk" parsed with "Firma" as obj; not "Den Plan kritisierte …" (accusative article)
    sent = verb.sent
    for child in verb.children:
        if child.dep_ in GRAMMAR.prefield_object_deps and child.i < verb.i and child.pos_ in GRAMMAR.noun_tags \
                and not _is_quoted(child, quoted, limits) and not is_non_source(child) \
                and child.i <= sent.start + 1 + sum(1 for t in verb.doc[sent.start : child.i] if t.pos_ == "ADJ") \
                and not any(c.lower_ in GRAMMAR.accusative_articles or c.dep_ == "case" or c.pos_ == "ADP" for c in child.children):
            return child
    return None


def _misattached_agent(verb: Token, quoted: set[int], limits: SourceThresholds) -> Token | None:
    """The agent of a passive speech verb that the parse hung on a word of the verb's middle field."""
    # "Die Pläne wurden von Minister Karl Berg als unrealistisch bezeichnet": "von Minister …" under "unrealistisch"
    children = list(verb.children)
    auxiliary = next((c for c in children if c.dep_ in GRAMMAR.passive_auxiliary_deps and c.i < verb.i), None)
    if auxiliary is None:
        return None
    for token in verb.doc[auxiliary.i + 1 : verb.i]:
        if token.dep_ == "obl:agent" and token.head.i != verb.i and token.pos_ in GRAMMAR.noun_tags \
                and any(c.lower_ == "von" and c.dep_ == "case" for c in token.children) \
                and token.head.head.i == verb.i and not _is_quoted(token, quoted, limits):
            return token
    return None


def _wie_clause_subject(verb: Token, quoted: set[int], limits: SourceThresholds) -> Token | None:
    """The noun phrase right after "wie" of the verb-final clause the verb ends, when the parse gave it no subject."""
    # "Die Saison ist beendet, wie der Verband und die Liga am Montag mitteilten": "Verband" parsed as cc
    doc, breaks = verb.doc, MARKS.clause_breaks
    commas = 0  # "…, wie Jan Berg, Chef der Firma, mitteilte": the two commas of an apposition without a verb
    for token in reversed(doc[verb.sent.start : verb.i]):
        if token.text == "," and commas < 2 and not any(t.pos_ in GRAMMAR.verb_tags for t in doc[token.i + 1 : verb.i]):
            commas += 1
            continue
        if token.text in breaks or _is_quoted(token, quoted, limits):
            return None
        # (after a leading conjunction too: "Denn wie die Zeitung berichtete, …")
        if token.lower_ in GRAMMAR.wie_clause_openers and (token.i == token.sent.start or doc[token.i - 1].text in breaks
                                                           or token.i - 1 == token.sent.start and doc[token.i - 1].pos_ == "CCONJ"):
            head = _np_head_after(doc, token.i + 1, limits)
            if head is None or head.i >= verb.i or _is_quoted(head, quoted, limits) or is_non_source(head):
                return None
            return head
    return None


def _subject_of_content(subject: Token, verb: Token) -> bool:
    """A subject before ``…, sagte X`` that belongs to the content clause the parse hung on the verb."""
    # "Die Preise sei gestiegen, sagte eine Sprecherin": "Preise" is the subject of "sei", not of "sagte"
    doc = verb.doc
    closers = MARKS.content_closers
    before = verb.i - 1
    while before > subject.i and doc[before].text in closers:
        before -= 1
    if before <= subject.i or doc[before].text != "," and doc[before].text not in closers:
        return False
    verbs = GRAMMAR.verb_tags
    for token in doc[subject.i + 1 : before]:
        if token.text == ",":
            return False  # "Der Minister, der lange schwieg, sagte": a relative clause, the subject is his
        if token.pos_ in verbs and "VerbForm=Fin" in token.morph:
            return True
    # "Es sei schneller als alle anderen, teilte das Unternehmen mit": the parse made "anderen", after the
    # content's own finite verb, the subject of "teilte"
    for token in reversed(doc[subject.sent.start : subject.i]):
        if token.text in MARKS.clause_breaks:
            return False
        if token.pos_ in verbs and "VerbForm=Fin" in token.morph:
            return True
    return False


def is_non_source(token: Token) -> bool:
    """An adverb, a time expression or a sentence adverb the parser took for a subject."""
    # "Gestern Abend erklärte der Verband, …", "Gesellschaftspolitisch betonte sie, …"
    if token.ent_type_ in GRAMMAR.speaker_entity_types:
        return False
    adverbs, time_nouns, endings = NON_SOURCES.adverbs, NON_SOURCES.time_nouns, NON_SOURCES.adjective_endings
    lower = token.lower_
    if lower in adverbs or any(lower.endswith(t) and (lower == t or len(lower) > len(t) + 2 and t != "tag")
                               for t in time_nouns):
        return True
    first = token.i == token.sent.start
    return first and token.is_title and (lower.endswith(endings) or _is_participle(lower)) \
        and not _named_elsewhere(token) and not _titles_a_name(token)


def _is_participle(lower: str) -> bool:
    """A past participle standing as a sentence adverb: "Besorgt äußerte sich der Verband", "Erfreut zeigte sich …"."""
    from claimx.components.lexicons import package_verbs  # the shared table, loaded once per process
    return any(r.tense in GRAMMAR.participle_tenses for r in package_verbs().readings(lower))


def _titles_a_name(token: Token) -> bool:
    """A noun right before a name is its title ("General Berger", "Kardinal Roth"), not a sentence adverb."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < token.sent.end else None
    return following is not None and following.text[:1].isupper() \
        and (following.pos_ == "PROPN" or following.ent_type_ in GRAMMAR.speaker_entity_types)


def _named_elsewhere(token: Token) -> bool:
    """A capitalised word that stands as a noun inside another sentence of the document ("Reinhold Gall")."""
    if token.text[:1].isupper() and token.ent_type_ in GRAMMAR.speaker_entity_types:
        return True
    counts, nouns = _noun_index(token.doc)
    return counts.get(token.orth, 0) > (1 if token.i in nouns else 0)


_NOUN_INDEX = "claimx_noun_index"  # doc.user_data, while claimx_sources runs


def _noun_index(doc: Doc) -> tuple[dict[int, int], set[int]]:
    """Per word form, how often it stands as a noun not first in its sentence; and those tokens.

    Built once per doc: this runs for several cues of a long document.
    """
    cached = doc.user_data.get(_NOUN_INDEX)
    if cached is None or cached[0] != len(doc):
        counts: dict[int, int] = {}
        nouns: set[int] = set()
        noun_ids = pos_ids("noun_tags")
        for i, (orth, pos, sent_start) in enumerate(doc.to_array([ORTH, POS, SENT_START]).tolist()):
            if sent_start != 1 and pos in noun_ids:
                counts[orth] = counts.get(orth, 0) + 1
                nouns.add(i)
        cached = doc.user_data[_NOUN_INDEX] = (len(doc), counts, nouns)
    return cached[1], cached[2]


def forget_noun_index(doc: Doc) -> None:
    doc.user_data.pop(_NOUN_INDEX, None)



def _subject_by_position(verb: Token, quoted: set[int], limits: SourceThresholds) -> Token | None:
    """When the parse gives no subject: the noun right after the verb ("sagte der Minister")."""
    sent = verb.sent
    nouns, pronouns = GRAMMAR.noun_tags, GRAMMAR.personal_pronouns
    # "Das hat der Verein am Sonntag bekannt gegeben": after the finite auxiliary of a participle at the end
    # (a perfect, not a passive: after "wurde" of "Als Ursache wurde … vermutet" comes what was said)
    children = list(verb.children)
    passive = any(c.dep_ in GRAMMAR.passive_auxiliary_deps for c in children)
    anchor = verb.i if passive else min([verb.i, *(c.i for c in children if c.dep_ in GRAMMAR.perfect_auxiliary_deps
                                                      and sent.start < c.i < verb.i)])
    if anchor < verb.i and _prefield_may_hold_subject(verb.doc[sent.start : anchor]):
        anchor = verb.i  # "Er hatte Fehler eingeräumt": after the auxiliary comes the object
    for token in verb.doc[anchor + 1 : min(sent.end, anchor + 1 + limits.subject_after_verb_tokens)]:
        if _is_name_mark(token, limits):
            continue
        if token.is_punct or _is_quoted(token, quoted, limits):
            break
        if token.pos_ in nouns and any(c.dep_ == "case" and c.i < token.i for c in token.children):
            continue  # "berichteten von einem lauten Knall": the noun of a prepositional phrase is what was said
        if token.pos_ in nouns and _oblique_by_form(token):
            continue  # "sagte der Zeitschrift": the addressee
        if token.pos_ in nouns and not is_non_source(token) or \
                (token.pos_ == "PRON" and token.lower_ in pronouns):
            return token
    return None


def _prefield_may_hold_subject(prefield: Span) -> bool:
    """A noun without preposition, a name or a personal pronoun before the finite verb: the subject may stand there."""
    # ("Zu Guttenberg hatte …": a name whose particle the parse took for a preposition; not "Am Sonntag hat …")
    # (only the prefield's own phrases: "Im Rahmen des Abkommens hat die EU zugesagt" has a genitive inside a
    # prepositional phrase, no subject)
    top = [t for t in prefield if not prefield.start <= t.head.i < prefield.end or t.head.i == t.i]
    return any(t.pos_ in GRAMMAR.noun_tags and not any(c.dep_ == "case" for c in t.children)
               or t.pos_ == "PROPN" and not is_non_source(t) or "PronType=Prs" in t.morph for t in top)


def _content_noun_source(noun: Token, limits: SourceThresholds) -> Span:
    """Whose report a content-clause noun is: its genitive or "von" owner, its possessive, else the noun itself."""
    # "die Forderung der Gewerkschaft, dass …" -> der Gewerkschaft; "seine Warnung, dass …" -> seine;
    # "Spekulationen, wonach …" -> Spekulationen (vague)
    for child in noun.children:
        if child.i > noun.i and child.dep_ in GRAMMAR.report_owner_deps and child.pos_ in GRAMMAR.noun_tags \
                and ("Case=Gen" in child.morph or any(c.lower_ in GRAMMAR.genitive_starts or c.lower_ in GRAMMAR.report_owner_prepositions for c in child.children)):
            return noun_phrase(child, exclude=range(noun.i, noun.i + 1), limits=limits)
    possessive = next((c for c in noun.children if c.i < noun.i and c.lower_ in GRAMMAR.possessives), None)
    if possessive is not None:
        return noun.doc[possessive.i : possessive.i + 1]
    return noun_phrase(noun, limits=limits)


def _inverted_pronoun(verb: Token, subject: Token | None, words: WordLists) -> Token | None:
    """A pronoun right after the verb that is its subject, when the parse chose a prefield noun that cannot speak."""
    # "Die Arbeit der Regierung lobte er als Erfolg", "Das Ergebnis bezeichnete sie als Erfolg"
    doc = verb.doc
    if subject is None or subject.i > verb.i or verb.i + 1 >= len(doc):
        return None
    after = doc[verb.i + 1]
    if _can_speak(subject, words):
        return None
    if after.lower_ in GRAMMAR.inverted_subject_pronouns and subject.pos_ == "NOUN":
        return after
    # "Lapidar sagt Jan Weber, dass …": a person's name right after the verb speaks, not a prefield word that names no one
    if after.ent_type_ == "PER" and after.text[:1].isupper() and subject.i == subject.sent.start \
            and subject.pos_ in GRAMMAR.inverted_name_subject_pos:
        return after
    return None


def _inverted_speaker(verb: Token, subject: Token | None, words: WordLists, quoted: set[int],
                      limits: SourceThresholds) -> Token | None:
    """The speaker right after a finite verb when the parse made a fronted thing its subject."""
    # "Eine Verschiebung der Wahl bezeichnete Brenner als fatal", "Den Börsenwert beziffert der „Focus“ auf …":
    # the fronted object cannot speak, the name after the verb can
    if subject is None or subject.i > verb.i or "VerbForm=Fin" not in verb.morph or subject.pos_ != "NOUN" \
            or _can_speak(subject, words) or subject.ent_type_ or _is_quoted(verb, quoted, limits):
        return None
    # only an object by its form ("Den Börsenwert", "Eine Verschiebung"/Acc), never a name ("Das Forum Waffenrecht")
    accusative = "Case=Acc" in subject.morph or any(c.dep_ == "det" and c.morph.get("Case") == ["Acc"] for c in subject.children)
    if not accusative or any(c.dep_ in GRAMMAR.name_apposition_deps or c.pos_ == "PROPN" for c in subject.children):
        return None
    after = _np_head_after(verb.doc, verb.i + 1, limits)
    if after is None or after.sent != verb.sent or after.i - verb.i > limits.subject_after_verb_tokens \
            or any(c.dep_ == "case" and c.i < after.i for c in after.children) or _is_quoted(after, quoted, limits):
        return None
    # (or a noun the parse also made the verb's subject: "bezeichnete Brenner/NOUN als fatal")
    speaks = after.pos_ == "PROPN" and not is_non_source(after) or _can_speak(after, words) \
        or after.head.i == verb.i and after.dep_ in GRAMMAR.subject_deps - GRAMMAR.passive_subject_deps
    return after if speaks and "Case=Nom" in after.morph or speaks and not after.morph.get("Case") else None


def _can_speak(head: Token, words: WordLists) -> bool:
    """A person or organisation by its entity label or its noun ("die Agentur", "Reuters")."""
    return head.ent_type_ in GRAMMAR.speaker_entity_types or names_a_speaker(head.lower_, words)


def names_a_speaker(word: str, words: WordLists) -> bool:
    """A noun that can speak: a person by office or role, an organisation, an anonymous source."""
    return any(ends_with_any(word, nouns) is not None for nouns in (words.person_nouns, words.organisation_nouns, words.anonymous)) \
        or is_person_descriptor(word)


def _apposed_prefield_subject(verb: Token, quoted: set[int], limits: SourceThresholds) -> Token | None:
    """The name opening the sentence before an apposition between commas, right before the verb."""
    # "Jonas Weber, Betriebsratschef der Werke Süd, erklärte, dass …": parsed with the name as a root of its own
    doc, sent = verb.doc, verb.sent
    if verb.i - sent.start < 4 or doc[verb.i - 1].text != ",":
        return None
    prefield = doc[sent.start : verb.i - 1]
    if any(t.pos_ in GRAMMAR.verb_tags or _is_quoted(t, quoted, limits) for t in prefield):
        return None  # "Die Preise seien gestiegen, sagte …": the prefield is a clause, not a noun phrase
    comma = next((t.i for t in prefield if t.text == ","), None)
    if comma is None or comma == sent.start:
        return None
    first = doc[sent.start : comma]
    if not all(t.pos_ in GRAMMAR.np_modifier_pos or t.pos_ in GRAMMAR.noun_tags for t in first):
        return None
    head = first[-1]
    if head.pos_ not in GRAMMAR.noun_tags or is_non_source(head):
        return None
    return head


def _np_head_after(doc: Doc, i: int, limits: SourceThresholds) -> Token | None:
    """The head noun of the noun phrase starting at token ``i`` ("laut [dem Ministerium]")."""
    end = min(len(doc), i + limits.max_source_tokens)
    first_noun = None
    for token in doc[i:end]:
        if _is_name_mark(token, limits):
            continue  # "laut „Spiegel Online“"
        if token.is_punct and token.text not in MARKS.brackets:
            break
        if token.pos_ in GRAMMAR.source_head_pos or (token.text[:1].isupper() and token.pos_ not in GRAMMAR.not_name_start_pos) \
                or is_web_name(token.lower_):
            first_noun = token
            break
        if token.pos_ not in GRAMMAR.np_modifier_pos:
            break
    if first_noun is None:
        return None
    if first_noun.pos_ == "NUM":
        # "laut sechs unterschiedlichen Quellen": the noun a number counts is the head
        counted = next((t for t in doc[first_noun.i + 1 : min(end, first_noun.i + 4)]
                        if t.pos_ in GRAMMAR.noun_tags or t.pos_ not in GRAMMAR.np_modifier_pos), None)
        if counted is not None and counted.pos_ in GRAMMAR.noun_tags:
            first_noun = counted
    close = _enclosing_name_close(first_noun, limits)
    if close is not None:  # "laut „Tagesblatt Online“" (even with "Online" tagged ADV): the last word
        return doc[close - 1]
    # a multi-word name "der Kyiv Post", "Sergej Lawrow": the last noun of the run is the head
    head = first_noun
    while head.i + 1 < len(doc) and doc[head.i + 1].pos_ in GRAMMAR.noun_tags and doc[head.i + 1].text[:1].isupper():
        if doc[head.i + 1].head == head:
            break  # "der Luftfahrtbehörde Enac": the name is an apposition of the head noun
        head = doc[head.i + 1]
    return head


def _np_head_before(doc: Doc, i: int, limits: SourceThresholds) -> Token | None:
    """The head noun of the noun phrase that ends before token ``i`` ("[dem Bericht] zufolge")."""
    reach = limits.max_source_tokens
    cue = doc[i]
    head_pos = GRAMMAR.source_head_pos
    if cue.head.i < i and cue.head.pos_ in head_pos and cue.dep_ == "case":
        return cue.head
    for token in reversed(doc[max(0, i - reach) : i]):
        if token.pos_ in head_pos:
            head = token
            while head.head.i < head.i and head.dep_ in GRAMMAR.name_part_deps and head.head.i >= i - reach:
                head = head.head
            return head
        if token.is_punct:
            return None
    return None


def _phrase_source(doc: Doc, start: int, end: int, listed: frozenset[tuple[str, ...]], limits: SourceThresholds) -> Token | None:
    # "nach Angaben [des Ministeriums]", "nach Angaben von [Augenzeugen]", "nach eigenen Angaben" → subject
    words = [t.lower_ for t in doc[start:end]]
    if GRAMMAR.own_words & set(words):
        root = doc[start].sent.root
        subject_deps = GRAMMAR.subject_deps
        return next((c for c in root.children if c.dep_ in subject_deps), None)
    i = end
    if i < len(doc) and doc[i].lower_ in GRAMMAR.phrase_source_prepositions:
        i += 1
    elif tuple(words) not in listed:
        # "nach palästinensischen Angaben", "nach Polizeiangaben": a source follows only as a genitive
        if i < len(doc) and doc[i].lower_ not in GRAMMAR.genitive_starts and "Case=Gen" not in str(doc[i].morph):
            return _own_source(doc, start, end)
    if i < len(doc) and doc[i].is_punct:
        return _own_source(doc, start, end) if end - start > 1 else None
    return _np_head_after(doc, i, limits) or _own_source(doc, start, end)


def _report_owner(head: Token, words: WordLists) -> Token:
    """The author of a report noun after "laut" / before "zufolge": "laut Angaben der Polizei" is the Polizei's,
    "laut einem Bericht des Senders" the Sender's (a report without an owner speaks itself: "laut einer Umfrage")."""
    if head.lower_ not in words.report_nouns:
        return head
    # (right after the noun and a speaker: not "Angaben vom Mittwoch", nor a "von"-agent the parse hung on it)
    owner = next((c for c in head.children if c.dep_ in GRAMMAR.report_owner_deps and c.i > head.i
                  and c.left_edge.i == head.i + 1 and c.pos_ in GRAMMAR.noun_tags
                  and not any(g.dep_ == "case" and g.lower_ not in GRAMMAR.report_owner_prepositions for g in c.children)
                  and (_can_speak(c, words) or c.pos_ == "PROPN" and c.ent_type_ not in GRAMMAR.report_owner_not_entity_types
                       and not is_non_source(c))), None)
    return owner if owner is not None else head


def _own_source(doc: Doc, start: int, end: int) -> Token | None:
    """The source inside a "nach …" phrase: its possessive ("nach seiner Ansicht") or its noun ("nach Polizeiangaben")."""
    if doc[start].lower_ != "nach" or end - start < 2:
        return None
    possessives = GRAMMAR.possessives
    possessive = next((t for t in doc[start + 1 : end - 1] if t.lower_ in possessives), None)
    return possessive or doc[end - 1]


def _impersonal_source(doc: Doc, start: int, end: int, limits: SourceThresholds, words: WordLists) -> Token | None:
    head = _impersonal_phrase_head(doc, start, end, limits, words)
    # "Im Januar hieß es": a time is no source
    return None if head is None or is_non_source(head) else head


def _impersonal_phrase_head(doc: Doc, start: int, end: int, limits: SourceThresholds, words: WordLists) -> Token | None:
    # "hieß es aus Sicherheitskreisen", "hieß es in Seoul": a following aus/in/von phrase names the source
    if end + 1 < len(doc) and doc[end].lower_ in GRAMMAR.impersonal_source_prepositions:
        return _np_head_after(doc, end + 1, limits)
    # "Wie aus Ermittlerkreisen verlautete": the aus-phrase before the verb
    prefield, places = GRAMMAR.impersonal_prefield_prepositions, GRAMMAR.impersonal_place_prepositions
    for token in reversed(doc[max(0, start - limits.impersonal_prefield_tokens) : start]):
        if token.is_punct:
            break
        # "In dem Bericht heißt es": a document or place the formula stands in
        if token.lower_ in prefield or token.lower_ in places and token.i == token.sent.start:
            return _np_head_after(doc, token.i + 1, limits)
        if token.lower_ in GRAMMAR.impersonal_site_prepositions and token.i == token.sent.start:
            head = _np_head_after(doc, token.i + 1, limits)
            return head if head is not None and words.is_document_noun(head.text) else None
        # "Bei der Polizei hieß es": at a speaker, not at an event ("Beim Treffen hieß es")
        if token.lower_ in GRAMMAR.impersonal_speaker_prepositions and token.i == token.sent.start:
            head = _np_head_after(doc, token.i + 1, limits)
            return head if head is not None and _can_speak(head, words) else None
    return None


def noun_phrase(head: Token, *, exclude: range = range(0), limits: SourceThresholds) -> Span:
    """The contiguous noun phrase around ``head``, cut at commas, verbs and the cue."""
    doc = head.doc
    members = _phrase_members(head, exclude)
    start, end = head.i, head.i + 1
    while start - 1 in members and not _stops(doc[start - 1], exclude, limits):
        start -= 1
    while end in members and not _stops(doc[end], exclude, limits):
        end += 1
    # a number after the head noun starts the next phrase: "laut Behörden [7.000 Menschen]"
    cut = next((k for k in range(head.i + 1, end) if doc[k].pos_ == "NUM" and doc[k - 1].pos_ in GRAMMAR.noun_tags
                and not any(doc[j].text == "(" for j in range(head.i, k))), None)
    if cut is not None:
        end = cut
    # a prepositional attribute the parse hung on the governing noun: "(Angaben) der Gesellschaft für bedrohte Völker"
    while end < len(doc) and end not in exclude and doc[end].dep_ == "case" and doc[end].head.dep_ == "nmod" \
            and doc[end].head.i > end and doc[end].head.head.i in members | {head.head.i} and doc[end].head.head.i < end:
        end = max(t.i for t in doc[end].head.subtree) + 1
    # a title followed by a name the parse attached elsewhere: "Der Bürgermeister Peter Klein"
    while end < len(doc) and end not in exclude and doc[end].pos_ in GRAMMAR.noun_tags and doc[end].text[:1].isupper() \
            and (doc[end].pos_ == "PROPN" or doc[end - 1].pos_ == "PROPN") and doc[end - 1].pos_ in GRAMMAR.noun_tags:
        end += 1
    # a multi-word name whose last word the parse made the head: "laut Kyiv Independent"
    while start > 0 and start - 1 not in exclude and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() \
            and doc[start].pos_ in GRAMMAR.noun_tags and not _stops(doc[start - 1], exclude, limits) and "\n" not in doc[start - 1].whitespace_:
        start -= 1
    # the marks around a quoted name that is the whole phrase: "laut „Spiegel Online“"
    closed = doc[end - 1].text in MARKS.name_closers and _is_name_mark(doc[end - 1], limits)
    if start > 0 and (closed or end < len(doc) and _is_name_mark(doc[end], limits)) and _is_name_mark(doc[start - 1], limits) \
            and start - 1 not in exclude:
        start, end = start - 1, end if closed else end + 1
        while start - 1 in members and not _stops(doc[start - 1], exclude, limits):
            start -= 1  # "die „Süddeutsche Zeitung“"
    # a quoted name right after the phrase: "die Nachrichtenagentur „Tanjug“"
    if end + 2 < len(doc) and end not in exclude and doc[end].text in MARKS.name_openers and doc[end - 1].pos_ in GRAMMAR.noun_tags:
        closers = MARKS.name_closers
        # the closing mark within the reach of a short quoted name (as in _name_close)
        close = next((t.i for t in doc[end + 1 : min(len(doc), end + limits.max_quoted_name_words + 2)] if t.text in closers), None)
        if close is not None and close > end + 1 and all(t.text[:1].isupper() or t.is_punct for t in doc[end + 1 : close]):
            end = close + 1
    # an abbreviation in parentheses right after the phrase: "des Geheimdienstes (NIS)"
    if end + 2 <= len(doc) and doc[end].text == "(":
        close = next((t.i for t in doc[end + 1 : min(len(doc), end + 2 + limits.max_abbreviation_tokens)] if t.text == ")"), None)
        if close is not None:
            end = close + 1
    return _trimmed(doc[start:end], head, limits)


def _phrase_members(head: Token, exclude: range) -> set[int]:
    """The tokens the parse attaches to ``head`` as parts of its noun phrase (no verbs, nothing excluded)."""
    members = {head.i}
    np_deps, verbs = GRAMMAR.np_deps, GRAMMAR.verb_tags
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in np_deps and child.i not in exclude and child.pos_ not in verbs:
                members.add(child.i)
                stack.append(child)
    return members


def _trimmed(span: Span, head: Token, limits: SourceThresholds) -> Span:
    """``span`` without leading spaces, prepositions and punctuation or trailing punctuation, at most
    ``limits.max_source_tokens`` long."""
    doc = span.doc
    reach = limits.max_source_tokens
    while len(span) > 1 and span[0].is_space:
        span = doc[span.start + 1 : span.end]
    # "…, wie Forschungschefin Anna Weber erläuterte": the parse may hang "wie" on the name as its case
    while len(span) > 1 and (span[0].is_punct or span[0].pos_ in GRAMMAR.trim_leading_pos or span[0].lower_ in GRAMMAR.trim_leading_words) \
            and span[0].text != "(" \
            and not _is_name_mark(span[0], limits):
        span = doc[span.start + 1 : span.end]
    while len(span) > 1 and span[-1].is_punct and span[-1].text != ")" \
            and not (span[-1].text in MARKS.name_closers and any(t.text in MARKS.name_openers for t in span[:-1])):
        span = doc[span.start : span.end - 1]
    if len(span) > reach:
        span = doc[max(span.start, head.i - reach // 2) : min(span.end, head.i + reach // 2)]
    return span


def _quoted_name_words(doc: Doc, first: int, last: int, limits: SourceThresholds) -> bool:
    words = [t for t in doc[first:last] if not t.is_punct]
    # (a function word inside the name: „Reporter ohne Grenzen“, „Ärzte ohne Grenzen“)
    return 0 < len(words) <= limits.max_quoted_name_words and all(
        t.text[:1].isupper() and t.pos_ not in GRAMMAR.not_in_name_pos or is_web_name(t.lower_)
        or 0 < k < len(words) - 1 and t.is_lower and t.pos_ in GRAMMAR.name_inner_pos for k, t in enumerate(words))


def _name_close(doc: Doc, i: int, limits: SourceThresholds) -> int | None:
    """The closing mark of the short quoted name that the mark ``doc[i]`` opens („Spiegel Online“), or None."""
    if doc[i].text not in MARKS.name_openers:
        return None
    closers = MARKS.name_closers
    close = next((t.i for t in doc[i + 1 : min(len(doc), i + limits.max_quoted_name_words + 2)] if t.text in closers), None)
    if close is not None and _quoted_name_words(doc, i + 1, close, limits):
        return close
    return None


def _is_name_mark(token: Token, limits: SourceThresholds) -> bool:
    """A quotation mark around a short quoted name („Spiegel Online“), not around speech."""
    doc = token.doc
    if _name_close(doc, token.i, limits) is not None:
        return True
    if token.text in MARKS.name_closers:
        openers = MARKS.name_openers
        open_ = next((t.i for t in reversed(doc[max(0, token.i - limits.max_quoted_name_words - 1) : token.i]) if t.text in openers), None)
        if open_ is not None and _quoted_name_words(doc, open_ + 1, token.i, limits):
            return True
    return False


def _is_quoted(token: Token, quoted: set[int], limits: SourceThresholds) -> bool:
    """Inside a quotation, and not just inside a quoted name ("berichtete „Spiegel Online“")."""
    return token.i in quoted and not _in_quoted_name(token, limits)


def _in_quoted_name(token: Token, limits: SourceThresholds) -> bool:
    """The token stands inside a short quoted name."""
    return _enclosing_name_close(token, limits) is not None


def _enclosing_name_close(token: Token, limits: SourceThresholds) -> int | None:
    """The closing mark of the short quoted name around ``token``, or None."""
    name = _enclosing_name(token, limits)
    return name[1] if name is not None else None


def _enclosing_name(token: Token, limits: SourceThresholds) -> tuple[int, int] | None:
    """The opening and closing marks of the short quoted name around ``token``, or None.

    The nearest mark before the token must open the name: in "ein „Skandal“, so Müller" the
    mark before "Müller" closes „Skandal“ and Müller stands in no quoted name.
    """
    doc = token.doc
    marks = MARKS.name_openers | MARKS.name_closers
    for k in range(token.i - 1, max(-1, token.i - limits.max_quoted_name_words - 1), -1):
        if doc[k].text in marks:
            close = _name_close(doc, k, limits)
            return (k, close) if close is not None else None
    return None


def _stops(token: Token, exclude: range, limits: SourceThresholds) -> bool:
    if token.i not in exclude and _is_name_mark(token, limits):
        return False
    return token.i in exclude or token.text in MARKS.phrase_stops or token.pos_ in GRAMMAR.verb_tags \
        or "\n" in token.text or "\n" in token.whitespace_


# --- resolving the mention -----------------------------------------------------------------
@dataclass
class _Known:
    """A source already named in this document."""

    name: str
    type: str
    keys: set[str] = field(default_factory=set)  # surnames, head nouns, abbreviations (lowercase)
    country: str | None = None
    last: int = -1  # token index of its latest mention


class DocumentResolver:
    """Canonical names for the source mentions of one document, in document order."""

    def __init__(self, registry: Registry, words: WordLists, limits: SourceThresholds | None = None) -> None:
        self.registry = registry
        self.words = words
        self.limits = limits or shipped(SourceThresholds)
        self.known: list[_Known] = []

    def resolve(self, span: Span) -> ResolvedSource:
        """Name, type and evidence for one source mention."""
        name, kind, how = self._resolve(span)
        return ResolvedSource(span.start, span.end, name, kind, how)

    def _resolve(self, span: Span) -> tuple[str, str, str | None]:
        brackets = MARKS.brackets
        tokens = [t for t in span if not t.is_punct or t.text in brackets]
        words = [t.text for t in tokens]
        head = _head_of(span)
        if self.registry.place_of([head.text]) is not None:
            # "Moskaus Chefdiplomat" parsed with the genitive place as head: the office is the head
            # (the tagger may call the office a proper noun after the place: "Moskaus/PROPN Chefdiplomat/PROPN")
            head = next((t for t in reversed(span) if t.i > head.i and t.pos_ in GRAMMAR.noun_tags), head)
        if _is_vague(span, self.words):
            return _plain(span, self.limits), "vague", None
        report = self._report_by_name_prefix(span, head)
        if report is not None:
            return report
        if head.pos_ == "PRON" or head.lower_ in GRAMMAR.personal_pronouns or (len(span) == 1 and head.lower_ in GRAMMAR.possessives):
            return self._pronoun(head)
        names = _without_titles([t for t in _proper_names(span) if self.registry.place_of([t.text]) is None], self.words)
        inner = _inner_organisation(span, head)
        match = self.registry.lookup(words, head.text, has_name=bool(names))
        if match is not None and match.how == "role":
            # "Moskaus Chefdiplomat": a registered office of a named country is its holder, not anonymous
            return self._registered(match, span, head)
        anonymous = ends_with_any(head.lower_, self.words.anonymous) is not None and not _names_person(span, head, names)
        if anonymous:
            # "ein Beamter des südkoreanischen Geheimdienstes (NIS)": anonymous, speaking for NIS
            # (not an organisation that is itself unnamed: "die Sprecherin eines Senders" stays as written)
            if inner is not None and not _is_unnamed(inner):
                inner_name, _, inner_how = self._resolve(inner)
                return inner_name, "anonymous", inner_how
            org = self._by_head_compound(head)
            if org is not None:
                return org
            return _plain(span, self.limits), "anonymous", None
        if match is not None:
            return self._registered(match, span, head)
        known = self._corefer(span, head, names)
        titled = self._titled_person(span, head, names, known)
        if titled is not None:
            return titled
        if known is not None:
            self._remember(known.name, known.type, span, head, known.country)
            return known.name, known.type, "coreference"
        described = self._described(span, head, names)
        if described is not None:
            return described
        place = self.registry.place_of(words) if not names or head.ent_type_ == "LOC" else None
        if place is not None and _is_place_mention(span, head, self.registry):
            same_country = next((k for k in reversed(self.known) if k.country == place), None)
            if same_country is not None:
                return same_country.name, same_country.type, "place"
            return _plain(span, self.limits) if len(names) != 1 else names[0].text, "place", None
        kind = _type_of(span, head, names, self.words)
        name = " ".join(t.text for t in names) if names and kind == "person" else _plain(span, self.limits)
        if kind == "organisation":
            name = _nominative(span, name)
        # (not "die St. Galler Polizei": a name ending in an organisation noun is no person)
        mention = self._named_head(span, head) if kind != "organisation" else None
        if mention is not None:
            kind, name = "person", mention.name
        self._remember(name, kind, span, head, None)
        return name, kind, None

    def _named_head(self, span: Span, head: Token) -> PersonMention | None:
        """The person mention the source's head is in or titles: the fullest name, without the title."""
        # "sagte Hahn" after "Eva Hahn", "sagte Institutsleiterin Eva Hahn": Eva Hahn (not "der Anwalt von Eva Hahn");
        # not a possessor ("Hahns Kollege Tim Kurz") nor a part of a longer name ("IG Metall Nordhessen")
        doc, names = span.doc, _proper_names(span)
        for m in person_mentions(doc, self.words.person_nouns):
            if span.start <= m.start and m.end <= span.end and (m.start <= head.i < m.end or m.start == head.i + 1) \
                    and not (names and names[0].i < m.start <= names[-1].i):
                following = next((t for t in doc[m.end : span.end] if not t.is_punct and t.text not in MARKS.quote_marks), None)
                if following is None or following.pos_ != "NOUN":
                    return m
        return None

    def _report_by_name_prefix(self, span: Span, head: Token) -> tuple[str, str, str | None] | None:
        """A report noun compounded with its author's name: "ein Reuters-Bericht" is Reuters', "die ARD-Umfrage" ARD's."""
        prefix, dash, noun = head.text.rpartition("-")
        if not dash or not prefix[:1].isupper() or not self.words.is_content_clause_noun(noun):
            return None
        match = self.registry.lookup([prefix], prefix, has_name=True)
        if match is not None:
            return self._registered(match, span, head)
        known = next((k for k in reversed(self.known) if prefix.lower() in k.keys), None)
        if known is not None:
            return known.name, known.type, "coreference"
        if prefix.isupper() and len(prefix) > 1:
            self._remember(prefix, "organisation", span, head, None)
            return prefix, "organisation", None
        return None

    def _registered(self, match: Match, span: Span, head: Token) -> tuple[str, str, str | None]:
        entry = match.entry
        self._remember(entry.name, entry.type, span, head, entry.country,
                       extra=entry.keywords + entry.abbreviations + [r.title for r in entry.roles])
        return entry.name, entry.type, "registry"

    def _pronoun(self, head: Token) -> tuple[str, str, str | None]:
        # "sagte er": the last person named; "sie" may also be an organisation
        wanted = {"person"} if head.lower_ in GRAMMAR.masculine_pronouns or head.lower_.startswith(GRAMMAR.masculine_stems) \
            else {"person", "organisation"}
        known = next((k for k in reversed(self.known) if k.type in wanted), None)
        mention = self._named_person_before(head)
        # "Die Gewerkschaft … im Stadtteil Albany Park. Sie fordert …": an ungendered name does not outrank an organisation
        ungendered_vs_organisation = mention is not None and mention.gender is None and known is not None \
            and known.type == "organisation"
        if mention is not None and (known is None or mention.start > known.last) and not ungendered_vs_organisation:
            # "Die Biologin Clara Winter forscht in Kiel. Sie sagte, …": named, not yet a source
            span = head.doc[mention.start:mention.end]
            self._remember(mention.name, "person", span, span[-1], None)
            return mention.name, "person", "pronoun"
        if known is not None:
            return known.name, known.type, "pronoun"
        return head.text, "unknown", None

    def _titled_person(self, span: Span, head: Token, names: list[Token], known: _Known | None):
        """ "der Vorstandschef" after "Vorstandschef Herbert Diess": the person that title was given to."""
        if names or head.pos_ not in GRAMMAR.noun_tags or office_of(head.lower_, self.words.person_nouns) is None:
            return None
        mention = person_titled(head.doc, span.start, self.words.person_nouns, head.lower_)
        if mention is None or known is not None and known.last > mention.start and known.type == "person":
            return None
        mention_span = head.doc[mention.start:mention.end]
        self._remember(mention.name, "person", mention_span, mention_span[-1], None)
        return mention.name, "person", "coreference"

    def _described(self, span: Span, head: Token, names: list[Token]) -> tuple[str, str, str | None] | None:
        """A definite descriptor for the person or organisation named shortly before it."""
        # "Bayerns Wirtschaftsminister Hubert Aiwanger … , sagte der Ressortchef": Aiwanger;
        # "… , schreibt xAI. … , teilte das Unternehmen mit": xAI
        article = span[0]
        if names or head.pos_ != "NOUN" or article.lower_ not in GRAMMAR.definite_descriptor_articles \
                or "Number=Plur" in head.morph or span.end - span.start > 3:
            return None
        doc = head.doc
        if office_of(head.lower_, self.words.person_nouns) is not None or is_person_descriptor(head.lower_):
            gender = next(iter(head.morph.get("Gender")), None)
            mention = last_person_before(doc, span.start, self.words.person_nouns, gender if gender in {"Masc", "Fem"} else None)
            if mention is None or self._sentences_between(doc, mention.end, span.start) > self.limits.descriptor_reach_sentences:
                return None
            mention_span = doc[mention.start:mention.end]
            self._remember(mention.name, "person", mention_span, mention_span[-1], None)
            return mention.name, "person", "coreference"
        if head.lower_ in self.words.organisation_descriptors:
            known = next((k for k in reversed(self.known) if k.type == "organisation" and k.last < span.start), None)
            if known is None or self._sentences_between(doc, known.last, span.start) > self.limits.descriptor_reach_sentences:
                return None
            return known.name, known.type, "coreference"
        return None

    @staticmethod
    def _sentences_between(doc: Doc, start: int, end: int) -> int:
        return sum(1 for t in doc[max(0, start) : max(start, end)] if t.is_sent_start)

    def _named_person_before(self, head: Token) -> PersonMention | None:
        """The last person the document named before a singular pronoun of matching gender."""
        lower = head.lower_
        if lower in GRAMMAR.masculine_pronouns or lower.startswith(GRAMMAR.masculine_stems):
            gender = "Masc"
        elif lower in GRAMMAR.feminine_pronouns or lower.startswith(GRAMMAR.feminine_stems):
            # "Sie sagte" (singular) is a woman; "Sie sagten" (plural) a group or organisation
            if "Number=Plur" in head.head.morph or "Number=Plur" in head.morph:
                return None
            gender = "Fem"
        else:
            return None
        return last_person_before(head.doc, head.i, self.words.person_nouns, gender)

    def _corefer(self, span: Span, head: Token, names: list[Token]) -> _Known | None:
        if names:
            surname = names[-1].lower_
            for known in reversed(self.known):
                if surname in known.keys:
                    return known
            return None
        key_chars, head_chars = GRAMMAR.min_compound_key_chars, GRAMMAR.min_compound_head_chars
        for known in reversed(self.known):
            # "die Agentur" after "der Nachrichtenagentur Interfax"
            if any(words_match(head.text, key) or head.lower_.endswith(key) and len(key) >= key_chars
                   or key.endswith(head.lower_) and len(head.lower_) >= head_chars for key in known.keys):
                return known
        return None

    def _by_head_compound(self, head: Token) -> tuple[str, str, str | None] | None:
        # "Polizeisprecher": a spokesperson of the police; "Regierungskreise": circles of the government
        suffix = ends_with_any(head.lower_, self.words.anonymous)
        if suffix and len(head.lower_) > len(suffix) + 2:
            prefix = head.text[: len(head.text) - len(suffix)].rstrip("-s")
            if prefix:
                for known in reversed(self.known):
                    if any(words_match(prefix, key) for key in known.keys):
                        return known.name, "anonymous", "coreference"
                match = self.registry.lookup([prefix], prefix, has_name=False)
                if match is not None:
                    return match.entry.name, "anonymous", "registry"
        return None

    def _remember(self, name: str, kind: str, span: Span, head: Token, country: str | None, extra: list[str] = ()) -> None:
        keys = {head.lower_, *(k.lower() for k in extra)}
        keys.update(t.lower_ for t in _proper_names(span))
        keys.update(t.lower_ for t in span if t.pos_ == "NOUN")
        keys.update(t.lower_ for t in span if t.text.isupper() and len(t.text) > 1)
        keys.update(w.lower() for w in name.split() if len(w) >= GRAMMAR.min_name_key_chars)
        for known in self.known:
            if known.name == name:
                known.keys.update(keys)
                known.country = known.country or country
                known.last = max(known.last, span.start)
                self.known.remove(known)
                self.known.append(known)
                return
        self.known.append(_Known(name, kind, keys, country, span.start))


def _head_of(span: Span) -> Token:
    """The syntactic head of a mention; its last noun when the parse disagrees."""
    root = span.root
    head_pos = GRAMMAR.source_head_pos
    if root.pos_ in head_pos:
        return root
    nouns = [t for t in span if t.pos_ in head_pos]
    return nouns[0] if nouns else root


def _proper_names(span: Span) -> list[Token]:
    """The first run of proper nouns ("Sergej Lawrow"), outside parentheses."""
    run: list[Token] = []
    depth = 0
    for token in span:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif depth == 0 and (token.pos_ == "PROPN" or (run or token.ent_type_ == "PER") and token.pos_ == "NOUN"
                             or not run and _double_first_name(token)) \
                and token.text[:1].isupper() \
                and (not token.text.isupper() or _opens_name(token)):  # "Jonas Weber" even when "Weber" is a noun
            run.append(token)
        elif run:
            break
    return run


def _double_first_name(token: Token) -> bool:
    """ "Hans-Peter Kraus": a hyphenated pair of capitalised words before a name, whatever the tagger calls it."""
    parts = token.text.split("-")
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return len(parts) == 2 and all(p[:1].isupper() and p[1:].islower() and p.isalpha() for p in parts) \
        and following is not None and following.pos_ in GRAMMAR.noun_tags and following.text[:1].isupper()


def _opens_name(token: Token) -> bool:
    """An abbreviation that is the first word of a longer name: "IG Metall", not "NIS" alone."""
    # (an abbreviation on its own is kept out of a person's name run: "Jonas Weber (SPD)")
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return len(token.text) > 1 and following is not None and following.pos_ in {"PROPN", "NOUN"} \
        and following.text[:1].isupper() and not following.text.isupper()


def _without_titles(names: list[Token], words: WordLists) -> list[Token]:
    """ "Kreisbrandmeister Jonas Weber" → "Jonas Weber": a tagger may call a leading title a proper noun, and a
    place before it ("Bayerns Wirtschaftsminister Hubert Aiwanger")."""
    # (a title by its ending only before a person's name: "Aufsichtsrätin Daniela Berg", not "Tenant Union")
    titles = [k for k, name in enumerate(names[:-1]) if ends_with_any(name.lower_, words.person_nouns) is not None
              or is_person_title(name, words.person_nouns) and any(t.ent_type_ == "PER" for t in names[k + 1 :])]
    start = titles[-1] + 1 if titles else 0
    while start < len(names) and ends_with_any(names[start].lower_, words.person_nouns) is not None:
        start += 1
    names = names[start:]
    if len(names) >= 3 and names[-1].i - names[0].i == len(names) - 1:
        # "Bergs Kollege Jan Korn": the full name the recogniser found at the end
        names = names[person_entity_start(names[0].doc, names[0].i, names[-1].i + 1) - names[0].i:]
    return names


def _names_person(span: Span, head: Token, names: list[Token]) -> bool:
    """ "Sprecher Peter Müller": a named spokesperson is not anonymous."""
    deps = GRAMMAR.named_apposition_deps
    return any(n.i == head.i + 1 for n in names) or any(n.head == head and n.dep_ in deps for n in names)


def _inner_organisation(span: Span, head: Token) -> Span | None:
    """The organisation a person speaks for: "ein Sprecher [des Ministeriums]"."""
    for child in head.children:
        if child.dep_ in GRAMMAR.inner_organisation_deps and child.i > head.i and span.start <= child.i < span.end:
            start = min(t.i for t in child.subtree if t.i >= span.start)
            end = max(t.i for t in child.subtree if t.i < span.end) + 1
            inner = span.doc[start:end]
            while len(inner) > 1 and inner[0].pos_ == "ADP":
                inner = span.doc[inner.start + 1 : inner.end]
            return inner
    return None


def _is_unnamed(phrase: Span) -> bool:
    """An indefinite phrase without a name: "eines Senders", "einer großen Bank"."""
    return phrase[0].lower_ in GRAMMAR.indefinite_articles and not any(t.pos_ == "PROPN" or t.ent_type_ for t in phrase)


def _is_vague(span: Span, words: WordLists) -> bool:
    lowered = tuple(t.lower_ for t in span)
    # (not with an owner that names the source: "Informationen des Magazins DER SPIEGEL", "Berichten der BBC")
    return any(lowered[: len(v)] == v and not any(t.pos_ in GRAMMAR.noun_tags for t in span[len(v) :]) for v in words.vague) \
        or (len(span) == 1 and span[0].lower_ in GRAMMAR.vague_pronouns)


def _is_place_mention(span: Span, head: Token, registry: Registry) -> bool:
    """A mention that is only a place name ("Seoul", "aus Moskau", "Washington")."""
    if head.ent_type_ == "LOC":
        return True
    return head.pos_ == "PROPN" and registry.place_of([head.text]) is not None


def _type_of(span: Span, head: Token, names: list[Token], words: WordLists) -> str:
    if head.ent_type_ == "PER" or (names and ends_with_any(head.lower_, words.person_nouns)):
        return "person"
    # (by its lemma too: a genitive "des Ministeriums", "des Gerichtshofs" is an organisation noun)
    lemma = head.lemma_.lower()
    if head.ent_type_ == "ORG" or is_web_name(head.lower_) or ends_with_any(head.lower_, words.organisation_nouns) \
            or head.pos_ in GRAMMAR.noun_tags and ends_with_any(lemma, words.organisation_nouns):
        return "organisation"
    if ends_with_any(head.lower_, words.person_nouns) or head.pos_ in GRAMMAR.noun_tags and ends_with_any(lemma, words.person_nouns):
        return "person"
    if head.ent_type_ == "LOC":
        return "place"
    if names and len(names) >= 2:
        return "person"
    return "unknown"


def _nominative(span: Span, name: str) -> str:
    """An organisation's name as it is cited, in the nominative: "dem Deutschen Jagdverband" -> "Deutscher
    Jagdverband", "des Internationalen Gerichtshofs" -> "Internationaler Gerichtshof", "der Deutschen Bahn" ->
    "Deutsche Bahn" (after a definite article, the adjectives of the name take the strong ending of its noun's gender)."""
    tokens = list(span)
    skipped = _leading_function_words(tokens)
    # (the article may stand before the mention: "Der | Deutsche Gewerkschaftsbund teilte mit")
    article = tokens[skipped - 1] if skipped else span.doc[span.start - 1] if span.start > 0 else None
    if article is None or article.lower_ not in GRAMMAR.weak_declension_articles:
        return name
    words = tokens[skipped:]
    adjectives = 0
    while adjectives < len(words) and words[adjectives].pos_ in GRAMMAR.name_adjective_pos and words[adjectives].text[:1].isupper() \
            and words[adjectives].lower_.endswith(tuple(GRAMMAR.weak_adjective_endings)):
        adjectives += 1
    if adjectives >= len(words) or words[adjectives].pos_ not in GRAMMAR.noun_tags:
        return name
    noun = words[adjectives]
    plural = "Number=Plur" in noun.morph
    gender = next(iter(noun.morph.get("Gender")), None)
    ending = GRAMMAR.strong_adjective_endings.get("Plur" if plural else gender or "")
    if adjectives and ending is None:
        return name
    cited = [_strong(t.text, ending) for t in words[:adjectives]]
    lemma = noun.lemma_
    # "des Gerichtshofs" -> "Gerichtshof": only a genitive -s/-es comes off (not a plural "-en")
    suffix = noun.text[len(lemma):] if lemma[:1].isupper() and noun.text.startswith(lemma) else None
    cited.append(lemma if not plural and suffix in GRAMMAR.genitive_noun_endings else noun.text)
    original = span.doc[words[0].i : noun.i + 1].text
    return name.replace(original, " ".join(cited), 1) if name.startswith(original) else name


def _strong(adjective: str, ending: str) -> str:
    """ "Deutschen" with the strong ending "er" -> "Deutscher"."""
    for weak in sorted(GRAMMAR.weak_adjective_endings, key=len, reverse=True):
        if adjective.lower().endswith(weak):
            return adjective[: len(adjective) - len(weak)] + ending
    return adjective


def _leading_function_words(tokens: list[Token]) -> int:
    """How many articles and prepositions open a mention ("von der", "des")."""
    skipped, articles = GRAMMAR.plain_skip_pos, GRAMMAR.articles
    n = 0
    while n < len(tokens) and (tokens[n].pos_ in skipped or tokens[n].lower_ in articles):
        n += 1
    return n


def _plain(span: Span, limits: SourceThresholds) -> str:
    """The mention without leading articles and prepositions ("des Ministeriums" → "Ministeriums")."""
    tokens = list(span)
    tokens = tokens[_leading_function_words(tokens):]
    openers, closers = MARKS.name_openers, MARKS.name_closers
    opener = next((k for k, t in enumerate(tokens) if t.text in openers and _is_name_mark(t, limits)), None)
    if opener is not None and opener + 1 < len(tokens):
        tokens = tokens[opener + 1 :]  # "Nachrichtenagentur „Tanjug“" -> Tanjug (its name)
    while len(tokens) > 1 and tokens[0].text in openers:
        tokens = tokens[1:]  # "„Tagesblatt Online“" -> Tagesblatt Online
    while len(tokens) > 1 and tokens[-1].text in closers:
        tokens = tokens[:-1]
    if not tokens:
        return span.text
    return span.doc[tokens[0].i : tokens[-1].i + 1].text


__all__ = ["ResolvedSource", "DocumentResolver", "source_mention", "noun_phrase"]
