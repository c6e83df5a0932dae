"""The one loader of the lists the rules read from ``claimx/data``: mark sets, function words, label sets.

Each data file is one class below whose annotations name its lists and their types; an instance reads
its file once (cached) and converts a list on first use, after which it is a plain attribute::

    from claimx.resources import GRAMMAR, MARKS
    if token.dep_ in GRAMMAR.subject_deps and token.text not in MARKS.quote_openers: ...

Types: ``frozenset[str]`` (a set), ``tuple[str, ...]`` (an ordered list, e.g. endings for ``str.endswith``),
``dict[str, tuple[str, ...]]`` (quotation-mark pairs: opener -> closers), ``dict[str, str]`` (label -> code),
``int`` (a length in characters that a word test needs), ``re.Pattern[str]`` (line starts,
matched case-insensitively at the start of a stripped line; ``words`` variants end at a word boundary).
A missing or ill-typed list raises :class:`claimx.errors.WordListError` with a one-line message.

Bind a list to a local once per function call or per Doc in a loop over tokens or characters.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources as _package_files
from typing import Any

import yaml

from claimx.errors import WordListError

# libyaml's loader when PyYAML was built with it (start-up time)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(filename: str) -> dict[str, Any]:
    """The parsed YAML file ``claimx/data/<filename>`` (the one place a file is read; tests wrap it)."""
    resource = _package_files.files("claimx") / "data" / filename
    try:
        data = yaml.load(resource.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as error:
        raise WordListError(f"claimx/data/{filename}: {' '.join(str(error).split())}") from error
    if not isinstance(data, dict):
        raise WordListError(f"claimx/data/{filename}: expected a mapping at the top level")
    return data


@cache  # one read per process and file
def package_data(filename: str) -> dict[str, Any]:
    return _read(filename)


def _strings(filename: str, name: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise WordListError(f"claimx/data/{filename}: '{name}' must be a list of strings")
    return value


def _convert(filename: str, name: str, kind: str, data: dict[str, Any]) -> Any:
    if name not in data:
        raise WordListError(f"claimx/data/{filename}: no list '{name}'")
    value = data[name]
    if kind == "frozenset[str]":
        return frozenset(_strings(filename, name, value))
    if kind == "tuple[str, ...]":
        return tuple(_strings(filename, name, value))
    if kind == "dict[str, tuple[str, ...]]":
        if not isinstance(value, dict):
            raise WordListError(f"claimx/data/{filename}: '{name}' must map each opening mark to its closing marks")
        return {str(k): tuple(_strings(filename, f"{name}.{k}", v)) for k, v in value.items()}
    if kind == "dict[str, str]":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise WordListError(f"claimx/data/{filename}: '{name}' must map each label to a string")
        return {str(k): v for k, v in value.items()}
    if kind == "re.Pattern[str]":
        if not isinstance(value, dict) or set(value) - {"starts", "words"}:
            raise WordListError(f"claimx/data/{filename}: '{name}' must have 'starts' and/or 'words'")
        starts = [re.escape(s) for s in _strings(filename, f"{name}.starts", value.get("starts", []))]
        words = [re.escape(s) for s in _strings(filename, f"{name}.words", value.get("words", []))]
        alternatives = starts + ([rf"(?:{'|'.join(words)})\b"] if words else [])
        return re.compile(rf"^\s*(?:{'|'.join(alternatives)})", re.IGNORECASE)
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise WordListError(f"claimx/data/{filename}: '{name}' must be a whole number of characters")
        return value
    raise TypeError(f"no conversion for {kind}")  # a programming error in the classes below


class DataFile:
    """The lists of one data file as attributes (declared as annotations of a subclass), read on first use."""

    filename: str = ""

    def __getattr__(self, name: str) -> Any:  # only for a list not read yet (or forgotten)
        kind = self.lists().get(name)
        if kind is None:
            raise AttributeError(f"claimx/data/{self.filename} declares no list '{name}'")
        value = _convert(self.filename, name, kind, package_data(self.filename))
        self.__dict__[name] = value
        return value

    @classmethod
    def lists(cls) -> dict[str, str]:
        """List name -> type, for the lists this file declares."""
        return {k: v for k, v in cls.__annotations__.items() if k != "filename"}

    def forget(self) -> None:
        self.__dict__.clear()


class Marks(DataFile):
    """claimx/data/marks.yaml: quotation-mark pairs and the purpose-named mark sets."""

    filename = "marks.yaml"
    outer_pairs: dict[str, tuple[str, ...]]
    nested_pairs: dict[str, tuple[str, ...]]
    quote_marks: frozenset[str]
    content_closers: frozenset[str]
    navigation_separators: tuple[str, ...]
    paragraph_quote_starts: frozenset[str]
    opening_position_before: frozenset[str]
    name_openers: frozenset[str]
    name_closers: frozenset[str]
    quote_openers: frozenset[str]
    quote_closers: frozenset[str]
    message_openers: frozenset[str]
    message_end_keeps: frozenset[str]
    brackets: frozenset[str]
    phrase_stops: frozenset[str]
    clause_breaks: frozenset[str]
    particle_clause_breaks: frozenset[str]
    so_before: frozenset[str]
    clause_after_verb: frozenset[str]
    gap_sentence_ends: frozenset[str]
    headline_continues: frozenset[str]
    sentence_ends: frozenset[str]
    sentence_closers: frozenset[str]
    segment_sentence_ends: frozenset[str]
    glued_closing_quotes: frozenset[str]
    sentence_joiners: frozenset[str]
    clause_sentence_ends: frozenset[str]
    morph_sentence_openers: frozenset[str]
    word_key_strip: tuple[str, ...]
    learned_edges: frozenset[str]
    learned_run_joiners: frozenset[str]
    spkatt_quote_marks: frozenset[str]
    spkatt_opening_quotes: frozenset[str]
    spkatt_closing_quotes: frozenset[str]
    spkatt_sentence_ends: frozenset[str]
    spkatt_before_closing: frozenset[str]
    spkatt_apposition_ends: frozenset[str]
    spkatt_no_space_before: frozenset[str]
    spkatt_no_space_after: frozenset[str]


class Grammar(DataFile):
    """claimx/data/grammar.yaml: German function words, page-furniture line starts, endings, UD labels."""

    filename = "grammar.yaml"
    personal_pronouns: frozenset[str]
    demonstrative_subjects: frozenset[str]
    genitive_starts: frozenset[str]
    possessives: frozenset[str]
    report_noun_owners: frozenset[str]
    articles: frozenset[str]
    own_words: frozenset[str]
    own_channel_words: frozenset[str]
    inner_channel_phrases: frozenset[str]
    indefinite_articles: frozenset[str]
    web_name_endings: frozenset[str]
    phrase_source_prepositions: frozenset[str]
    impersonal_source_prepositions: frozenset[str]
    impersonal_prefield_prepositions: frozenset[str]
    impersonal_place_prepositions: frozenset[str]
    impersonal_speaker_prepositions: frozenset[str]
    impersonal_site_prepositions: frozenset[str]
    perception_formula_lemmas: frozenset[str]
    perception_clause_openers: frozenset[str]
    elided_subject_openers: frozenset[str]
    organisation_entity_types: frozenset[str]
    negations: frozenset[str]
    negation_releasers: frozenset[str]
    negation_kept_classes: frozenset[str]
    hypothetical_auxiliary_forms: frozenset[str]
    hypothetical_head_deps: frozenset[str]
    hypothetical_perfect_forms: frozenset[str]
    modal_lemmas: frozenset[str]
    swiss_spellings: dict[str, str]
    retag_as_verb_pos: frozenset[str]
    retag_as_verb_tenses: frozenset[str]
    weak_declension_articles: frozenset[str]
    report_owner_deps: frozenset[str]
    report_owner_prepositions: frozenset[str]
    report_owner_not_entity_types: frozenset[str]
    name_adjective_pos: frozenset[str]
    weak_adjective_endings: tuple[str, ...]
    strong_adjective_endings: dict[str, str]
    genitive_noun_endings: frozenset[str]
    negation_affirming_lemmas: frozenset[str]
    masculine_pronouns: frozenset[str]
    masculine_stems: tuple[str, ...]
    feminine_pronouns: frozenset[str]
    feminine_stems: tuple[str, ...]
    vague_pronouns: frozenset[str]
    address_titles: frozenset[str]
    heissen_forms: frozenset[str]
    clause_starts: frozenset[str]
    clause_openers: frozenset[str]
    indirect_openers: frozenset[str]
    subclause_starts: frozenset[str]
    inverted_leads: frozenset[str]
    cue_conjunctions: frozenset[str]
    speaker_pronouns: frozenset[str]
    spkatt_writing_cues: frozenset[str]
    spkatt_thought_cues: frozenset[str]
    spkatt_speech_or_writing_cues: frozenset[str]
    spkatt_source_cut_pos: frozenset[str]
    spkatt_source_prepositions: frozenset[str]
    spkatt_source_end_pos: frozenset[str]
    spkatt_leading_noise_pos: frozenset[str]
    spkatt_report_noun_links: frozenset[str]
    spkatt_report_noun_genitives: frozenset[str]
    spkatt_title_phrase_pos: frozenset[str]
    name_particles: frozenset[str]
    foreign_name_joints: frozenset[str]
    organisation_name_prepositions: frozenset[str]
    addressee_prepositions: frozenset[str]
    spkatt_left_apposition_pos: frozenset[str]
    clause_adverbs: frozenset[str]
    relative_report_prepositions: frozenset[str]
    spkatt_source_membership: frozenset[str]
    spkatt_source_conjunctions: frozenset[str]
    spkatt_source_place_prepositions: frozenset[str]
    spkatt_dangling_pos: frozenset[str]
    spkatt_report_phrase_pos: frozenset[str]
    spkatt_genitive_endings: tuple[str, ...]
    spkatt_phrase_source_prepositions: frozenset[str]
    spkatt_quoted_name_pos: frozenset[str]
    spkatt_bare_object_cues: frozenset[str]
    wie_clause_openers: frozenset[str]
    spkatt_relative_subject_deps: frozenset[str]
    apposition_articles: frozenset[str]
    leading_noise: frozenset[str]
    anaphoric_sources: frozenset[str]
    boilerplate_starts: re.Pattern[str]
    link_list_heads: tuple[str, ...]
    inflection_endings: tuple[str, ...]
    noun_tags: frozenset[str]
    verb_tags: frozenset[str]
    source_head_pos: frozenset[str]
    np_deps: frozenset[str]
    subject_deps: frozenset[str]
    fragment_nominal_pos: frozenset[str]
    name_inner_pos: frozenset[str]
    name_lead_pos: frozenset[str]
    work_title_nouns: tuple[str, ...]
    active_subject_deps: frozenset[str]
    content_object_deps: frozenset[str]
    named_prefield_rest_pos: frozenset[str]
    not_name_word_pos: frozenset[str]
    fragment_verbal_pos: frozenset[str]
    passive_subject_deps: frozenset[str]
    mood_subject_deps: frozenset[str]
    agreement_subject_deps: frozenset[str]
    expletive_subjects: frozenset[str]
    report_owner_deps: frozenset[str]
    report_owner_prepositions: frozenset[str]
    report_owner_not_entity_types: frozenset[str]
    apposition_start_pos: frozenset[str]
    definite_descriptor_articles: frozenset[str]
    reflexive_pronouns: frozenset[str]
    free_relative_pronouns: frozenset[str]
    speaker_source_types: frozenset[str]
    inverted_subject_pronouns: frozenset[str]
    inverted_name_subject_pos: frozenset[str]
    accusative_articles: frozenset[str]
    prefield_object_deps: frozenset[str]
    conjecture_modal_lemmas: frozenset[str]
    particle_deps: frozenset[str]
    named_source_types: frozenset[str]
    auxiliary_deps: frozenset[str]
    governor_deps: frozenset[str]
    shared_subject_deps: frozenset[str]
    relative_clause_deps: frozenset[str]
    agent_deps: frozenset[str]
    wie_subject_deps: frozenset[str]
    prefield_subject_deps: frozenset[str]
    name_part_deps: frozenset[str]
    name_apposition_deps: frozenset[str]
    named_apposition_deps: frozenset[str]
    inner_organisation_deps: frozenset[str]
    speaker_entity_types: frozenset[str]
    other_entity_types: frozenset[str]
    not_name_start_pos: frozenset[str]
    np_modifier_pos: frozenset[str]
    trim_leading_pos: frozenset[str]
    trim_leading_words: frozenset[str]
    addressee_articles: frozenset[str]
    hearsay_modal_forms: frozenset[str]
    copula_deps: frozenset[str]
    hearsay_modal_lemmas: frozenset[str]
    feminine_suffixes: tuple[str, ...]
    bare_noun_phrase_pos: frozenset[str]
    descriptor_articles: frozenset[str]
    person_subject_pronouns: frozenset[str]
    genitive_name_endings: tuple[str, ...]
    min_genitive_name_chars: int
    min_name_key_chars: int
    min_stem_chars: int
    min_medium_suffix_chars: int
    min_compound_key_chars: int
    min_compound_head_chars: int
    min_masculine_title_chars: int
    not_in_name_pos: frozenset[str]
    plain_skip_pos: frozenset[str]
    np_start_pos: frozenset[str]
    adjective_particle_deps: frozenset[str]
    attributive_deps: frozenset[str]
    frame_deps: frozenset[str]
    passive_auxiliary_deps: frozenset[str]
    perfect_auxiliary_deps: frozenset[str]
    prefield_phrase_pos: frozenset[str]
    infinitive_complement_deps: frozenset[str]
    frame_word_deps: frozenset[str]
    frame_predicate_deps: frozenset[str]
    non_nominative_articles: frozenset[str]
    clausal_complement_deps: frozenset[str]
    nach_object_pos: frozenset[str]
    so_source_pos: frozenset[str]
    so_not_source_pos: frozenset[str]
    report_noun_modifiers: frozenset[str]
    piece_lead_pos: frozenset[str]
    object_deps: frozenset[str]
    lone_object_deps: frozenset[str]
    dative_articles: frozenset[str]
    subordinate_clause_deps: frozenset[str]
    not_verb_pos: frozenset[str]
    finite_tenses: frozenset[str]
    konjunktiv_i_tenses: frozenset[str]
    konjunktiv_ii_tenses: frozenset[str]
    participle_tenses: frozenset[str]
    hearsay_sollen_deps: frozenset[str]
    quote_cue_gap_pos: frozenset[str]
    quoted_title_before_pos: frozenset[str]
    quoted_title_article_pos: frozenset[str]
    name_continuation_pos: frozenset[str]
    capitalised_lemma_pos: frozenset[str]
    number_codes: dict[str, str]
    not_repeat_name_pos: frozenset[str]
    learned_clause_openers: frozenset[str]
    learned_speaker_pos: frozenset[str]
    not_speaker_pron_types: frozenset[str]


class NonSources(DataFile):
    """claimx/data/non_sources.yaml: words a parser may take for a speaker ("Gestern erklärte …")."""

    filename = "non_sources.yaml"
    adverbs: frozenset[str]
    time_nouns: frozenset[str]
    adjective_endings: tuple[str, ...]


class PersonTitles(DataFile):
    """claimx/data/person_titles.yaml: endings of person titles that show a gender ("die Biologin")."""

    filename = "person_titles.yaml"
    feminine: tuple[str, ...]
    masculine: tuple[str, ...]
    descriptors: tuple[str, ...]
    same_office: dict[str, tuple[str, ...]]


MARKS = Marks()
GRAMMAR = Grammar()
NON_SOURCES = NonSources()
PERSON_TITLES = PersonTitles()
FILES: tuple[DataFile, ...] = (MARKS, GRAMMAR, NON_SOURCES, PERSON_TITLES)


def clear_caches() -> None:
    """Forget everything read (after the data was edited, in tests): the next use reads the files again."""
    package_data.cache_clear()
    for data_file in FILES:
        data_file.forget()
    from claimx.rules import text  # the caches of values derived from the lists

    text.word_keys.cache_clear()
    text._word_key_strip.cache_clear()
    text.pos_ids.cache_clear()


__all__ = ["GRAMMAR", "MARKS", "NON_SOURCES", "PERSON_TITLES", "DataFile", "Grammar", "Marks", "NonSources", "PersonTitles",
           "clear_caches", "package_data"]
