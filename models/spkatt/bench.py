"""Words per second of the SpkAtt prediction pipelines on one core: ``python -m models.spkatt.bench``.

Runs each mode (rules, learned, combined) over the same SpkAtt documents (default: the 148
unlabelled news test articles) after one warm-up document, and prints words/s.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

DEFAULT_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "spkatt-news" / "unlabelled"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, nargs="?", default=DEFAULT_DIR)
    parser.add_argument("--modes", default="rules,learned,combined")
    args = parser.parse_args(argv)
    from claimx.spkatt import read_directory
    from claimx.spkatt_cli import load_pipeline
    from claimx.spkatt_predict import predict_document

    documents = list(read_directory(args.directory).values())
    words = sum(len(s) for d in documents for s in d.sentences)
    for mode in args.modes.split(","):
        nlp = load_pipeline(mode, None, None)
        predict_document(nlp, documents[0], mode=mode)
        started = time.perf_counter()
        for document in documents:
            predict_document(nlp, document, mode=mode)
        seconds = time.perf_counter() - started
        print(f"{mode:9s} {len(documents)} documents, {words} words, {seconds:.1f} s, {words / seconds:,.0f} words/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
