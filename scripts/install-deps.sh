#!/bin/sh
# Installs the Debian packages gotrace needs to build, test and run.
# As root it runs apt-get; otherwise it prints the exact command to run.
#   install-deps.sh          what building and running the tools needs
#   install-deps.sh --test   also what the test suite needs: xmllint and a
#                            headless Chromium that renders the SVGs we write
#   install-deps.sh --fuzz   also clang and its libFuzzer runtime (make fuzz)
#   install-deps.sh --deb    also dpkg-shlibdeps (make deb)
set -eu

packages="cmake make g++ pkg-config libcli11-dev libfmt-dev nlohmann-json3-dev libgtest-dev \
libre2-dev zlib1g-dev libprotobuf-dev protobuf-compiler libzip-dev libssl-dev graphviz"
case "${1:-}" in
  --test) packages="$packages libpng-dev libxml2-utils chromium groff-base man-db bsdextrautils" ;;
  --deb) packages="$packages dpkg-dev" ;;
  --fuzz) packages="$packages clang-14 libclang-rt-14-dev" ;;
esac

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
  echo "install-deps: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing >/dev/null
else
  echo "install-deps: missing packages:$missing" >&2
  echo "install-deps: run as root:  apt-get update && $cmd" >&2
  exit 1
fi
