#!/usr/bin/env bash
# Remakes the oracle JSON of every cut in cuts.txt: etcut cuts, Go's parser
# (traceoracle, built by ../../../shared/tools/oracle/build.sh) reads.
#   make-cuts.sh ETCUT TRACEORACLE
set -euo pipefail
etcut=$1 oracle=$2
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' cuts.txt | while read -r trace start end json; do
  "$etcut" -start="$start" -end="$end" -output="$tmp/cut.trace" "../traces/$trace" 2>/dev/null
  "$oracle" -name "$json" "$tmp/cut.trace" >"$json"
done
