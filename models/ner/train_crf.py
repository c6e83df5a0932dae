"""Train the shipped named-entity tagger (``claimx_ner``, a CRF) and put it into a pipeline.

``python -m models.ner.train_crf [--base models/de_claimx] [--output models/de_claimx]``

1. read GermEval 2014 ``NER-de-test.tsv`` (all 5,100 sentences: a CRF needs no model
   selection split; outer column, OTH as MISC, ``-deriv``/``-part`` as no entity, as in
   ``models/ner/germeval.py``),
2. build the gazetteer from the hand-written name lists (``models/ner/entities.yaml``, the
   entity_ruler's lists, and ``models/ner/gazetteers.yaml``),
3. train a linear-chain CRF (CRFsuite, L-BFGS with L1 + L2; settings in
   ``models/configs/ner_crf.yaml``) on ``claimx.ner_features``,
4. add it as ``claimx_ner`` before the entity_ruler of ``--base`` (replacing an earlier one;
   nothing else changes) and write the pipeline to ``--output``, then print P/R/F1 per label
   on the held-out ``NER-de-dev.tsv`` (never trained on).

Deterministic (CRFsuite's L-BFGS has no random start); about a CPU minute.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path

import yaml

from models.ner.germeval import OTHER_LABEL, Sentence, label_map, read_sentences
from models.ner.integrate import GERMEVAL_SOURCE
from models.paths import CONFIGS, GERMEVAL, GERMEVAL_TRAIN_FILE, MODELS, OUTPUT

CONFIG = CONFIGS / "ner_crf.yaml"
ENTITY_LISTS = MODELS / "ner" / "entities.yaml"
GAZETTEER_LISTS = MODELS / "ner" / "gazetteers.yaml"
NAME = "claimx_ner"


def crf_tags(sentence: Sentence, labels: Mapping[str, str]) -> list[str]:
    """The sentence's outer BIO tags with GermEval types mapped (``B-OTH`` -> ``B-MISC``, ``B-LOCderiv`` -> ``O``)."""
    tags = []
    for tag in sentence.tags:
        prefix, _, kind = tag.partition("-")
        tags.append(f"{prefix}-{labels[kind]}" if kind in labels else "O")
    return tags


def load_gazetteer(entity_lists: Path = ENTITY_LISTS, gazetteer_lists: Path = GAZETTEER_LISTS):
    """Name lists by kind: the ruler's lists (``places`` → LOC, …) and the gazetteer file's lists."""
    from claimx.ner_features import Gazetteer

    ruler = yaml.safe_load(entity_lists.read_text(encoding="utf-8"))
    extra = yaml.safe_load(gazetteer_lists.read_text(encoding="utf-8"))
    kinds = extra.pop("kinds")  # list name -> feature kind ("german_cities" -> "LOC")
    person_kinds = set(extra.pop("person_kinds"))
    lists: dict[str, list[str]] = {}
    for source in (ruler, extra):
        for list_name, names in source.items():
            if list_name in kinds:
                names = [str(name) for name in names]
                if kinds[list_name] in person_kinds:
                    names = [name for name in names if not is_inflected_noun(name)]
                lists.setdefault(kinds[list_name], []).extend(names)
    return Gazetteer.from_lists(lists, ruler["organisation_suffixes"])


def is_inflected_noun(name: str) -> bool:
    """A one-word name that is an inflected form of a common noun: "Busse" (plural of "Bus"), "Parks".

    As a name feature it would make "900 Busse" a person; a name that is also a noun lemma
    ("Müller", "Fischer") stays, as GermEval teaches the CRF how far to trust it.
    """
    return " " not in name and "noun_form" in _word_classes()(name)


@cache
def _word_classes():
    from claimx.ner_features import lexicon_word_classes

    return lexicon_word_classes()


def training_pairs(sentences: Iterable[Sentence], features, other_label: str | None) -> Iterator[tuple[list, list[str]]]:
    labels = label_map(other_label)
    for sentence in sentences:
        yield features.sentence(sentence.words), crf_tags(sentence, labels)


def train_model(sentences: Iterable[Sentence], gazetteer, settings: Mapping) -> bytes:
    """The CRFsuite model file's bytes."""
    import pycrfsuite

    from claimx.ner_features import FeatureExtractor, lexicon_word_classes

    features = FeatureExtractor(gazetteer, lexicon_word_classes())
    trainer = pycrfsuite.Trainer(verbose=False)
    for items, tags in training_pairs(sentences, features, settings.get("other_label", OTHER_LABEL)):
        trainer.append(items, tags)
    trainer.set_params({"c1": settings["c1"], "c2": settings["c2"], "max_iterations": settings["max_iterations"],
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.crfsuite"
        trainer.train(str(path))
        return path.read_bytes()


def add_to_pipeline(nlp, model: bytes, gazetteer, labels: list[str]):
    """``claimx_ner`` before the entity_ruler (the ruler then only fills gaps), replacing an earlier one."""
    if NAME in nlp.pipe_names:
        nlp.remove_pipe(NAME)
    if "entity_ruler" not in nlp.pipe_names:
        raise ValueError("the pipeline has no 'entity_ruler' to place the ner before")
    component = nlp.add_pipe(NAME, before="entity_ruler", config={"labels": labels})
    component.set_model(model, gazetteer)
    meta = nlp.meta
    sources = [s for s in meta.get("sources", []) if s.get("name") != GERMEVAL_SOURCE["name"]]
    meta["sources"] = [*sources, GERMEVAL_SOURCE]
    return nlp


def write_pipeline(nlp, base: Path, output: Path) -> None:
    """``base``'s files with ``claimx_ner``'s folder, config and meta added (via a staging folder).

    The other components' files are copied, not re-serialised, so they stay byte-identical.
    """
    staging = output.with_name(output.name + ".staging")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(base, staging)
    if (staging / NAME).exists():
        shutil.rmtree(staging / NAME)
    nlp.get_pipe(NAME).to_disk(staging / NAME)
    nlp.config.to_disk(staging / "config.cfg")
    meta = json.loads((base / "meta.json").read_text(encoding="utf-8"))  # as written (spaCy's copy reformats floats)
    meta.update({key: nlp.meta[key] for key in ("labels", "pipeline", "components", "disabled", "sources")
                 if key in nlp.meta})
    (staging / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if output.exists():
        shutil.rmtree(output)
    staging.rename(output)


def build(base: Path = OUTPUT, output: Path = OUTPUT, germeval: Path = GERMEVAL, config: Path = CONFIG):
    """Train on GermEval, add to ``base``, write ``output``; returns the pipeline."""
    import claimx.components.factories  # noqa: F401  (registers claimx_ner)
    from claimx.model import load_base

    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    gazetteer = load_gazetteer()
    model = train_model(read_sentences(germeval / GERMEVAL_TRAIN_FILE), gazetteer, settings)
    nlp = add_to_pipeline(load_base(base), model, gazetteer, list(settings["labels"]))
    write_pipeline(nlp, base, output)
    return nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=OUTPUT, help="pipeline to add claimx_ner to")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--germeval", type=Path, default=GERMEVAL)
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    from models.evaluate import evaluate_ner, print_ner

    nlp = build(args.base, args.output, args.germeval, args.config)
    print(f"{args.output}: {', '.join(nlp.pipe_names)}")
    figures = evaluate_ner(nlp, args.germeval)
    print(json.dumps(figures, indent=2) if args.json else "", end="")
    if not args.json:
        print_ner(figures, args.germeval)


if __name__ == "__main__":
    main()
