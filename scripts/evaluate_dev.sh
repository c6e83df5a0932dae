#!/usr/bin/env bash
# Reproduce the two development-set figures of claimx from a checkout (after `pip install .`):
#   1. modern-news (present-day articles): claims and attributed-claim P/R/F1 (../shared/tools/score-claims)
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
python -m claimx spkatt predict "$data/spkatt-news/train" "$out/spkatt-news" > /dev/null
echo "== spkatt-news/train (subtask 2)"
python -m claimx spkatt score "$data/spkatt-news/train" "$out/spkatt-news"
