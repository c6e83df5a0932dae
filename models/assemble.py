"""Assemble the shipped pipeline from trained components plus rule-based parts."""

from __future__ import annotations

import shutil
from pathlib import Path

import spacy
from spacy.language import Language

MODELS = Path(__file__).resolve().parent
LICENSE_SOURCE = MODELS / "LICENSE-CC-BY-SA-4.0.txt"
META = {
    "name": "claimx",
    "version": "0.1.0",
    "description": "claimx's German base pipeline: tokenizer, morphologizer (UPOS + FEATS), "
    "edit-tree lemmatizer, dependency parser (sentence boundaries), lexicon verb morphology "
    "(Konjunktiv I, separable verbs) and a rule-based entity recognizer (PER, ORG, LOC).",
    "license": "CC BY-SA 4.0",
    "author": "claimx contributors",
    "sources": [
        {"name": "Universal Dependencies German GSD (test split)", "license": "CC BY-SA 4.0"},
        {"name": "Universal Dependencies German PUD", "license": "CC BY-SA 3.0"},
        {"name": "german-morph-lexicon (Morphy / german-pos-dict, korrekturen.de)", "license": "CC BY-SA 4.0"},
    ],
}


def add_rule_components(nlp: Language) -> None:
    """Lexicon verb morphology after the parser, then the entity_ruler."""
    import claimx.components.factories  # noqa: F401  (registers claimx_lexicon, claimx_name_repeats, claimx_boundaries)
    from models.ner.patterns import build_patterns, load_lists
    from models.tokenizer import add_glued_quote_infixes, add_tokenizer_exceptions

    add_tokenizer_exceptions(nlp)
    add_glued_quote_infixes(nlp)
    if "tagger" in nlp.pipe_names:
        add_pos_from_tags(nlp)
    nlp.add_pipe("claimx_boundaries", before="parser")
    nlp.add_pipe("claimx_lexicon", after="parser")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True, "phrase_matcher_attr": "ORTH"})
    with nlp.select_pipes(enable=[]):  # phrase patterns only need the tokenizer
        ruler.add_patterns(build_patterns(load_lists()))
    nlp.add_pipe("claimx_name_repeats", after="entity_ruler")


def add_pos_from_tags(nlp: Language) -> None:
    """The tagger predicts UPOS (17 labels, denser than the morphologizer's POS+FEATS
    labels): copy its tag to ``token.pos`` after the morphologizer."""
    ruler = nlp.add_pipe("attribute_ruler", name="pos_from_tag", after="morphologizer")
    for tag in nlp.get_pipe("tagger").labels:
        ruler.add(patterns=[[{"TAG": tag}]], attrs={"POS": tag})


def assemble(trained: Path, output: Path) -> Language:
    """Load the trained pipeline, add rule components, write it to ``output`` with meta."""
    nlp = spacy.load(trained)
    add_rule_components(nlp)
    nlp.meta.update(META)
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    shutil.copy(LICENSE_SOURCE, output / "LICENSE")
    return nlp
