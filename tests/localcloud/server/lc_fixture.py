"""Test fixture: runs the built localcloud binary on a free loopback port with a temporary data
directory, writes AWS CLI profiles for its accounts into a temporary config, and gives tests the AWS CLI
v2 (/usr/bin/aws) and boto3 clients pointed at it. Nothing here talks to localcloud but the stock clients.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import boto3
import botocore.config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BIN = os.environ.get("LOCALCLOUD_BIN", os.path.join(ROOT, "build", "bin", "localcloud"))
AWS_CLI = "/usr/bin/aws"
ACCOUNTS = {"build": "999999999999", "dev": "111111111111", "test": "222222222222", "prod": "333333333333"}
REGION = "ap-southeast-2"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalCloud:
    """One localcloud process; `start()` waits until its health check answers."""

    def __init__(self, data_dir=None):
        self.tmp = tempfile.mkdtemp(prefix="lc-test-")
        self.data_dir = data_dir or os.path.join(self.tmp, "data")
        self.port = free_port()
        self.proc = None
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.config_file = os.path.join(self.tmp, "aws-config")
        self.credentials_file = os.path.join(self.tmp, "aws-credentials")

    def start(self):
        log = open(os.path.join(self.tmp, "server.log"), "ab")
        self.proc = subprocess.Popen([BIN, "serve", "--port", str(self.port), "--data-dir", self.data_dir],
                                     stdout=log, stderr=log)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.endpoint + "/_localcloud/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("localcloud did not start: " + open(os.path.join(self.tmp, "server.log")).read())
        env = dict(os.environ, AWS_CONFIG_FILE=self.config_file, AWS_SHARED_CREDENTIALS_FILE=self.credentials_file)
        subprocess.run([BIN, "profiles", "--write", "--port", str(self.port), "--data-dir", self.data_dir,
                        "--region", REGION], check=True, env=env, capture_output=True)
        self.env = env
        self.credentials = {}
        section = None
        for line in open(self.credentials_file):
            line = line.strip()
            if line.startswith("["):
                section = line[1:-1]
                self.credentials[section] = {}
            elif "=" in line and section:
                k, v = [x.strip() for x in line.split("=", 1)]
                self.credentials[section][k] = v
        return self

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)
        return self.proc.returncode

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- clients -------------------------------------------------------------------------------
    def aws(self, profile, *args, check=True):
        """Runs the AWS CLI v2 with a profile; returns (rc, parsed JSON or text, stderr)."""
        cmd = [AWS_CLI, "--endpoint-url", self.endpoint, "--profile", profile, "--output", "json", *args]
        p = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=120)
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed: {p.stderr}")
        try:
            out = json.loads(p.stdout) if p.stdout.strip() else None
        except ValueError:
            out = p.stdout
        return p.returncode, out, p.stderr

    def session(self, profile=None, key=None, secret=None, token=None):
        if profile:
            c = self.credentials[profile]
            key, secret = c["aws_access_key_id"], c["aws_secret_access_key"]
        return boto3.Session(aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                             region_name=REGION)

    def client(self, service, profile=None, signature_version=None, **kw):
        cfg = botocore.config.Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"},
                                     signature_version=signature_version)
        return self.session(profile, **kw).client(service, endpoint_url=self.endpoint, config=cfg)

    def assume(self, profile, role_arn, session_name="test", **kw):
        creds = self.client("sts", profile).assume_role(RoleArn=role_arn, RoleSessionName=session_name,
                                                        **kw)["Credentials"]
        return dict(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"])


def trust(*principals, condition=None):
    st = {"Effect": "Allow", "Principal": {"AWS": list(principals)}, "Action": "sts:AssumeRole"}
    if condition:
        st["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [st]})


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
