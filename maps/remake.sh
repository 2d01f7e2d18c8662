#!/bin/sh
# Remake the rendered offline maps of the bundled scenarios in maps/ (about a minute on 2 cores):
#   sh maps/remake.sh            (from anywhere; wattbit-siting installed, or PYTHONPATH set to the clone)
# The runs go to a temporary folder that is removed afterwards; only the pages are kept.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
for s in reference reference-unconstrained; do
    python -m siting run "models/$s.toml" --no-map --out "$tmp/$s"
    python -m siting map "$tmp/$s" --offline --lang ja --out "maps/$s.html"
done
python -m siting compare "$tmp/reference" "$tmp/reference-unconstrained" --offline --lang ja \
    --out maps/reference-vs-unconstrained.html
ls -l maps/*.html
