#!/usr/bin/env bash
# Runs the etgrep golden cases (etgrep_cases.txt) and compares each case's
# stdout, stderr and exit code with testdata/golden/etgrep/NAME.txt.
#   etgrep_golden.sh ETGREP SOURCE_DIR            check
#   etgrep_golden.sh ETGREP SOURCE_DIR --update   rewrite the goldens (review the diff!)
set -u
ETGREP=$(realpath "$1")
SRC=$(realpath "$2")
MODE=${3:-check}
cd "$SRC" || exit 1
T=testdata/traces
GOLDEN=testdata/golden/etgrep
export ETGREP T
failed=0
count=0
while IFS=$'\t' read -r name cmd; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  count=$((count + 1))
  out=$(mktemp) err=$(mktemp)
  bash -c "set -o pipefail; $cmd" >"$out" 2>"$err"
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
done <"$SRC/tests/tools/etgrep_cases.txt"
if [[ "$MODE" == "--update" ]]; then
  echo "updated $count goldens in $GOLDEN; review them with git diff"
  exit 0
fi
echo "$count cases, $failed failed"
[[ $failed == 0 ]]
