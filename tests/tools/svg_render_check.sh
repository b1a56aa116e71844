#!/usr/bin/env bash
# Checks that an SVG is well formed (xmllint) and renders in headless
# Chromium: the screenshot is not blank and the page logged nothing on its
# console (no script errors). Exits 77 (a skip for ctest) without Chromium.
#   svg_render_check.sh PNG_STATS SVG [MIN_NONWHITE_FRACTION] [SCREENSHOT.png]
set -u
stats=$1
svg=$(realpath "$2")
min=${3:-0.01}
shot=${4:-$(mktemp --suffix=.png)}
if ! command -v xmllint >/dev/null; then
  echo "SKIP: xmllint not installed (apt-get install libxml2-utils)"
  exit 77
fi
xmllint --noout "$svg" || { echo "FAIL: $svg is not well-formed XML"; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: Chromium not installed (apt-get install chromium); the SVG is well formed"
  exit 77
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
log=$profile/console.log
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
  --enable-logging=stderr --v=0 --window-size=1200,900 --screenshot="$shot" "file://$svg" 2>"$log" >/dev/null
if [ ! -s "$shot" ]; then
  echo "FAIL: no screenshot"; tail -5 "$log"; exit 1
fi
if grep -q ':CONSOLE' "$log"; then
  echo "FAIL: the page logged:"; grep ':CONSOLE' "$log"; exit 1
fi
read -r width height pixels nonwhite < <("$stats" "$shot")
if awk -v n="$nonwhite" -v m="$min" 'BEGIN { exit !(n < m) }'; then
  echo "FAIL: the screenshot is blank (non-white fraction $nonwhite < $min)"; exit 1
fi
echo "ok: $svg renders ${width}x${height}, non-white fraction $nonwhite"
