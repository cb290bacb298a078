#!/usr/bin/env python3
"""Benchmark: the same request mix from the C++ load generator (bench_load: N client threads over src/aws, the
client cdkpp uses) against localcloud and moto_server, at 1, 8 and 64 clients. Prints throughput, p50/p99
latency and errors of each, their ratio, each server's CPU time per request (user + system time of its process
over the run, from /proc, divided by the requests answered: what the server costs, whatever else the machine
runs), the load average, and localcloud's memory (RSS: at rest and the peak under load).

    python3 bench/load/localcloud_vs_moto_load.py --localcloud build/bin/localcloud --load build/bench/bench_load
        [--seconds 5] [--clients 1,8,64] [--mix sts,s3,ssm,sqs,sns] [--json out.json]

The mix per client iteration: STS GetCallerIdentity; S3 PutObject (1 KiB) + GetObject; SSM PutParameter +
GetParameter; SQS SendMessage + ReceiveMessage + DeleteMessage; SNS Publish to a topic with an SQS subscription.
A group a server does not serve (its first request fails) is left out of both runs, with a note: the two
servers always run the same mix.
"""
import argparse
import json
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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "localcloud",
                                "server"))
import lc_fixture  # noqa: E402
from lc_fixture import LocalCloud  # noqa: E402

REGION = "ap-southeast-2"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """User + system CPU time of process `pid` so far (its threads included)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.1)


def setup(endpoint, key, secret, mix, notes, name):
    """Creates the bucket, queue and topic (subscribed to the queue); returns bench_load's resource arguments."""
    cfg = botocore.config.Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
    session = boto3.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name=REGION)
    c = lambda s: session.client(s, endpoint_url=endpoint, config=cfg)  # noqa: E731
    args = ["--bucket", "bench-bucket"]
    c("s3").create_bucket(Bucket="bench-bucket", CreateBucketConfiguration={"LocationConstraint": REGION})
    if "sqs" in mix or "sns" in mix:
        try:
            sqs = c("sqs")
            url = sqs.create_queue(QueueName="bench-queue")["QueueUrl"]
            qarn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            args += ["--queue-url", url]
            if "sns" in mix:
                sns = c("sns")
                topic = sns.create_topic(Name="bench-topic")["TopicArn"]
                sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({
                    "Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
                        "Resource": qarn, "Condition": {"ArnEquals": {"aws:SourceArn": topic}}}]})})
                sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn)
                args += ["--topic-arn", topic]
        except Exception as e:  # noqa: BLE001
            notes.append(f"{name}: SQS/SNS set-up failed ({e.__class__.__name__}: {e})")
    return args


def probe(load, endpoint, key, secret, mix, extra):
    out = subprocess.run([load, "--endpoint", endpoint, "--access-key", key, "--secret-key", secret, "--region",
                          REGION, "--mix", ",".join(mix), "--probe", *extra], capture_output=True, text=True,
                         timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"bench_load --probe failed: {out.stderr}")
    return json.loads(out.stdout)


def run_load(load, endpoint, key, secret, mix, extra, clients, seconds, pid=None):
    """One bench_load run per client count; each result gets the server's CPU ms per request (`cpu_ms`)."""
    sampler = RssSampler(pid) if pid else None
    if sampler:
        sampler.start()
    results = {}
    for n in clients:
        before = cpu_seconds(pid) if pid else 0.0
        out = subprocess.run([load, "--endpoint", endpoint, "--access-key", key, "--secret-key", secret, "--region",
                              REGION, "--mix", ",".join(mix), "--clients", str(n), "--seconds", str(seconds),
                              *extra], capture_output=True, text=True, timeout=600)
        used = (cpu_seconds(pid) - before) if pid else 0.0
        if out.returncode != 0:
            raise RuntimeError(f"bench_load failed: {out.stderr}")
        for r in map(json.loads, out.stdout.splitlines()):
            answered = r["requests"]
            r["cpu_ms"] = used * 1000 / answered if answered else 0.0
            r["load_average"] = os.getloadavg()[0]
            results[r["clients"]] = r
    if sampler:
        sampler.stop.set()
        sampler.join()
    return results, (sampler.peak if sampler else 0)


class Moto:
    def __init__(self):
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix="moto-load-")
        self.proc = subprocess.Popen([shutil.which("moto_server") or "moto_server", "-p", str(self.port)],
                                     stdout=open(os.path.join(self.tmp, "moto.log"), "wb"), stderr=subprocess.STDOUT)
        self.endpoint = f"http://localhost:{self.port}"
        for _ in range(400):
            try:
                urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.05)

    def cleanup(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--localcloud", default=None)
    ap.add_argument("--load", required=True, help="the bench_load program")
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--clients", default="1,8,64")
    ap.add_argument("--mix", default="sts,s3,ssm,sqs,sns")
    ap.add_argument("--json", default=None, help="write the figures here too")
    args = ap.parse_args()
    if args.localcloud:
        lc_fixture.BIN = args.localcloud  # read by LocalCloud.start()
    clients = [int(c) for c in args.clients.split(",")]
    wanted = args.mix.split(",")
    notes = []

    lc = LocalCloud().start()
    moto = Moto()
    try:
        c = lc.credentials["dev"]
        lc_auth = (lc.endpoint, c["aws_access_key_id"], c["aws_secret_access_key"])
        moto_auth = (moto.endpoint, "testing", "testing")
        lc_extra = setup(*lc_auth, wanted, notes, "localcloud")
        moto_extra = setup(*moto_auth, wanted, notes, "moto")
        served = {"localcloud": probe(args.load, *lc_auth, wanted, lc_extra),
                  "moto": probe(args.load, *moto_auth, wanted, moto_extra)}
        mix = []
        for g in wanted:
            missing = [f"{name} ({why[g][:160]})" for name, why in served.items() if why.get(g)]
            if missing:
                notes.append(f"left out {g}: not served by " + "; ".join(missing))
            else:
                mix.append(g)
        print(f"mix: {', '.join(mix)}; {args.seconds:g} s per run; clients {args.clients}")
        for n in notes:
            print("note: " + n)
        rest = rss_kib(lc.proc.pid)
        local, peak = run_load(args.load, *lc_auth, mix, lc_extra, clients, args.seconds, pid=lc.proc.pid)
        after = rss_kib(lc.proc.pid)
        mo, _ = run_load(args.load, *moto_auth, mix, moto_extra, clients, args.seconds, pid=moto.proc.pid)
    finally:
        lc.cleanup()
        moto.cleanup()

    def row(name, r):
        err = f", first: {r['first_error'][:120]}" if r["errors"] else ""
        return (f"  {name:10s} {r['rps']:8.0f} req/s  p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:7.2f} ms  "
                f"server CPU {r['cpu_ms']:.3f} ms/req  load average {r['load_average']:.1f}  errors {r['errors']}{err}")

    print("results (requests per second over all clients; latency of single requests):")
    for n in clients:
        print(f" {n} clients:")
        print(row("localcloud", local[n]))
        print(row("moto", mo[n]))
        print(f"  ratio      {local[n]['rps'] / mo[n]['rps']:8.1f}x throughput, p99 "
              f"{mo[n]['p99_ms'] / max(local[n]['p99_ms'], 1e-9):.1f}x lower")
    print(f"localcloud RSS: {rest / 1024:.0f} MiB at rest, {peak / 1024:.0f} MiB peak under load, "
          f"{after / 1024:.0f} MiB after")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"mix": mix, "notes": notes, "seconds": args.seconds, "localcloud": local, "moto": mo,
                       "localcloud_rss_kib": {"rest": rest, "peak": peak, "after": after}}, f, indent=1)


if __name__ == "__main__":
    main()
