#!/usr/bin/env python3
"""Benchmark: how fast localcloud's CodeBuild starts and runs a build (issue 17's goal: a no-op build under 100 ms;
CodeBuild itself takes tens of seconds to provision a container).

    python3 bench/codebuild_build.py [--builds 20] [--localcloud build/bin/localcloud] [--sandbox auto|bwrap|none]

Prints, over --builds sequential builds after one warm-up build, the median and 90th percentile of
  * StartBuild to the first buildspec phase (INSTALL's startTime in the build record minus the time the client
    sent StartBuild),
  * a no-op build (a buildspec without commands), StartBuild to buildComplete as the client sees it (polling
    BatchGetBuilds every 2 ms) and as the record says (endTime - startTime),
  * a one-command build (`echo hi`) the same way.
Every build assumes its service role, writes its phases to the store and its log to CloudWatch Logs. --sandbox sets
CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX for the server (bwrap: each command under bubblewrap; none: plain process
groups; default: the server's own default, auto).
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "localcloud", "server"))
from lc_fixture import LocalCloud, policy  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
ENV = {"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL"}


def run_build(cb, project):
    t0 = time.time()
    build = cb.start_build(projectName=project)["build"]
    while True:
        b = cb.batch_get_builds(ids=[build["id"]])["builds"][0]
        if b["buildComplete"]:
            wall = time.time() - t0
            break
        time.sleep(0.002)
    phases = {p["phaseType"]: p for p in b["phases"]}
    first = phases["INSTALL"]["startTime"].timestamp() - t0 if "INSTALL" in phases else float("nan")
    recorded = b["endTime"].timestamp() - b["startTime"].timestamp()
    assert b["buildStatus"] == "SUCCEEDED", b
    return first * 1000, wall * 1000, recorded * 1000


def summary(values):
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return f"median {statistics.median(values):6.1f} ms   p90 {p90:6.1f} ms"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--builds", type=int, default=20)
    ap.add_argument("--localcloud")
    ap.add_argument("--sandbox", choices=["auto", "bwrap", "none"])
    args = ap.parse_args()
    if args.sandbox:
        os.environ["CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX"] = args.sandbox
    if args.localcloud:
        os.environ["LOCALCLOUD_BIN"] = args.localcloud
    import lc_fixture
    lc_fixture.BIN = os.environ.get("LOCALCLOUD_BIN", lc_fixture.BIN)
    lc = LocalCloud().start()
    try:
        iam = lc.client("iam", "dev")
        role = iam.create_role(RoleName="bench", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="bench", PolicyName="logs", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}))
        cb = lc.client("codebuild", "dev")
        specs = {"noop": "version: 0.2\n",
                 "echo": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n"}
        for name, spec in specs.items():
            cb.create_project(name=name, source={"type": "NO_SOURCE", "buildspec": spec},
                              artifacts={"type": "NO_ARTIFACTS"}, environment=ENV, serviceRole=role)
            run_build(cb, name)  # warm-up
        with open(os.path.join(lc.tmp, "server.log")) as f:
            how = [ln.strip() for ln in f if "builds run" in ln]
        print(f"localcloud CodeBuild, {args.builds} sequential builds each (after one warm-up); {how[0] if how else ''}")
        for name in specs:
            results = [run_build(cb, name) for _ in range(args.builds)]
            label = "no-op build" if name == "noop" else "echo build "
            print(f"  {label}: StartBuild -> first phase {summary([r[0] for r in results])}")
            print(f"  {label}: StartBuild -> complete   {summary([r[1] for r in results])} (client, polling)")
            print(f"  {label}: record endTime-startTime {summary([r[2] for r in results])}")
    finally:
        lc.cleanup()


if __name__ == "__main__":
    main()
