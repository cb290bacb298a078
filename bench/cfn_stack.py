#!/usr/bin/env python3
"""Benchmark: create, update and delete a CloudFormation stack of N resources with the same boto3 code
against localcloud and moto_server. Prints each phase's time and the localcloud/moto ratio.

    python3 bench/cfn_stack.py [--sizes 10,100,1000] [--type AWS::CloudFormation::WaitConditionHandle]
                               [--localcloud build/bin/localcloud]

The update changes every resource (in place for AWS::SSM::Parameter: new Value; for the handle type the
template gains one resource per ten, so the update adds and the engine diffs N). localcloud runs the stack
asynchronously (as AWS does) and commits every step durably (SQLite WAL, synchronous=FULL) with events;
moto applies the whole stack inside the API call.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
import botocore.config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "localcloud", "server"))
from lc_fixture import LocalCloud, free_port  # noqa: E402

REGION = "ap-southeast-2"


def template(n, rtype, version):
    resources = {}
    count = n if version == 1 or rtype != "AWS::CloudFormation::WaitConditionHandle" else n + max(1, n // 10)
    for i in range(count):
        if rtype == "AWS::SSM::Parameter":
            resources[f"R{i}"] = {"Type": rtype, "Properties": {"Name": f"/bench/p{i}", "Type": "String",
                                                                "Value": f"v{version}"}}
        else:
            resources[f"R{i}"] = {"Type": rtype}
    return json.dumps({"Resources": resources})


def wait(cfn, name, stack_id):
    while True:
        try:
            s = cfn.describe_stacks(StackName=stack_id)["Stacks"][0]
        except cfn.exceptions.ClientError:
            return "DELETE_COMPLETE"
        status = s["StackStatus"]
        if not status.endswith("_IN_PROGRESS"):
            return status
        time.sleep(0.02)


def run(cfn, n, rtype):
    name = f"bench-{n}"
    out = {}
    t0 = time.time()
    stack_id = cfn.create_stack(StackName=name, TemplateBody=template(n, rtype, 1))["StackId"]
    out["create_status"] = wait(cfn, name, stack_id)
    out["create"] = time.time() - t0
    t0 = time.time()
    cfn.update_stack(StackName=name, TemplateBody=template(n, rtype, 2))
    out["update_status"] = wait(cfn, name, stack_id)
    out["update"] = time.time() - t0
    t0 = time.time()
    cfn.delete_stack(StackName=name)
    out["delete_status"] = wait(cfn, name, stack_id)
    out["delete"] = time.time() - t0
    return out


def client(endpoint, key, secret):
    cfg = botocore.config.Config(retries={"max_attempts": 1}, read_timeout=600)
    return boto3.Session(aws_access_key_id=key, aws_secret_access_key=secret,
                         region_name=REGION).client("cloudformation", endpoint_url=endpoint, config=cfg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--type", default="AWS::CloudFormation::WaitConditionHandle")
    ap.add_argument("--localcloud", default=None)
    args = ap.parse_args()
    if args.localcloud:
        os.environ["LOCALCLOUD_BIN"] = args.localcloud
        import lc_fixture
        lc_fixture.BIN = args.localcloud
    sizes = [int(s) for s in args.sizes.split(",")]
    lc = LocalCloud().start()
    tmp = tempfile.mkdtemp(prefix="bench-moto-")
    port = free_port()
    moto = subprocess.Popen([shutil.which("moto_server") or "moto_server", "-p", str(port)],
                            stdout=open(os.path.join(tmp, "moto.log"), "wb"), stderr=subprocess.STDOUT)
    try:
        moto_endpoint = f"http://localhost:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(moto_endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        c = lc.credentials["dev"]
        targets = {"localcloud": client(lc.endpoint, c["aws_access_key_id"], c["aws_secret_access_key"]),
                   "moto": client(moto_endpoint, "testing", "testing")}
        print(f"resource type {args.type}")
        print(f"{'N':>5} {'phase':<7} {'localcloud s':>13} {'moto s':>10} {'ratio':>7}")
        for n in sizes:
            results = {k: run(cfn, n, args.type) for k, cfn in targets.items()}
            for phase in ("create", "update", "delete"):
                a, b = results["localcloud"][phase], results["moto"][phase]
                flags = "" if results["localcloud"][phase + "_status"].endswith("COMPLETE") else \
                    "  (localcloud: " + results["localcloud"][phase + "_status"] + ")"
                print(f"{n:>5} {phase:<7} {a:>13.3f} {b:>10.3f} {a / b if b else float('inf'):>7.2f}{flags}")
    finally:
        moto.terminate()
        moto.wait(timeout=20)
        lc.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
