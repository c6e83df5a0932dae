"""Where the model-building scripts read data and write their results (one place for all)."""

from __future__ import annotations

from pathlib import Path

MODELS = Path(__file__).resolve().parent
REPO = MODELS.parent
DATA = REPO.parent / "shared" / "data"
UD = DATA / "ud-german"
TRAIN_FILES = ("de_gsd-ud-test.conllu", "de_pud-ud-test.conllu")
EVAL_FILE = "de_gsd-ud-dev.conllu"
GERMEVAL = DATA / "germeval2014-ner"
GERMEVAL_TRAIN_FILE = "NER-de-test.tsv"  # the only large file we have: trained on
GERMEVAL_EVAL_FILE = "NER-de-dev.tsv"  # held out: evaluation only, never trained on
CORPUS = MODELS / "corpus"
TRAINING = MODELS / "training"
OUTPUT = MODELS / "de_claimx"
CONFIGS = MODELS / "configs"
SINGLE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
