"""Tokenizer exceptions added to spaCy's German rules (abbreviations seen in news text)."""

from __future__ import annotations

from pathlib import Path

import yaml
from spacy.attrs import ORTH
from spacy.language import Language

EXCEPTIONS = Path(__file__).with_name("tokenizer_exceptions.yaml")


def add_tokenizer_exceptions(nlp: Language, path: Path = EXCEPTIONS) -> list[str]:
    """Keep each listed abbreviation ("Ca.", "Mrd.") as a single token; returns those added."""
    abbreviations = yaml.safe_load(path.read_text(encoding="utf-8"))["abbreviations"]
    added = []
    for abbreviation in abbreviations:
        if len(nlp.tokenizer(abbreviation)) != 1:
            nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
            added.append(abbreviation)
    return added


# Web text often loses the space at a quotation mark: 'CEO."Die Branche', 'meinte:„Wir', 'gut.“Danach'.
# A mark glued between a sentence end or colon and a word is split off as its own token.
GLUED_QUOTE_INFIXES = [
    r"(?<=[^\W\d_])[.!?](?=[„“”\"»«‚‘][^\W\d_])",
    r"(?<=[.!?:,;])[„“”\"»«‚‘](?=[^\W\d_])",
    r"(?<=[^\W\d_])[:](?=[„“\"»«‚])",
]


def add_glued_quote_infixes(nlp: Language) -> None:
    """Split quotation marks glued to the words around them (idempotent)."""
    import re

    pattern = nlp.tokenizer.infix_finditer.__self__.pattern
    missing = [p for p in GLUED_QUOTE_INFIXES if p not in pattern]
    if missing:
        nlp.tokenizer.infix_finditer = re.compile("|".join([pattern, *missing])).finditer
