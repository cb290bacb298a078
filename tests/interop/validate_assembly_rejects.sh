#!/usr/bin/env bash
# validate_assembly.py must fail on a manifest that breaks the schema and on a template with a cfn-lint error.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
validate="$root/tests/support/validate_assembly.py"
work=$(mktemp -d "${TMPDIR:-/tmp}/cdkpp-validate.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$root/tests/golden/synth/basic_resources/expected" "$work/schema"
python3 - "$work/schema/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["artifacts"]["BasicStack"]["type"] = "aws:bogus"
json.dump(m, open(sys.argv[1], "w"))
PY
if python3 "$validate" "$work/schema" 2>"$work/schema.err"; then
  echo "validate_assembly accepted an unknown artifact type" >&2; exit 1
fi
grep -q "is not one of" "$work/schema.err" || { cat "$work/schema.err" >&2; exit 1; }

cp -r "$root/tests/golden/synth/basic_resources/expected" "$work/lint"
python3 - "$work/lint/BasicStack.template.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["Resources"]["Queue"]["Properties"]["VisibilityTimeout"] = "not-a-number"
t["Resources"]["Topic"]["DependsOn"] = ["Nowhere"]
json.dump(t, open(sys.argv[1], "w"))
PY
if python3 "$validate" "$work/lint" >"$work/lint.out" 2>&1; then
  echo "validate_assembly accepted a template with cfn-lint errors" >&2; exit 1
fi
grep -q "cfn-lint error" "$work/lint.out" || { cat "$work/lint.out" >&2; exit 1; }
echo "validate_assembly_rejects: ok"
