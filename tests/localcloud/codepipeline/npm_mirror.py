"""A pinned npm registry on loopback for the builds localcloud's CodeBuild runs (the stock pipeline's `npm ci` and
its self-mutation's `npm install -g aws-cdk@2`), so they do not depend on the public registry at test time.

It holds exactly the packages of third_party/npm/package-lock.json at their pinned versions: each original
tarball is taken with `npm pack NAME@VERSION --prefer-offline` (from the local npm cache; only a cache miss goes to
the registry, once) and checked against the lock's integrity. Packuments list only those versions, so a range
such as `aws-cdk@2` resolves to the pinned copy. localcloud hands its URL to every build as `npm_config_registry`
(`CDKPP_LOCALCLOUD_CODEBUILD_NPM_REGISTRY`); on AWS that is a CodeArtifact npm repository the build logs in to.
"""
import base64
import hashlib
import http.server
import json
import os
import subprocess
import tarfile
import threading
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
LOCK = os.path.join(ROOT, "third_party", "npm", "package-lock.json")


def pinned_packages(lock_path=LOCK):
    """(name, version, integrity) of every package the lock installs from a tarball (bundled ones excepted)."""
    with open(lock_path) as f:
        lock = json.load(f)
    out = []
    for path, meta in lock["packages"].items():
        if not path or meta.get("inBundle") or "integrity" not in meta:
            continue
        name = path.rsplit("node_modules/", 1)[1]
        out.append((name, meta["version"], meta["integrity"]))
    return out


def integrity_of(path):
    with open(path, "rb") as f:
        data = f.read()
    return ("sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode(),
            hashlib.sha1(data).hexdigest())


def tarball_name(name, version):
    return f"{name.split('/')[-1]}-{version}.tgz"


def fill(directory, packages=None):
    """Puts the pinned tarballs into `directory` (kept between runs), each checked against its integrity."""
    os.makedirs(directory, exist_ok=True)
    for name, version, integrity in packages or pinned_packages():
        pkg_dir = os.path.join(directory, name.replace("/", "%2f"))
        target = os.path.join(pkg_dir, tarball_name(name, version))
        if os.path.exists(target) and integrity_of(target)[0] == integrity:
            continue
        os.makedirs(pkg_dir, exist_ok=True)
        p = subprocess.run(["npm", "pack", f"{name}@{version}", "--prefer-offline", "--pack-destination", pkg_dir,
                            "--silent"], capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            raise RuntimeError(f"npm pack {name}@{version} failed: {p.stderr.strip()}")
        packed = os.path.join(pkg_dir, p.stdout.strip().splitlines()[-1])
        if packed != target:
            os.replace(packed, target)
        got = integrity_of(target)[0]
        if got != integrity:
            os.remove(target)
            raise RuntimeError(f"{name}@{version}: the packed tarball's integrity {got} is not the lock's {integrity}")


class Mirror:
    """Serves `directory` (filled by `fill`) as an npm registry: GET /NAME (packument), GET /NAME/-/FILE.tgz."""

    def __init__(self, directory):
        self.directory = directory
        self.requests = []
        mirror = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                path = urllib.parse.unquote(self.path.split("?", 1)[0]).lstrip("/")
                mirror.requests.append(path)
                if "/-/" in path:
                    name, file = path.split("/-/", 1)
                    body = mirror.tarball(name, file)
                    kind = "application/octet-stream"
                else:
                    body = mirror.packument(path)
                    kind = "application/json"
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "application/json")
                    body = json.dumps({"error": f"{path} is not in the pinned mirror {mirror.directory}"}).encode()
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._packuments = {}

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _dir(self, name):
        return os.path.join(self.directory, name.replace("/", "%2f"))

    def tarball(self, name, file):
        path = os.path.join(self._dir(name), os.path.basename(file))
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            return f.read()

    def packument(self, name):
        if name in self._packuments:
            return self._packuments[name]
        d = self._dir(name)
        if not os.path.isdir(d):
            return None
        versions = {}
        for file in sorted(os.listdir(d)):
            if not file.endswith(".tgz"):
                continue
            path = os.path.join(d, file)
            with tarfile.open(path) as tar:
                member = next(m for m in tar.getmembers() if m.name.split("/", 1)[-1] == "package.json"
                              and m.name.count("/") == 1)
                manifest = json.load(tar.extractfile(member))
            integrity, shasum = integrity_of(path)
            manifest["dist"] = {"tarball": f"{self.url}{name}/-/{file}", "integrity": integrity, "shasum": shasum}
            versions[manifest["version"]] = manifest
        latest = sorted(versions, key=lambda v: [int(x) if x.isdigit() else x for x in v.split(".")])[-1]
        body = json.dumps({"name": name, "dist-tags": {"latest": latest}, "versions": versions}).encode()
        self._packuments[name] = body
        return body
