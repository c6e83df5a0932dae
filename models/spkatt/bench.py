"""Words per second of the SpkAtt prediction pipelines on one core: ``python -m models.spkatt.bench``.

Runs each mode over the same SpkAtt documents (default: the 148 unlabelled news test articles)
after one warm-up document, and prints words/s. Modes: ``rules``, ``learned``, ``combined`` run
``claimx spkatt predict`` on the documents' own tokens; ``extract`` and ``extract-learned`` run
``claimx.load()`` / ``claimx.load(learned=True)`` on the plain texts, as ``claimx extract [--learned]`` does.
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
    parser.add_argument("--modes", default="rules,learned,combined,extract,extract-learned")
    args = parser.parse_args(argv)
    from claimx.spkatt.documents import read_directory
    from claimx.spkatt.cli import load_pipeline
    from claimx.spkatt.predict import predict_document

    documents = list(read_directory(args.directory).values())
    words = sum(len(s) for d in documents for s in d.sentences)
    for mode in args.modes.split(","):
        if mode.startswith("extract"):
            bench_extract(documents, words, learned=mode == "extract-learned")
            continue
        nlp = load_pipeline(mode, None, None)
        predict_document(nlp, documents[0], mode=mode)
        started, cpu = time.perf_counter(), time.process_time()
        for document in documents:
            predict_document(nlp, document, mode=mode)
        report(mode, len(documents), words, time.perf_counter() - started, time.process_time() - cpu)
    return 0


def bench_extract(documents, words: int, *, learned: bool) -> None:
    """words/s of the claim extractor on the documents' plain texts (tokenised by claimx)."""
    import claimx
    from claimx.spkatt.predict import document_to_doc

    nlp = claimx.load(learned=learned)
    texts = [(str(k), document_to_doc(nlp.vocab, d).text) for k, d in enumerate(documents)]
    list(claimx.pipe(texts[:1], nlp=nlp))
    started, cpu = time.perf_counter(), time.process_time()
    claims = sum(len(found) for _, found in claimx.pipe(texts, nlp=nlp))
    report("extract-learned" if learned else "extract", len(documents), words, time.perf_counter() - started,
           time.process_time() - cpu, f", {claims} claims")


def report(mode: str, documents: int, words: int, seconds: float, cpu_seconds: float, extra: str = "") -> None:
    """One line: words per wall-clock second and per CPU second (the fairer figure on a busy machine)."""
    print(f"{mode:15s} {documents} documents, {words} words{extra}, {seconds:.1f} s, {words / seconds:,.0f} words/s "
          f"(CPU {cpu_seconds:.1f} s, {words / cpu_seconds:,.0f} words per CPU second)")


if __name__ == "__main__":
    raise SystemExit(main())
