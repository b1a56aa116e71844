#!/usr/bin/env bash
# The install rules: installs BUILD_DIR into a temporary DESTDIR and checks
# that every tool has its program (which runs -version), its manual page
# (which groff formats without a warning and which lists every flag that the
# tool's -h lists) and its bash completion (which bash can load, offering the
# same flags).
#   check_install.sh BUILD_DIR
set -u
build=$(realpath "$1")
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
DESTDIR=$dest cmake --install "$build" --prefix /usr/local >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
root=$dest/usr/local
failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
tools=$(cd "$root/bin" && ls)
[ -n "$tools" ] || fail "no programs installed in bin/"
for t in $tools; do
  "$root/bin/$t" -version | grep -q "^$t (gotrace) [0-9]" || fail "$t -version"
  man=$root/share/man/man1/$t.1
  [ -f "$man" ] || { fail "$t: no manual page"; continue; }
  warnings=$(groff -man -Tutf8 -ww "$man" 2>&1 >/dev/null)
  [ -z "$warnings" ] || fail "$t.1: groff warns: $warnings"
  page=$(MANWIDTH=200 man -l "$man" 2>/dev/null | col -b)
  flags=$("$root/bin/$t" -h | sed -n '/^Options:/,/^[A-Z]/p' | grep -o '^  -[a-z][a-z-]*' | tr -d ' ' | grep -vx -- '-h')
  for f in $flags -version; do
    grep -q -- "^ *$f\b" <<<"$page" || fail "$t.1 does not list $f"
  done
  completion=$root/share/bash-completion/completions/$t
  [ -f "$completion" ] || { fail "$t: no bash completion"; continue; }
  offered=$(bash -c "source '$completion'; COMP_WORDS=($t -); COMP_CWORD=1; _gotrace_$t; printf '%s\n' \"\${COMPREPLY[@]}\"" 2>&1)
  for f in $flags; do
    grep -q -- "^$f=\?$" <<<"$offered" || fail "$t completion does not offer $f"
  done
done
echo "checked $(wc -w <<<"$tools") tools"
[ "$failed" -eq 0 ]
