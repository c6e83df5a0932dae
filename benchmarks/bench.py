"""Speed and memory of claimx: prints figures, asserts nothing (run it, read it, compare with the targets).

    python benchmarks/bench.py                       # the full run (~1M words, 10,000 articles)
    python benchmarks/bench.py --words 100000 --articles 1000 --jobs-words 100000   # quick

Texts: the 148 unlabelled SpkAtt news articles (``../shared/data/spkatt-news/unlabelled``),
detokenised and repeated until the wanted size. Figures:

1. words/s of the tokenizer alone, of the bare base pipeline, of the full claimx pipeline
   (and the claimx components' overhead over bare);
2. cold start: wall time of ``python -m claimx extract one-article.txt`` in a fresh process;
3. ``--jobs 1`` vs ``--jobs 2`` wall time of ``claimx extract`` on a folder of articles;
4. peak RSS of ``claimx extract`` over a JSON Lines dump of ``--articles`` articles.

Targets (issue 6): components ≤ 10 % over bare; ≥ 10,000 words/s per core end to end;
cold start ≤ 1.5 s; jobs 2 ≥ 1.8 × jobs 1; peak RSS ≤ 500 MB for 10,000 articles.
Words are whitespace-separated tokens of the input text.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from itertools import cycle, islice
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "spkatt-news" / "unlabelled"
_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?)\]“”'])")
_NO_SPACE_AFTER = re.compile(r"([(\[„]) ")


def load_articles(folder: Path) -> list[str]:
    """Each SpkAtt document as plain text: sentences of space-joined tokens, punctuation attached."""
    articles = []
    for path in sorted(folder.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        sentences = [" ".join(s["Tokens"]) for s in doc["Sentences"]]
        text = " ".join(sentences)
        articles.append(_NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text)))
    if not articles:
        sys.exit(f"no articles in {folder}")
    return articles


def consume(items) -> None:
    """Exhaust an iterator without keeping its items (docs would hold the whole corpus)."""
    for _ in items:
        pass


def words(text: str) -> int:
    return len(text.split())


def corpus_of(articles: list[str], n_words: int) -> list[str]:
    """Articles repeated in order until they hold at least ``n_words`` words."""
    texts, total = [], 0
    for text in cycle(articles):
        if total >= n_words:
            return texts
        texts.append(text)
        total += words(text)
    return texts


def rate(label: str, process, texts: list[str]) -> float:
    """Words per second of CPU time (robust on a shared machine); wall-clock figures beside it."""
    n_words = sum(map(words, texts))
    start, cpu_start = time.perf_counter(), time.process_time()
    process(texts)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    per_second = n_words / cpu
    print(
        f"  {label:<34} {n_words:>9,} words {cpu:7.1f} s CPU {per_second:>9,.0f} words/s"
        f"   (wall {seconds:.1f} s, {n_words / seconds:,.0f} words/s)"
    )
    return per_second


def claimx_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "claimx", *args]


def wall_time(command: list[str], **kwargs) -> float:
    return timed(command, **kwargs)[0]


def timed(command: list[str], **kwargs) -> tuple[float, float]:
    """Wall time and CPU time (user + system, all child processes) of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, check=True, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def peak_rss_mb(command: list[str]) -> float:
    """Peak resident memory of ``command`` (and its children), measured in a wrapper process."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=REPO, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of SpkAtt JSON documents")
    parser.add_argument("--words", type=int, default=1_000_000, help="corpus size for the words/s figures")
    parser.add_argument("--jobs-words", type=int, default=300_000, help="corpus size for --jobs 1 vs 2")
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the peak-RSS batch")
    parser.add_argument("--cold-runs", type=int, default=3, help="repetitions of the cold start")
    parser.add_argument("--skip", nargs="*", default=[], choices=["speed", "cold", "jobs", "rss"], help="parts to leave out")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))  # run from a checkout without installing

    articles = load_articles(args.data)
    print(f"claimx benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print(f"texts: {len(articles)} articles from {args.data}, {sum(map(words, articles)):,} words, repeated as needed")

    with tempfile.TemporaryDirectory(prefix="claimx-bench-") as tmp:
        tmp_path = Path(tmp)
        if "speed" not in args.skip:
            speed(articles, args.words)
        if "cold" not in args.skip:
            cold_start(articles[0], tmp_path, args.cold_runs)
        if "jobs" not in args.skip:
            jobs_scaling(articles, tmp_path, args.jobs_words)
        if "rss" not in args.skip:
            peak_rss(articles, tmp_path, args.articles)


def speed(articles: list[str], n_words: int) -> None:
    import claimx
    from claimx.model import load_base

    texts = corpus_of(articles, n_words)
    print(f"\n1. throughput, single process ({len(texts):,} documents)")
    try:
        full = claimx.load()
    except ImportError as err:  # the claim components are not built yet
        bare = load_base()
        print(f"  full claimx pipeline: not available ({err})")
        per_component(bare, texts[: max(1, len(texts) // 5)])
        return
    # bare and full are the same loaded pipeline, with and without claimx's components: two
    # loaded pipelines would double the objects the garbage collector walks in the second run
    added = [name for name in full.pipe_names if name in claimx_component_names()]
    print(f"  bare pipeline: {', '.join(n for n in full.pipe_names if n not in added)}")
    rate("tokenizer alone", lambda t: consume(full.tokenizer.pipe(t, batch_size=256)), texts)
    with full.select_pipes(disable=added):
        r_bare = rate("bare pipeline (no claimx parts)", lambda t: consume(full.pipe(t, batch_size=32)), texts)
    gc.collect()
    print(f"  claimx adds:   {', '.join(added)}")
    r_full = rate("full claimx pipeline", lambda t: consume(d._.claims for d in full.pipe(t, batch_size=32)), texts)
    print(f"  claimx components add {(r_bare / r_full - 1) * 100:.1f} % to the bare pipeline's CPU time (target ≤ 10 %)")
    print(f"  end to end {r_full:,.0f} words/s per core of CPU time (target ≥ 10,000)")
    per_component(full, texts[: max(1, len(texts) // 5)])


def claimx_component_names() -> list[str]:
    """The components ``claimx.load()`` adds to the base pipeline."""
    from claimx.pipeline import COMPONENTS

    return list(COMPONENTS)


def per_component(nlp, texts: list[str]) -> None:
    """Where the time goes: seconds per pipeline component on a fifth of the corpus."""
    docs = list(nlp.tokenizer.pipe(texts))
    print("  time per component (a fifth of the corpus):")
    for name, proc in nlp.pipeline:
        start = time.process_time()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=32))
        else:
            docs = [proc(doc) for doc in docs]
        print(f"    {name:<28} {time.process_time() - start:7.2f} s CPU")


def cold_start(article: str, tmp: Path, runs: int) -> None:
    path = tmp / "one-article.txt"
    path.write_text(article, encoding="utf-8")
    print(f"\n2. cold start: python -m claimx extract one-article.txt ({words(article)} words)")
    help_time = min(wall_time(claimx_command("--help")) for _ in range(runs))
    times = [wall_time(claimx_command("extract", str(path), "--quiet")) for _ in range(runs)]
    print(f"  claimx --help                {help_time:6.2f} s (best of {runs})")
    print(f"  claimx extract one article   {min(times):6.2f} s best, {statistics.median(times):.2f} s median (target ≤ 1.5 s)")
    code = "import time; t = time.perf_counter(); import claimx; claimx.load(); print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    print(f"  of which import + load pipeline {float(out.stdout):.2f} s")


def write_corpus_folder(articles: list[str], folder: Path, n_words: int) -> int:
    folder.mkdir()
    texts = corpus_of(articles, n_words)
    for number, text in enumerate(texts):
        (folder / f"{number:05}.txt").write_text(text, encoding="utf-8")
    return sum(map(words, texts))


def jobs_scaling(articles: list[str], tmp: Path, n_words: int) -> None:
    folder = tmp / "jobs-corpus"
    total = write_corpus_folder(articles, folder, n_words)
    print(f"\n3. claimx extract on a folder of {total:,} words, --jobs 1 vs --jobs 2 (wall time, incl. start-up)")
    one, cpu_one = timed(claimx_command("extract", str(folder), "--quiet", "--jobs", "1"))
    two, cpu_two = timed(claimx_command("extract", str(folder), "--quiet", "--jobs", "2"))
    for jobs, wall, cpu in ((1, one, cpu_one), (2, two, cpu_two)):
        print(f"  --jobs {jobs}  {wall:7.1f} s wall  {cpu:7.1f} s CPU  {total / wall:>9,.0f} words/s  (CPU/wall {cpu / wall:.2f})")
    print(f"  speed-up {one / two:.2f}x (target ≥ 1.8x; the machine's other load counts against it)")
    print(f"  CPU cost of the second process: {cpu_two / cpu_one - 1:+.0%} (near 0 = the work parallelises cleanly)")
    print(f"  1-minute load average after the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def peak_rss(articles: list[str], tmp: Path, n_articles: int) -> None:
    dump = tmp / "articles.jsonl"
    with dump.open("w", encoding="utf-8") as out:
        for number, text in enumerate(islice(cycle(articles), n_articles)):
            out.write(json.dumps({"id": f"a{number}", "text": text}, ensure_ascii=False) + "\n")
    print(f"\n4. peak RSS of claimx extract over a JSON Lines dump of {n_articles:,} articles")
    start = time.perf_counter()
    peak = peak_rss_mb(claimx_command("extract", str(dump), "--quiet"))
    print(f"  peak RSS {peak:,.0f} MB in {time.perf_counter() - start:.0f} s (target ≤ 500 MB)")
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  (this benchmark process itself peaked at {self_peak:,.0f} MB)")


if __name__ == "__main__":
    main()
