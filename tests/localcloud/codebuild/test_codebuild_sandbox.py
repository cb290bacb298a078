"""CodeBuild's sandbox over the wire (boto3, the AWS CLI v2 inside builds): with
CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX=bwrap every build command runs under bubblewrap. A build sees the host read-only,
a private /tmp and its own PID namespace, writes its own directories, reaches localcloud as its role through the
container-credentials endpoint, and cannot read localcloud's store or another build's directory; links a build
plants do not make localcloud read or write outside it; StopBuild, the build timeout, SIGTERM and kill -9 of
localcloud leave no process of the build behind, daemonized ones (setsid) included.

Needs bubblewrap (`bwrap`, Debian package bubblewrap, installed by scripts/setup): without a working one every
test here is skipped, saying why."""
import json
import os
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy  # noqa: E402

DEV = ACCOUNTS["dev"]
CODEBUILD_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
ENV = {"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL"}
LOGS = {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": "*"}
# 5 minutes (CodeBuild's least timeoutInMinutes) are 2 seconds.
SCALE = 1 / 150


def why_no_bwrap():
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap is not installed (no bwrap on PATH): scripts/setup installs the Debian package bubblewrap"
    p = subprocess.run([bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid",
                        "--die-with-parent", "true"], capture_output=True, text=True)
    if p.returncode != 0:
        return f"{bwrap} does not work on this machine (user namespaces?): {p.stderr.strip()}"
    return None


NO_BWRAP = why_no_bwrap()


def processes_of(build_id):
    """Host pids whose environment has CODEBUILD_BUILD_ID=<build_id> (every process of a build has it)."""
    needle = ("CODEBUILD_BUILD_ID=" + build_id).encode() + b"\0"
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if needle in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


# A command that leaves a daemon behind (its own session, out of the command's process group) which, if it
# survived, would touch a file in the build's source directory (visible on the host) after 3 seconds.
DAEMON = "setsid sh -c 'sleep 3; touch \"$CODEBUILD_SRC_DIR/daemon-survived\"' </dev/null >/dev/null 2>&1 &"


class Builds:
    """One localcloud's CodeBuild with a role that may write its logs and the bucket sb-art; projects and
    builds."""

    def __init__(self, lc):
        self.lc = lc
        self.iam = lc.client("iam", "dev")
        self.cb = lc.client("codebuild", "dev")
        self.s3 = lc.client("s3", "dev")
        self.role = self.iam.create_role(RoleName="sb-role", AssumeRolePolicyDocument=CODEBUILD_TRUST)["Role"]["Arn"]
        self.iam.put_role_policy(RoleName="sb-role", PolicyName="p", PolicyDocument=policy(
            LOGS, {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                   "Resource": ["arn:aws:s3:::sb-art", "arn:aws:s3:::sb-art/*"]}))
        self.s3.create_bucket(Bucket="sb-art", CreateBucketConfiguration={"LocationConstraint": REGION})

    def reconnect(self):
        self.cb = self.lc.client("codebuild", "dev")

    def project(self, name, commands, **kw):
        spec = "version: 0.2\nphases:\n  build:\n    commands:\n" + "".join(
            f"      - {json.dumps(c)}\n" for c in commands) + kw.pop("extra", "")
        args = dict(name=name, source={"type": "NO_SOURCE", "buildspec": spec}, artifacts={"type": "NO_ARTIFACTS"},
                    environment=ENV, serviceRole=self.role)
        args.update(kw)
        self.cb.create_project(**args)

    def wait(self, build_id, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            b = self.cb.batch_get_builds(ids=[build_id])["builds"][0]
            if b["buildComplete"]:
                return b
            time.sleep(0.05)
        raise AssertionError(f"build {build_id} did not complete")

    def wait_for_phase(self, build_id, phase, timeout=20):
        deadline = time.time() + timeout
        while self.cb.batch_get_builds(ids=[build_id])["builds"][0].get("currentPhase") != phase:
            if time.time() > deadline:
                raise AssertionError(f"build {build_id} never reached {phase}")
            time.sleep(0.05)

    def build_dir(self, build_id):
        return os.path.join(self.lc.data_dir, "codebuild", "builds", build_id.split(":")[1])

    def log_of(self, build_id):
        with open(os.path.join(self.build_dir(build_id), "build.log")) as f:
            return f.read()

    def build(self, name, commands, **kw):
        """Creates the project, runs one build to its end; (the build, what its commands printed: the log
        without localcloud's [Container] lines, which repeat each command)."""
        self.project(name, commands, **kw)
        b = self.wait(self.cb.start_build(projectName=name)["build"]["id"])
        output = [ln for ln in self.log_of(b["id"]).splitlines() if not ln.startswith("[Container]")]
        return b, "\n".join(output)

    def assert_no_process_left(self, build_id):
        """No process of the build runs, and none does 3.5 s later (DAEMON would have touched its file)."""
        left = processes_of(build_id)
        if left:
            raise AssertionError(f"processes of the build are still running: {left}")
        time.sleep(3.5)
        if processes_of(build_id) or os.path.exists(os.path.join(self.build_dir(build_id), "src",
                                                                 "daemon-survived")):
            raise AssertionError("the daemonized process of the build kept running")


@unittest.skipIf(NO_BWRAP, NO_BWRAP or "")
class CodeBuildSandboxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX"] = "bwrap"
        os.environ["CDKPP_LOCALCLOUD_CODEBUILD_TIMEOUT_SCALE"] = repr(SCALE)
        try:
            cls.server = LocalCloud().start()
        finally:
            del os.environ["CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX"]
            del os.environ["CDKPP_LOCALCLOUD_CODEBUILD_TIMEOUT_SCALE"]
        cls.b = Builds(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_server_says_builds_run_under_bubblewrap(self):
        with open(os.path.join(self.server.tmp, "server.log")) as f:
            self.assertIn("localcloud: codebuild: builds run under bubblewrap (", f.read())
        b, log = self.b.build("says", ["true"])
        self.assertEqual(b["buildStatus"], "SUCCEEDED", log)
        self.assertIn("localcloud: commands run under bubblewrap", b_log := self.b.log_of(b["id"]))
        self.assertIn("Running on CodeBuild On-demand", b_log)

    def test_host_read_only_own_directories_writable_private_tmp_own_pids_and_the_role(self):
        host_tmp_file = "/tmp/lc-sandbox-private-" + str(os.getpid())
        b, log = self.b.build("shape", [
            "if touch /usr/lc-sandbox-probe 2>/dev/null; then echo HOST-WRITABLE; else echo host-read-only; fi",
            "echo h > $HOME/h && echo t > $TMPDIR/t && echo c > $npm_config_cache/c && echo g > "
            "$npm_config_prefix/g && echo s > $CODEBUILD_SRC_DIR/s && echo own-dirs-writable",
            f"echo private > {host_tmp_file} && cat {host_tmp_file}",
            "echo \"pids=$(ls /proc | grep -c '^[0-9]')\"",
            "aws sts get-caller-identity --query Arn --output text",
            "echo up > up.txt && aws s3 cp up.txt s3://sb-art/from-sandbox.txt",
        ])
        self.assertEqual(b["buildStatus"], "SUCCEEDED", log)
        self.assertIn("host-read-only", log)
        self.assertNotIn("HOST-WRITABLE", log)
        self.assertIn("own-dirs-writable", log)
        self.assertFalse(os.path.exists(host_tmp_file), "the build's /tmp is the host's")
        pids = int(log.split("pids=")[1].split()[0])
        self.assertLess(pids, 10, "the build sees the host's processes")
        uuid = b["id"].split(":")[1]
        self.assertEqual(log.splitlines()[:4], ["host-read-only", "own-dirs-writable", "private", f"pids={pids}"])
        self.assertIn(f"arn:aws:sts::{DEV}:assumed-role/sb-role/AWSCodeBuild-{uuid}", log)
        self.assertEqual(self.b.s3.get_object(Bucket="sb-art", Key="from-sandbox.txt")["Body"].read(), b"up\n")

    def test_tmp_lasts_for_the_build_and_not_beyond(self):
        # As in CodeBuild's container: what a command leaves in /tmp is there for the next command of the build;
        # the next build starts with an empty /tmp.
        b, log = self.b.build("tmp-kept", ["echo kept > /tmp/between-commands",
                                           "cat /tmp/between-commands",
                                           "echo \"left=$(ls -A /tmp | grep -c between-commands)\""])
        self.assertEqual(b["buildStatus"], "SUCCEEDED", log)
        self.assertEqual(log.splitlines()[:2], ["kept", "left=1"])
        b2 = self.b.wait(self.b.cb.start_build(projectName="tmp-kept", buildspecOverride=(
            "version: 0.2\nphases:\n  build:\n    commands:\n      - test ! -e /tmp/between-commands\n"))["build"]["id"])
        self.assertEqual(b2["buildStatus"], "SUCCEEDED", self.b.log_of(b2["id"]))

    def test_a_build_cannot_read_the_store_or_another_build(self):
        first, log = self.b.build("keeper", ["echo topsecret > secret.txt"])
        self.assertEqual(first["buildStatus"], "SUCCEEDED", log)
        store = os.path.join(self.server.data_dir, "state.db")
        secret = os.path.join(self.b.build_dir(first["id"]), "src", "secret.txt")
        # Both are there on the host: the build below must not see them.
        self.assertTrue(os.path.isfile(store))
        with open(secret) as f:
            self.assertEqual(f.read(), "topsecret\n")
        b, log = self.b.build("snoop", [
            f"if [ -e {store} ]; then echo STORE-VISIBLE; else echo store-hidden; fi",
            f"if cat {secret}; then echo OTHER-BUILD-VISIBLE; else echo other-build-hidden; fi",
            f"echo \"builds=$(ls {self.server.data_dir}/codebuild/builds | tr '\\n' ,)\"",
            f"if ls {self.server.data_dir}/codebuild/cache 2>/dev/null; then echo CACHES-VISIBLE; fi",
        ])
        self.assertEqual(b["buildStatus"], "SUCCEEDED", log)
        self.assertIn("store-hidden", log)
        self.assertIn("other-build-hidden", log)
        self.assertNotIn("topsecret", log)
        self.assertNotIn("VISIBLE", log)
        self.assertIn("builds=" + b["id"].split(":")[1] + ",\n", log + "\n")

    def test_links_a_build_plants_do_not_reach_out_of_it(self):
        store = os.path.join(self.server.data_dir, "state.db")
        victim = os.path.join(self.server.tmp, "victim")
        with open(victim, "w") as f:
            f.write("intact\n")
        b, log = self.b.build("links", [
            # localcloud writes the next command's file where this link points, if it follows it.
            f"ln -sf {victim} $CODEBUILD_LC_STATE/command.sh",
            "echo after-the-link",
            f"mkdir -p out && echo real > out/real.txt && ln -s {store} out/store.db",
            f"ln -s {self.server.data_dir} deps",
        ], artifacts={"type": "S3", "location": "sb-art", "packaging": "NONE", "name": "links"},
            cache={"type": "LOCAL", "modes": ["LOCAL_CUSTOM_CACHE"]},
            extra="artifacts:\n  base-directory: out\n  files:\n    - '**/*'\ncache:\n  paths:\n    - 'deps/**/*'\n")
        self.assertEqual(b["buildStatus"], "SUCCEEDED", log)
        self.assertIn("after-the-link", log)
        with open(victim) as f:
            self.assertEqual(f.read(), "intact\n")
        keys = [o["Key"] for o in self.b.s3.list_objects_v2(Bucket="sb-art", Prefix="links/").get("Contents", [])]
        self.assertEqual(keys, ["links/real.txt"])
        cached = os.path.join(self.server.data_dir, "codebuild", "cache", DEV, REGION, "links", "src", "deps")
        self.assertTrue(not os.path.exists(cached) or os.path.islink(cached),
                        "the cache copied the data directory the build linked to")

    def test_stop_build_kills_daemonized_processes(self):
        self.b.project("stopme", [DAEMON + " sleep 60"])
        build_id = self.b.cb.start_build(projectName="stopme")["build"]["id"]
        self.b.wait_for_phase(build_id, "BUILD")
        time.sleep(0.5)
        self.assertNotEqual(processes_of(build_id), [])
        stopped = self.b.cb.stop_build(id=build_id)["build"]
        self.assertEqual(stopped["buildStatus"], "STOPPED")
        self.b.assert_no_process_left(build_id)

    def test_timeout_kills_daemonized_processes(self):
        # timeoutInMinutes 5 is 2 seconds at this scale.
        self.b.project("slow", [DAEMON + " sleep 60"])
        t0 = time.time()
        build_id = self.b.cb.start_build(projectName="slow", timeoutInMinutesOverride=5)["build"]["id"]
        b = self.b.wait(build_id)
        self.assertLess(time.time() - t0, 10)
        self.assertEqual(b["buildStatus"], "TIMED_OUT")
        phase = {p["phaseType"]: p for p in b["phases"]}["BUILD"]
        self.assertEqual(phase["phaseStatus"], "TIMED_OUT")
        self.assertEqual(phase["contexts"][0]["statusCode"], "BUILD_TIMED_OUT")
        self.assertIn("exceeded the timeout of 5 minutes", phase["contexts"][0]["message"])
        self.b.assert_no_process_left(build_id)

    def test_sigterm_and_kill9_of_localcloud_kill_daemonized_processes(self):
        os.environ["CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX"] = "bwrap"
        try:
            lc = LocalCloud().start()
        finally:
            del os.environ["CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX"]
        try:
            builds = Builds(lc)
            builds.project("daemon", [DAEMON + " sleep 60"])
            for stop in (lc.stop, lc.kill9):
                build_id = builds.cb.start_build(projectName="daemon")["build"]["id"]
                builds.wait_for_phase(build_id, "BUILD")
                time.sleep(0.5)
                self.assertNotEqual(processes_of(build_id), [])
                stop()
                # SIGTERM stops the build; after kill -9, --die-with-parent ends it: no restart is needed.
                deadline = time.time() + 5
                while processes_of(build_id) and time.time() < deadline:
                    time.sleep(0.05)
                builds.assert_no_process_left(build_id)
                lc.start()
                builds.reconnect()
                self.assertEqual(builds.cb.batch_get_builds(ids=[build_id])["builds"][0]["buildStatus"], "FAILED")
        finally:
            lc.cleanup()


class CodeBuildSandboxSettingTest(unittest.TestCase):
    def test_an_unknown_setting_fails_builds_in_provisioning(self):
        os.environ["CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX"] = "docker"
        try:
            lc = LocalCloud().start()
        finally:
            del os.environ["CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX"]
        try:
            build, log = Builds(lc).build("any", ["true"])
            self.assertEqual(build["buildStatus"], "FAULT")
            ctx = {p["phaseType"]: p for p in build["phases"]}["PROVISIONING"]["contexts"][0]
            self.assertEqual(ctx["statusCode"], "INTERNAL_ERROR")
            self.assertEqual(ctx["message"],
                             "CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX must be auto, bwrap or none, not 'docker'")
            with open(os.path.join(lc.tmp, "server.log")) as f:
                self.assertIn("CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX must be auto, bwrap or none", f.read())
        finally:
            lc.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
