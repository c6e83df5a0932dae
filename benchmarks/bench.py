"""Speed of claimx: prints figures, asserts nothing (run it, read it, compare with the targets).

    python benchmarks/bench.py                                    # full run, ~10 min on 2 cores
    python benchmarks/bench.py --words 20000 --rounds 2 --jobs-words 10000 --cold-runs 3  # quick
    cp -r models/de_claimx /tmp/release-model                     # before retraining, then:
    python benchmarks/bench.py --compare-model /tmp/release-model --skip cold jobs

Texts: every distinct sentence of the shared data except modern-news (see shared_texts.py),
each used once per round, so no figure is inflated by caches warmed on repeated text (the
tokenizer's cache is also flushed before every round). Figures:

1. throughput in one process, interleaved rounds (bare, full, bare, full, …) after a warm-up:
   *bare* is spaCy's own components only, *full* is ``claimx.load()`` including the claimx
   components inside the base pipeline (claimx_boundaries, claimx_lexicon,
   claimx_name_repeats) and the claim records (``doc._.claims``). Each pair gives a ratio;
   medians are reported. Every component's CPU time is summed per round, so "all claimx code"
   is compared with "spaCy's own parts" inside the same full run as well.
2. with ``--compare-model``: end-to-end words/s of the full pipeline on ``--model`` (default:
   the shipped one) and on the other model, interleaved in fresh processes; ratio per pair.
3. cold start: median of fresh ``python -m claimx extract one-article.txt`` runs.
4. ``claimx extract`` on a folder, ``--jobs 1`` and ``--jobs 2`` alternated; speed-up per pair.

Words are whitespace-separated tokens of the input. Every figure is printed beside the
machine's load: the 1-minute load average and the CPU (in cores) that *other* processes used
while it was measured (from /proc/stat minus this benchmark's own CPU). Memory: memory.py.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(1, str(REPO))  # run from a checkout without installing

from shared_texts import DATA, Document, all_documents, describe, words  # noqa: E402

BATCH_SIZE = 32  # claimx extract's default --batch-size
RECORDS = "(claim records)"  # doc._.claims: claimx code that runs after the last component


# --------------------------------------------------------------------------- the machine


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def busy_cpu_seconds() -> float:
    """CPU seconds all processes of the machine have spent busy since boot (/proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return float("nan")
    ticks = [int(f) for f in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return (sum(ticks[:7]) - idle) / os.sysconf("SC_CLK_TCK")  # user … softirq, without steal


def own_cpu_seconds() -> float:
    """CPU of this process and its finished children (user + system)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


@dataclass
class LoadProbe:
    """The machine's load around one measurement: what other processes took from it."""

    wall: float = field(default_factory=time.perf_counter)
    busy: float = field(default_factory=busy_cpu_seconds)
    own: float = field(default_factory=own_cpu_seconds)

    def others_cores(self) -> float:
        """Cores' worth of CPU used by other processes since the probe started."""
        wall = time.perf_counter() - self.wall
        others = (busy_cpu_seconds() - self.busy) - (own_cpu_seconds() - self.own)
        return max(0.0, others / wall) if wall > 0 else float("nan")

    def note(self) -> str:
        return f"load {os.getloadavg()[0]:.2f}, others {self.others_cores():.2f} cores"


def git_commit() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "claimx", "models"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit} + uncommitted changes in claimx/ or models/" if dirty else commit


def print_header(documents: list[Document], model: Path | None) -> None:
    import spacy

    print(f"claimx benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {git_commit()}")
    print(f"machine: {cpu_model()}, {usable_cores()} usable cores (nproc), {platform.machine()}, {platform.platform()}")
    print(f"Python {platform.python_version()}, spaCy {spacy.__version__}, model {model or 'shipped (models/de_claimx)'}")
    one, five, fifteen = os.getloadavg()
    print(f"load average at start: {one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min) on {usable_cores()} cores")
    print(f"texts (distinct sentences of {DATA}, modern-news excluded):\n{describe(documents)}")


# --------------------------------------------------------------------------- the corpus


def take_words(documents: list[Document], n_words: int) -> list[str]:
    """Texts of whole documents, spread over all sources, until ``n_words`` (0 = all)."""
    texts = [d.text for d in spread(documents)]
    if n_words <= 0:
        return texts
    chosen, total = [], 0
    for text in texts:
        if total >= n_words:
            break
        chosen.append(text)
        total += words(text)
    return chosen


def spread(documents: list[Document]) -> list[Document]:
    """Documents interleaved by source, so a prefix samples every source."""
    by_source: dict[str, list[Document]] = {}
    for document in documents:
        by_source.setdefault(document.source, []).append(document)
    queues = [iter(docs) for docs in by_source.values()]
    mixed = []
    while queues:
        for queue in list(queues):
            item = next(queue, None)
            if item is None:
                queues.remove(queue)
            else:
                mixed.append(item)
    return mixed


def minibatches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --------------------------------------------------------------------------- one round


def is_claimx_code(component: object) -> bool:
    return type(component).__module__.split(".")[0] == "claimx"


@dataclass
class Round:
    label: str
    words: int
    wall: float
    cpu: float
    components: dict[str, float]  # CPU seconds per component (incl. "tokenizer")
    load: str

    @property
    def rate(self) -> float:
        """Words per CPU second of this process (robust against other load)."""
        return self.words / self.cpu

    def line(self) -> str:
        return (f"  {self.label:<6} {self.words:>9,} words {self.cpu:7.1f} s CPU {self.rate:>8,.0f} words/s"
                f"  (wall {self.wall:6.1f} s, {self.words / self.wall:>7,.0f} words/s; {self.load})")


def run_round(nlp, texts: list[str], label: str, skip: Iterable[str] = ()) -> Round:
    """``texts`` through ``nlp`` in ``nlp.pipe``'s batches, timing every component's CPU."""
    skip = set(skip)
    steps = [(name, proc) for name, proc in nlp.pipeline if name not in skip]
    cpu = {"tokenizer": 0.0, **{name: 0.0 for name, _ in steps}}
    if not skip:
        cpu[RECORDS] = 0.0
    flush_tokenizer_cache(nlp)
    gc.collect()
    probe = LoadProbe()
    start, cpu_start = time.perf_counter(), time.process_time()
    for batch in minibatches(texts, BATCH_SIZE):
        docs = timed_step(cpu, "tokenizer", lambda: [nlp.make_doc(text) for text in batch])
        for name, proc in steps:
            docs = timed_step(cpu, name, lambda: apply(proc, docs))
        if not skip:
            timed_step(cpu, RECORDS, lambda: [doc._.claims for doc in docs])
    wall, total_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return Round(label, sum(map(words, texts)), wall, total_cpu, cpu, probe.note())


def timed_step(cpu: dict[str, float], name: str, step: Callable[[], list]) -> list:
    start = time.process_time()
    result = step()
    cpu[name] += time.process_time() - start
    return result


def apply(proc, docs: list) -> list:
    """One component on one batch, as ``nlp.pipe`` applies it."""
    if hasattr(proc, "pipe"):
        return list(proc.pipe(docs, batch_size=BATCH_SIZE))
    return [proc(doc) for doc in docs]


def flush_tokenizer_cache(nlp) -> None:
    """Forget the tokenizer's cache of seen words, so no round profits from an earlier one."""
    flush = getattr(nlp.tokenizer, "_flush_cache", None)
    if flush is not None:
        flush()


# --------------------------------------------------------------------------- 1. throughput


def throughput(documents: list[Document], n_words: int, rounds: int, model: Path | None) -> None:
    import claimx

    texts = take_words(documents, n_words)
    nlp = claimx.load(model)
    claimx_parts = [name for name, proc in nlp.pipeline if is_claimx_code(proc)]
    spacy_parts = [name for name, proc in nlp.pipeline if not is_claimx_code(proc)]
    print(f"\n1. throughput, one process, {len(texts):,} documents per round, {rounds} rounds of bare + full")
    print(f"  spaCy's own parts: tokenizer, {', '.join(spacy_parts)}")
    print(f"  claimx code:       {', '.join(claimx_parts)}, {RECORDS}")
    print(f"  bare = spaCy's own parts only; full = claimx.load() as shipped. Words/s per CPU second.")
    run_round(nlp, texts[: max(1, len(texts) // 20)], "warm-up")
    pairs: list[tuple[Round, Round]] = []
    for number in range(1, rounds + 1):
        bare = run_round(nlp, texts, "bare", skip=claimx_parts)
        full = run_round(nlp, texts, "full")
        pairs.append((bare, full))
        print(f"  round {number}:")
        print(bare.line())
        print(full.line())
        print(f"         full/bare CPU {full.cpu / bare.cpu:.3f}  (claimx code {claimx_share(full, claimx_parts):+.1%} over spaCy's parts)")
    summarise_throughput(pairs, claimx_parts)
    tokenizer_alone(nlp, texts)


def claimx_share(full: Round, claimx_parts: list[str]) -> float:
    """CPU of all claimx code over CPU of spaCy's own parts, within one full round."""
    ours = sum(full.components[name] for name in [*claimx_parts, RECORDS])
    theirs = sum(cpu for name, cpu in full.components.items() if name not in claimx_parts and name != RECORDS)
    return ours / theirs


def summarise_throughput(pairs: list[tuple[Round, Round]], claimx_parts: list[str]) -> None:
    median = statistics.median
    bare_rate = median(b.rate for b, _ in pairs)
    full_rate = median(f.rate for _, f in pairs)
    ratios = [f.cpu / b.cpu for b, f in pairs]
    shares = [claimx_share(f, claimx_parts) for _, f in pairs]
    print(f"  medians over {len(pairs)} rounds:")
    print(f"    end to end (full pipeline)      {full_rate:>8,.0f} words/s per core (target ≥ 10,000)")
    print(f"    bare (spaCy's own parts)        {bare_rate:>8,.0f} words/s per core")
    print(f"    full / bare CPU time            {median(ratios):.3f} (per round: {', '.join(f'{r:.3f}' for r in ratios)})")
    print(f"    all claimx code vs spaCy's parts {median(shares):+.1%} CPU within the full run "
          f"(per round: {', '.join(f'{s:+.1%}' for s in shares)})")
    print("  CPU per component, median of the full rounds (s, share of the full round):")
    names = list(pairs[0][1].components)
    total = median(f.cpu for _, f in pairs)
    for name in names:
        seconds = median(f.components[name] for _, f in pairs)
        owner = "claimx" if name in claimx_parts or name == RECORDS else "spaCy"
        print(f"    {name:<24} {owner:<6} {seconds:7.2f} s {seconds / total:6.1%}")


def tokenizer_alone(nlp, texts: list[str]) -> None:
    n_words = sum(map(words, texts))
    rates = []
    for _ in range(3):
        flush_tokenizer_cache(nlp)
        start = time.process_time()
        for _doc in nlp.tokenizer.pipe(texts, batch_size=256):
            pass
        rates.append(n_words / (time.process_time() - start))
    print(f"  tokenizer alone (cache flushed each time): {statistics.median(rates):,.0f} words/s (median of 3)")


# --------------------------------------------------------------------------- 2. compare models


def compare_models(documents: list[Document], n_words: int, rounds: int, model: Path | None, other: Path, tmp: Path) -> None:
    texts = take_words(documents, n_words)
    corpus = tmp / "compare.json"
    corpus.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    label_a, label_b = str(model or "shipped model"), str(other)
    print(f"\n2. end to end, full pipeline, {label_a} (A) vs {label_b} (B), fresh process per run, {rounds} rounds A B")
    ratios, rates_a, rates_b = [], [], []
    for number in range(1, rounds + 1):
        a = worker_round(model, corpus)
        b = worker_round(other, corpus)
        rates_a.append(a["rate"])
        rates_b.append(b["rate"])
        ratios.append(b["rate"] / a["rate"])
        print(f"  round {number}: A {a['rate']:>8,.0f} words/s ({a['load']})   B {b['rate']:>8,.0f} words/s ({b['load']})"
              f"   B/A {ratios[-1]:.3f}")
    print(f"  median: A {statistics.median(rates_a):,.0f}, B {statistics.median(rates_b):,.0f} words/s per core;"
          f" B/A {statistics.median(ratios):.3f}, A/B {statistics.median(1 / r for r in ratios):.3f}"
          f" (B/A per round: {', '.join(f'{r:.3f}' for r in ratios)})")


def worker_round(model: Path | None, corpus: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(corpus)]
    if model is not None:
        command += ["--model", str(model)]
    out = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def worker(corpus: Path, model: Path | None) -> None:
    """One full round in this fresh process (after a short warm-up); prints it as JSON."""
    import claimx

    texts = json.loads(corpus.read_text(encoding="utf-8"))
    nlp = claimx.load(model)
    run_round(nlp, texts[: max(1, len(texts) // 20)], "warm-up")
    result = run_round(nlp, texts, "full")
    print(json.dumps({"rate": result.rate, "cpu": result.cpu, "wall": result.wall, "load": result.load}))


# --------------------------------------------------------------------------- 3. cold start


def claimx_command(*args: str, model: Path | None = None) -> list[str]:
    extra = ["--model", str(model)] if model is not None and args and args[0] == "extract" else []
    return [sys.executable, "-m", "claimx", *args, *extra]


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall time, CPU time (the command and its children) and the load around it."""
    probe = LoadProbe()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, probe.note()


def cold_start(document: Document, tmp: Path, runs: int, model: Path | None) -> None:
    path = tmp / "one-article.txt"
    path.write_text(document.text, encoding="utf-8")
    print(f"\n3. cold start: python -m claimx extract one-article.txt ({words(document.text)} words, {document.source}), {runs} fresh runs")
    helps = [timed(claimx_command("--help"))[0] for _ in range(runs)]
    runs_ = [timed(claimx_command("extract", str(path), "--quiet", model=model)) for _ in range(runs)]
    code = ("import time; t = time.perf_counter(); import claimx; claimx.load(" + (repr(str(model)) if model else "") +
            "); print(time.perf_counter() - t)")
    loads = [float(subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout)
             for _ in range(runs)]
    walls = [wall for wall, _, _ in runs_]
    print(f"  claimx --help                   {statistics.median(helps):5.2f} s median")
    print(f"  claimx extract one article      {statistics.median(walls):5.2f} s median, {min(walls):.2f} s best,"
          f" {max(walls):.2f} s worst (target ≤ 1.5 s)")
    print(f"    of which import + load        {statistics.median(loads):5.2f} s median")
    print(f"    per run: {', '.join(f'{w:.2f} s ({note})' for w, _, note in runs_)}")


# --------------------------------------------------------------------------- 4. jobs


def jobs_scaling(documents: list[Document], tmp: Path, n_words: int, rounds: int, model: Path | None) -> None:
    folder = tmp / "jobs-corpus"
    folder.mkdir()
    texts = take_words(documents, n_words)
    for number, text in enumerate(texts):
        (folder / f"{number:05}.txt").write_text(text, encoding="utf-8")
    total = sum(map(words, texts))
    print(f"\n4. claimx extract on a folder of {len(texts):,} files, {total:,} words; --jobs 1 and --jobs 2 alternated,"
          f" {rounds} rounds (wall time incl. start-up)")
    speedups, walls = [], {1: [], 2: []}
    for number in range(1, rounds + 1):
        result = {}
        for jobs in (1, 2):
            wall, cpu, note = timed(claimx_command("extract", str(folder), "--quiet", "--jobs", str(jobs), model=model))
            result[jobs] = wall
            walls[jobs].append(wall)
            print(f"  round {number} --jobs {jobs}  {wall:7.1f} s wall {cpu:7.1f} s CPU {total / wall:>8,.0f} words/s"
                  f"  (CPU/wall {cpu / wall:.2f}; {note})")
        speedups.append(result[1] / result[2])
        print(f"  round {number} speed-up {speedups[-1]:.2f}x")
    print(f"  median: --jobs 1 {statistics.median(walls[1]):.1f} s, --jobs 2 {statistics.median(walls[2]):.1f} s;"
          f" speed-up {statistics.median(speedups):.2f}x (per round: {', '.join(f'{s:.2f}' for s in speedups)};"
          f" target ≥ 1.8x, other load on the 2 cores counts against it)")


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=0, help="words per throughput round (0 = all distinct text, ~490k)")
    parser.add_argument("--rounds", type=int, default=3, help="bare + full pairs (and A + B pairs with --compare-model)")
    parser.add_argument("--jobs-words", type=int, default=150_000, help="words in the --jobs 1 vs 2 folder")
    parser.add_argument("--jobs-rounds", type=int, default=3, help="--jobs 1 + --jobs 2 pairs")
    parser.add_argument("--cold-runs", type=int, default=7, help="fresh processes for the cold start")
    parser.add_argument("--model", type=Path, default=None, help="base pipeline to measure (default: the shipped one)")
    parser.add_argument("--compare-model", type=Path, default=None, help="also measure this pipeline end to end against --model")
    parser.add_argument("--skip", nargs="*", default=[], choices=["speed", "cold", "jobs"], help="parts to leave out")
    parser.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    for path in (args.model, args.compare_model):
        if path is not None and not path.is_dir():
            sys.exit(f"not a pipeline folder: {path}")
    if args.worker is not None:
        worker(args.worker, args.model)
        return

    documents = all_documents()
    if not documents:
        sys.exit(f"no benchmark texts under {DATA}")
    print_header(documents, args.model)
    with tempfile.TemporaryDirectory(prefix="claimx-bench-") as tmp:
        tmp_path = Path(tmp)
        if "speed" not in args.skip:
            throughput(documents, args.words, args.rounds, args.model)
        if args.compare_model is not None:
            compare_models(documents, args.words, args.rounds, args.model, args.compare_model, tmp_path)
        if "cold" not in args.skip:
            cold_start(median_news_article(documents), tmp_path, args.cold_runs, args.model)
        if "jobs" not in args.skip:
            jobs_scaling(documents, tmp_path, args.jobs_words, args.jobs_rounds, args.model)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min)")


def median_news_article(documents: list[Document]) -> Document:
    """A news article of typical length for the cold start."""
    news = sorted((d for d in documents if d.source.startswith("spkatt-news")), key=lambda d: words(d.text)) or documents
    return news[len(news) // 2]


if __name__ == "__main__":
    main()
