#!/usr/bin/env bash
# The corpus pile's rankings (testdata/bundles/expected, computed by an
# independent re-implementation, see ../shared/corpus/bundles/MANIFEST.md)
# must come out exactly, from the extracted directories and from the zips.
#   apshuffle_rankings.sh APSHUFFLE SOURCE_DIR
set -u
A=$(realpath "$1")
cd "$2/testdata/bundles" || exit 1
failed=0
check() {
  local expected=$1; shift
  for root in extracted store; do
    if ! diff -u "expected/$expected" <("$A" -C "$root" "$@" 2>&1); then
      echo "FAIL ($root): apshuffle $*"
      failed=$((failed + 1))
    fi
  done
}
check goroutine_focus_ServeHTTP.txt -profile-sort=goroutine -focus=ServeHTTP
check goroutine_focus_ServeHTTP_MutexLock.txt -profile-sort=goroutine -focus=ServeHTTP -focus='sync...Mutex..Lock'
check heap_inuse_space.txt -profile-sort=heap -sample-type=inuse_space
check heap_inuse_space_vs_prev.txt -profile-sort=heap -sample-type=inuse_space -vs-prev
check mutex_focus_ServeHTTP.txt -profile-sort=mutex -focus=ServeHTTP
check profile_with_trace.txt -profile-sort=profile -with-trace
# One thread or many: the same output.
check goroutine_focus_ServeHTTP.txt -profile-sort=goroutine -focus=ServeHTTP -threads=1
echo "$failed failed"
[[ $failed == 0 ]]
