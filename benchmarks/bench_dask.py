"""Throughput of claimx on a Dask LocalCluster of 1 and of 2 worker processes: prints figures, asserts nothing.

    python benchmarks/bench_dask.py                  # modern-news x 10 (320 articles), 2 rounds each
    python benchmarks/bench_dask.py --copies 4 --rounds 1    # quick

Corpus: the 32 articles of ``../shared/data/modern-news`` copied ``--copies`` times into a
temporary folder (one file per copy). Rounds alternate 1 worker, 2 workers, 1, 2, … and each
starts a fresh ``LocalCluster`` (one thread per worker). Words/s is ``Stats.words /
Stats.seconds`` of :func:`claimx.distributed.extract`: the processing time on the client,
from the moment every worker has loaded the pipeline to the last output written (cluster
start and pipeline loading excluded; a warm-up run on one file loads the pipeline first).
Words per worker CPU second (the workers' process time, summed) shows the work per word
apart from the load: if it stays the same with 2 workers, they scale with the free cores.
The machine's load is printed beside every figure:
with other jobs on the cores, read the ratio of neighbouring rounds, not the absolute rates.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing
NEWS = REPO.parent / "shared" / "data" / "modern-news"


def busy_cpu_seconds() -> float:
    """CPU seconds every process of the machine has used (from /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def make_corpus(folder: Path, copies: int) -> int:
    """modern-news copied ``copies`` times below ``folder``; the number of words."""
    articles = sorted(NEWS.glob("*.txt"))
    if not articles:
        sys.exit(f"no articles in {NEWS}")
    for copy in range(copies):
        target = folder / f"copy{copy:02}"
        target.mkdir(parents=True)
        for article in articles:
            shutil.copy(article, target / article.name)
    return copies * sum(len(a.read_text(encoding="utf-8").split()) for a in articles)


def one_round(workers: int, corpus: Path, out: Path) -> tuple[float, float, str]:
    """Words/s of one run on a fresh LocalCluster of ``workers`` processes, words per worker CPU second, the load."""
    import distributed

    from claimx.distributed import extract

    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as client:
            warm_up = next(corpus.glob("*/*.txt"))
            extract([warm_up], out / "warm-up", client=client, resume=False)  # loads the pipeline on every worker
            worker_cpu, client_cpu = sum(client.run(time.process_time).values()), time.process_time()
            busy, wall = busy_cpu_seconds(), time.perf_counter()
            stats = extract([corpus], out / "run", client=client, resume=False)
            cores = (busy_cpu_seconds() - busy) / (time.perf_counter() - wall)  # used by every process, ours included
            worker_cpu = sum(client.run(time.process_time).values()) - worker_cpu
            client_cpu = time.process_time() - client_cpu
    shutil.rmtree(out)
    assert stats.ok and stats.done == stats.files, stats.summary()
    note = (f"{stats.words:,} words in {stats.seconds:.1f} s; workers' CPU {worker_cpu:.1f} s, client's {client_cpu:.1f} s; "
            f"load {os.getloadavg()[0]:.2f}, machine busy {cores:.2f} cores")  # fmt: skip
    return stats.words / stats.seconds, stats.words / worker_cpu, note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of modern-news (32 articles each)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per cluster size")
    args = parser.parse_args()
    print(f"claimx on a Dask LocalCluster; {os.cpu_count()} cores, load at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="claimx-bench-dask-") as tmp:
        words = make_corpus(Path(tmp, "corpus"), args.copies)
        print(f"corpus: modern-news x {args.copies} = {32 * args.copies} articles, {words:,} words")
        rates: dict[int, list[float]] = {1: [], 2: []}
        per_cpu: dict[int, list[float]] = {1: [], 2: []}
        for number in range(1, args.rounds + 1):
            for workers in (1, 2):
                rate, cpu_rate, note = one_round(workers, Path(tmp, "corpus"), Path(tmp, "out"))
                rates[workers].append(rate)
                per_cpu[workers].append(cpu_rate)
                print(f"  round {number}, {workers} worker{'s' if workers > 1 else ' '}: {rate:>7,.0f} words/s, {cpu_rate:>6,.0f} per worker CPU s  ({note})", flush=True)
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    pairs = ", ".join(f"{b / a:.2f}" for a, b in zip(rates[1], rates[2]))
    print(f"median: 1 worker {one:,.0f} words/s, 2 workers {two:,.0f} words/s; scaling {two / one:.2f}x (per round: {pairs}; target >= 1.7x)")
    cpu_one, cpu_two = statistics.median(per_cpu[1]), statistics.median(per_cpu[2])
    # the work a worker does per word, whatever the load: 2 workers at the same words per CPU second scale with the free cores
    print(f"words per worker CPU second: 1 worker {cpu_one:,.0f}, 2 workers {cpu_two:,.0f} ({cpu_two / cpu_one:.2f}x)")

if __name__ == "__main__":
    main()
