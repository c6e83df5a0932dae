"""Retrain claimx's German base pipeline from scratch: ``python -m models.train``.

1. derive the verb table from the morph lexicon (``claimx/data/lexicon/verbs.tsv.gz``),
2. convert UD German (GSD test + PUD test; GSD dev stays held out) to ``models/corpus/``,
3. train tok2vec + morphologizer + edit-tree lemmatizer + parser (``models/configs/base.cfg``),
4. assemble ``models/de_claimx``: trained components + lexicon verb morphology +
   entity_ruler patterns + tokenizer exceptions, with meta and licence.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

MODELS = Path(__file__).resolve().parent
REPO = MODELS.parent
UD = REPO.parent / "shared" / "data" / "ud-german"
TRAIN_FILES = ("de_gsd-ud-test.conllu", "de_pud-ud-test.conllu")
EVAL_FILE = "de_gsd-ud-dev.conllu"
CORPUS = MODELS / "corpus"
TRAINING = MODELS / "training"
OUTPUT = MODELS / "de_claimx"
CONFIG = MODELS / "configs" / "base.cfg"
SINGLE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def convert(ud_dir: Path = UD) -> dict[str, Path]:
    from models.corpus import write_corpus

    return write_corpus([ud_dir / name for name in TRAIN_FILES], ud_dir / EVAL_FILE, CORPUS)


def train(config: Path, output: Path, overrides: list[str]) -> Path:
    """Run ``spacy train`` single-threaded; returns the best model's directory."""
    env = {**os.environ, **SINGLE_THREAD}
    command = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(output),
               "--paths.train", str(CORPUS / "train.spacy"), "--paths.dev", str(CORPUS / "dev.spacy"),
               *overrides]
    subprocess.run(command, check=True, env=env, cwd=REPO)
    return output / "model-best"


def main() -> None:
    parser = argparse.ArgumentParser(description="Retrain models/de_claimx from scratch.")
    parser.add_argument("--ud", type=Path, default=UD, help="folder with the UD German CoNLL-U files")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--skip-training", action="store_true",
                        help="only re-assemble from an existing models/training/base/model-best")
    parser.add_argument("overrides", nargs="*", help="extra spacy train overrides, e.g. --training.max_steps=500")
    args = parser.parse_args()

    from models import assemble, build_lexicon

    table = build_lexicon.build(build_lexicon.DEFAULT_SOURCE)
    build_lexicon.write(table, build_lexicon.TARGET)
    print(f"verb table: {len(table)} entries")
    paths = convert(args.ud)
    print(f"corpus: {', '.join(str(p) for p in paths.values())}")
    best = TRAINING / "base" / "model-best"
    if not args.skip_training:
        if (TRAINING / "base").exists():
            shutil.rmtree(TRAINING / "base")
        best = train(args.config, TRAINING / "base", args.overrides)
    assemble.assemble(best, OUTPUT)
    print(f"pipeline written to {OUTPUT}")


if __name__ == "__main__":
    main()
