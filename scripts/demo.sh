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
