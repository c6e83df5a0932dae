"""Train claimx's statistical NER on GermEval 2014: ``python -m models.ner.train``.

1. convert ``NER-de-test.tsv`` to ``models/corpus/ner-train.spacy`` and ``ner-select.spacy``
   (a seeded 10 % for model selection) and the held-out ``NER-de-dev.tsv`` to
   ``ner-eval.spacy`` (evaluation only, never trained on; ``models/ner/germeval.py``),
2. write the lexicon vectors the ner's own encoder reads (``models/lexicon_vectors.py``),
3. ``spacy train`` with ``models/configs/ner.cfg`` (or ``--variant listener``:
   ``ner_listener.cfg``, an ner on the shipped frozen tok2vec) into ``models/training/ner/``,
4. add the ner to a copy of ``models/de_claimx`` (``models/ner/integrate.py``; the shipped
   pipeline itself is not touched) and print P/R/F1 per label on GermEval dev.

Single-threaded and seeded; a few minutes on one core. Any ``spacy train`` override can
follow, e.g. ``--training.max_steps=500``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from models.paths import (CONFIGS, CORPUS, GERMEVAL, GERMEVAL_EVAL_FILE, GERMEVAL_TRAIN_FILE, OUTPUT, REPO,
                          SINGLE_THREAD, TRAINING)

WORKDIR = TRAINING / "ner"
VARIANTS = {  # name: (config, needs the lexicon vectors, sources the shipped tok2vec)
    "own": (CONFIGS / "ner.cfg", True, False),
    "listener": (CONFIGS / "ner_listener.cfg", False, True),
}


def convert(germeval: Path = GERMEVAL) -> dict[str, Path]:
    from models.ner.germeval import write_corpus

    return write_corpus(germeval / GERMEVAL_TRAIN_FILE, germeval / GERMEVAL_EVAL_FILE, CORPUS)


def write_vectors(workdir: Path) -> Path:
    from models.lexicon_vectors import write_vectors_pipeline

    target = workdir / "lexicon-vectors"
    keys, rows = write_vectors_pipeline(target)
    print(f"lexicon vectors: {keys} forms, {rows} rows -> {target}")
    return target


def train(config: Path, output: Path, corpus: dict[str, Path], *, vectors: Path | None = None,
          base: Path | None = None, overrides: list[str] = ()) -> Path:
    """``spacy train`` single-threaded at low priority; returns the best model's directory."""
    if output.exists():
        shutil.rmtree(output)
    command = ["nice", "-n", "10", sys.executable, "-m", "spacy", "train", str(config), "--output", str(output),
               "--paths.train", str(corpus["train"]), "--paths.dev", str(corpus["select"])]
    if vectors is not None:
        command += ["--paths.vectors", str(vectors)]
    if base is not None:
        command += ["--paths.base", str(base)]
    subprocess.run([*command, *overrides], check=True, env={**os.environ, **SINGLE_THREAD}, cwd=REPO)
    return output / "model-best"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="own")
    parser.add_argument("--germeval", type=Path, default=GERMEVAL)
    parser.add_argument("--workdir", type=Path, default=WORKDIR)
    parser.add_argument("--base", type=Path, default=OUTPUT, help="pipeline the ner is added to (not modified)")
    parser.add_argument("--order", default=None, help="entity_ruler order (models/ner/integrate.py)")
    args, overrides = parser.parse_known_args()

    from models.evaluate import evaluate_ner, print_ner
    from models.ner.integrate import DEFAULT_ORDER, integrate

    config, needs_vectors, sources_tok2vec = VARIANTS[args.variant]
    corpus = convert(args.germeval)
    print(f"corpus: {', '.join(str(p) for p in corpus.values())}")
    vectors = write_vectors(args.workdir) if needs_vectors else None
    best = train(config, args.workdir / args.variant, corpus, vectors=vectors,
                 base=args.base if sources_tok2vec else None, overrides=overrides)
    pipeline = args.workdir / f"de_claimx_ner_{args.variant}"
    nlp = integrate(args.base, best, pipeline, args.order or DEFAULT_ORDER)
    figures = evaluate_ner(nlp, args.germeval)
    (args.workdir / f"figures_{args.variant}.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"pipeline with ner: {pipeline}")
    print_ner(figures, args.germeval)


if __name__ == "__main__":
    main()
