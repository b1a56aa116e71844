#!/usr/bin/env bash
# -write-links on a copy of the corpus pile: relative _link/prev and
# _link/next symlinks between consecutive bundles of each process, that
# resolve to those bundles; running it twice changes nothing.
#   apshuffle_links.sh APSHUFFLE SOURCE_DIR
set -eu
A=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$2/testdata/bundles/extracted" "$work/pile"
cd "$work/pile"
proc=pprof/corpus%2Fbundler/app-c.corpus.test/1-6b038c05-8bb172787b978f15c1af6ca3-7666
first=$proc/2026-11-23T00:42:45.901Z
second=$proc/2026-11-23T00:42:46.792Z
last=$proc/2026-11-23T00:42:51.632Z
fail() { echo "FAIL: $*"; exit 1; }

for run in 1 2; do
  "$A" -write-links || fail "exit status $? on run $run"
  [ "$(readlink "$second/_link/prev")" = "../../2026-11-23T00:42:45.901Z" ] || fail "prev link: $(readlink "$second/_link/prev")"
  [ "$(readlink "$first/_link/next")" = "../../2026-11-23T00:42:46.792Z" ] || fail "next link: $(readlink "$first/_link/next")"
  [ "$(realpath "$second/_link/prev")" = "$(realpath "$first")" ] || fail "prev does not resolve to the previous bundle"
  [ -f "$second/_link/prev/pprof/heap" ] || fail "pprof -base path does not exist"
  [ ! -e "$first/_link/prev" ] || fail "the first bundle has a prev link"
  [ ! -e "$last/_link/next" ] || fail "the last bundle has a next link"
done
# 18 bundles in 3 processes: 15 prev and 15 next links.
[ "$(find . -path '*/_link/*' -type l | wc -l)" = 30 ] || fail "link count $(find . -path '*/_link/*' -type l | wc -l)"
# The links are not bundles: the pile ranks the same.
[ "$("$A" -profile-sort=goroutine | wc -l)" = 18 ] || fail "links changed the pile"
# A non-link file in the way is left alone.
rm "$second/_link/prev" && echo keep >"$second/_link/prev"
"$A" -write-links || fail "exit status with a file in the way"
[ "$(cat "$second/_link/prev")" = keep ] || fail "a regular file was replaced"
echo "links ok"
