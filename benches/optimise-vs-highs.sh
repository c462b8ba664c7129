#!/usr/bin/env bash
# hasu optimise against HiGHS (the MIP solver, from PyPI) on the same
# weighted p-median: for each p, both solve times (the solve alone, not
# the reading of the files) and both mean journeys, which must agree to
# 1e-6 minutes. HiGHS solves the radius formulation written by
# benches/optimise_vs_highs.py.
#
# Usage: benches/optimise-vs-highs.sh [DATA_DIR] [P ...]
#   DATA_DIR defaults to .cache/england-wales (made by
#   benches/fetch-england-wales.sh when missing); P defaults to 24 50 75 100.
# HiGHS and numpy are installed into .cache/highs-venv (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-.cache/england-wales}
shift || true
PS=${*:-24 50 75 100}
if [ "$DATA" = .cache/england-wales ] && [ ! -f "$DATA/zones.csv" ]; then
    benches/fetch-england-wales.sh
fi
VENV=.cache/highs-venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet highspy==1.16.0 numpy==2.4.6
fi
cargo build --release --quiet
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
status=0
for p in $PS; do
    target/release/hasu optimise --data "$DATA" --p "$p" --format json --out "$OUT/$p.json"
    "$VENV/bin/python" benches/optimise_vs_highs.py "$DATA" "$p" "$OUT/$p.json" || status=1
done
exit $status
