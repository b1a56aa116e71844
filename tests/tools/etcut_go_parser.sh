#!/usr/bin/env bash
# Go's parser reads every cut: for every v2 trace of testdata/traces, etcut
# cuts each generation alone, the first two, the last two and the middle
# ones, and traceoracle (Go 1.26's internal/trace, ../shared/tools/oracle)
# must read each cut to the end without an error. Skipped (77) when
# traceoracle is not built (../shared/tools/oracle/build.sh builds it).
#   etcut_go_parser.sh ETCUT ETGREP SOURCE_DIR
set -u
ETCUT=$1 ETGREP=$2 SRC=$3
ORACLE=${TRACEORACLE:-$SRC/../shared/tools/oracle/bin/traceoracle}
if [ ! -x "$ORACLE" ]; then
  echo "no traceoracle at $ORACLE: skipped (build it with ../shared/tools/oracle/build.sh)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 cuts=0
for trace in "$SRC"/testdata/traces/*.trace; do
  head -c 16 "$trace" | grep -q 'go 1\.2[2-9] trace' || continue
  # The generations' start times, in ns from the trace's first event.
  mapfile -t starts < <("$ETGREP" -match=Sync "$trace" | sed -n 's/.* Time=\([0-9]*\).*/\1/p')
  n=$(( ${#starts[@]} - 1 ))  # the last Sync closes the trace
  first=${starts[0]}
  windows=()
  for ((k = 0; k < n; k++)); do
    windows+=("$(( starts[k] - first + 1 )) $(( starts[k] - first + 1 ))")
  done
  ((n >= 2)) && windows+=("0 $(( starts[1] - first + 1 ))") && windows+=("$(( starts[n-2] - first + 1 )) $(( starts[n] - first ))")
  ((n >= 4)) && windows+=("$(( starts[1] - first + 1 )) $(( starts[n-2] - first + 1 ))")
  for w in "${windows[@]}"; do
    set -- $w
    out="$tmp/cut.trace"
    if ! "$ETCUT" -start="${1}ns" -end="${2}ns" -output="$out" "$trace" 2>"$tmp/err"; then
      echo "FAIL etcut $trace ${1}ns-${2}ns: $(cat "$tmp/err")"
      failed=$((failed + 1))
      continue
    fi
    if ! "$ORACLE" "$out" >"$tmp/summary.json" 2>"$tmp/err" || ! grep -q '"ok": true' "$tmp/summary.json"; then
      echo "FAIL Go's parser on the cut of $trace ${1}ns-${2}ns: $(grep '"error"' "$tmp/summary.json") $(cat "$tmp/err")"
      failed=$((failed + 1))
    fi
    cuts=$((cuts + 1))
  done
done
echo "$cuts cuts read by Go's parser, $failed failed"
[ "$failed" = 0 ] && [ "$cuts" -ge 40 ]
