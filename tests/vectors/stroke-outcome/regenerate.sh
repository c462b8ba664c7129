#!/usr/bin/env bash
# Regenerates tests/vectors/stroke-outcome/vectors.csv from the stroke-outcome
# package itself (PyPI, MIT licence), version 0.1.8, in a fresh virtual
# environment. hasu's tests read the committed vectors; rerun this to check
# them against the package:
#   tests/vectors/stroke-outcome/regenerate.sh && git diff --exit-code tests/vectors
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet stroke-outcome==0.1.8
"$venv/bin/python" "$here/generate.py" "$here/vectors.csv"
echo "wrote $here/vectors.csv ($(($(wc -l < "$here/vectors.csv") - 1)) patients)"
