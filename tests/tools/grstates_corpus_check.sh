#!/usr/bin/env bash
# For every trace of ../shared/corpus (v1 and v2): grstates' DOT is accepted
# by graphviz and its SVG is well formed and renders in headless Chromium.
# Skipped (77) without the corpus.
#   grstates_corpus_check.sh GRSTATES PNG_STATS SOURCE_DIR
set -u
grstates=$1 stats=$2
corpus=$3/../shared/corpus/traces
[ -d "$corpus" ] || { echo "SKIP: ../shared/corpus not present"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0 count=0 skipped=0
for t in "$corpus"/*.trace; do
  n=$(basename "$t" .trace)
  count=$((count + 1))
  if ! "$grstates" -input="$t" -dot="$work/$n.dot" -svg="$work/$n.svg"; then
    echo "FAIL $n: grstates"; failed=$((failed + 1)); continue
  fi
  dot -Tcanon "$work/$n.dot" >/dev/null || { echo "FAIL $n: dot rejects the DOT"; failed=$((failed + 1)); continue; }
  "$(dirname "$0")/svg_render_check.sh" "$stats" "$work/$n.svg" 0.005 >"$work/out" 2>&1
  case $? in
    0) ;;
    77) skipped=$((skipped + 1)) ;;
    *) echo "FAIL $n:"; cat "$work/out"; failed=$((failed + 1)) ;;
  esac
done
echo "$count traces, $failed failed, $skipped not rendered (no browser)"
[ $failed = 0 ]
