"""Cues: the words that introduce a claim (speech verbs, "laut", "zufolge", "so X", "hieß es").

The word lists are YAML data in ``claimx/data`` (``speech_verbs.yaml``, ``reporting.yaml``,
``anonymous_sources.yaml``). Detection prefers lexical evidence; the parse is used only to
tell a verb from an adjective and to find particles.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from spacy.attrs import IS_LOWER, LOWER, ORTH, POS
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from claimx.errors import WordListError
from claimx.resources import GRAMMAR, MARKS
from claimx.rules.isolation import RuleGuard, StrictGuard
from claimx.rules.mentions import person_mentions
from claimx.rules.text import is_web_name, load_package_yaml, pos_ids
from claimx.rules.thresholds import CueThresholds, shipped

SPEECH_VERBS_FILE = "speech_verbs.yaml"
REPORTING_FILE = "reporting.yaml"
ANONYMOUS_FILE = "anonymous_sources.yaml"

# cue kinds (span labels in doc.spans["claimx_cues"])
VERB = "verb"  # "sagte", "teilte … mit"
PREP = "prep"  # "laut X", "gemäß X"
POSTP = "postp"  # "X zufolge"
PHRASE = "phrase"  # "nach Angaben von X"
SO = "so"  # "„…“, so der Kommandeur"
IMPERSONAL = "impersonal"  # "hieß es"
NOUN = "noun"  # "Spekulationen, wonach …", "die Forderung der Gewerkschaft, dass …"


@dataclass
class WordLists:
    """All of claimx's word lists, as loaded from YAML."""

    verbs: dict[str, tuple[str, float]] = field(default_factory=dict)  # lemma -> (stwr, strength)
    frames: dict[str, frozenset[str]] = field(default_factory=dict)  # lemma -> words marking a reported complement
    opinion_predicates: dict[str, frozenset[str]] = field(default_factory=dict)  # "ist der Meinung": sein -> meinung
    adjective_particles: frozenset[str] = frozenset()  # "bekannt" of "gab … bekannt"
    no_object_claim: frozenset[str] = frozenset()  # "kritisierte den Kurs": the object is no claim
    prepositions: set[str] = field(default_factory=set)
    postpositions: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    report_nouns: tuple[str, ...] = ()  # "nach offiziellen Angaben": nouns that make "nach …" a phrase
    content_clause_nouns: tuple[str, ...] = ()  # "Berichte, wonach …": nouns whose clause is a claim
    not_content_clause_nouns: frozenset[str] = frozenset()  # "Herausforderung" ends like "Forderung"
    document_nouns: tuple[str, ...] = ()  # "In einem Bericht wurde vermutet", "Auf der Homepage heißt es"
    content_clause_openers: list[tuple[str, ...]] = field(default_factory=list)  # "dass", "dem zufolge"
    evaluation_prepositions: set[str] = field(default_factory=set)  # "Für Weber ist klar, dass …"
    so_words: set[str] = field(default_factory=set)
    impersonal: list[tuple[str, ...]] = field(default_factory=list)
    continuation_adverbs: set[str] = field(default_factory=set)  # "…, hieß es weiter"
    continuation_starts: set[str] = field(default_factory=set)  # "Demnach …" first in a sentence
    continuation_words: set[str] = field(default_factory=set)  # "… habe demnach …" anywhere in it
    anaphors: set[str] = field(default_factory=set)  # "Das erklärte …": the claim is the sentence before
    not_reported_clauses: set[str] = field(default_factory=set)  # "…, weil …": no reported clause
    hearsay: set[str] = field(default_factory=set)
    addressee_media: set[str] = field(default_factory=set)  # "sagte eine Sprecherin der dpa": told to dpa
    anonymous: set[str] = field(default_factory=set)
    vague: list[tuple[str, ...]] = field(default_factory=list)
    organisation_nouns: set[str] = field(default_factory=set)
    organisation_descriptors: set[str] = field(default_factory=set)  # "das Unternehmen": an organisation named before
    reflexive_not_speech: frozenset[str] = frozenset()  # "deutet sich an": no speech act with "sich"
    not_speech_objects: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "forderte drei Todesopfer"
    reflexive_only: frozenset[str] = frozenset()  # "setzte sich für … ein": a speech act only with "sich"
    reflexive_no_object: frozenset[str] = frozenset()  # "melden sich zu Wort": no object claim with "sich"
    naming_verbs: frozenset[str] = frozenset()  # "auch Scratching genannt": a bare participle names, it reports nothing
    source_prepositions: dict[str, frozenset[str]] = field(default_factory=dict)  # "Aus dem Bericht geht hervor": aus
    person_nouns: set[str] = field(default_factory=set)

    @classmethod
    def shipped(cls) -> WordLists:
        return cls.from_data({
            "speech_verbs": load_package_yaml(SPEECH_VERBS_FILE),
            "reporting": load_package_yaml(REPORTING_FILE),
            "anonymous_sources": load_package_yaml(ANONYMOUS_FILE),
        })

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> WordLists:
        """Build from the three parsed YAML files (keys as in ``to_data``)."""
        try:
            verbs = {
                str(lemma).lower(): (stwr, float(strength))
                for stwr, table in data["speech_verbs"]["verbs"].items()
                for lemma, strength in table.items()
            }
            frames = {str(lemma).lower(): frozenset(str(w).lower() for w in marks)
                      for lemma, marks in (data["speech_verbs"].get("frames") or {}).items()}
            opinions = {str(lemma).lower(): frozenset(str(w).lower() for w in predicate)
                        for lemma, predicate in (data["speech_verbs"].get("opinion_predicates") or {}).items()}
            reporting = data["reporting"]
            anonymous = data["anonymous_sources"]
            return cls(
                verbs=verbs,
                frames=frames,
                opinion_predicates=opinions,
                adjective_particles=frozenset(str(w).lower() for w in data["speech_verbs"].get("adjective_particles") or []),
                no_object_claim=frozenset(str(w).lower() for w in data["speech_verbs"].get("no_object_claim") or []),
                reflexive_not_speech=_later_speech_list(data["speech_verbs"], "reflexive_not_speech"),
                not_speech_objects={str(lemma).lower(): tuple(str(w).lower() for w in endings) for lemma, endings
                                    in (data["speech_verbs"].get("not_speech_objects") or {}).items()},
                reflexive_only=_later_speech_list(data["speech_verbs"], "reflexive_only"),
                reflexive_no_object=_later_speech_list(data["speech_verbs"], "reflexive_no_object"),
                naming_verbs=_later_speech_list(data["speech_verbs"], "naming_verbs"),
                source_prepositions={str(lemma).lower(): frozenset(str(w).lower() for w in marks) for lemma, marks
                                     in (data["speech_verbs"].get("source_prepositions") or {}).items()},
                prepositions=_lower_set(reporting["prepositions"]),
                postpositions=_lower_set(reporting["postpositions"]),
                phrases=[tuple(p.lower().split()) for p in reporting["phrases"]],
                report_nouns=tuple(sorted(_lower_set(reporting.get("report_nouns", [])))),
                content_clause_nouns=tuple(sorted(_later_list(reporting, "content_clause_nouns"))),
                not_content_clause_nouns=frozenset(_later_list(reporting, "not_content_clause_nouns")),
                document_nouns=tuple(sorted(_later_list(reporting, "document_nouns"))),
                content_clause_openers=[tuple(p.split()) for p in sorted(_later_list(reporting, "content_clause_openers"))],
                evaluation_prepositions=_later_list(reporting, "evaluation_prepositions"),
                so_words=_lower_set(reporting["so_words"]),
                impersonal=[tuple(w.lower() for w in p) for p in reporting["impersonal"]],
                continuation_adverbs=_lower_set(reporting["continuation_adverbs"]),
                continuation_starts=_later_list(reporting, "continuation_starts"),
                continuation_words=_later_list(reporting, "continuation_words"),
                anaphors=_later_list(reporting, "anaphors"),
                not_reported_clauses=_later_list(reporting, "not_reported_clauses"),
                hearsay=_lower_set(reporting["hearsay"]),
                addressee_media=_later_list(reporting, "addressee_media"),
                anonymous=_lower_set(anonymous["anonymous"]),
                vague=[tuple(w.lower() for w in p) for p in anonymous["vague"]],
                organisation_nouns=_lower_set(anonymous["organisation_nouns"]),
                organisation_descriptors=_later_list(anonymous, "organisation_descriptors", ANONYMOUS_FILE),
                person_nouns=_lower_set(anonymous["person_nouns"]),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise WordListError(f"claimx word lists are malformed: missing or bad entry {error}") from error

    @cached_property
    def phrases_by_first_word(self) -> dict[str, list[tuple[str, ...]]]:
        """Phrases indexed by their first word, longest first, so a token looks up only its own."""
        return _index_by_first_word(self.phrases)

    @cached_property
    def first_word_hashes(self) -> frozenset[int]:
        """Hashes (spaCy's LOWER attribute) of the words a non-verb cue can start with."""
        first = {*self.phrases_by_first_word, *self.impersonal_by_first_word, *self.prepositions,
                 *self.postpositions, *self.so_words, *self.evaluation_prepositions, "nach"}
        # (and their Swiss spelling: "hiess es")
        first |= {w.replace(standard, swiss) for w in first for swiss, standard in GRAMMAR.swiss_spellings.items() if standard in w}
        return frozenset(hash_string(w) for w in first)

    @cached_property
    def opener_first_word_hashes(self) -> frozenset[int]:
        """Hashes of the first words of the clauses a report noun introduces ("dass", "wonach", "dem")."""
        return frozenset(hash_string(opener[0]) for opener in self.content_clause_openers if opener)

    def is_content_clause_noun(self, word: str) -> bool:
        """A listed noun, or a compound ending in one ("Medienberichte", "Reuters-Bericht")."""
        lower = word.lower()
        return lower not in self.not_content_clause_nouns and _is_listed_or_compound(lower, self.content_clause_nouns)

    def is_document_noun(self, word: str) -> bool:
        """A listed document or site noun, or a compound ending in one ("Pressemitteilung", "Vereinshomepage")."""
        return _is_listed_or_compound(word.lower(), self.document_nouns)

    @cached_property
    def phrase_set(self) -> frozenset[tuple[str, ...]]:
        return frozenset(self.phrases)

    @cached_property
    def impersonal_by_first_word(self) -> dict[str, list[tuple[str, ...]]]:
        return _index_by_first_word(self.impersonal)

    @cached_property
    def verb_suffixes(self) -> frozenset[str]:
        """Every ending of a listed verb ("teilen" of "mitteilen"): what a particle may complete."""
        return frozenset(verb[i:] for verb in self.verbs for i in range(len(verb)))

    def listed_spelling(self, lemma: str) -> str:
        """The lemma in the spelling the lists use: Swiss "äussern" is "äußern" (only where that one is listed)."""
        variant = standard_spelling(lemma)
        if variant != lemma and lemma not in self.verbs and not self.may_be_verb_lemma(lemma) \
                and self.may_be_verb_lemma(variant):
            return variant
        return lemma

    def may_be_verb_lemma(self, lemma: str) -> bool:
        """False when neither the lemma, a particle + it, nor an ending of it is a listed verb."""
        return lemma in self.verb_suffixes or any(lemma[i:] in self.verbs for i in range(1, len(lemma)))

    def stwr(self, lemma: str) -> str | None:
        entry = self.verbs.get(lemma.lower())
        return entry[0] if entry else None

    def strength(self, lemma: str) -> float:
        entry = self.verbs.get(lemma.lower())
        return entry[1] if entry else 0.0


def _index_by_first_word(sequences: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for sequence in sorted(sequences, key=len, reverse=True):
        if sequence:
            index[sequence[0]].append(sequence)
    return dict(index)


def _later_list(data: dict[str, Any], key: str, filename: str = REPORTING_FILE) -> set[str]:
    """A list added after pipelines were first saved: a saved pipeline without it reads the shipped one."""
    return _lower_set(data[key] if key in data else load_package_yaml(filename)[key])


def _is_listed_or_compound(lower: str, nouns: tuple[str, ...]) -> bool:
    """``lower`` is one of ``nouns`` or a compound ending in one with at least three letters before it."""
    return any(lower == noun or lower.endswith(noun) and len(lower) > len(noun) + 2 for noun in nouns)


def _later_speech_list(speech_verbs: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(_later_list(speech_verbs, key, SPEECH_VERBS_FILE))


def _lower_set(values: list[Any]) -> set[str]:
    if not isinstance(values, list):
        raise WordListError(f"claimx word lists are malformed: expected a list, got {values!r}")
    return {str(v).lower() for v in values}


@dataclass(frozen=True)
class CueMatch:
    """One cue: kind, token range [start, end) and lemma (its strength is the listed verb's, read by the claims)."""

    kind: str
    start: int
    end: int
    lemma: str


def find_cues(doc: Doc, words: WordLists, excluded: set[int] | None = None,
              guard: RuleGuard | None = None, limits: CueThresholds | None = None) -> list[CueMatch]:
    """All cues in ``doc``, in order; tokens in ``excluded`` (boilerplate, quotes) are skipped.

    ``guard`` isolates each candidate word: a rule error there costs only its sentence's cues.
    """
    excluded = excluded or set()
    guard = guard or StrictGuard(doc)
    limits = limits or shipped(CueThresholds)
    matches: list[CueMatch] = []
    taken: set[int] = set()

    def add(match: CueMatch) -> None:
        if not any(i in taken or i in excluded for i in range(match.start, match.end)):
            matches.append(match)
            taken.update(range(match.start, match.end))

    word_cues, verb_cues, openers = _candidates(doc, words)
    for i in word_cues:
        token = doc[i]
        with guard.at(i):
            for match in (_impersonal(token, words), _phrase(token, words, limits)):
                if match:
                    add(match)
    for i in openers:
        with guard.at(i):
            match = _content_noun(doc, i, words, limits)
            if match:
                add(match)
    starts_word_cue, colons = set(word_cues), _colons(doc)
    for i in sorted(verb_cues.union(word_cues)):
        token = doc[i]
        with guard.at(i):
            # a preposition, postposition or "so" cue starts with a listed word (WordLists.first_word_hashes)
            match = i in starts_word_cue and _word_cue(token, words, limits) \
                or _opinion_predicate(token, words) or _verb(token, words, limits, colons)
            if match:
                add(match)
    return sorted(matches, key=lambda m: m.start)


def _word_cue(token: Token, words: WordLists, limits: CueThresholds) -> CueMatch | None:
    return _preposition(token, words) or _evaluation_frame(token, words, limits) or _postposition(token, words) \
        or _so(token, words)


def _candidates(doc: Doc, words: WordLists) -> tuple[list[int], set[int], list[int]]:
    """Tokens that may start a cue: the first words of the cue word lists, verbs (or lower-case nouns the
    tagger mistook for verbs), and words after a comma that may open a report noun's clause ("…, wonach").
    Read from one array: Token objects only for these."""
    if not len(doc):
        return [], set(), []
    table = doc.to_array([LOWER, POS, IS_LOWER]).tolist()
    first_words = words.first_word_hashes
    word_cues = [i for i, (lower, _, _) in enumerate(table) if lower in first_words]
    verb_ids, noun_ids = pos_ids("verb_tags"), pos_ids("noun_tags")
    verb_cues = {i for i, (_, pos, is_lower) in enumerate(table)
                 if pos in verb_ids or (pos in noun_ids and is_lower)}
    openers: list[int] = []
    if words.content_clause_nouns:
        firsts = words.opener_first_word_hashes
        openers = [i for i, (lower, _, _) in enumerate(table) if i >= 2 and lower in firsts and doc[i - 1].text == ","]
    return word_cues, verb_cues, openers


def _colons(doc: Doc) -> frozenset[int]:
    """Offsets of the colons, for the colon test of every finite verb (a few tokens on from it)."""
    colon = hash_string(":")
    return frozenset(i for i, orth in enumerate(doc.to_array(ORTH).tolist()) if orth == colon) if len(doc) else frozenset()


def _content_noun(doc: Doc, opener: int, words: WordLists, limits: CueThresholds) -> CueMatch | None:
    """A report noun right before "…, dass/wonach/dem zufolge": the noun is the cue of the clause it opens."""
    # "Es gab Spekulationen, dass …", "ein Bericht des Senders, wonach …"; not "Er bestätigte Berichte, wonach …",
    # where the speaker of the verb vouches for the clause
    if not any(_sequence_at(doc, opener, o) for o in words.content_clause_openers):
        return None
    comma = opener - 1
    for k in range(comma - 1, max(-1, comma - 2 - limits.max_content_noun_gap), -1):
        token = doc[k]
        if token.pos_ in GRAMMAR.noun_tags and words.is_content_clause_noun(token.text):
            head = token.head
            # the noun's own attribute ("Berichte des Senders, wonach"), or the rest of the clause it is the subject
            # or object of, the content extraposed ("Spekulationen machten die Runde, dass …")
            attribute = all(doc[j].head.i == k or doc[j].head.i in range(k + 1, comma) for j in range(k + 1, comma))
            spoken = head.i != token.i and head.pos_ in GRAMMAR.verb_tags and verb_lemma(head, words) in words.verbs
            if (attribute or head.pos_ in GRAMMAR.verb_tags and not any(t.pos_ in GRAMMAR.verb_tags for t in doc[k + 1 : comma])) \
                    and not spoken:
                return CueMatch(NOUN, k, k + 1, token.lower_)
            return None
        if token.is_punct and token.text not in MARKS.name_openers and token.text not in MARKS.name_closers \
                or token.pos_ in GRAMMAR.verb_tags:
            return None
    return None


def verb_lemma(token: Token, words: WordLists) -> str:
    """The lemma of a verb, joined with its separated particle ("teilte … mit" → "mitteilen")."""
    lemma = words.listed_spelling(token.lemma_.lower())
    particle_token = next((c for c in token.children if c.dep_ == "compound:prt"), None)
    if particle_token is None:
        # "gab … bekannt", "stellte klar": the parser reads an adjectival particle as an adverb
        particle_deps = GRAMMAR.adjective_particle_deps
        particle_token = next((c for c in token.children if c.lower_ in words.adjective_particles
                               and (c.dep_ in particle_deps and c.i > token.i or c.i == token.i - 1)), None)
    particle = particle_token.lower_ if particle_token is not None else ""
    # "sagte, man schließe es aus": a particle beyond a comma belongs to another clause
    if particle and lemma.startswith(particle) and _clause_break_between(token, particle_token):
        lemma = lemma[len(particle) :]
        particle = ""
    # the particle's verb first: "hielt … fest" is festhalten, not halten
    if particle and particle + lemma in words.verbs:
        return particle + lemma
    # "sagte Henderson weiter" lemmatised as "weitersagen": the speech verb without the adverb
    # (only a continuation adverb the parse took for a particle; not a real particle: "sieht … vor" is no
    # "sehen", "hält … frei" no "halten")
    if particle and particle in words.continuation_adverbs and lemma not in words.verbs and lemma.startswith(particle) \
            and lemma[len(particle):] in words.verbs:
        return lemma[len(particle):]
    return lemma


def _not_a_report(verb: Token, lemma: str, words: WordLists) -> bool:
    """A speech verb used for something other than reporting what someone says."""
    children = list(verb.children)
    lowers = {c.lower_ for c in children}
    # "Dass die Firma wachsen will, deutet sich an": reflexive, the verb means "to emerge"
    if lemma in words.reflexive_not_speech and lowers & GRAMMAR.reflexive_pronouns \
            or lemma in words.reflexive_only and not lowers & GRAMMAR.reflexive_pronouns:
        return True
    # "Die Naturkatastrophe forderte 92 Menschenleben": the toll, not a demand
    endings = words.not_speech_objects.get(lemma)
    if endings and any(c.dep_ in GRAMMAR.object_deps and c.pos_ in GRAMMAR.noun_tags and c.lower_.endswith(endings) for c in children):
        return True
    # "Dem Zerkratzen, auch Scratching genannt, …", "ein Standard, genannt „Profil 1.1“": a participle set off by a
    # comma and without auxiliary gives a name
    if lemma in words.naming_verbs and "VerbForm=Part" in verb.morph and _set_off_by_comma(verb) \
            and not any(c.dep_ in GRAMMAR.auxiliary_deps for c in children) and verb.head.pos_ != "AUX":
        return True
    # "Was dabei wenig Beachtung findet: …", "Was befürchtet wurde, ist eingetreten": a free relative clause
    if any(c.lower_ in GRAMMAR.free_relative_pronouns and c.i < verb.i and (c.i == 0 or c.is_sent_start) for c in children):
        return True
    if _zu_infinitive(verb):
        # "Dem Beamten ist anzumerken, dass …" (one can tell; "sei zu befürchten" reports someone), "dazu gedacht,
        # Fragen vorzuschlagen": an infinitive clause has no speaker of its own
        auxiliaries = [c for c in children if c.lemma_ == "sein" and c.dep_ in GRAMMAR.auxiliary_deps]
        return not any("Mood=Sub" in a.morph for a in auxiliaries)
    # "Wie bereits im Mai berichtet, …": the publication's own earlier report (no subject, no auxiliary)
    if "wie" in lowers and not any(c.dep_ in GRAMMAR.auxiliary_deps for c in children) \
            and not any(c.pos_ in GRAMMAR.noun_tags or c.pos_ == "PRON" for c in children
                        if c.lower_ != "wie" and not any(g.dep_ == "case" for g in c.children)):
        return verb.text.lower().endswith(("t", "et")) and verb.text.lower() != verb.lemma_.lower()
    return False


def _set_off_by_comma(token: Token) -> bool:
    doc = token.doc
    return token.i > 0 and doc[token.i - 1].text == "," or token.i + 1 < len(doc) and doc[token.i + 1].text == ","


def _zu_infinitive(verb: Token) -> bool:
    """ "anzumerken", "zu sagen": an infinitive with "zu" (inside a particle verb or before it)."""
    if "VerbForm=Inf" not in verb.morph and verb.tag_ != "VVIZU":
        return False
    text, lemma = verb.lower_, verb.lemma_.lower()
    return verb.tag_ == "VVIZU" or "zu" in text and text.replace("zu", "", 1) == lemma \
        or any(c.lower_ == "zu" and c.i == verb.i - 1 for c in verb.children)


def _clause_break_between(a: Token, b: Token) -> bool:
    """A comma, colon or quotation mark between the verb and its particle, except a quoted phrase opened and
    closed between them ("rief die Bürger zum „Widerstand“ auf")."""
    low, high = sorted((a.i, b.i))
    breaks, openers, closers = MARKS.particle_clause_breaks, MARKS.quote_openers, MARKS.quote_closers
    inside = False
    for token in a.doc[low + 1 : high]:
        if token.text not in breaks:
            continue
        if inside and token.text in closers:
            inside = False
        elif not inside and token.text in openers:
            inside = True
        else:
            return True
    return inside


def _verb(token: Token, words: WordLists, limits: CueThresholds, colons: frozenset[int]) -> CueMatch | None:
    # "sagte", "teilte … mit" (lemma joined by the base pipeline), not "die genannte Zahl"
    if token.pos_ not in GRAMMAR.verb_tags and not (token.pos_ in GRAMMAR.noun_tags and token.is_lower):
        return None
    # a finite verb the parser hung under a noun is still a verb ("vermeldete/amod Wikinews, dass …")
    if token.dep_ in GRAMMAR.attributive_deps and "VerbForm=Fin" not in token.morph or token.lower_ in GRAMMAR.heissen_forms:
        return None
    if not words.may_be_verb_lemma(words.listed_spelling(token.lemma_.lower())):  # spares the particle search for most verbs
        return _colon_quote_verb(token, limits, colons)
    lemma = verb_lemma(token, words)
    if lemma not in words.verbs or lemma == "heißen":
        return _colon_quote_verb(token, limits, colons)
    if _not_a_report(token, lemma, words):
        return _colon_quote_verb(token, limits, colons)  # "meldete sich zu Wort: „…“" still introduces its quotation
    strength = words.strength(lemma)
    # verbs whose lemma is ambiguous outside a reporting frame need a clausal complement
    if strength < limits.weak_strength and not has_clausal_complement(token) and not has_frame(token, lemma, words):
        return _colon_quote_verb(token, limits, colons)  # "Berg warb mit den Worten: „…“"
    return CueMatch(VERB, token.i, token.i + 1, lemma)


def _opinion_predicate(token: Token, words: WordLists) -> CueMatch | None:
    """ "Der Minister ist der Meinung, dass …": the predicate that holds the subject is the cue."""
    if token.pos_ not in GRAMMAR.verb_tags:
        return None
    predicate_words = words.opinion_predicates.get(token.lemma_.lower())
    if not predicate_words:
        return None
    if token.dep_ in GRAMMAR.copula_deps and token.head.lower_ in predicate_words:
        predicate, holder = token.head, token.head  # "ist der Meinung": "Meinung" heads the clause, "ist" is its copula
    else:
        # "vertrat die Ansicht", "kam zu dem Schluss", "zeigte sich zuversichtlich"; before a participle at the
        # end too: "hat die These vertreten, das Klima ändere sich schneller"
        predicate = next((c for c in token.children if c.lower_ in predicate_words
                          and (c.i > token.i or "VerbForm=Part" in token.morph)), None)
        holder = token
    if predicate is None or not (has_clausal_complement(predicate) or has_clausal_complement(holder)
                                 or _konjunktiv_clause_after(max(predicate, holder, key=lambda t: t.i))):
        return None
    lemma = f"{predicate.lower_} {token.lemma_.lower()}"
    return CueMatch(VERB, holder.i, holder.i + 1, lemma)


def _konjunktiv_clause_after(token: Token) -> bool:
    """A comma after ``token`` and then a clause in the subjunctive: "vertrat die Ansicht, die Steuern müssten sinken"."""
    doc = token.doc
    if token.i + 2 >= len(doc) or doc[token.i + 1].text != ",":
        return False
    breaks = MARKS.clause_breaks
    for following in doc[token.i + 2 :]:
        if following.text in breaks or following.is_sent_start:
            return False
        if "Mood=Sub" in following.morph and "VerbForm=Fin" in following.morph:
            return True
    return False


def _colon_quote_verb(token: Token, limits: CueThresholds, colons: frozenset[int]) -> CueMatch | None:
    # "Romney strich heraus: „Ich trete an …“", "Sie zeigte sich zufrieden: „…“": any verb before a colon and a quotation
    if token.pos_ not in GRAMMAR.verb_tags or "VerbForm=Fin" not in token.morph or token.dep_ in GRAMMAR.relative_clause_deps:
        return None
    doc = token.doc
    # "„Wir haben gut gespielt“, zeigte sich die Trainerin zufrieden": the verb right after the quotation
    if token.i >= 2 and doc[token.i - 1].text == "," and doc[token.i - 2].text in MARKS.quote_closers:
        return CueMatch(VERB, token.i, token.i + 1, _joined_lemma(token))
    window = range(token.i + 1, min(len(doc) - 1, token.i + 1 + limits.colon_quote_window))
    colon = next((k for k in window if k in colons), None)
    if colon is None:
        return None
    verbs = GRAMMAR.verb_tags
    if any(doc[k].is_punct or doc[k].pos_ in verbs for k in range(token.i + 1, colon)):
        return None  # the verb's clause ends, or another verb's starts, before the colon
    if doc[colon + 1].text in MARKS.quote_openers and not _speech_verb_after_quote(doc, colon + 1):
        return CueMatch(VERB, token.i, token.i + 1, _joined_lemma(token))
    return None


def _speech_verb_after_quote(doc, open_i: int) -> bool:
    """The quotation opened at ``open_i`` is followed by its own verb: "…: „…“, sagte die Trainerin."."""
    # "Der Verein blickt zurück: „Wir sind stolz“, sagte Anna Weber": Anna Weber speaks, not the Verein
    closers, verbs = MARKS.content_closers, GRAMMAR.verb_tags
    close = next((t.i for t in doc[open_i + 1 :] if t.text in closers), None)
    if close is None or close + 2 >= len(doc) or doc[close + 1].text != ",":
        return False
    after = doc[close + 2]
    return after.pos_ in verbs and "VerbForm=Fin" in after.morph


def _joined_lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    particle = next((c.lower_ for c in token.children if c.dep_ == "compound:prt"), "")
    return particle + lemma if particle and not lemma.startswith(particle) else lemma


def has_frame(verb: Token, lemma: str, words: WordLists) -> bool:
    """A complement marked as the verb's reported content ("sprach von einer Wahl", "hält X für falsch")."""
    marks = words.frames.get(lemma)
    if not marks:
        return False
    frame_deps, word_deps = GRAMMAR.frame_deps, GRAMMAR.frame_word_deps
    complements = [c for c in verb.children if c.dep_ in frame_deps]
    if "two_objects" in marks:
        # "nannte den Vorschlag einen Fehler": two bare noun phrases
        nominal = [t for c in complements for t in (c, *c.children) if t.pos_ in GRAMMAR.noun_tags
                   and not any(g.dep_ == "case" for g in t.children)]
        if len(nominal) >= 2:
            return True
    if "zu_infinitive" in marks and any(_comma_infinitive(c) for c in _infinitive_candidates(verb)):
        return True
    # (not the conjunction of a temporal clause: "sahen die Chance, als der Stürmer es versuchte"; but the parse may
    # hang the predicate under the object: "sieht das Gesetz als/case Fehler/conj")
    def marked(c: Token) -> bool:
        clause = c.pos_ in GRAMMAR.verb_tags and "VerbForm=Fin" in c.morph
        return any(g.lower_ in marks and g.dep_ in word_deps and not (clause and g.dep_ == "mark") for g in c.children)

    return any(c.lower_ in marks or marked(c) or c.pos_ in GRAMMAR.noun_tags
               and any(t.dep_ in GRAMMAR.frame_predicate_deps and t.pos_ in GRAMMAR.noun_tags | {"ADJ"} and marked(t) for t in c.children)
               for c in complements)


def _infinitive_candidates(verb: Token) -> list[Token]:
    """The verb's open complements, also those the parser hung under its object ("drängte den Minister, … zu handeln")."""
    objects = [c for c in verb.children if c.dep_ in GRAMMAR.object_deps and c.pos_ in GRAMMAR.noun_tags]
    return [c for head in (verb, *objects) for c in head.children if c.dep_ in GRAMMAR.infinitive_complement_deps]


def _comma_infinitive(token: Token) -> bool:
    """ "…, die Steuern zu senken": a zu-infinitive after the verb, set off by a comma."""
    # "leise zu sein": a predicate with its "zu" and copula is an infinitive too
    if token.i < token.head.i or not (_zu_infinitive(token) or any(c.lower_ == "zu" and c.dep_ == "mark" for c in token.children)):
        return False
    return any(c.text == "," and c.i < token.i for c in token.children) \
        or any(t.text == "," for t in token.doc[token.head.i + 1 : token.left_edge.i + 1])


def has_clausal_complement(verb: Token) -> bool:
    """The verb governs a clause ("…, dass …", "…, es sei …") or a colon and quote follow it."""
    clausal = GRAMMAR.clausal_complement_deps
    if any(c.dep_ in clausal for c in verb.children):
        return True
    doc = verb.doc
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    return nxt is not None and nxt.text in MARKS.clause_after_verb and verb.i + 2 < len(doc) and doc[verb.i + 2].lower_ in GRAMMAR.clause_starts


def _preposition(token: Token, words: WordLists) -> CueMatch | None:
    # "Laut ISW …", "gemäß Polizeiangaben": the source follows; "laut" as adjective ("sehr laut") does not count
    if token.lower_ not in words.prepositions or token.i + 1 >= len(token.doc):
        return None
    nxt = token.doc[token.i + 1]
    if nxt.text in MARKS.quote_openers and token.i + 2 < len(token.doc):
        nxt = token.doc[token.i + 2]  # "laut „Spiegel Online“"
    if nxt.pos_ not in GRAMMAR.np_start_pos and not nxt.text[:1].isupper() and not is_web_name(nxt.lower_):
        return None
    return CueMatch(PREP, token.i, token.i + 1, token.lower_.rstrip("."))


def _evaluation_frame(token: Token, words: WordLists, limits: CueThresholds) -> CueMatch | None:
    """ "Für Weber ist klar, dass …", "Für Weber würden so die Höfe gestärkt": a named holder's view opens the sentence."""
    # not "Für Schalke war es die erste Niederlage": the verb must be in a reporting mood or open a clause or colon
    doc = token.doc
    if token.lower_ not in words.evaluation_prepositions or not token.is_sent_start and token.i > 0:
        return None
    k = token.i + 1
    while k < len(doc) and doc[k].pos_ in {"DET", "ADJ"} and k - token.i <= 2:  # "Für die Stadt Bern", "Für den neuen Chef"
        k += 1
    first = k
    while k < len(doc) and k - token.i <= limits.max_evaluation_name_tokens and doc[k].pos_ in GRAMMAR.noun_tags \
            and doc[k].text[:1].isupper():
        k += 1
    name = doc[first:k]
    if not len(name) or not any(t.pos_ == "PROPN" or t.ent_type_ in GRAMMAR.speaker_entity_types for t in name) \
            and not any(first <= m.start < k for m in person_mentions(doc, words.person_nouns)):
        return None
    if k < len(doc) and doc[k].text == ",":  # "Für Jonas Weber, den Sprecher des Vereins, würden …"
        k = next((t.i + 1 for t in doc[k + 1 : min(len(doc), k + 2 + limits.max_evaluation_apposition_tokens)] if t.text == ","), len(doc))
    if k >= len(doc):
        return None
    verb = doc[k]
    if verb.pos_ not in GRAMMAR.verb_tags or "VerbForm=Fin" not in verb.morph:
        return None
    reporting_mood = "Mood=Sub" in verb.morph
    clause_after = any(t.text == ":" or t.text == "," and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in GRAMMAR.clause_openers
                       for t in doc[k + 1 : min(len(doc), k + 4)])  # (the parser may split "Für X | ist klar, …")
    if not (reporting_mood or clause_after):
        return None
    return CueMatch(PREP, token.i, token.i + 1, token.lower_)


def _postposition(token: Token, words: WordLists) -> CueMatch | None:
    # "Dem Geheimdienst zufolge …", "Berichten zufolge"
    if token.lower_ in words.postpositions and token.i > 0 and not token.doc[token.i - 1].is_punct:
        return CueMatch(POSTP, token.i, token.i + 1, token.lower_)
    # "Seiner Meinung nach …", "ihrer Ansicht nach": a report noun with a possessive or name, then "nach"
    doc = token.doc
    if token.lower_ == "nach" and token.i > 1 and words.report_nouns:
        noun, owner = doc[token.i - 1], doc[token.i - 2]
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if noun.pos_ == "NOUN" and noun.lower_.endswith(words.report_nouns) \
                and (owner.pos_ == "PROPN" or owner.dep_ == "det:poss" or owner.lower_ in GRAMMAR.report_noun_owners) \
                and (after is None or after.pos_ not in GRAMMAR.nach_object_pos):
            return CueMatch(POSTP, token.i, token.i + 1, "nach")
    return None


def _so(token: Token, words: WordLists) -> CueMatch | None:
    # "„Wir bleiben“, so der Kommandeur." — "so" right after a comma or quote, then a noun phrase
    doc = token.doc
    if token.lower_ not in words.so_words or token.i == 0 or token.i + 1 >= len(doc):
        return None
    before, after = doc[token.i - 1], doc[token.i + 1]
    if before.text not in MARKS.so_before:
        return None
    if after.pos_ not in GRAMMAR.so_source_pos and not after.text[:1].isupper():
        return None
    if after.pos_ in GRAMMAR.so_not_source_pos and after.is_lower:  # "…, so dass", "so schnell"
        return None
    return CueMatch(SO, token.i, token.i + 1, "so")


def _sequence_at(doc: Doc, i: int, sequence: tuple[str, ...]) -> bool:
    # (a word may be in Swiss spelling: "hiess es" for the listed "hieß es")
    return i + len(sequence) <= len(doc) and all(doc[i + k].lower_ == w or standard_spelling(doc[i + k].lower_) == w
                                                 for k, w in enumerate(sequence))


def standard_spelling(word: str) -> str:
    """``word`` with the Swiss spellings replaced by the standard ones ("hiess" -> "hieß", "äussern" -> "äußern")."""
    for swiss, standard in GRAMMAR.swiss_spellings.items():
        word = word.replace(swiss, standard)
    return word


def _impersonal(token: Token, words: WordLists) -> CueMatch | None:
    # "…, hieß es aus Militärkreisen", "Es heißt, …"
    by_first_word = words.impersonal_by_first_word
    for sequence in by_first_word.get(token.lower_, ()) or by_first_word.get(standard_spelling(token.lower_), ()):
        if _sequence_at(token.doc, token.i, sequence):
            last = token.doc[token.i + len(sequence) - 1]  # "hieß es" -> heißen, "verlautete" -> verlauten
            if _perceived_not_said(last):
                return None
            heissen = any(w in GRAMMAR.heissen_forms for w in sequence)
            return CueMatch(IMPERSONAL, token.i, token.i + len(sequence), "heißen" if heissen else last.lemma_.lower())
    return None


def _perceived_not_said(last: Token) -> bool:
    """ "Im Video ist zu hören, wie der Mann schreit": a sound heard, not a report."""
    doc, i = last.doc, last.i + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    return last.lemma_.lower() in GRAMMAR.perception_formula_lemmas and i < len(doc) \
        and doc[i].lower_ in GRAMMAR.perception_clause_openers


def _phrase(token: Token, words: WordLists, limits: CueThresholds) -> CueMatch | None:
    # "nach Angaben des Ministeriums", "unter Berufung auf Regierungskreise"
    # candidates are sorted longest first: the first that matches is the longest
    best = next((s for s in words.phrases_by_first_word.get(token.lower_, ()) if _sequence_at(token.doc, token.i, s)), None)
    if best is None:
        return _nach_report_noun(token, words, limits)
    return CueMatch(PHRASE, token.i, token.i + len(best), " ".join(best))


def _nach_report_noun(token: Token, words: WordLists, limits: CueThresholds) -> CueMatch | None:
    # "nach offiziellen Angaben", "nach Polizeiangaben", "nach seiner Ansicht": nach + modifiers + report noun
    doc = token.doc
    if token.lower_ != "nach" or not words.report_nouns:
        return None
    modifiers = GRAMMAR.report_noun_modifiers
    for k in range(token.i + 1, min(len(doc), token.i + 2 + limits.max_report_noun_modifiers)):
        candidate = doc[k]
        if candidate.pos_ in GRAMMAR.noun_tags and candidate.text[:1].isupper():
            if candidate.lower_.endswith(words.report_nouns):
                return CueMatch(PHRASE, token.i, k + 1, " ".join(t.lower_ for t in doc[token.i : k + 1]))
            return None
        if candidate.pos_ not in modifiers or candidate.is_punct:
            return None
    return None


def cue_spans(doc: Doc, matches: list[CueMatch]) -> list[Span]:
    """Spans for ``doc.spans``: label = cue kind, kb_id = lemma."""
    return [Span(doc, m.start, m.end, label=m.kind, kb_id=m.lemma) for m in matches]


__all__ = ["WordLists", "CueMatch", "find_cues", "cue_spans", "verb_lemma", "has_clausal_complement", "has_frame",
           "VERB", "PREP", "POSTP", "PHRASE", "SO", "IMPERSONAL", "NOUN"]
