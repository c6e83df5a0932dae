"""Snapshot ``claimx extract`` output on every development text, to prove a change keeps it byte-identical.

    python scripts/snapshot_outputs.py snapshot /tmp/before     # on the old code
    python scripts/snapshot_outputs.py snapshot /tmp/after      # on the new code
    python scripts/snapshot_outputs.py compare /tmp/before /tmp/after

Texts: ``../shared/data/spkatt-news/{train,unlabelled}`` (each SpkAtt document as plain text:
sentences of space-joined tokens, one sentence a line), ``../shared/data/modern-news/*.txt`` and
``examples/*.txt``, with the claimx that ``python -m claimx`` runs (set PYTHONPATH to snapshot
another checkout). Each text's JSON Lines output is written to ``OUT/<set>/<name>.jsonl``.
``compare`` prints every file that differs and exits 1 if any does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"


def spkatt_as_text(folder: Path, target: Path) -> None:
    """Write each SpkAtt JSON document of ``folder`` as ``target/<name>.txt``."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        lines = [" ".join(sentence["Tokens"]) for sentence in document["Sentences"]]
        (target / f"{path.stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def extract(inputs: list[Path], out_dir: Path, base: Path) -> None:
    """Run claimx on ``inputs`` named relative to ``base``, so doc ids do not depend on where the texts lie."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = [str(path.relative_to(base)) for path in inputs]
    command = [sys.executable, "-m", "claimx", "extract", *names, "-o", f"{out_dir.resolve()}/", "--format", "jsonl", "--quiet"]
    subprocess.run(command, check=False, cwd=base)


def snapshot(out: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for part in ("train", "unlabelled"):
            texts = Path(scratch) / part
            spkatt_as_text(DATA / "spkatt-news" / part, texts)
            extract(sorted(texts.glob("*.txt")), out / f"spkatt-{part}", Path(scratch))
    extract(sorted((DATA / "modern-news").glob("*.txt")), out / "modern-news", DATA)
    extract(sorted((REPO / "examples").glob("*.txt")), out / "examples", REPO)
    print(f"{sum(1 for _ in out.rglob('*.jsonl'))} outputs -> {out}")


def compare(before: Path, after: Path) -> int:
    names = {p.relative_to(before) for p in before.rglob("*.jsonl")} | {p.relative_to(after) for p in after.rglob("*.jsonl")}
    differ = [n for n in sorted(names) if not (before / n).is_file() or not (after / n).is_file()
              or (before / n).read_bytes() != (after / n).read_bytes()]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(names)} outputs compared, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "snapshot":
        snapshot(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
