"""Speed and memory of claimx's German base pipeline on one CPU core.

Usage: python benchmarks/bench_model.py [--model PATH] [--repeat N]
Text: the sentences of ../shared/data/spkatt-news/unlabelled, joined into their articles.
Prints words/s (whitespace-separated tokens of the input; wall clock and per CPU second)
and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parent.parent
UNLABELLED = REPO.parent / "shared" / "data" / "spkatt-news" / "unlabelled"


def articles(folder: Path) -> list[str]:
    """One text per article: its sentences' tokens joined with spaces."""
    texts = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        texts.append("\n".join(" ".join(s["Tokens"]) for s in data["Sentences"]))
    return texts


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="pipeline path (default: the shipped one)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the texts")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    if not UNLABELLED.is_dir():
        print(f"benchmark text not found: {UNLABELLED}", file=sys.stderr)
        return 1
    sys.path.insert(0, str(REPO))
    from claimx.model import load_base

    texts = articles(UNLABELLED)
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    nlp = load_base(args.model)
    load_seconds = time.perf_counter() - started
    list(nlp.pipe(texts[:5]))  # warm-up
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        for _doc in nlp.pipe(texts, batch_size=args.batch_size):
            pass
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    print(f"pipeline:   {', '.join(nlp.pipe_names)}")
    print(f"texts:      {len(texts)} articles, {words} words, {args.repeat} passes")
    print(f"load time:  {load_seconds:.2f} s")
    print(f"speed:      {words * args.repeat / seconds:,.0f} words/s wall clock (one process, one thread)")
    print(f"            {words * args.repeat / cpu_seconds:,.0f} words per CPU second (robust on a shared machine)")
    print(f"peak RSS:   {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
