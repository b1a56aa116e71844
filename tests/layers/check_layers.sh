#!/bin/sh
# Builds the two layer probes: the allowed include must compile, the upward
# one must fail because the render header is not found.
#   check_layers.sh CMAKE BUILD_DIR
set -u
cmake=$1 build=$2
if ! out=$("$cmake" --build "$build" --target layer_probe_allowed 2>&1); then
  echo "the allowed include (analysis -> trace) did not compile:"; echo "$out"; exit 1
fi
if out=$("$cmake" --build "$build" --target layer_probe_upward 2>&1); then
  echo "an analysis file included a render header and compiled: the layers are not enforced"; exit 1
fi
if ! echo "$out" | grep -q "gotrace/render/event_text.h: No such file"; then
  echo "the upward include failed, but not because the header was unreachable:"; echo "$out"; exit 1
fi
echo "analysis -> trace compiles; analysis -> render is rejected (header not reachable)"
