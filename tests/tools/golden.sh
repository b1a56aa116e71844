#!/usr/bin/env bash
# Runs tool golden cases: each line of CASES is NAME<TAB>COMMAND; COMMAND
# runs under bash with `set -o pipefail` in the source directory (stdin
# /dev/null unless the command redirects it), with
# $ETGREP, $APSHUFFLE, $GRSTATES, $REGIONGRAPH, $ETVIZ, $SCOPE, $SCOPE_CHART,
# $UNSTOPPABLE, $SCOPE_TLS, $ETPPROF, $ETGOROUTINES, $ETPERFETTO, $ETMMU, $ETCUT, $ETLATENCY (the built tools), $T (testdata/traces) and $B
# (testdata/bundles) set. The golden file GOLDEN_DIR/NAME.txt holds the
# case's stdout, its stderr and its exit code.
#   golden.sh BIN_DIR SOURCE_DIR CASES GOLDEN_DIR            check
#   golden.sh BIN_DIR SOURCE_DIR CASES GOLDEN_DIR --update   rewrite the goldens (review the diff!)
set -u
BIN=$(realpath "$1")
SRC=$(realpath "$2")
CASES=$(realpath "$3")
GOLDEN=$4
MODE=${5:-check}
cd "$SRC" || exit 1
export ETGREP=$BIN/etgrep APSHUFFLE=$BIN/apshuffle GRSTATES=$BIN/grstates REGIONGRAPH=$BIN/regiongraph ETVIZ=$BIN/etviz \
  SCOPE=$BIN/scope SCOPE_TLS=$BIN/scope_tls SCOPE_CHART=$BIN/scope_chart UNSTOPPABLE=$BIN/unstoppable \
  ETPPROF=$BIN/etpprof ETGOROUTINES=$BIN/etgoroutines ETPERFETTO=$BIN/etperfetto ETMMU=$BIN/etmmu \
  ETCUT=$BIN/etcut ETLATENCY=$BIN/etlatency \
  T=testdata/traces B=testdata/bundles
failed=0
count=0
while IFS=$'\t' read -r name cmd; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  count=$((count + 1))
  out=$(mktemp) err=$(mktemp)
  bash -c "set -o pipefail; $cmd" >"$out" 2>"$err" </dev/null
  code=$?
  actual=$( cat "$out"; echo "--- stderr"; cat "$err"; echo "--- exit $code" )
  rm -f "$out" "$err"
  if [[ "$MODE" == "--update" ]]; then
    printf '%s\n' "$actual" >"$GOLDEN/$name.txt"
  elif ! diff -u "$GOLDEN/$name.txt" <(printf '%s\n' "$actual") >/dev/null 2>&1; then
    echo "FAIL $name: $cmd"
    diff -u "$GOLDEN/$name.txt" <(printf '%s\n' "$actual") | head -n 30
    failed=$((failed + 1))
  fi
done <"$CASES"
if [[ "$MODE" == "--update" ]]; then
  echo "updated $count goldens in $GOLDEN; review them with git diff"
  exit 0
fi
echo "$count cases, $failed failed"
[[ $failed == 0 ]]
