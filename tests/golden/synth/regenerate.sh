#!/usr/bin/env bash
# Regenerates tests/golden/synth/<case>/expected/ from the TypeScript twins (<case>/ts/app.ts) with the
# stock AWS CDK pinned in third_party/npm: the twins are compiled with the pinned TypeScript (one program for
# all cases, which type-checks aws-cdk-lib once), the compiled JavaScript is run by the stock `cdk synth`
# (CDK_VALIDATION=false), and the assembly is copied without the staged asset copies (asset.*).
# The only change made to the stock output: stack traces (`aws:cdk:creationStack` entries and the `trace` of
# annotations, which hold local paths) are removed from *.metadata.json, so the files are reproducible.
#
# Usage: regenerate.sh [--into DIR] [CASE...]
#   --into DIR  write DIR/<case>/ instead of replacing <case>/expected/ (the interop drift check uses this)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
npm="$root/third_party/npm/node_modules"
into=""
cases=()
while (($#)); do
  case "$1" in
    --into) into=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) cases+=("$1"); shift ;;
  esac
done
if ((${#cases[@]} == 0)); then
  for d in "$here"/*/ts; do cases+=("$(basename "$(dirname "$d")")"); done
fi
[ -x "$npm/.bin/cdk" ] || { echo "regenerate.sh: the stock CDK is not installed; run scripts/setup" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cdkpp-golden.XXXXXX")
trap 'rm -rf "$work"' EXIT
ln -s "$npm" "$work/node_modules"
files=""
for c in "${cases[@]}"; do
  [ -f "$here/$c/ts/app.ts" ] || { echo "regenerate.sh: no TypeScript twin $c/ts/app.ts" >&2; exit 1; }
  mkdir -p "$work/$c"
  cp "$here/$c/ts/app.ts" "$here/$c/ts/cdk.json" "$work/$c/"
  if [ -d "$here/$c/data" ]; then cp -r "$here/$c/data" "$work/$c/data"; fi
  files+="${files:+, }\"$c/app.ts\""
done
# The per-case tsconfig.json files hold the same options, for compiling one case by hand.
cat > "$work/tsconfig.json" <<JSON
{
  "compilerOptions": {"target": "ES2022", "module": "commonjs", "lib": ["ES2022"], "strict": true,
                      "skipLibCheck": true, "types": []},
  "files": [$files]
}
JSON
node "$npm/typescript/bin/tsc" -p "$work/tsconfig.json"

for c in "${cases[@]}"; do
  if ! (cd "$work/$c" && CDK_VALIDATION=false node "$npm/aws-cdk/bin/cdk" synth --quiet -o cdk.out \
          >"$work/$c.log" 2>&1); then
    echo "regenerate.sh: cdk synth failed for $c:" >&2
    cat "$work/$c.log" >&2
    exit 1
  fi
  dest="$here/$c/expected"
  [ -z "$into" ] || dest="$into/$c"
  rm -rf "$dest"
  mkdir -p "$dest"
  (cd "$work/$c/cdk.out" && find . -type f ! -name 'asset.*' ! -path '*/asset.*/*' | sort) |
    while read -r f; do
      mkdir -p "$dest/$(dirname "$f")"
      cp "$work/$c/cdk.out/$f" "$dest/$f"
    done
  python3 - "$dest" <<'PY'
import json, pathlib, sys
for path in pathlib.Path(sys.argv[1]).rglob("*.metadata.json"):
    data = json.loads(path.read_text())
    for key in list(data):
        data[key] = [{k: v for k, v in e.items() if k != "trace"}
                     for e in data[key] if e.get("type") != "aws:cdk:creationStack"]
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
PY
  if grep -rlE "$work|$root" "$dest" >/dev/null; then
    echo "regenerate.sh: $c: output still names a local path: $(grep -rlE "$work|$root" "$dest")" >&2
    exit 1
  fi
  echo "regenerate.sh: $c -> ${dest#"$root"/}"
done
