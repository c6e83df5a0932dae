"""Reliability of claimx's confidence on a gold set scored by score-claims.

    python scripts/calibration.py GOLD_DIR PRED_DIR [--scorer ../shared/tools/score-claims]

Each predicted claim (optional gold claims left out, as the scorer does) is right when it matches a
gold claim and its source is right. Prints, per confidence bin, the number of claims, their mean
confidence and the share that is right; the expected calibration error (ECE: the claim-weighted mean
gap between the two); and, per threshold c, the share right among claims with confidence >= c.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BINS = [(0.0, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def load_scorer(path: Path):
    loader = SourceFileLoader("score_claims", str(path))
    module = module_from_spec(spec_from_loader("score_claims", loader))
    loader.exec_module(module)
    return module


def scored_rows(gold_dir: Path, pred_dir: Path, scorer) -> Iterator[tuple[str, dict | None, dict | None]]:
    """The scorer's (outcome, gold claim, predicted claim) rows of every article, as score-claims pairs them."""
    for gold_file in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred_file = pred_dir / (Path(gold["doc"]).stem + ".jsonl")
        preds = [json.loads(line) for line in pred_file.read_text(encoding="utf-8").splitlines() if line.strip()] \
            if pred_file.exists() else []
        _, rows = scorer.score_doc(gold["claims"], preds)
        yield from rows


def judged_predictions(gold_dir: Path, pred_dir: Path, scorer) -> list[tuple[float, bool]]:
    """(confidence, right) for every prediction that counts (spurious ones are wrong)."""
    judged = []
    for kind, _, pred in scored_rows(gold_dir, pred_dir, scorer):
        if pred is not None and kind != "optional":
            judged.append((float(pred.get("confidence", 0.0)), kind == "hit"))
    return judged


def report(judged: list[tuple[float, bool]]) -> float:
    print(f"{'confidence':>12} {'claims':>7} {'mean conf':>10} {'right':>7}")
    ece = 0.0
    for low, high in BINS:
        inside = [(c, r) for c, r in judged if low <= c < high]
        if not inside:
            continue
        mean = sum(c for c, _ in inside) / len(inside)
        right = sum(r for _, r in inside) / len(inside)
        ece += len(inside) / len(judged) * abs(mean - right)
        print(f"{low:>5.1f}-{min(high, 1.0):<5.1f} {len(inside):>7} {mean:>10.3f} {right:>7.3f}")
    print(f"expected calibration error (ECE): {ece:.3f} over {len(judged)} claims")
    for c in (0.5, 0.6, 0.7, 0.8, 0.9):
        above = [r for conf, r in judged if conf >= c]
        if above:
            print(f"confidence >= {c:.1f}: {len(above):>4} claims, {sum(above) / len(above):.3f} right")
    return ece


def gold_and_predictions(description: str) -> tuple[Path, Path, object]:
    """GOLD_DIR, PRED_DIR and the loaded scorer from the command line of a script over a scored gold set."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("pred_dir", type=Path)
    parser.add_argument("--scorer", type=Path, default=REPO.parent / "shared" / "tools" / "score-claims")
    args = parser.parse_args()
    return args.gold_dir, args.pred_dir, load_scorer(args.scorer)


if __name__ == "__main__":
    report(judged_predictions(*gold_and_predictions(__doc__)))
