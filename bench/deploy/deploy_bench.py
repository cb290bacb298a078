#!/usr/bin/env python3
"""Scenario bootstrap-and-deploy: cdkpp versus the stock `cdk` CLI on localcloud, in one run.

For each tool: a fresh localcloud (accounts build/dev/test/prod), a counting HTTP proxy in front of it
(both tools send every AWS call through it, so the counts are the calls each tool makes), then
  bootstrap build (--qualifier myapp --toolkit-stack-name CDKToolkit-myapp),
  bootstrap dev/test/prod (+ --trust 999999999999 --cloudformation-execution-policies AdministratorAccess),
  deploy the scenario's three stacks from the build account's credentials (--require-approval never).
Prints wall time and API calls per step and per service/operation. A step that fails is reported as such.
"""
import argparse
import collections
import http.client
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TARGETS = [("dev", "111111111111"), ("test", "222222222222"), ("prod", "333333333333")]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.calls = collections.Counter()

    def add(self, name):
        with self.lock:
            self.calls[name] += 1

    def take(self):
        with self.lock:
            out = dict(self.calls)
            self.calls.clear()
            return out


def operation_of(method, path, headers, body):
    """service:Operation from the request (JSON target, query Action, else REST method + path shape)."""
    target = headers.get("X-Amz-Target")
    if target:
        return target.split(".")[-1] if "." in target else target
    auth = headers.get("Authorization", "")
    service = auth.split("Credential=")[1].split("/")[3] if "Credential=" in auth else "?"
    params = urllib.parse.parse_qs(body.decode("utf-8", "replace")) if body and method == "POST" else {}
    query = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)
    action = (params.get("Action") or query.get("Action") or [None])[0]
    if action:
        return f"{service}:{action}"
    return f"{service}:{method} {'/'.join(p and '*' for p in urllib.parse.urlparse(path).path.split('/')[:3])}"


def start_proxy(upstream_port, counter):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            counter.add(operation_of(self.command, self.path, self.headers, body))
            conn = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=300)
            headers = {k: v for k, v in self.headers.items()}
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            conn.close()

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any

    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port


def run(cmd, env, cwd):
    start = time.monotonic()
    p = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return time.monotonic() - start, p.returncode, p.stdout


def scenario(tool, cdkpp, cdk, assembly, work):
    data = os.path.join(work, tool)
    lc_port = free_port()
    lc = ["--port", str(lc_port), "--data-dir", os.path.join(data, "localcloud")]
    env = dict(os.environ)
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        env.pop(k, None)
    env["AWS_CONFIG_FILE"] = os.path.join(data, "config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(data, "credentials")
    env["CDK_VALIDATION"] = "false"
    os.makedirs(data, exist_ok=True)
    subprocess.run([cdkpp, "local", "start", *lc], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cdkpp, "local", "profiles", "--write", *lc], check=True, env=env, stdout=subprocess.DEVNULL)
    counter = Counter()
    proxy, proxy_port = start_proxy(lc_port, counter)
    env["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{proxy_port}"
    # Profiles name localcloud directly: point them at the proxy instead.
    with open(env["AWS_CONFIG_FILE"]) as f:
        config = f.read().replace(f"127.0.0.1:{lc_port}", f"127.0.0.1:{proxy_port}").replace(
            f"localhost:{lc_port}", f"127.0.0.1:{proxy_port}")
    with open(env["AWS_CONFIG_FILE"], "w") as f:
        f.write(config)
    exe = [cdkpp] if tool == "cdkpp" else [cdk]
    q = ["--qualifier", "myapp", "--toolkit-stack-name", "CDKToolkit-myapp"]
    trust = ["--trust", "999999999999", "--cloudformation-execution-policies",
             "arn:aws:iam::aws:policy/AdministratorAccess"]
    steps = [("bootstrap build", exe + ["bootstrap", "aws://999999999999/ap-southeast-2", *q, "--profile", "build"])]
    for profile, account in TARGETS:
        steps.append((f"bootstrap {profile}", exe + ["bootstrap", f"aws://{account}/ap-southeast-2", *q, *trust,
                                                     "--profile", profile]))
    steps.append(("deploy 3 stacks", exe + ["deploy", "--app", assembly, "**", "--require-approval", "never",
                                            "--profile", "build", "--concurrency", "3"]))
    results = []
    try:
        for name, cmd in steps:
            seconds, rc, output = run(cmd, env, data)
            calls = counter.take()
            results.append({"step": name, "seconds": round(seconds, 2), "ok": rc == 0,
                            "calls": sum(calls.values()), "by_operation": calls,
                            "tail": "" if rc == 0 else output.strip().splitlines()[-1:]})
    finally:
        proxy.shutdown()
        subprocess.run([cdkpp, "local", "stop", *lc], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cdkpp", default=os.path.join(ROOT, "build", "bin", "cdkpp"))
    parser.add_argument("--app", default=os.path.join(ROOT, "build", "bin", "scenario_app"))
    parser.add_argument("--cdk", default=os.path.join(ROOT, "third_party", "npm", "node_modules", ".bin", "cdk"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cdkpp-bench-deploy.") as work:
        assembly = os.path.join(work, "cdk.out")
        subprocess.run([args.cdkpp, "synth", "--quiet", "-a", args.app, "-o", assembly,
                        "-c", "@aws-cdk/core:bootstrapQualifier=myapp"], check=True, cwd=work,
                       stdout=subprocess.DEVNULL)
        report = {tool: scenario(tool, args.cdkpp, args.cdk, assembly, work) for tool in ("cdkpp", "cdk")}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{'step':<18} {'cdkpp s':>8} {'calls':>6} {'cdk s':>8} {'calls':>6}")
    for a, b in zip(report["cdkpp"], report["cdk"]):
        flag = lambda r: "" if r["ok"] else " FAILED"
        print(f"{a['step']:<18} {a['seconds']:>8} {a['calls']:>6} {b['seconds']:>8} {b['calls']:>6}{flag(a)}{flag(b)}")
    for tool in ("cdkpp", "cdk"):
        total = sum(r["seconds"] for r in report[tool])
        calls = collections.Counter()
        for r in report[tool]:
            calls.update(r["by_operation"])
            if not r["ok"]:
                print(f"{tool} {r['step']} failed: {r['tail']}")
        print(f"{tool}: {total:.2f} s, {sum(calls.values())} calls: " +
              ", ".join(f"{k} {v}" for k, v in sorted(calls.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    sys.exit(main())
