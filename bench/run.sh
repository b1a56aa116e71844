#!/usr/bin/env bash
# make bench: times our reader against Go's own on the same files, on this
# machine, in one run. Prints tables (medians of RUNS interleaved runs):
#  - reading: file, size, events, our time with all cores and with one
#    (-threads=1), Go's time, both ratios, our peak RSS, Go's peak RSS;
#  - the full text dump against go tool trace -d=parsed (DUMP=1);
#  - windows: a 0.5 s window (-start/-end) at the start, middle and end of
#    each big trace, for etgrep -summary and etperfetto, against a full read;
#  - etperfetto's output size with and without call stacks, as a multiple
#    of the trace's (PERFETTO_SLICES=1: also -stacks=slices);
#  - regiongraph (counts, -summarize) and scope: time and peak RSS;
#  - apshuffle over a pile of about 1,000 bundles, 1 and 2 threads.
#
#   bench/run.sh BUILD_DIR [TRACE...]
#
# Without TRACE arguments it uses the largest corpus trace of each format
# version (../shared/corpus/traces) and the big traces in $BENCH_DIR
# (default /tmp/gotrace-bench), which it makes with the corpus httpserver
# workload when Go 1.26 is installed (BIG_DURATIONS="50s 100s 200s", about
# 170 MB of trace per 100 s; making them takes that long). Go's side is ../shared/tools/oracle's traceoracle (read every
# event, nothing else) and `go tool trace -d=parsed`; both need Go 1.26
# (../shared/tools/install-go.sh 1.26). Environment: RUNS (default 3),
# DUMP=1 to also time the full text dump against go tool trace -d=parsed
# (traces up to DUMP_MAX_MB, default 80).
set -euo pipefail
build=$(realpath "$1")
shift || true
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$here/../shared
runs=${RUNS:-3}
bench_dir=${BENCH_DIR:-/tmp/gotrace-bench}
go126=${GO126_ROOT:-/usr/lib/go-1.26}
etgrep=$build/tools/etgrep
etperfetto=$build/tools/etperfetto
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }

oracle=""
if [ -x "$go126/bin/go" ] && [ -d "$shared/tools/oracle" ]; then
  # Built next to the big traces: ../shared is read-only.
  oracle=$bench_dir/oracle-bin/traceoracle
  [ -x "$oracle" ] || GO126_ROOT=$go126 ORACLE_BIN=$bench_dir/oracle-bin "$shared/tools/oracle/build.sh" >/dev/null
fi

traces=("$@")
if [ ${#traces[@]} -eq 0 ]; then
  if [ -d "$shared/corpus/traces" ]; then
    # The largest trace of each header version.
    while read -r f; do traces+=("$f"); done < <(
      for f in "$shared"/corpus/traces/*.trace; do
        printf '%s %s %s\n' "$(head -c 16 "$f" | tr -d '\0')" "$(stat -c %s "$f")" "$f"
      done | sort -k2,2 -k4,4nr | awk '!seen[$2]++ {print $5}')
  fi
  if [ -x "$go126/bin/go" ] && [ -d "$shared/corpus/src/httpserver" ]; then
    mkdir -p "$bench_dir/mod/httpserver"
    if [ ! -x "$bench_dir/httpserver" ]; then
      printf 'module corpus\n\ngo 1.19\n' >"$bench_dir/mod/go.mod"
      cp "$shared/corpus/src/httpserver/main.go" "$bench_dir/mod/httpserver/"
      (cd "$bench_dir/mod" && GOTOOLCHAIN=local GOFLAGS= GOWORK=off GOPROXY=off \
        "$go126/bin/go" build -trimpath -o "$bench_dir/httpserver" ./httpserver)
    fi
    for d in ${BIG_DURATIONS:-50s 100s 200s}; do
      t=$bench_dir/httpserver_${d}.trace
      if [ ! -s "$t" ]; then
        echo "bench: making $t (runs the workload for $d)" >&2
        "$bench_dir/httpserver" -duration="$d" -trace="$t" -cpuprofile="$bench_dir/cpu_$d.pb.gz" >/dev/null
      fi
      traces+=("$t")
    done
  fi
  # A v1 trace of the same workload, built with Go 1.21 (BIG_V1_DURATION).
  go121=${GO121_ROOT:-/usr/lib/go-1.21}
  if [ -x "$go121/bin/go" ] && [ -d "$shared/corpus/src/httpserver" ]; then
    if [ ! -x "$bench_dir/httpserver_go121" ]; then
      mkdir -p "$bench_dir/mod121/httpserver"
      printf 'module corpus\n\ngo 1.19\n' >"$bench_dir/mod121/go.mod"
      cp "$shared/corpus/src/httpserver/main.go" "$bench_dir/mod121/httpserver/"
      (cd "$bench_dir/mod121" && GOTOOLCHAIN=local GOFLAGS= GOWORK=off GOPROXY=off \
        "$go121/bin/go" build -trimpath -o "$bench_dir/httpserver_go121" ./httpserver)
    fi
    d=${BIG_V1_DURATION:-50s}
    t=$bench_dir/httpserver_go121_${d}.trace
    if [ ! -s "$t" ]; then
      echo "bench: making $t (runs the workload for $d)" >&2
      "$bench_dir/httpserver_go121" -duration="$d" -trace="$t" >/dev/null
    fi
    traces+=("$t")
  fi
fi
[ ${#traces[@]} -gt 0 ] || { echo "bench: no traces (give some as arguments)" >&2; exit 1; }

# Runs a command once; prints "seconds maxrss_kb" (wall time of the whole
# process, to the microsecond).
measure() {
  local start=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o /tmp/gotrace-bench-time.$$ "$@" >/dev/null 2>&1 || true
  local end=$EPOCHREALTIME
  printf '%s %s\n' "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')" "$(cat /tmp/gotrace-bench-time.$$)"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-34s %7s %10s %7s %9s %7s %7s %9s %7s %7s\n' "file (etgrep -summary)" MB events ours_s ours_1t_s go_s ratio ratio_1t ours_MB go_MB
for t in "${traces[@]}"; do
  size=$(stat -c %s "$t")
  summary=$("$etgrep" -summary "$t" 2>/dev/null || true)
  if ! grep -q '"ok": true' <<<"$summary"; then
    printf '%-34s (skipped: etgrep cannot read it)\n' "$(basename "$t")"
    continue
  fi
  events=$(awk -F': ' '/"total_events"/ {gsub(",", "", $2); print $2}' <<<"$summary")
  ours_t=() ours_m=() one_t=() go_t=() go_m=()
  for ((i = 0; i < runs; i++)); do
    read -r s m < <(measure "$etgrep" -summary "$t"); ours_t+=("$s"); ours_m+=("$m")
    read -r s m < <(measure "$etgrep" -threads=1 -summary "$t"); one_t+=("$s")
    if [ -n "$oracle" ]; then
      read -r s m < <(measure "$oracle" -bench 1 "$t"); go_t+=("$s"); go_m+=("$m")
    fi
  done
  ot=$(printf '%s\n' "${ours_t[@]}" | median)
  o1=$(printf '%s\n' "${one_t[@]}" | median)
  om=$(printf '%s\n' "${ours_m[@]}" | median)
  if [ -n "$oracle" ]; then
    gt=$(printf '%s\n' "${go_t[@]}" | median)
    gm=$(printf '%s\n' "${go_m[@]}" | median)
    ratio=$(awk -v a="$gt" -v b="$ot" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
    ratio1=$(awk -v a="$gt" -v b="$o1" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
  else
    gt=- gm=0 ratio=- ratio1=-
  fi
  printf '%-34s %7.1f %10s %7s %9s %7s %7s %9s %7.0f %7.0f\n' "$(basename "$t")" "$(awk -v s="$size" 'BEGIN{print s/1e6}')" \
    "$events" "$ot" "$o1" "$gt" "$ratio" "$ratio1" "$(awk -v m="$om" 'BEGIN{print m/1024}')" "$(awk -v m="$gm" 'BEGIN{print m/1024}')"
done

if [ "${DUMP:-0}" = 1 ] && [ -x "$go126/bin/go" ]; then
  echo
  printf '%-34s %10s %10s %7s\n' "full text dump" ours_s go_s ratio
  for t in "${traces[@]}"; do
    # go tool trace -d=parsed takes minutes on big traces.
    [ "$(stat -c %s "$t")" -gt $(( ${DUMP_MAX_MB:-80} * 1000000 )) ] && continue
    read -r os _ < <(measure "$etgrep" -parsed "$t")
    read -r gs _ < <(measure "$go126/bin/go" tool trace -d=parsed "$t")
    printf '%-34s %10s %10s %7s\n' "$(basename "$t")" "$os" "$gs" "$(awk -v a="$gs" -v b="$os" 'BEGIN { printf "%.1fx", a / b }')"
  done
fi


# Windows: 0.5 s at the start, the middle and the end of each trace longer
# than 10 s, read with etgrep -summary and converted with etperfetto, as a
# share of a full etgrep -summary read of the same trace.
echo
printf '%-34s %14s %10s %12s %10s %14s\n' "windows (0.5 s)" window full_s etgrep_s share etperfetto_s
for t in "${traces[@]}"; do
  summary=$("$etgrep" -summary "$t" 2>/dev/null || true)
  lo=$(awk -F': ' '/"min_ts"/ {gsub(",", "", $2); print $2}' <<<"$summary")
  hi=$(awk -F': ' '/"max_ts"/ {gsub(",", "", $2); print $2}' <<<"$summary")
  [ -n "$lo" ] && [ -n "$hi" ] || continue
  len_ms=$(( (hi - lo) / 1000000 ))
  [ "$len_ms" -gt 10000 ] || continue
  full=()
  for ((i = 0; i < runs; i++)); do read -r s _ < <(measure "$etgrep" -summary "$t"); full+=("$s"); done
  ft=$(printf '%s\n' "${full[@]}" | median)
  for at_ms in 0 $((len_ms / 2)) $((len_ms - 500)); do
    w="-start=${at_ms}ms -end=$((at_ms + 500))ms"
    et=() pt=()
    for ((i = 0; i < runs; i++)); do
      read -r s _ < <(measure "$etgrep" -summary $w "$t"); et+=("$s")
      read -r s _ < <(measure "$etperfetto" $w -output=/dev/null "$t"); pt+=("$s")
    done
    e=$(printf '%s\n' "${et[@]}" | median)
    printf '%-34s %14s %10s %12s %9.1f%% %14s\n' "$(basename "$t")" "${at_ms}ms+500ms" "$ft" "$e" \
      "$(awk -v a="$e" -v b="$ft" 'BEGIN { print 100 * a / b }')" "$(printf '%s\n' "${pt[@]}" | median)"
  done
done

# etperfetto's output size (issue 17's targets: at most twice the trace with
# call stacks, at most the trace without, under 1 GB always): bytes written,
# as a multiple of the trace's size, for the default (interned call
# stacks), -stacks=false and, with PERFETTO_SLICES=1, -stacks=slices (the
# nested frame slices of before, several GB on the big traces); time and peak
# RSS of the default conversion (one run: they are written to a pipe and
# counted).
echo
printf '%-34s %7s %10s %6s %10s %6s %10s %6s %8s %8s\n' "etperfetto size" MB stacks_MB x false_MB x slices_MB x time_s rss_MB
for t in "${traces[@]}"; do
  in=$(stat -c %s "$t")
  start=$EPOCHREALTIME
  with=$(/usr/bin/time -f '%M' -o /tmp/gotrace-bench-time.$$ "$etperfetto" "$t" 2>/dev/null | wc -c)
  secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  rss=$(awk '{printf "%.0f", $1/1024}' /tmp/gotrace-bench-time.$$)
  without=$("$etperfetto" -stacks=false "$t" 2>/dev/null | wc -c)
  slices=-
  [ "${PERFETTO_SLICES:-0}" = 1 ] && slices=$("$etperfetto" -stacks=slices "$t" 2>/dev/null | wc -c)
  ratio() { [ "$1" = - ] && echo - || awk -v a="$1" -v b="$in" 'BEGIN { printf "%.2f", a / b }'; }
  mbs() { [ "$1" = - ] && echo - || awk -v a="$1" 'BEGIN { printf "%.1f", a / 1e6 }'; }
  printf '%-34s %7.1f %10s %6s %10s %6s %10s %6s %8s %8s\n' "$(basename "$t")" "$(mbs "$in")" \
    "$(mbs "$with")" "$(ratio "$with")" "$(mbs "$without")" "$(ratio "$without")" "$(mbs "$slices")" "$(ratio "$slices")" \
    "$secs" "$rss"
done

# apshuffle over a pile of ~1,000 bundles (the testdata pile copied 56 times,
# each copy a different process), ranked by goroutine + focus.
pile=$bench_dir/pile1000
if [ ! -d "$pile" ]; then
  mkdir -p "$pile.tmp"
  for i in $(seq 0 55); do
    cp -r "$here/testdata/bundles/extracted" "$pile.tmp/copy$i"
    find "$pile.tmp/copy$i" -name meta -exec sed -i "s/\"proc_id\":\"\\([^\"]*\\)\"/\"proc_id\":\"\\1c$i\"/" {} +
  done
  mv "$pile.tmp" "$pile"
fi
apshuffle=$build/tools/apshuffle
echo
printf '%-50s %8s %8s\n' "apshuffle on $(find "$pile" -name meta | wc -l) bundles" threads seconds
for threads in 1 2; do
  times=()
  for ((i = 0; i < runs; i++)); do
    read -r s _ < <(measure "$apshuffle" -C "$pile" -profile-sort=goroutine -focus=ServeHTTP -threads=$threads)
    times+=("$s")
  done
  printf '%-50s %8s %8s\n' "-profile-sort=goroutine -focus=ServeHTTP" "$threads" "$(printf '%s\n' "${times[@]}" | median)"
done

# regiongraph on the same traces: counts, and JSON tree summaries (the whole
# pipeline: timelines, regions, causes, span trees).
regiongraph=$build/tools/regiongraph
scope=$build/tools/scope
echo
printf '%-34s %7s %9s %9s %12s %12s %8s %8s\n' regiongraph MB counts_s counts_MB summarize_s summarize_MB scope_s scope_MB
for t in "${traces[@]}"; do
  # Whole-trace analyses hold ~30 bytes per goroutine event: big traces only up to a size.
  if [ "$(stat -c %s "$t")" -gt $(( ${REGIONGRAPH_MAX_MB:-200} * 1000000 )) ]; then
    printf '%-34s (skipped: larger than REGIONGRAPH_MAX_MB=%s)\n' "$(basename "$t")" "${REGIONGRAPH_MAX_MB:-200}"
    continue
  fi
  ct=() cm=() st=() sm=() pt=() pm=()
  for ((i = 0; i < runs; i++)); do
    read -r s m < <(measure "$regiongraph" "$t"); ct+=("$s"); cm+=("$m")
    read -r s m < <(measure "$regiongraph" -summarize "$t"); st+=("$s"); sm+=("$m")
    read -r s m < <(measure "$scope" "$t"); pt+=("$s"); pm+=("$m")
  done
  mb() { awk -v m="$(printf '%s\n' "$@" | median)" 'BEGIN{printf "%.0f", m/1024}'; }
  printf '%-34s %7.1f %9s %9s %12s %12s %8s %8s\n' "$(basename "$t")" "$(awk -v s="$(stat -c %s "$t")" 'BEGIN{print s/1e6}')" \
    "$(printf '%s\n' "${ct[@]}" | median)" "$(mb "${cm[@]}")" "$(printf '%s\n' "${st[@]}" | median)" "$(mb "${sm[@]}")" \
    "$(printf '%s\n' "${pt[@]}" | median)" "$(mb "${pm[@]}")"
done
rm -f /tmp/gotrace-bench-time.$$
