"""Add the trained GermEval ``ner`` to a claimx pipeline folder (one command, any pipeline).

``python -m models.ner.integrate [--trained DIR] [--base DIR] [--output DIR] [--order ORDER]``

The ``ner`` is copied from the trained pipeline (``models/training/ner/own/model-best``). If it
listens to a ``tok2vec``, spaCy links it to the base pipeline's tok2vec, which must be the one
it was trained on (the training config sources and freezes it); a ner with its own encoder
fits any pipeline. Nothing else in the base pipeline changes, so every other component's
output stays byte-identical. ``--order`` places the hand-written entity_ruler relative to it:

- ``ruler-first``: the ruler's matches are fixed first, the ner labels the rest around them;
- ``ner-first`` (default, best on GermEval dev): the ner labels first, the ruler only adds
  matches where the ner found nothing;
- ``ner-first-overwrite``: the ner labels first, the ruler's matches replace overlapping ones.

``claimx_name_repeats`` stays last, so repeated surnames of either source become PER.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import spacy
from spacy.language import Language

from models.paths import OUTPUT, TRAINING

ORDERS = ("ruler-first", "ner-first", "ner-first-overwrite")
DEFAULT_ORDER = "ner-first"  # measured on GermEval dev: see models/README.md
TRAINED = TRAINING / "ner" / "own" / "model-best"
GERMEVAL_SOURCE = {
    "name": "GermEval 2014 NER (NoSta-D), NER-de-test.tsv; D. Benikova, C. Biemann, M. Reznicek: "
            "NoSta-D Named Entity Annotation for German: Guidelines and Dataset, LREC 2014",
    "license": "CC BY 4.0",
}


def add_trained_ner(nlp: Language, trained: Language, order: str = DEFAULT_ORDER) -> Language:
    """Copy ``trained``'s ner into ``nlp`` beside its entity_ruler, in the given order."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}; choose one of {', '.join(ORDERS)}")
    if "ner" in nlp.pipe_names:
        raise ValueError("the pipeline already has an 'ner' component")
    if "entity_ruler" not in nlp.pipe_names:
        raise ValueError("the pipeline has no 'entity_ruler' to place the ner beside")
    carry_vectors(nlp, trained)
    placement = {"after": "entity_ruler"} if order == "ruler-first" else {"before": "entity_ruler"}
    nlp.add_pipe("ner", source=trained, **placement)
    ruler = nlp.get_pipe("entity_ruler")
    ruler.overwrite = order == "ner-first-overwrite"
    nlp.get_pipe_config("entity_ruler")["overwrite_ents"] = ruler.overwrite
    return nlp


def carry_vectors(nlp: Language, trained: Language) -> None:
    """The static vectors the ner reads (the lexicon vectors) go into the pipeline's vocab.

    The shipped components read no static vectors, so their output does not change.
    """
    if trained.vocab.vectors.shape[0] == 0 or trained.vocab.vectors == nlp.vocab.vectors:
        return
    if nlp.vocab.vectors.shape[0] != 0:
        raise ValueError("the pipeline already has other static vectors than the ones the ner was trained with")
    nlp.vocab.vectors = trained.vocab.vectors


def describe(nlp: Language, order: str) -> None:
    """Meta of the pipeline with the ner: labels, description, GermEval attribution."""
    meta = nlp.meta
    labels = ", ".join(nlp.get_pipe("ner").labels)
    meta["description"] = (meta.get("description", "").rstrip(".")
                           + f"; statistical NER ({labels}) trained on GermEval 2014, entity_ruler order: {order}.")
    sources = [s for s in meta.get("sources", []) if s.get("name") != GERMEVAL_SOURCE["name"]]
    meta["sources"] = [*sources, GERMEVAL_SOURCE]


def integrate(base: Path, trained: Path, output: Path, order: str = DEFAULT_ORDER) -> Language:
    """Write ``base`` + the trained ner to ``output`` (licence file and meta carried over)."""
    from claimx.model import load_base

    nlp = load_base(base)
    add_trained_ner(nlp, spacy.load(trained), order)
    describe(nlp, order)
    if output.resolve() == base.resolve():
        staging = output.with_name(output.name + ".with-ner")
        write_pipeline(nlp, base, staging)
        shutil.rmtree(output)
        staging.rename(output)
    else:
        write_pipeline(nlp, base, output)
    return nlp


def write_pipeline(nlp: Language, base: Path, output: Path) -> None:
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    if (base / "LICENSE").exists():
        shutil.copy(base / "LICENSE", output / "LICENSE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trained", type=Path, default=TRAINED, help="trained pipeline holding the ner")
    parser.add_argument("--base", type=Path, default=OUTPUT, help="pipeline to add the ner to")
    parser.add_argument("--output", type=Path, default=TRAINING / "ner" / "de_claimx_ner")
    parser.add_argument("--order", choices=ORDERS, default=DEFAULT_ORDER)
    args = parser.parse_args()
    nlp = integrate(args.base, args.trained, args.output, args.order)
    print(f"{args.output}: {', '.join(nlp.pipe_names)}")
    print(json.dumps(nlp.meta["sources"][-1], ensure_ascii=False))


if __name__ == "__main__":
    main()
