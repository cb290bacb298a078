#!/usr/bin/env python3
"""Benchmark: the same S3/STS/SSM request mix, with the same boto3 client code, against localcloud and
moto_server in one run. Prints both throughputs and their ratio.

    python3 bench/localcloud_vs_moto.py [--seconds 4] [--clients 1,8] [--localcloud build/bin/localcloud]

localcloud authenticates every request (SigV4), authorizes it (IAM policy evaluation) and commits it
durably (SQLite WAL, synchronous=FULL, fsync'ed object files); moto does none of that.
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import boto3
import botocore.config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "localcloud", "server"))
from lc_fixture import LocalCloud  # noqa: E402

REGION = "ap-southeast-2"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_clients(endpoint, key, secret):
    cfg = botocore.config.Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
    session = boto3.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name=REGION)
    return tuple(session.client(s, endpoint_url=endpoint, config=cfg) for s in ("s3", "sts", "ssm"))


def run_mix(clients, seconds, bucket):
    """Runs the mix on every client set concurrently for `seconds`; returns (requests, errors, elapsed)."""
    counts = [0] * len(clients)
    errors = []
    deadline = time.time() + seconds

    def work(i):
        s3, sts, ssm = clients[i]
        n = 0
        while time.time() < deadline:
            n += 1
            key = f"c{i}/k{n % 50}"
            try:
                s3.put_object(Bucket=bucket, Key=key, Body=b"x" * 1024)
                s3.get_object(Bucket=bucket, Key=key)["Body"].read()
                sts.get_caller_identity()
                ssm.put_parameter(Name=f"/bench/{key}", Value=str(n), Type="String", Overwrite=True)
                ssm.get_parameter(Name=f"/bench/{key}")
                counts[i] += 5
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))
                return

    start = time.time()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts), errors, time.time() - start


def bench(name, endpoint, key, secret, client_counts, seconds):
    setup = make_clients(endpoint, key, secret)
    setup[0].create_bucket(Bucket="bench-bucket", CreateBucketConfiguration={"LocationConstraint": REGION})
    run_mix([setup], 1.0, "bench-bucket")  # warm-up: first-request costs on both sides are not measured
    results = {}
    for c in client_counts:
        clients = [make_clients(endpoint, key, secret) for _ in range(c)]
        total, errors, elapsed = run_mix(clients, seconds, "bench-bucket")
        results[c] = total / elapsed
        print(f"  {name:10s} {c:2d} clients: {total:6d} requests in {elapsed:4.1f} s = {total / elapsed:7.1f} req/s"
              f"{'' if not errors else f', {len(errors)} errors: {errors[0]}'}")
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--clients", default="1,8")
    ap.add_argument("--localcloud", default=None)
    args = ap.parse_args()
    if args.localcloud:
        os.environ["LOCALCLOUD_BIN"] = args.localcloud
    counts = [int(c) for c in args.clients.split(",")]
    print(f"mix per iteration: S3 PutObject(1 KiB) + GetObject, STS GetCallerIdentity, SSM PutParameter + "
          f"GetParameter; {args.seconds:.0f} s per run")

    lc = LocalCloud().start()
    try:
        c = lc.credentials["dev"]
        local = bench("localcloud", lc.endpoint, c["aws_access_key_id"], c["aws_secret_access_key"], counts,
                      args.seconds)
    finally:
        lc.cleanup()

    port = free_port()
    tmp = tempfile.mkdtemp(prefix="moto-bench-")
    moto = subprocess.Popen([shutil.which("moto_server") or "moto_server", "-p", str(port)],
                            stdout=open(os.path.join(tmp, "moto.log"), "wb"), stderr=subprocess.STDOUT)
    try:
        endpoint = f"http://localhost:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        mo = bench("moto", endpoint, "testing", "testing", counts, args.seconds)
    finally:
        moto.send_signal(signal.SIGTERM)
        moto.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)

    print("results (requests per second, same boto3 client, same mix):")
    for c in counts:
        print(f"  {c:2d} clients: localcloud {local[c]:7.1f}  moto {mo[c]:7.1f}  ratio localcloud/moto "
              f"{local[c] / mo[c]:.2f}")


if __name__ == "__main__":
    main()
