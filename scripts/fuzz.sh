#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets (clang, ASan + UBSan) and runs each
# for FUZZ_SECONDS (default 60; give 600 for a real session), then the
# damaged-input check at full size: every testdata trace, profile and bundle
# zip cut at 200 random offsets and with 2,000 random byte changes.
# Crashing inputs are copied into tests/fuzz/regressions/<target>/ (commit
# them: make test replays them).
#   scripts/fuzz.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
"$here/scripts/install-deps.sh" --fuzz
CC=clang-14 CXX=clang++-14 cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOTRACE_FUZZ=ON \
  -DGOTRACE_SANITIZE=address,undefined >/dev/null
targets="fuzz_trace fuzz_pprof fuzz_bundle fuzz_match fuzz_patterns fuzz_span_json"
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc)" --target $targets damage_check

# Seed corpora: the committed seeds and regressions, and small testdata files.
corpus=$build/corpus
for t in $targets; do
  mkdir -p "$corpus/$t"
  cp -n "$here"/tests/fuzz/seeds/$t/* "$here"/tests/fuzz/regressions/$t/* "$corpus/$t/" 2>/dev/null || true
done
find "$here/testdata/traces" -name '*.trace' -size -64k -exec cp -n {} "$corpus/fuzz_trace/" \;
find "$here/testdata/profiles" -size -16k -type f -exec cp -n {} "$corpus/fuzz_pprof/" \;
find "$here/testdata/bundles/store" -type f -size -64k | head -n 8 | while read -r f; do cp -n "$f" "$corpus/fuzz_bundle/$(basename "$f" | tr ':' '_')"; done

status=0
for t in $targets; do
  echo "fuzz: $t for ${seconds}s"
  mkdir -p "$build/artifacts/$t"
  if ! "$build/tests/fuzz/$t" "$corpus/$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$build/artifacts/$t/" -print_final_stats=1 2>"$build/$t.log"; then
    status=1
    echo "fuzz: $t found a problem: $(ls "$build/artifacts/$t")" >&2
    mkdir -p "$here/tests/fuzz/regressions/$t"
    cp "$build/artifacts/$t"/* "$here/tests/fuzz/regressions/$t/"
  fi
  grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added" "$build/$t.log" | sed "s/^/  /"
done

echo "fuzz: damaged inputs (200 cuts and 2,000 byte changes per file)"
bundles=()
while IFS= read -r -d '' f; do bundles+=("$f"); done < <(find "$here/testdata/bundles/store" -type f -print0)
"$build/tests/damage_check" --truncations 200 --mutations 2000 "$here"/testdata/traces/*.trace || status=1
"$build/tests/damage_check" --truncations 200 --mutations 2000 "$here"/testdata/profiles/*.pb.gz \
  "$here"/testdata/profiles/*.txt || status=1
"$build/tests/damage_check" --truncations 200 --mutations 2000 "${bundles[@]}" || status=1
exit $status
