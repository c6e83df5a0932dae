#!/usr/bin/env bash
# Reproduce the two development-set figures of claimx from a checkout (after `pip install .`):
#   1. modern-news (present-day articles): claims and attributed-claim P/R/F1 (../shared/tools/score-claims),
#      the same per kind (scripts/per_kind.py) and the calibration of confidence (scripts/calibration.py)
#   2. SpkAtt news train (Wikinews): subtask-2 Message/Source/Joint P/R/F1 (claimx spkatt score)
# Usage: scripts/evaluate_dev.sh [OUT_DIR]   (predictions are kept in OUT_DIR, default a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
out=${1:-$(mktemp -d)}
mkdir -p "$out/modern-news" "$out/spkatt-news"
python -m claimx extract "$data"/modern-news/*.txt -o "$out/modern-news/" --format jsonl --quiet
echo "== modern-news (score-claims)"
python3 ../shared/tools/score-claims "$data/modern-news" "$out/modern-news"
echo "== modern-news by kind (recall by the gold claim's kind, precision by the predicted one's)"
python3 scripts/per_kind.py "$data/modern-news" "$out/modern-news"
echo "== modern-news calibration of confidence"
python3 scripts/calibration.py "$data/modern-news" "$out/modern-news"
python -m claimx spkatt predict "$data/spkatt-news/train" "$out/spkatt-news" > /dev/null
echo "== spkatt-news/train (subtask 2)"
python -m claimx spkatt score "$data/spkatt-news/train" "$out/spkatt-news"
