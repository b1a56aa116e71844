#!/usr/bin/env bash
# Odd piles: every per-bundle failure is reported with its path and skipped
# (a directory or a FIFO where a profile belongs, a symlink to /dev/zero, a
# profile larger than -max-size, a meta nested too deep), only regular
# files are read, -write-links never writes outside the pile, and a path
# with a newline is quoted in the text output.
#   apshuffle_hostile.sh APSHUFFLE SOURCE_DIR
set -u
A=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$2/testdata/bundles/extracted" "$work/pile"
cd "$work/pile"
fail() { echo "FAIL: $*"; exit 1; }
proc=pprof/corpus%2Fbundler/app-b.corpus.test/1-6b038c04-717e55505d79ec807e962ed0-7659
b1=$proc/2026-11-23T00:42:50.233Z
b2=$proc/2026-11-23T00:42:48.677Z
b3=$(ls -d $proc/* | sed -n 1p)
b4=$(ls -d $proc/* | sed -n 2p)
[ "$b3" != "$b1" ] && [ "$b3" != "$b2" ] && [ "$b4" != "$b1" ] && [ "$b4" != "$b2" ] && [ "$b3" != "$b4" ] || fail "pick other bundles"

# A directory and a FIFO at pprof/goroutine; a symlink to /dev/zero; a
# profile over the size limit.
rm "$b1/pprof/goroutine" && mkdir "$b1/pprof/goroutine"
rm "$b2/pprof/goroutine" && mkfifo "$b2/pprof/goroutine"
rm "$b3/pprof/goroutine" && ln -s /dev/zero "$b3/pprof/goroutine"
head -c 2000000 /dev/urandom >"$b4/pprof/goroutine"
out=$(timeout 20 "$A" -profile-sort=goroutine -max-size=1 2>err)
code=$?
[ $code = 1 ] || fail "exit status $code: $(cat err)"
grep -qF "apshuffle: $b1: pprof/goroutine: ./$b1/pprof/goroutine: not a regular file (a directory) (skipped)" err || fail "directory: $(cat err)"
grep -qF "apshuffle: $b2: pprof/goroutine: ./$b2/pprof/goroutine: not a regular file (a FIFO) (skipped)" err || fail "FIFO: $(cat err)"
grep -qF "apshuffle: $b3: pprof/goroutine: ./$b3/pprof/goroutine: not a regular file (a character device) (skipped)" err || fail "/dev/zero: $(cat err)"
grep -qF "apshuffle: $b4: pprof/goroutine: ./$b4/pprof/goroutine: 2000000 bytes, larger than the limit of 1048576 bytes (skipped)" err || fail "size limit: $(cat err)"
[ "$(echo "$out" | wc -l)" = 14 ] || fail "expected 14 ranked bundles, got $(echo "$out" | wc -l)"

# A meta nested too deep.
head -c 100000 /dev/zero | tr '\0' '[' >"$b4/meta"
"$A" -hosts >/dev/null 2>err
grep -qF "apshuffle: $b4: meta: JSON nested deeper than 64 levels (skipped)" err || fail "deep meta: $(cat err)"

# A newline in a directory name: quoted in text output, escaped in JSON.
odd=$'odd\ndir'
mkdir "$work/odd" && cp -r "$(ls -d pprof/corpus%2Fbundler/app-a.corpus.test/*/* | head -n 1)" "$work/odd/$odd"
out=$("$A" -C "$work/odd" -profile-sort=goroutine)
[ "$out" = '"odd\ndir" '"$(echo "$out" | cut -d' ' -f2)" ] || fail "newline path: $out"
json=$("$A" -C "$work/odd" -profile-sort=goroutine -json)
echo "$json" | grep -qF '{"path":"odd\ndir",' || fail "newline path in JSON: $json"

# -write-links: a bundle whose _link is a symlink out of the pile is left
# alone and reported; nothing is written outside.
mkdir "$work/outside"
lp=pprof/corpus%2Fbundler/app-c.corpus.test/1-6b038c05-8bb172787b978f15c1af6ca3-7666
second=$lp/2026-11-23T00:42:46.792Z
ln -s "$work/outside" "$second/_link"
"$A" -write-links 2>err
code=$?
[ $code = 1 ] || fail "-write-links exit status $code"
grep -qF "apshuffle: $second: _link is not a directory of the bundle's own (a symlink): no links written (skipped)" err || fail "_link symlink: $(cat err)"
[ -z "$(ls -A "$work/outside")" ] || fail "wrote outside the pile: $(ls -A "$work/outside")"
[ -L "$lp/2026-11-23T00:42:45.901Z/_link/next" ] || fail "other bundles lost their links"

# An unreadable directory (as root, permissions do not stop reading).
if [ "$(id -u)" != 0 ]; then
  mkdir locked && chmod 000 locked
  "$A" -hosts >/dev/null 2>err
  chmod 700 locked
  grep -qF "apshuffle: locked: cannot read the directory: Permission denied (skipped)" err || fail "unreadable dir: $(cat err)"
else
  echo "unreadable directory: skipped as root"
fi
echo "hostile ok"
