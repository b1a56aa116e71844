#!/usr/bin/env bash
# make demo: runs the tools on the sample trace in testdata/ and writes their
# outputs under OUTDIR. Usage: scripts/demo.sh BUILD_DIR OUTDIR
set -euo pipefail
build=$1
out=$2
trace=testdata/traces/httpserver_go1.26.trace
etgrep=$build/tools/etgrep

mkdir -p "$out/etgrep"
set -x
"$etgrep" -summary "$trace" >"$out/etgrep/summary.json"
"$etgrep" "$trace" | head -n 1000 >"$out/etgrep/first-events.txt"
"$etgrep" -parsed "$trace" | head -n 1000 >"$out/etgrep/first-events-parsed.txt"
"$etgrep" -match='StateTransition "^net/http...conn..serve$" "**"' -stacks "$trace" | head -n 500 \
  >"$out/etgrep/http-server-conns.txt"
"$etgrep" -match='RangeBegin "**"' -stacks "$trace" >"$out/etgrep/ranges-with-stacks.txt"
"$etgrep" -goroutine=1 -stacks "$trace" >"$out/etgrep/goroutine-1.txt"
"$etgrep" -sort=goroutine -match=Label "$trace" >"$out/etgrep/gc-worker-labels.txt"
set +x
echo
echo "demo outputs in $out:"
wc -l "$out"/etgrep/* | sed 's/^/  /'

apshuffle=$build/tools/apshuffle
pile=testdata/bundles
mkdir -p "$out/apshuffle"
set -x
"$apshuffle" -C $pile/extracted -profile-sort=goroutine -focus=ServeHTTP -focus='sync...Mutex..Lock' \
  >"$out/apshuffle/goroutine-ServeHTTP-MutexLock.txt"
"$apshuffle" -C $pile/store -profile-sort=heap -sample-type=inuse_space -vs-prev -json \
  >"$out/apshuffle/heap-growth.jsonl"
"$apshuffle" -C $pile/extracted -profile-sort=profile -with-trace >"$out/apshuffle/cpu-with-trace.txt"
"$apshuffle" -C $pile/extracted -hosts >"$out/apshuffle/hosts.txt"
set +x
echo "apshuffle outputs in $out/apshuffle:"
wc -l "$out"/apshuffle/* | sed 's/^/  /'

grstates=$build/tools/grstates
mkdir -p "$out/grstates"
set -x
"$grstates" -input="$trace" -svg="$out/grstates/httpserver.svg" -dot="$out/grstates/httpserver.dot"
"$grstates" testdata/traces/flowcontrol_go1.22.trace -svg="$out/grstates/flowcontrol.svg"
"$grstates" testdata/traces/v1mix_go1.21.trace >"$out/grstates/v1mix_go1.21.dot"
set +x
echo "grstates outputs in $out/grstates (open the .svg files in a browser):"
wc -c "$out"/grstates/* | sed 's/^/  /'

regiongraph=$build/tools/regiongraph
mkdir -p "$out/regiongraph"
set -x
"$regiongraph" -input="$trace" >"$out/regiongraph/counts.txt"
"$regiongraph" -input="$trace" -show-regions >"$out/regiongraph/regions.txt"
"$regiongraph" -input="$trace" -show-chains >"$out/regiongraph/chains.txt"
"$regiongraph" -input="$trace" -json >"$out/regiongraph/spans.jsonl"
"$regiongraph" -input="$trace" -summarize >"$out/regiongraph/summaries.jsonl"
"$regiongraph" -input=testdata/traces/httpserver_go1.19.trace -summarize >"$out/regiongraph/summaries-go1.19.jsonl"
"$regiongraph" -input=testdata/traces/flowcontrol_go1.22.trace -builtin-patterns=false \
  -patterns=testdata/patterns/flowcontrol.patterns -show-regions >"$out/regiongraph/flowcontrol-quota-waits.txt"
set +x
echo "regiongraph outputs in $out/regiongraph:"
wc -l "$out"/regiongraph/* | sed 's/^/  /'

etviz=$build/tools/etviz
mkdir -p "$out/etviz"
set -x
"$etviz" -input="$out/regiongraph/summaries.jsonl" -output="$out/etviz/requests.svg"
"$etviz" -input="$out/regiongraph/summaries-go1.19.jsonl" -output="$out/etviz/requests-go1.19.svg"
grep -m 120 '"Kind":"server/http"' "$out/regiongraph/spans.jsonl" | "$etviz" -details -output="$out/etviz/requests-details-first120.svg"
grep -m 200 '"Root":{"G":[0-9]*,"Kind":"server/http"' "$out/regiongraph/summaries.jsonl" | "$etviz" -output="$out/etviz/requests-first200.svg"
set +x
# A screenshot of the first 200 requests, as a browser shows them.
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$browser" ]; then
  height=$(grep -o -m 1 'height="[0-9]*"' "$out/etviz/requests-first200.svg" | tr -dc 0-9)
  profile=$(mktemp -d)
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --force-device-scale-factor=1 --user-data-dir="$profile" --window-size=1020,"$height" \
    --screenshot="$PWD/$out/etviz/requests-first200.png" "file://$PWD/$out/etviz/requests-first200.svg" >/dev/null 2>&1 || true
  rm -rf "$profile"
else
  echo "(no Chromium: no screenshot; apt-get install chromium)"
fi
echo "etviz outputs in $out/etviz:"
ls -l "$out"/etviz | sed 's/^/  /'

scope=$build/tools/scope scope_chart=$build/tools/scope_chart unstoppable=$build/tools/unstoppable
mkdir -p "$out/scope" "$out/unstoppable"
set -x
"$scope" testdata/traces/httpserver_go1.2*.trace testdata/traces/httpserver_go1.19.trace \
  -profile="$out/scope/tls-handshakes.pb.gz" >"$out/scope/tls-handshakes.txt"
"$scope_chart" -input="$out/scope/tls-handshakes.txt" -output="$out/scope/tls-handshakes.svg"
"$scope" -builtin-patterns=false -patterns=testdata/patterns/scopesplit.patterns -region=scopesplit/work \
  -json testdata/traces/scopesplit_go1.26.trace >"$out/scope/scopesplit.jsonl"
"$scope_chart" -input="$out/scope/scopesplit.jsonl" -output="$out/scope/scopesplit.svg"
"$unstoppable" testdata/traces/gcstress_go1.22.trace >"$out/unstoppable/gcstress.txt"
"$unstoppable" -print-stacks -profile="$out/unstoppable/stwdelay.pb.gz" testdata/traces/stwdelay_go1.26.trace \
  >"$out/unstoppable/stwdelay.txt"
set +x
echo "scope and unstoppable outputs in $out/scope, $out/unstoppable:"
ls -l "$out"/scope "$out"/unstoppable | sed 's/^/  /'

mkdir -p "$out/etpprof" "$out/etgoroutines" "$out/etperfetto" "$out/etmmu"
set -x
for kind in net sync syscall sched; do
  "$build/tools/etpprof" -input="$trace" -kind=$kind -output="$out/etpprof/$kind.pb.gz"
done
"$build/tools/etpprof" -input="$trace" -kind=cpu -output="$out/etpprof/cpu.pb.gz"
"$build/tools/etpprof" -input="$trace" -kind=cpu -region=server/http -output="$out/etpprof/cpu-server-http.pb.gz"
"$build/tools/etpprof" -input="$trace" -kind=sync -region=client/http_roundtrip -output="$out/etpprof/sync-client-roundtrips.pb.gz"
"$build/tools/etpprof" -input=testdata/traces/generations_go1.26.trace -kind=cpu -region=work -output="$out/etpprof/cpu-user-region-work.pb.gz"
"$build/tools/etgoroutines" -input="$trace" >"$out/etgoroutines/by-function.txt"
"$build/tools/etgoroutines" -input="$trace" -json >"$out/etgoroutines/by-function.jsonl"
"$build/tools/etgoroutines" -input="$trace" -function='^main\.' >"$out/etgoroutines/main-goroutines.txt"
"$build/tools/etperfetto" -input="$trace" -output="$out/etperfetto/httpserver.pftrace.gz"
"$build/tools/etperfetto" -input="$trace" -start=200ms -end=300ms -format=json -output="$out/etperfetto/httpserver-200ms.json"
"$build/tools/etmmu" -input="$trace" >"$out/etmmu/httpserver.txt"
"$build/tools/etmmu" -input="$trace" -count=stw,assist,sweep >"$out/etmmu/httpserver-without-workers.txt"
"$build/tools/etmmu" -count=stw,assist,sweep -svg="$out/etmmu/gcstress.svg" testdata/traces/gcstress_go1.22.trace >"$out/etmmu/gcstress.txt"
"$build/tools/etmmu" -json -per-proc testdata/traces/gcstress_go1.22.trace >"$out/etmmu/gcstress-per-proc.jsonl"
set +x
echo "etpprof, etgoroutines, etperfetto, etmmu outputs (open the .pftrace.gz in https://ui.perfetto.dev, the .svg in a browser):"
ls -l "$out"/etpprof/* "$out"/etgoroutines/* "$out"/etperfetto/* "$out"/etmmu/* | awk '{print "  " $5 "\t" $9}'

mkdir -p "$out/etlatency" "$out/etcut"
set -x
"$build/tools/etlatency" "$trace" >"$out/etlatency/httpserver.txt"
"$build/tools/etlatency" -json -slowest=3 "$trace" >"$out/etlatency/httpserver.jsonl"
"$build/tools/etlatency" -kind=task,region -slowest=3 testdata/traces/annotations_go1.23.trace >"$out/etlatency/annotations.txt"
"$build/tools/etlatency" -kind=stw,gc,sched -svg="$out/etlatency/gcstress.svg" testdata/traces/gcstress_go1.22.trace
"$build/tools/etlatency" -svg="$out/etlatency/httpserver.svg" "$trace"
"$build/tools/etcut" -start=1.5s -end=2.5s -output="$out/etcut/generations-2-3.trace" testdata/traces/generations_go1.26.trace
"$build/tools/etgrep" -summary "$out/etcut/generations-2-3.trace" >"$out/etcut/generations-2-3.summary.json"
"$build/tools/etcut" -start=1.1s -output="$out/etcut/httpserver-tail.trace" "$trace"
"$build/tools/etlatency" -kind=sched "$out/etcut/httpserver-tail.trace" >"$out/etcut/httpserver-tail-sched.txt"
set +x
echo "etlatency and etcut outputs (the .svg in a browser; the .trace files with any tool or go tool trace):"
ls -l "$out"/etlatency/* "$out"/etcut/* | awk '{print "  " $5 "\t" $9}'
