#!/usr/bin/env python3
"""Benchmark: localcloud's HTTP layer against cpp-httplib and Boost.Beast, the two HTTP server libraries Debian
has (issue 21: "either a well-kept library or ours with a recorded decision — measure both"). Each server is
bench_http_server with one --impl, answering the same request the same way (head and body read, the body's
SHA-256, a ~600-byte JSON answer); bench_http_load drives it at 1, 8 and 64 keep-alive clients, then with 8
valid clients while 512 slowloris connections or 600 idle connections are open. Prints req/s, p50/p99/max
latency, errors and each server's CPU time per request (user + system of its process, from /proc), and the
ratio of each library to ours.

    python3 bench/http/http_layers.py --server build/bench/bench_http_server --load build/bench/bench_http_load
        [--seconds 4] [--impls ours,httplib,beast] [--json out.json]
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def threads_of(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0


def wait_listening(port, proc, deadline_s=10):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not listen")


def run_load(load, port, seconds, clients, slow=0, idle=0):
    cmd = [load, "--port", str(port), "--clients", str(clients), "--seconds", str(seconds)]
    if slow:
        cmd += ["--slow", str(slow)]
    if idle:
        cmd += ["--idle", str(idle)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=seconds + 60).stdout
    return json.loads(out)


SCENARIOS = [("1 client", 1, 0, 0), ("8 clients", 8, 0, 0), ("64 clients", 64, 0, 0),
             ("8 clients + 512 slowloris", 8, 512, 0), ("8 clients + 600 idle", 8, 0, 600)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", required=True)
    ap.add_argument("--load", required=True)
    ap.add_argument("--seconds", type=float, default=4)
    ap.add_argument("--impls", default="ours,httplib,beast")
    ap.add_argument("--json")
    args = ap.parse_args()

    results = {}
    for impl in args.impls.split(","):
        port = free_port()
        proc = subprocess.Popen([args.server, "--impl", impl, "--port", str(port)])
        try:
            wait_listening(port, proc)
            results[impl] = {}
            for name, clients, slow, idle in SCENARIOS:
                before = cpu_seconds(proc.pid)
                r = run_load(args.load, port, args.seconds, clients, slow, idle)
                r["cpu_ms"] = (cpu_seconds(proc.pid) - before) * 1000 / max(r["requests"], 1)
                r["server_threads"] = threads_of(proc.pid)
                r["load_average"] = os.getloadavg()[0]
                results[impl][name] = r
                print(f"{impl:8} {name:28} {r['rps']:9.0f} req/s  p50 {r['p50_ms']:7.2f}  p99 {r['p99_ms']:8.2f}  "
                      f"max {r['max_ms']:8.1f} ms  errors {r['errors']:5}  cpu {r['cpu_ms']:.3f} ms/req  "
                      f"load {r['load_average']:.1f}" + (f"  ({r['first_error']})" if r["errors"] else ""),
                      flush=True)
                time.sleep(0.5)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    print()
    impls = list(results)
    print("| scenario | " + " | ".join(f"{i} req/s (p50 / p99 ms), errors, CPU ms/req" for i in impls) + " |")
    print("|---|" + "---|" * len(impls))
    for name, *_ in SCENARIOS:
        cells = []
        for i in impls:
            r = results[i][name]
            ratio = ""
            if i != "ours" and "ours" in results and results["ours"][name]["rps"]:
                ratio = f", {r['rps'] / results['ours'][name]['rps']:.2f}x ours"
            cells.append(f"{r['rps']:,.0f} ({r['p50_ms']:.2f} / {r['p99_ms']:.1f}), {r['errors']}, "
                         f"{r['cpu_ms']:.3f}{ratio}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
