"""Memory and time of ``claimx extract`` on hostile sizes: prints figures, asserts nothing.

    python benchmarks/memory.py                                   # 100 MB file, 5 MB line, 10,000 files
    python benchmarks/memory.py --mb 2 --line-mb 0.5 --files 500  # quick

Inputs, generated in a temporary folder from the distinct shared-data sentences (see
shared_texts.py; modern-news is never used), with a fixed seed:

- ``news``:  the SpkAtt news articles (train + unlabelled) as one JSON Lines file: the reference
  "ordinary news text" for the within-2x comparison of seconds per MB;
- ``files``: ``--files`` small .txt files in one folder (2–6 sentences each);
- ``line``:  one line of ``--line-mb`` MB without any punctuation (the sentences' words only);
- ``big``:   one .txt file of ``--mb`` MB: shuffled sentences in paragraphs of 3–8, blank
  lines between (the 3.5M distinct characters repeat about 28 times at 100 MB).

Each runs ``python -m claimx extract INPUT --quiet -o OUT`` in a fresh process. Figures: wall
time, wall and CPU seconds per MB (after subtracting the start-up of the same command on a
one-sentence file) and the CPU ratio to ``news`` (run first and last, the mean of both), peak RSS (``ru_maxrss`` of the finished child
from ``wait4``: the largest single process, workers included), and the resident memory
sampled every half second (the sum over the process tree; its highest value in each quarter
of the run shows whether memory is flat or still growing). The machine's load is printed
with every run (other helpers share the 2 cores).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from bench import LoadProbe, cpu_model, git_commit, usable_cores  # noqa: E402
from shared_texts import DATA, all_documents, describe, news_documents  # noqa: E402

SEED = 20261202
MB = 1_000_000  # sizes are decimal megabytes of UTF-8
SAMPLE_SECONDS = 0.5
_PUNCTUATION = re.compile(r"[^\w\s]+")
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


# --------------------------------------------------------------------------- inputs


def sentence_pool() -> tuple[list[str], list[str]]:
    """All distinct sentences, and the news articles' texts."""
    documents = all_documents()
    if not documents:
        sys.exit(f"no benchmark texts under {DATA}")
    print(f"texts (distinct sentences of {DATA}, modern-news excluded):\n{describe(documents)}")
    sentences = [s for d in documents for s in d.sentences]
    return sentences, [d.text for d in news_documents(documents)]


def write_news(texts: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number, text in enumerate(texts):
            out.write(json.dumps({"id": f"news{number}", "text": text}, ensure_ascii=False) + "\n")


def write_big_file(sentences: list[str], path: Path, size: int, rng: random.Random) -> None:
    """Paragraphs of 3–8 shuffled sentences until ``size`` bytes."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            order = sentences[:]
            rng.shuffle(order)
            position = 0
            while position < len(order) and written < size:
                length = rng.randint(3, 8)
                paragraph = " ".join(order[position : position + length]) + "\n\n"
                position += length
                out.write(paragraph)
                written += len(paragraph.encode("utf-8"))


def write_line(sentences: list[str], path: Path, size: int, rng: random.Random) -> None:
    """One line of words without any punctuation (no newline at all) of ``size`` bytes."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            order = sentences[:]
            rng.shuffle(order)
            for sentence in order:
                piece = " ".join(_PUNCTUATION.sub(" ", sentence).split()) + " "
                out.write(piece)
                written += len(piece.encode("utf-8"))
                if written >= size:
                    break


def write_files(sentences: list[str], folder: Path, count: int, rng: random.Random) -> None:
    """``count`` small files of 2–6 consecutive sentences from a random place in the pool."""
    folder.mkdir()
    for number in range(count):
        length = rng.randint(2, 6)
        start = rng.randrange(0, max(1, len(sentences) - length))
        (folder / f"{number:05}.txt").write_text(" ".join(sentences[start : start + length]) + "\n", encoding="utf-8")


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


# --------------------------------------------------------------------------- one run


@dataclass
class Run:
    wall: float
    cpu: float  # user + system seconds of the process tree
    peak_mb: float
    samples: list[float]  # tree RSS in MB, every SAMPLE_SECONDS
    exit_code: int
    load: str
    stderr_tail: str

    def quarter_peaks(self) -> list[float]:
        """The highest sampled RSS in each quarter of the run: flat, or still growing?"""
        n = len(self.samples)
        if n == 0:
            return []
        bounds = [round(n * q / 4) for q in range(5)]
        return [max(self.samples[a:b], default=float("nan")) for a, b in zip(bounds, bounds[1:])]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    total_kb, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total_kb += int(statm.read().split()[1]) * _PAGE_KB
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total_kb / 1024


def run_extract(target: Path, out: Path, extra: list[str], timeout: float | None) -> Run:
    """``claimx extract`` on ``target`` in a fresh process, sampled until it ends."""
    command = [sys.executable, "-m", "claimx", "extract", str(target), "--quiet", "-o", str(out), *extra]
    probe = LoadProbe()
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
        samples: list[float] = []
        status, usage = 0, None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - start > timeout:
                os.killpg(process.pid, 9)  # the session this run started, nothing else
                _, status, usage = os.wait4(process.pid, 0)
                break
            samples.append(tree_rss_mb(process.pid))
            time.sleep(SAMPLE_SECONDS)
        process.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        wall = time.perf_counter() - start
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss / 1024, samples, process.returncode, probe.note(), " | ".join(tail))


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=100, help="size of the big text file in MB")
    parser.add_argument("--line-mb", type=float, default=5, help="size of the line without punctuation in MB")
    parser.add_argument("--files", type=int, default=10_000, help="number of small files")
    parser.add_argument("--only", nargs="*", default=["news", "files", "line", "big"],
                        choices=["news", "files", "line", "big"], help="inputs to run, in this order")
    parser.add_argument("--batch-size", type=int, default=None, help="passed to claimx extract")
    parser.add_argument("--jobs", type=int, default=None, help="passed to claimx extract")
    parser.add_argument("--timeout", type=float, default=None, help="stop a run after this many seconds (reported)")
    args = parser.parse_args()
    extra = [*(["--batch-size", str(args.batch_size)] if args.batch_size else []),
             *(["--jobs", str(args.jobs)] if args.jobs else [])]

    print(f"claimx memory benchmark, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, commit {git_commit()}")
    print(f"machine: {cpu_model()}, {usable_cores()} usable cores (nproc); load average at start "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min)")
    print(f"command: python -m claimx extract INPUT --quiet -o OUT {' '.join(extra)}".rstrip())
    sentences, news = sentence_pool()
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="claimx-memory-") as tmp:
        tmp_path = Path(tmp)
        inputs = generate(args, sentences, news, tmp_path, rng)
        startup = startup_run(sentences[0], tmp_path, extra)
        print(f"start-up (extract on a one-sentence file, median of 3): {startup.wall:.2f} s wall, {startup.cpu:.2f} s CPU;"
              " subtracted from the per-MB figures")
        print("news runs first and last; its mean CPU s/MB is the reference of 'x news'\n")
        print(f"  {'input':<7} {'MB':>7} {'wall s':>7} {'wall/MB':>7} {'CPU/MB':>7} {'x news':>7} {'peak RSS':>9} "
              f"{'sampled RSS max per quarter':>28}  exit  load")
        order = [*args.only, "news"] if "news" in args.only and len(args.only) > 1 else args.only
        rows, news_cpu = [], []
        for name in order:
            path, label = inputs[name]
            megabytes = size_of(path) / MB
            run = run_extract(path, tmp_path / f"{name}.out", extra, args.timeout)
            rows.append((name, label, megabytes, run))
            if name == "news":
                news_cpu.append(per_mb(run.cpu, startup.cpu, megabytes))
            print_row(name, label, megabytes, run, startup, None)
        if news_cpu:
            reference = statistics.mean(news_cpu)
            print(f"\n  against ordinary news text ({reference:.2f} s CPU/MB, mean of {len(news_cpu)} runs):")
            for name, label, megabytes, run in rows:
                if name != "news":
                    print_row(name, label, megabytes, run, startup, reference)
    print(f"\npeak RSS target: ≤ 600 MB for the 100 MB file and the 5 MB line; s/MB target: within 2x of news")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min)")


def generate(args: argparse.Namespace, sentences: list[str], news: list[str], tmp: Path,
             rng: random.Random) -> dict[str, tuple[Path, str]]:
    """Write the inputs that will run; name → (path, description)."""
    inputs: dict[str, tuple[Path, str]] = {}
    start = time.perf_counter()
    if "news" in args.only:
        write_news(news, tmp / "news.jsonl")
        inputs["news"] = (tmp / "news.jsonl", f"{len(news)} SpkAtt news articles, JSON Lines")
    if "files" in args.only:
        write_files(sentences, tmp / "files", args.files, rng)
        inputs["files"] = (tmp / "files", f"{args.files:,} small files")
    if "line" in args.only:
        write_line(sentences, tmp / "line.txt", int(args.line_mb * MB), rng)
        inputs["line"] = (tmp / "line.txt", f"{args.line_mb:g} MB line without punctuation")
    if "big" in args.only:
        write_big_file(sentences, tmp / "big.txt", int(args.mb * MB), rng)
        inputs["big"] = (tmp / "big.txt", f"{args.mb:g} MB text file")
    print(f"inputs generated in {time.perf_counter() - start:.0f} s: " + "; ".join(label for _, label in inputs.values()))
    return inputs


def startup_run(sentence: str, tmp: Path, extra: list[str]) -> Run:
    """The median of three runs on a one-sentence file: the fixed cost of every run."""
    path = tmp / "one-sentence.txt"
    path.write_text(sentence + "\n", encoding="utf-8")
    runs = sorted((run_extract(path, tmp / "one.out", extra, None) for _ in range(3)), key=lambda run: run.wall)
    return runs[1]


def per_mb(seconds: float, fixed: float, megabytes: float) -> float:
    return max(0.0, seconds - fixed) / megabytes


def print_row(name: str, label: str, megabytes: float, run: Run, startup: Run, news_cpu: float | None) -> None:
    wall_mb, cpu_mb = per_mb(run.wall, startup.wall, megabytes), per_mb(run.cpu, startup.cpu, megabytes)
    ratio = f"{cpu_mb / news_cpu:6.2f}x" if news_cpu else "      -"
    rss = "/".join("-" if math.isnan(peak) else f"{peak:.0f}" for peak in run.quarter_peaks()) or "-"
    print(f"  {name:<7} {megabytes:7.2f} {run.wall:7.1f} {wall_mb:7.2f} {cpu_mb:7.2f} {ratio:>7} {run.peak_mb:6.0f} MB "
          f"{rss + ' MB':>28}  {run.exit_code:>4}  {run.load}", flush=True)
    if run.exit_code != 0:
        print(f"          ({label}; exit {run.exit_code}: {run.stderr_tail or 'no message'})", flush=True)


if __name__ == "__main__":
    main()
