#!/usr/bin/env bash
# Synthesizes every golden case's C++ app and validates the assemblies like the stock toolchain would:
# JSON schemas of @aws-cdk/cloud-assembly-schema and cfn-lint (tests/support/validate_assembly.py).
# Usage: validate_cpp_output.sh <dir with the golden_<case> binaries>
set -euo pipefail
bin_dir="$1"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dirs=()
for case in basic_resources parameters_conditions cross_stack nested_stages assets l2_iam l2_lambda l2_kms l2_s3 l2_messaging l2_secrets l2_fidelity l2_flags l2_flags_recommended pipeline_scenario pipeline_features pipeline_connection pipeline_assets pipeline_stack_steps pipeline_codecommit pipeline_s3 l2_pipeline_actions pipeline_broadening; do
  (cd "$here/$case" && CDK_OUTDIR="$out/$case" "$bin_dir/golden_$case")
  dirs+=("$out/$case")
done
python3 "$root/tests/support/validate_assembly.py" "${dirs[@]}"
