"""Per-kind figures on a gold set scored by score-claims: claims found and claims with the right source.

    python scripts/per_kind.py GOLD_DIR PRED_DIR [--scorer ../shared/tools/score-claims]

Recall is counted by the gold claim's kind (direct, indirect, reported, mixed), precision by the
predicted claim's kind, with the scorer's own matching (span overlap F1 >= 0.5, one to one) and
source judgement; optional gold claims count neither way, as in the scorer.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from calibration import gold_and_predictions, scored_rows

KINDS = ("direct", "indirect", "reported", "mixed")


def count(gold_dir: Path, pred_dir: Path, scorer) -> dict[str, Counter]:
    """Per kind: gold, found (matched gold), gold_right, pred, pred_matched, pred_right."""
    counts: dict[str, Counter] = {kind: Counter() for kind in KINDS}
    for outcome, g, p in scored_rows(gold_dir, pred_dir, scorer):
        if outcome == "optional":
            continue
        if g is not None:
            counts.setdefault(g["kind"], Counter())["gold"] += 1
            counts[g["kind"]]["found"] += outcome in ("hit", "wrong-source")
            counts[g["kind"]]["gold_right"] += outcome == "hit"
        if p is not None:
            counts.setdefault(p["kind"], Counter())["pred"] += 1
            counts[p["kind"]]["pred_matched"] += outcome in ("hit", "wrong-source")
            counts[p["kind"]]["pred_right"] += outcome == "hit"
    return counts


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def report(counts: dict[str, Counter]) -> None:
    print(f"{'kind':<10}{'gold':>6}{'pred':>6}   {'claims P':>8} {'R':>6} {'F1':>6}   {'attributed P':>12} {'R':>6} {'F1':>6}")
    for kind, c in counts.items():
        p_claim = c["pred_matched"] / c["pred"] if c["pred"] else 0.0
        r_claim = c["found"] / c["gold"] if c["gold"] else 0.0
        p_attr = c["pred_right"] / c["pred"] if c["pred"] else 0.0
        r_attr = c["gold_right"] / c["gold"] if c["gold"] else 0.0
        print(f"{kind:<10}{c['gold']:>6}{c['pred']:>6}   {p_claim:>8.3f} {r_claim:>6.3f} {f1(p_claim, r_claim):>6.3f}"
              f"   {p_attr:>12.3f} {r_attr:>6.3f} {f1(p_attr, r_attr):>6.3f}")


if __name__ == "__main__":
    report(count(*gold_and_predictions(__doc__)))
