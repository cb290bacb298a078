#!/usr/bin/env python3
"""Generates every service namespace and checks no resource type was dropped: the number of generated
classes equals the number of types in the schema source, and every class names a distinct type."""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

gen = Path(sys.argv[1])
coverage = subprocess.run([sys.executable, gen, "--coverage"], check=True, capture_output=True, text=True).stdout
total = int(re.search(r"^total\t(\d+)", coverage, re.M).group(1))
with tempfile.TemporaryDirectory() as out:
    subprocess.run([sys.executable, gen, "--all", "--out", out], check=True)
    types = []
    for hpp in Path(out).glob("lib/*/generated/cfn_*.hpp"):
        types += re.findall(r'kCfnResourceTypeName = "([^"]+)"', hpp.read_text())
if len(types) != total or len(set(types)) != total:
    print(f"FAIL: {total} types in the schemas, {len(types)} generated ({len(set(types))} distinct)")
    sys.exit(1)
print(f"ok: {total} resource types generated")
