#!/usr/bin/env bash
# Checks that an SVG opens fitted to the browser window: rendered in headless
# Chromium at 1200x900 (svg_render_check.sh), the drawing spans at least 90%
# of the window's width or of its height, and is centred on the other axis
# (its margins there differ by at most 3% of the window). Exits 77 without
# Chromium.
#   svg_fit_check.sh PNG_STATS SVG
set -u
stats=$1
here=$(dirname "$0")
shot=$(mktemp --suffix=.png)
trap 'rm -f "$shot"' EXIT
"$here/svg_render_check.sh" "$stats" "$2" 0.01 "$shot" || exit $?
read -r w h _ _ < <("$stats" "$shot")
read -r x0 y0 x1 y1 < <("$stats" "$shot" --bbox)
awk -v w="$w" -v h="$h" -v x0="$x0" -v y0="$y0" -v x1="$x1" -v y1="$y1" 'BEGIN {
  fillsW = (x1 - x0) >= 0.9 * w; fillsH = (y1 - y0) >= 0.9 * h
  dx = x0 - (w - x1); if (dx < 0) dx = -dx
  dy = y0 - (h - y1); if (dy < 0) dy = -dy
  centredW = dx <= 0.03 * w; centredH = dy <= 0.03 * h
  ok = (fillsW && centredH) || (fillsH && centredW)
  printf "%s: drawing at %d,%d-%d,%d of %dx%d\n", ok ? "ok" : "FAIL: not fitted to the window", x0, y0, x1, y1, w, h
  exit !ok
}'
