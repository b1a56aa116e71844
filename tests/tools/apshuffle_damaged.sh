#!/usr/bin/env bash
# Damaged bundles (invalid meta, corrupt gzip, truncated zip) are reported
# on stderr with their path and skipped; the rest of the pile still ranks,
# and the exit status says something was skipped.
#   apshuffle_damaged.sh APSHUFFLE SOURCE_DIR
set -u
A=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$2/testdata/bundles" "$work/b"
cd "$work/b"
fail() { echo "FAIL: $*"; exit 1; }
proc=pprof/corpus%2Fbundler/app-b.corpus.test/1-6b038c04-717e55505d79ec807e962ed0-7659
worst=$proc/2026-11-23T00:42:50.233Z   # ranks first by goroutine+ServeHTTP
other=$proc/2026-11-23T00:42:48.677Z   # ranks second

# Extracted: corrupt the top bundle's goroutine profile, break another's meta.
head -c 100 extracted/$worst/pprof/goroutine >extracted/$worst/pprof/goroutine.cut
mv extracted/$worst/pprof/goroutine.cut extracted/$worst/pprof/goroutine
echo '{"proc_id": "x", "capture_time": "yesterday"}' >extracted/$other/meta
out=$("$A" -C extracted -profile-sort=goroutine -focus=ServeHTTP 2>err)
code=$?
[ $code = 1 ] || fail "exit status $code"
grep -q "^apshuffle: $worst: pprof/goroutine: offset 100: gzip: unexpected end of data (skipped)" err || fail "no report of the corrupt profile: $(cat err)"
grep -q "^apshuffle: $other: meta: \"capture_time\" is not an RFC 3339 time" err || fail "no report of the bad meta: $(cat err)"
[ "$(echo "$out" | wc -l)" = 16 ] || fail "expected 16 ranked bundles, got $(echo "$out" | wc -l)"
echo "$out" | grep -q "$worst" && fail "the corrupt bundle was ranked"
[ "$(echo "$out" | head -n 1)" = "$(sed -n 3p expected/goroutine_focus_ServeHTTP.txt)" ] || fail "ranking changed: $(echo "$out" | head -n 1)"

# Zips: a truncated archive.
head -c 5000 store/$worst >store/$worst.cut && mv store/$worst.cut store/$worst
out=$("$A" -C store -profile-sort=goroutine -focus=ServeHTTP 2>err)
code=$?
[ $code = 1 ] || fail "zip: exit status $code"
grep -q "^apshuffle: $worst: " err || fail "no report of the truncated zip: $(cat err)"
[ "$(echo "$out" | wc -l)" = 17 ] || fail "zip: expected 17 ranked bundles"
echo "damaged ok"
