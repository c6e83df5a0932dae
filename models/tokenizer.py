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
