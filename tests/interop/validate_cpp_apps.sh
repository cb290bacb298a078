#!/usr/bin/env bash
# Every assembly our C++ apps produce must validate: synthesizes each app given (with build/bin/cdkpp, so the
# app gets the same context as from the CLI) and runs tests/support/validate_assembly.py on all of them.
# Usage: validate_cpp_apps.sh CDKPP APP_BINARY[:WORKING_DIR]...  (the app runs in WORKING_DIR when given)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cdkpp=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/cdkpp-validate-apps.XXXXXX")
trap 'rm -rf "$work"' EXIT
dirs=()
for spec in "$@"; do
  app=${spec%%:*}
  cwd=$work
  [ "$app" = "$spec" ] || cwd=${spec#*:}
  out="$work/$(basename "$app")"
  (cd "$cwd" && "$cdkpp" synth --quiet --app "$app" -o "$out")
  dirs+=("$out")
done
python3 "$root/tests/support/validate_assembly.py" "${dirs[@]}"
