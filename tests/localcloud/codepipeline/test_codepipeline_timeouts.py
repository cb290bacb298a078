"""CodePipeline action timeouts (CodePipeline's quotas: CodeBuild 8 hours, CloudFormation 3 days, a manual
approval 7 days or its timeoutInMinutes, other actions 1 hour), enforced by the engine and seen with boto3, with
CDKPP_LOCALCLOUD_CODEPIPELINE_TIMEOUT_SCALE = 1/2880 so that 8 hours are 10 seconds."""
import io
import json
import os
import sys
import time
import unittest
import zipfile

import botocore.config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
import lc_fixture  # noqa: E402
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy  # noqa: E402

BUILD = ACCOUNTS["build"]
SCALE = 1 / 2880
SLEEPER = """version: 0.2
phases:
  build:
    commands:
      - sleep ${SLEEP:-1}
"""


def service_trust(service):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})


class ActionTimeoutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["CDKPP_LOCALCLOUD_CODEPIPELINE_TIMEOUT_SCALE"] = repr(SCALE)
        cls.lc = LocalCloud()
        try:
            cls.lc.start()
        finally:
            del os.environ["CDKPP_LOCALCLOUD_CODEPIPELINE_TIMEOUT_SCALE"]
        iam = cls.lc.client("iam", "build")
        for name, svc in (("pipe-role", "codepipeline.amazonaws.com"), ("build-role", "codebuild.amazonaws.com")):
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=service_trust(svc))
            iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=policy(
                {"Effect": "Allow", "Action": ["s3:*", "codebuild:*", "logs:*"], "Resource": "*"}))
        s3 = cls.lc.client("s3", "build")
        for bucket in ("artifacts-timeout", "source-timeout"):
            s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("app.txt", "one\n")
        s3.put_object(Bucket="source-timeout", Key="src.zip", Body=buf.getvalue())
        cls.lc.client("codebuild", "build").create_project(
            name="sleeper", source={"type": "CODEPIPELINE", "buildspec": SLEEPER}, artifacts={"type": "CODEPIPELINE"},
            environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                         "computeType": "BUILD_GENERAL1_SMALL"},
            serviceRole=f"arn:aws:iam::{BUILD}:role/build-role")
        cls.cp = cls.lc.client("codepipeline", "build")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def declaration(self, name, action):
        return {"name": name, "roleArn": f"arn:aws:iam::{BUILD}:role/pipe-role",
                "artifactStore": {"type": "S3", "location": "artifacts-timeout"},
                "stages": [
                    {"name": "Source", "actions": [{
                        "name": "Drop", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3",
                                                         "version": "1"},
                        "configuration": {"S3Bucket": "source-timeout", "S3ObjectKey": "src.zip",
                                          "PollForSourceChanges": "false"},
                        "outputArtifacts": [{"name": "Src"}]}]},
                    {"name": "Work", "actions": [action]}]}

    def approval(self, **extra):
        return dict({"name": "Approve", "actionTypeId": {"category": "Approval", "owner": "AWS",
                                                         "provider": "Manual", "version": "1"}}, **extra)

    def build(self, sleep, **extra):
        return dict({"name": "Sleep", "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild",
                                                       "version": "1"},
                     "configuration": {"ProjectName": "sleeper", "EnvironmentVariables": json.dumps(
                         [{"name": "SLEEP", "value": str(sleep), "type": "PLAINTEXT"}])},
                     "inputArtifacts": [{"name": "Src"}]}, **extra)

    def finished(self, name, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            s = self.cp.list_pipeline_executions(pipelineName=name)["pipelineExecutionSummaries"]
            if s and s[0]["status"] not in ("InProgress", "Stopping"):
                e = self.cp.get_pipeline_execution(pipelineName=name, pipelineExecutionId=s[0]["pipelineExecutionId"])
                details = self.cp.list_action_executions(pipelineName=name, filter={
                    "pipelineExecutionId": s[0]["pipelineExecutionId"]})["actionExecutionDetails"]
                return e["pipelineExecution"], {d["actionName"]: d for d in details}
            time.sleep(0.2)
        self.fail(f"{name} did not finish")

    def state_of(self, name, action):
        for s in self.cp.get_pipeline_state(name=name)["stageStates"]:
            for a in s.get("actionStates", []):
                if a["actionName"] == action:
                    return a.get("latestExecution", {})
        return {}

    def test_a_build_over_its_eight_hours_fails_with_a_timeout(self):
        started = time.time()
        self.cp.create_pipeline(pipeline=self.declaration("slow-build", self.build(40)))
        e, actions = self.finished("slow-build")
        elapsed = time.time() - started
        self.assertEqual(e["status"], "Failed")
        self.assertIn("Sleep timed out", e["statusSummary"])
        latest = self.state_of("slow-build", "Sleep")
        self.assertEqual(latest["status"], "Failed")
        self.assertEqual(latest["errorDetails"]["code"], "TimeoutError")
        self.assertIn("8 hours", latest["errorDetails"]["message"])
        self.assertGreaterEqual(elapsed, 28800 * SCALE)  # not before its (scaled) 8 hours
        self.assertLess(elapsed, 35)                      # nor at the build's own end
        self.assertEqual(actions["Drop"]["status"], "Succeeded")  # the source's hour (1.25 s) was enough

    def test_a_quick_build_is_not_timed_out(self):
        self.cp.create_pipeline(pipeline=self.declaration("quick-build", self.build(1)))
        e, actions = self.finished("quick-build")
        self.assertEqual(e["status"], "Succeeded", e)

    def test_an_approval_times_out_after_its_timeout_in_minutes(self):
        self.cp.create_pipeline(pipeline=self.declaration("short-approval", self.approval(timeoutInMinutes=5)))
        self.assertEqual(self.cp.get_pipeline(name="short-approval")["pipeline"]["stages"][1]["actions"][0][
            "timeoutInMinutes"], 5)
        e, actions = self.finished("short-approval", timeout=30)
        self.assertEqual(e["status"], "Failed")
        latest = self.state_of("short-approval", "Approve")
        self.assertEqual(latest["errorDetails"]["code"], "TimeoutError")
        self.assertEqual(latest["errorDetails"]["message"], "The approval was not given within 5 minutes")
        # Without timeoutInMinutes an approval has 7 days (here 210 s): it still waits.
        self.cp.create_pipeline(pipeline=self.declaration("long-approval", self.approval()))
        deadline = time.time() + 20
        while time.time() < deadline and self.state_of("long-approval", "Approve").get("status") != "InProgress":
            time.sleep(0.2)
        time.sleep(1)
        self.assertEqual(self.state_of("long-approval", "Approve")["status"], "InProgress")

    def test_timeout_in_minutes_is_checked(self):
        # botocore checks the minimum itself; without its check the service's answer shows.
        raw = self.lc.session("build").client("codepipeline", endpoint_url=self.lc.endpoint,
                                               config=botocore.config.Config(parameter_validation=False))
        for action, code in ((self.approval(timeoutInMinutes=4), "ValidationException"),
                             (self.approval(timeoutInMinutes=86401), "ValidationException"),
                             (self.build(1, timeoutInMinutes=10), "InvalidStructureException")):
            with self.assertRaises(raw.exceptions.ClientError) as ctx:
                raw.create_pipeline(pipeline=self.declaration("bad-timeout", action))
            self.assertEqual(ctx.exception.response["Error"]["Code"], code)
            self.assertIn("timeoutInMinutes", ctx.exception.response["Error"]["Message"])


if __name__ == "__main__":
    unittest.main()
