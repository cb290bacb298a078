#!/usr/bin/env bash
# The stock `cdk` CLI runs a compiled C++ app through cdk.json: `cdk ls` and `cdk synth` work on it unchanged,
# cdkpp prints the same list, and the assembly validates (schemas + cfn-lint).
# Usage: stock_cli_on_cpp_app.sh APP_BINARY EXPECTED_LS_FILE
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
app=$1
expected_ls=$2
cdk() { CDK_VALIDATION=false node "$root/third_party/npm/node_modules/aws-cdk/bin/cdk" "$@"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/cdkpp-stock-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf '{"app": "%s"}\n' "$app" > "$work/cdk.json"
cd "$work"

cdk ls > ls.out 2> ls.err || { cat ls.err >&2; exit 1; }
diff -u "$expected_ls" ls.out || { echo "stock cdk ls printed something else" >&2; exit 1; }

first=$(head -1 ls.out | cut -d' ' -f1)
cdk synth "$first" > synth.out 2> synth.err || { cat synth.err >&2; exit 1; }
grep -q '^Resources:' synth.out || { echo "stock cdk synth printed no template:" >&2; cat synth.out >&2; exit 1; }
python3 "$root/tests/support/validate_assembly.py" cdk.out

"$root/build/bin/cdkpp" ls > cdkpp_ls.out
diff -u ls.out cdkpp_ls.out || { echo "cdkpp ls differs from the stock cdk ls" >&2; exit 1; }
"$root/build/bin/cdkpp" synth "$first" > cdkpp_synth.out
grep -q '^Resources:' cdkpp_synth.out
echo "stock_cli_on_cpp_app: ok ($(wc -l < ls.out) stacks)"
