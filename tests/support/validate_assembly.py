#!/usr/bin/env python3
"""Validates a cloud assembly the way the stock CDK toolchain would accept it.

Usage: validate_assembly.py DIR [DIR...]

- every manifest.json (the root and each nested assembly, followed through `cdk:cloud-assembly` artifacts)
  against cloud-assembly.schema.json of npm @aws-cdk/cloud-assembly-schema;
- every asset manifest the manifests name (and any other *.assets.json) against assets.schema.json;
- the files the manifests name (templates, asset manifests, nested directories, metadata files) exist;
- cfn-lint on every template: a cfn-lint error (exit code bit 2) fails; warnings and informational
  findings are printed but pass (the stock CDK's own templates get some).
Exit code 0 when everything is valid, 1 otherwise (each problem printed with its file), 2 on usage errors.
"""
import json
import pathlib
import subprocess
import sys

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "third_party" / "npm" / "node_modules" / "@aws-cdk" / "cloud-assembly-schema" / "schema"
CFN_LINT_ERROR_BIT = 2


def load_validator(name):
    schema = json.loads((SCHEMA_DIR / name).read_text())
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def schema_problems(validator, document, path):
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        problems.append(f"{path}: {where}: {error.message[:300]}")
    return problems


def read_json(path, problems):
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        problems.append(f"{path}: missing")
    except json.JSONDecodeError as e:
        problems.append(f"{path}: not valid JSON: {e}")
    return None


def walk_assembly(directory, manifest_validator, asset_validator, problems, templates, seen_asset_files):
    manifest_path = directory / "manifest.json"
    manifest = read_json(manifest_path, problems)
    if manifest is None:
        return
    problems.extend(schema_problems(manifest_validator, manifest, manifest_path))
    marker = directory / "cdk.out"
    if marker.exists():
        data = read_json(marker, problems)
        if data is not None and data.get("version") != manifest.get("version"):
            problems.append(f"{marker}: version {data.get('version')} differs from the manifest's {manifest.get('version')}")
    for artifact_id, artifact in (manifest.get("artifacts") or {}).items():
        props = artifact.get("properties") or {}
        kind = artifact.get("type")
        where = f"{manifest_path}: artifact {artifact_id}"
        if kind == "aws:cloudformation:stack":
            template = directory / props.get("templateFile", "")
            if not template.is_file():
                problems.append(f"{where}: template {template} is missing")
            else:
                templates.append(template)
            for dep in artifact.get("dependencies") or []:
                if dep not in manifest.get("artifacts", {}):
                    problems.append(f"{where}: depends on unknown artifact {dep}")
        elif kind == "cdk:asset-manifest":
            asset_file = directory / props.get("file", "")
            document = read_json(asset_file, problems)
            if document is not None:
                seen_asset_files.add(asset_file.resolve())
                problems.extend(schema_problems(asset_validator, document, asset_file))
        elif kind == "cdk:cloud-assembly":
            nested = directory / props.get("directoryName", "")
            if not nested.is_dir():
                problems.append(f"{where}: nested assembly directory {nested} is missing")
            else:
                walk_assembly(nested, manifest_validator, asset_validator, problems, templates, seen_asset_files)
        elif kind == "cdk:tree":
            tree = directory / props.get("file", "")
            if not tree.is_file():
                problems.append(f"{where}: tree file {tree} is missing")
        metadata_file = artifact.get("additionalMetadataFile")
        if metadata_file and not (directory / metadata_file).is_file():
            problems.append(f"{where}: metadata file {directory / metadata_file} is missing")


def lint(templates):
    """Runs cfn-lint once over all templates; returns the problems (errors only)."""
    if not templates:
        return []
    # E3703 ("prefer Fn::Sub over Fn::Join with an empty delimiter") is skipped by cfn-lint itself for templates
    # it recognizes as CDK output (they have a CDKMetadata resource, which cdkpp does not write). aws-cdk-lib's
    # pipeline templates hold such joins (a CloudFormation action's Configuration.RoleArn) and pass only for that
    # reason; cdkpp writes the same template, so the rule is not applied here either.
    result = subprocess.run(["cfn-lint", "--format", "parseable", "--ignore-checks", "E3703", "--",
                             *map(str, templates)],
                            capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    if output:
        print(output)
    if result.returncode & CFN_LINT_ERROR_BIT:
        errors = [line for line in output.splitlines() if ":E" in line or line.startswith("E")]
        return [f"cfn-lint error: {line}" for line in errors] or [f"cfn-lint failed (exit {result.returncode})"]
    return []


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 2
    manifest_validator = load_validator("cloud-assembly.schema.json")
    asset_validator = load_validator("assets.schema.json")
    problems = []
    templates = []
    for arg in argv[1:]:
        directory = pathlib.Path(arg)
        if not (directory / "manifest.json").is_file():
            problems.append(f"{directory}: not a cloud assembly (no manifest.json)")
            continue
        seen_asset_files = set()
        walk_assembly(directory, manifest_validator, asset_validator, problems, templates, seen_asset_files)
        for asset_file in directory.rglob("*.assets.json"):
            if asset_file.resolve() not in seen_asset_files and "asset." not in str(asset_file.parent.name):
                document = read_json(asset_file, problems)
                if document is not None:
                    problems.extend(schema_problems(asset_validator, document, asset_file))
    problems.extend(lint(templates))
    for problem in problems:
        print(f"invalid: {problem}", file=sys.stderr)
    print(f"validate_assembly: {len(templates)} template(s), {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
