"""CodeBuild's timeouts over the wire (boto3), in seconds: CDKPP_LOCALCLOUD_CODEBUILD_TIMEOUT_SCALE = 1/150 makes
CodeBuild's least timeout, 5 minutes, 2 seconds. With one worker (CDKPP_LOCALCLOUD_CODEBUILD_WORKERS=1) a build
that waits in the queue longer than its queuedTimeoutInMinutes (the project's, or StartBuild's
queuedTimeoutInMinutesOverride) ends as CodeBuild ends it: TIMED_OUT, its QUEUED phase TIMED_OUT, without
running; one within its queued timeout runs once the worker is free; a running build past its
timeoutInMinutes ends TIMED_OUT in the phase it was in."""
import json
import os
import sys
import time
import unittest

import botocore.config
import botocore.exceptions

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import LocalCloud, policy  # noqa: E402

CODEBUILD_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
ENV = {"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL"}
LOGS = {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": "*"}
SCALE = 1 / 150  # a minute is 0.4 s


def spec(command):
    return f"version: 0.2\nphases:\n  build:\n    commands:\n      - {json.dumps(command)}\n"


class CodeBuildTimeoutsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["CDKPP_LOCALCLOUD_CODEBUILD_TIMEOUT_SCALE"] = repr(SCALE)
        os.environ["CDKPP_LOCALCLOUD_CODEBUILD_WORKERS"] = "1"
        try:
            cls.lc = LocalCloud().start()
        finally:
            del os.environ["CDKPP_LOCALCLOUD_CODEBUILD_TIMEOUT_SCALE"]
            del os.environ["CDKPP_LOCALCLOUD_CODEBUILD_WORKERS"]
        iam = cls.lc.client("iam", "dev")
        cls.role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=CODEBUILD_TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=policy(LOGS))
        cls.cb = cls.lc.client("codebuild", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def project(self, name, command, **kw):
        self.cb.create_project(name=name, source={"type": "NO_SOURCE", "buildspec": spec(command)},
                               artifacts={"type": "NO_ARTIFACTS"}, environment=ENV, serviceRole=self.role, **kw)

    def get(self, build_id):
        return self.cb.batch_get_builds(ids=[build_id])["builds"][0]

    def wait(self, build_id, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            b = self.get(build_id)
            if b["buildComplete"]:
                return b
            time.sleep(0.05)
        raise AssertionError(f"build {build_id} did not complete")

    def test_a_build_queued_past_its_queued_timeout_ends_timed_out(self):
        self.project("hold", "sleep 6")
        self.project("waiter", "echo ran", queuedTimeoutInMinutes=10)  # 4 s
        hold = self.cb.start_build(projectName="hold")["build"]["id"]
        t0 = time.time()
        by_override = self.cb.start_build(projectName="waiter", queuedTimeoutInMinutesOverride=5)["build"]  # 2 s
        by_project = self.cb.start_build(projectName="waiter")["build"]
        patient = self.cb.start_build(projectName="waiter", queuedTimeoutInMinutesOverride=480)["build"]
        self.assertEqual((by_override["queuedTimeoutInMinutes"], by_project["queuedTimeoutInMinutes"]), (5, 10))
        self.assertEqual(self.get(by_override["id"])["currentPhase"], "QUEUED")

        b = self.wait(by_override["id"])
        waited = time.time() - t0
        self.assertGreater(waited, 1.8)
        self.assertLess(waited, 3.8)
        self.assertEqual(self.get(hold)["buildStatus"], "IN_PROGRESS")  # the worker is still busy
        self.assertEqual(b["buildStatus"], "TIMED_OUT")
        self.assertEqual(b["currentPhase"], "COMPLETED")
        self.assertEqual([(p["phaseType"], p.get("phaseStatus")) for p in b["phases"]],
                         [("SUBMITTED", "SUCCEEDED"), ("QUEUED", "TIMED_OUT"), ("COMPLETED", None)])
        ctx = b["phases"][1]["contexts"][0]
        self.assertEqual(ctx["statusCode"], "BUILD_TIMED_OUT")
        self.assertIn("queued timeout of 5 minutes", ctx["message"])

        b = self.wait(by_project["id"])
        self.assertGreater(time.time() - t0, 3.8)
        self.assertEqual(b["buildStatus"], "TIMED_OUT")
        self.assertEqual(b["phases"][1]["phaseStatus"], "TIMED_OUT")
        self.assertIn("queued timeout of 10 minutes", b["phases"][1]["contexts"][0]["message"])

        self.assertEqual(self.wait(hold)["buildStatus"], "SUCCEEDED")
        b = self.wait(patient["id"])
        self.assertEqual(b["buildStatus"], "SUCCEEDED")
        self.assertEqual({p["phaseType"]: p.get("phaseStatus") for p in b["phases"]}["QUEUED"], "SUCCEEDED")
        # The timed-out builds never ran: the worker took the patient one next.
        ids = self.cb.list_builds_for_project(projectName="waiter")["ids"]
        self.assertEqual(len(ids), 3)

    def test_queued_timeout_override_out_of_range_is_refused(self):
        self.project("range", "true")
        # boto3 checks the range itself; without its check the request reaches localcloud, which refuses it.
        unchecked = self.lc.session("dev").client("codebuild", endpoint_url=self.lc.endpoint,
                                                  config=botocore.config.Config(parameter_validation=False,
                                                                                retries={"max_attempts": 1}))
        for bad in (4, 481):
            with self.assertRaises(botocore.exceptions.ClientError) as e:
                unchecked.start_build(projectName="range", queuedTimeoutInMinutesOverride=bad)
            # The model's range (5..480), checked by the protocol layer before CodeBuild sees it.
            self.assertEqual(e.exception.response["Error"]["Code"], "ValidationException")
            self.assertIn("queuedTimeoutInMinutesOverride", e.exception.response["Error"]["Message"])
            self.assertIn("Member must have value", e.exception.response["Error"]["Message"])

    def test_a_running_build_past_its_timeout_ends_timed_out(self):
        self.project("forever", "sleep 60")
        t0 = time.time()
        b = self.wait(self.cb.start_build(projectName="forever", timeoutInMinutesOverride=5)["build"]["id"])
        self.assertGreater(time.time() - t0, 1.8)
        self.assertLess(time.time() - t0, 8)
        self.assertEqual(b["buildStatus"], "TIMED_OUT")
        phase = {p["phaseType"]: p for p in b["phases"]}["BUILD"]
        self.assertEqual(phase["phaseStatus"], "TIMED_OUT")
        self.assertEqual(phase["contexts"][0],
                         {"statusCode": "BUILD_TIMED_OUT",
                          "message": "Build has timed out. Build exceeded the timeout of 5 minutes"})


if __name__ == "__main__":
    unittest.main(verbosity=2)
