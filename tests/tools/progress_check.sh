#!/usr/bin/env bash
# The progress line of a long read (cli/progress_line.h), with the tools'
# one-second delay set to 0 (GOTRACE_PROGRESS_DELAY_MS) so that short reads
# show it too: on a terminal (a pty made by script(1)) a tool reading a trace
# draws "tool: read X of Y MB (P%), R MB/s, Ts" and clears it at the end;
# with stderr a pipe or a file, or with -quiet, not one byte of it.
#   progress_check.sh TOOLS_DIR TRACES_DIR
set -u
tools=$1
traces=$2
export GOTRACE_PROGRESS_DELAY_MS=0
fail=0
if ! script -qec true /dev/null >/dev/null 2>&1; then
  echo "SKIP: script(1) cannot make a terminal here"
  exit 77
fi
# Progress bytes: a carriage return, an escape, or the line's text (a
# tool's own warnings may be there too).
hasProgress() { LC_ALL=C grep -q -e $'\r' -e $'\033' -e ': read [0-9.]* ' "$1"; }
check() {  # TOOL ARGS (stdout to /dev/null; the trace read is long enough for a few polls)
  local name=$1 cmd="$tools/$1 $2" quiet="$tools/$1 -quiet $2" out
  out=$(mktemp)
  # Stderr a file, then a pipe: none.
  sh -c "$cmd 2>$out >/dev/null"
  if hasProgress "$out"; then echo "FAIL: $name: stderr to a file got: $(od -c "$out" | head -3)"; fail=1; fi
  sh -c "$cmd 2>&1 >/dev/null" | cat > "$out"
  if hasProgress "$out"; then echo "FAIL: $name: piped stderr got: $(od -c "$out" | head -3)"; fail=1; fi
  rm -f "$out"
  # A terminal: the line, then cleared.
  local tty
  tty=$(script -qec "$cmd >/dev/null" /dev/null | cat -v)
  case $tty in
    *"^M${name}: read "*" MB ("*"%), "*" MB/s, "*"s^[[K"*"^M^[[K"*) echo "ok: $name: $(printf '%s' "$tty" | head -c 120)" ;;
    *) echo "FAIL: $name: on a terminal: '$tty'"; fail=1 ;;
  esac
  # -quiet on a terminal: no line (the terminal turns the warnings' \n
  # into \r\n: look for the text).
  tty=$(script -qec "$quiet >/dev/null" /dev/null | cat -v)
  case $tty in
    *": read "*|*"^[["*) echo "FAIL: $name -quiet: '$tty'"; fail=1 ;;
  esac
}
check etgrep "-summary $traces/httpserver_go1.26.trace"
check regiongraph "$traces/httpserver_go1.19.trace"
check etgoroutines "$traces/httpserver_go1.22.trace"
check scope "$traces/httpserver_go1.24.trace"
exit $fail
