"""Retrain claimx's German base pipeline from scratch: ``python -m models.train``.

1. derive the verb and noun tables from the morph lexicon (``claimx/data/lexicon/``),
2. convert UD German (GSD test + PUD test; GSD dev stays held out) to ``models/corpus/``,
3. pretrain the tok2vec layer (``spacy pretrain``, character objective) on the raw text of
   the SpkAtt debates and the UD training sentences,
4. train tok2vec + tagger (UPOS) + morphologizer + edit-tree lemmatizer + parser
   (``models/configs/base.cfg``), starting from the pretrained tok2vec weights,
5. assemble ``models/de_claimx``: trained components + lexicon morphology + entity_ruler
   patterns + tokenizer exceptions, with meta and licence,
6. train the named-entity CRF on GermEval 2014 and add it before the entity_ruler
   (``models/ner/train_crf.py``, about a CPU minute).

Everything runs single-threaded; about 15 min of pretraining and 15 min of training.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from models.paths import CONFIGS, CORPUS, EVAL_FILE, OUTPUT, REPO, SINGLE_THREAD, TRAIN_FILES, TRAINING, UD

CONFIG = CONFIGS / "base.cfg"
PRETRAIN_EPOCHS = 20


def convert(ud_dir: Path = UD, lexicon_dir: Path | None = None) -> dict[str, Path]:
    """UD CoNLL-U -> models/corpus/*.spacy (training part augmented with Konjunktiv I variants)."""
    import json

    from models.build_lexicon import DEFAULT_SOURCE
    from models.corpus import write_corpus

    verbs = json.loads(((lexicon_dir or DEFAULT_SOURCE) / "verbs.json").read_text(encoding="utf-8"))
    return write_corpus([ud_dir / name for name in TRAIN_FILES], ud_dir / EVAL_FILE, CORPUS, verbs=verbs)


def pretrain(config: Path, output: Path, epochs: int = PRETRAIN_EPOCHS, overrides: list[str] = ()) -> Path:
    """Run ``spacy pretrain`` on the raw text; returns the last epoch's tok2vec weights."""
    from models.pretrain_text import write_raw_text

    raw_text = CORPUS / "pretrain.jsonl"
    lines = write_raw_text(raw_text, [UD / name for name in TRAIN_FILES])
    print(f"pretraining text: {lines} sentences")
    command = [sys.executable, "-m", "spacy", "pretrain", str(config), str(output),
               "--paths.raw_text", str(raw_text), "--pretraining.max_epochs", str(epochs), *overrides]
    subprocess.run(command, check=True, env={**os.environ, **SINGLE_THREAD}, cwd=REPO)
    return output / f"model{epochs - 1}.bin"


def train(config: Path, output: Path, init_tok2vec: Path | None, overrides: list[str]) -> Path:
    """Run ``spacy train`` single-threaded; returns the best model's directory."""
    command = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(output),
               "--paths.train", str(CORPUS / "train.spacy"), "--paths.dev", str(CORPUS / "dev.spacy")]
    if init_tok2vec is not None:
        command += ["--paths.init_tok2vec", str(init_tok2vec)]
    subprocess.run([*command, *overrides], check=True, env={**os.environ, **SINGLE_THREAD}, cwd=REPO)
    return output / "model-best"


def main() -> None:
    parser = argparse.ArgumentParser(description="Retrain models/de_claimx from scratch.")
    parser.add_argument("--ud", type=Path, default=UD, help="folder with the UD German CoNLL-U files")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--skip-training", action="store_true",
                        help="only re-assemble from an existing <workdir>/base/model-best")
    parser.add_argument("--no-pretrain", action="store_true", help="train tok2vec from random weights")
    parser.add_argument("--pretrain-epochs", type=int, default=PRETRAIN_EPOCHS)
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the pipeline")
    parser.add_argument("--workdir", type=Path, default=TRAINING, help="training checkpoints")
    parser.add_argument("--lexicon-vectors", action="store_true",
                        help="experiment: feed the tok2vec layer static vectors derived from the morph "
                             "lexicon (models/lexicon_vectors.py; see the model card: not shipped)")
    # anything else is passed on to `spacy train`, e.g. --training.max_steps=500
    args, overrides = parser.parse_known_args()

    from models import assemble, build_lexicon

    table = build_lexicon.build(build_lexicon.DEFAULT_SOURCE)
    build_lexicon.write(table, build_lexicon.TARGET)
    print(f"verb table: {len(table)} entries")
    paths = convert(args.ud)
    print(f"corpus: {', '.join(str(p) for p in paths.values())}")
    best = args.workdir / "base" / "model-best"
    if not args.skip_training:
        for folder in (args.workdir / "base", args.workdir / "pretrain"):
            if folder.exists():
                shutil.rmtree(folder)
        shared: list[str] = []
        if args.lexicon_vectors:
            from models.lexicon_vectors import write_vectors_pipeline

            vectors = args.workdir / "lexicon-vectors"
            write_vectors_pipeline(vectors)
            shared = ["--paths.vectors", str(vectors), "--components.tok2vec.model.embed.include_static_vectors", "true"]
        weights = None
        if not args.no_pretrain:
            weights = pretrain(args.config, args.workdir / "pretrain", args.pretrain_epochs, shared)
        best = train(args.config, args.workdir / "base", weights, [*shared, *overrides])
    nlp = assemble.assemble(best, args.output)
    from models.ner import train_crf

    nlp = train_crf.build(args.output, args.output)  # the GermEval CRF before the entity_ruler
    record_evaluation(nlp, args.output, args.ud)
    print(f"pipeline written to {args.output}")


def record_evaluation(nlp, output: Path, ud_dir: Path) -> None:
    """Evaluate on the held-out GSD dev file and keep the figures in meta.json."""
    import json

    from models.evaluate import evaluate

    figures = evaluate(nlp, ud_dir)
    meta_path = output / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["performance"] = {}  # spacy train's figures are on the internal dev split: misleading here
    meta["held_out_evaluation"] = {"data": f"UD German GSD {EVAL_FILE}, gold tokenisation",
                                   **{k: round(v, 4) for k, v in figures.items()}}
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for label, value in figures.items():
        print(f"{label:12s} {value:.4f}")


if __name__ == "__main__":
    main()
