#!/usr/bin/env bash
# Interop drift check: re-synthesizes every TypeScript twin with the stock CDK into a temporary directory
# and fails when the committed expected/ files differ (fix: run regenerate.sh and review the diff).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/cdkpp-drift.XXXXXX")
trap 'rm -rf "$out"' EXIT
"$here/regenerate.sh" --into "$out" >/dev/null
status=0
for d in "$out"/*/; do
  c=$(basename "$d")
  if ! diff -r "$here/$c/expected" "$d" >"$out/$c.diff"; then
    echo "check_drift: $c/expected differs from what the stock cdk synth writes now:" >&2
    head -40 "$out/$c.diff" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "check_drift: expected/ of $(ls -d "$out"/*/ | wc -l) cases match the stock cdk synth"
exit $status
