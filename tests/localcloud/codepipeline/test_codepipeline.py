"""CodePipeline over the wire with boto3 and the AWS CLI v2: structure validation with AWS's error codes, a
pipeline from a linked repository through a real CodeBuild build to a manual approval (approved and rejected),
a failed build, a new commit starting an execution, StopPipelineExecution, and a restart of localcloud with an
approval waiting."""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
import lc_fixture  # noqa: E402
from lc_fixture import ACCOUNTS, LocalCloud, policy  # noqa: E402

BUILD = ACCOUNTS["build"]


def service_trust(service):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})


ALL = {"Effect": "Allow", "Action": ["s3:*", "codebuild:*", "logs:*", "cloudformation:*", "iam:PassRole"],
       "Resource": "*"}
TEMPLATE = {"Parameters": {"Value": {"Type": "String"}},
            "Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {
                "Name": "/deployed/by-pipeline", "Type": "String", "Value": {"Ref": "Value"}}}},
            "Outputs": {"Name": {"Value": {"Ref": "P"}}}}
ENV = {"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL"}
SPEC = """version: 0.2
env:
  exported-variables: [GREETING]
phases:
  build:
    commands:
      - test -f app.txt
      - cat app.txt > out.txt
      - export GREETING=hello-$MODE
artifacts:
  files: [out.txt]
"""


class CodePipelineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ.setdefault("CDKPP_LOCALCLOUD_REPO_POLL_MS", "100")
        cls.lc = LocalCloud()
        cls.lc.start()
        cls.setup_account()

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    @classmethod
    def setup_account(cls):
        iam = cls.lc.client("iam", "build")
        for name, svc in (("pipe-role", "codepipeline.amazonaws.com"), ("build-role", "codebuild.amazonaws.com")):
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=service_trust(svc))
            iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=policy(ALL))
        iam.create_role(RoleName="cfn-exec", AssumeRolePolicyDocument=service_trust("cloudformation.amazonaws.com"))
        iam.put_role_policy(RoleName="cfn-exec", PolicyName="ssm", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "ssm:*", "Resource": "*"}))
        cls.lc.client("s3", "build").create_bucket(
            Bucket="artifacts-cp", CreateBucketConfiguration={"LocationConstraint": lc_fixture.REGION})
        cb = cls.lc.client("codebuild", "build")
        for name, spec in (("app", SPEC), ("broken", SPEC.replace("test -f app.txt", "exit 3"))):
            cb.create_project(name=name, source={"type": "CODEPIPELINE", "buildspec": spec},
                              artifacts={"type": "CODEPIPELINE"}, environment=ENV,
                              serviceRole=f"arn:aws:iam::{BUILD}:role/build-role")
        cls.repo = tempfile.mkdtemp(prefix="cp-repo-")
        cls.git = ["git", "-C", cls.repo, "-c", "user.name=t", "-c", "user.email=t@e"]
        subprocess.run(["git", "init", "-q", "-b", "main", cls.repo], check=True)
        with open(os.path.join(cls.repo, "template.json"), "w") as f:
            json.dump(TEMPLATE, f)
        cls.commit("one")
        subprocess.run([lc_fixture.BIN, "link-repo", "Acme/App", cls.repo, "--data-dir", cls.lc.data_dir],
                       check=True, capture_output=True)
        cls.cp = cls.lc.client("codepipeline", "build")

    @classmethod
    def commit(cls, text):
        with open(os.path.join(cls.repo, "app.txt"), "w") as f:
            f.write(text + "\n")
        subprocess.run(cls.git + ["add", "."], check=True)
        subprocess.run(cls.git + ["commit", "-q", "-m", text], check=True)
        return subprocess.run(cls.git + ["rev-parse", "HEAD"], check=True, capture_output=True,
                              text=True).stdout.strip()

    def declaration(self, name, project="app", approval=True):
        stages = [
            {"name": "Source", "actions": [{
                "name": "Acme_App", "actionTypeId": {"category": "Source", "owner": "ThirdParty",
                                                     "provider": "GitHub", "version": "1"},
                "configuration": {"Owner": "Acme", "Repo": "App", "Branch": "main", "OAuthToken": "x",
                                  "PollForSourceChanges": "false"},
                "outputArtifacts": [{"name": "Src"}], "namespace": "SourceVariables"}]},
            {"name": "Build", "actions": [{
                "name": "Synth", "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild",
                                                  "version": "1"},
                "configuration": {"ProjectName": project, "EnvironmentVariables": json.dumps(
                    [{"name": "MODE", "value": "#{SourceVariables.BranchName}", "type": "PLAINTEXT"}])},
                "inputArtifacts": [{"name": "Src"}], "outputArtifacts": [{"name": "Out"}],
                "namespace": "BuildVariables"}]},
        ]
        if approval:
            stages.append({"name": "Dev", "actions": [{
                "name": "Approve", "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual",
                                                    "version": "1"}, "runOrder": 1}]})
        return {"name": name, "roleArn": f"arn:aws:iam::{BUILD}:role/pipe-role",
                "artifactStore": {"type": "S3", "location": "artifacts-cp"}, "stages": stages}

    def wait(self, name, pred, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            state = self.cp.get_pipeline_state(name=name)
            if pred(state):
                return state
            time.sleep(0.2)
        self.fail(f"timed out: {json.dumps(state, default=str)}")

    def latest(self, name):
        return self.cp.list_pipeline_executions(pipelineName=name)["pipelineExecutionSummaries"][0]

    def wait_execution(self, name, execution_id, statuses, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            e = self.cp.get_pipeline_execution(pipelineName=name, pipelineExecutionId=execution_id)
            if e["pipelineExecution"]["status"] in statuses:
                return e["pipelineExecution"]
            time.sleep(0.2)
        self.fail(f"execution {execution_id} still {e['pipelineExecution']['status']}")

    @staticmethod
    def action(state, stage, action):
        for s in state["stageStates"]:
            if s["stageName"] == stage:
                for a in s["actionStates"]:
                    if a["actionName"] == action:
                        return a.get("latestExecution", {})
        return {}

    def approval_waiting(self, state):
        return self.action(state, "Dev", "Approve").get("status") == "InProgress"

    def test_structure_is_validated(self):
        d = self.declaration("bad")
        cases = [
            (dict(d, stages=d["stages"][:1]), "InvalidStructureException", "at least two stages"),
            (dict(d, stages=[d["stages"][1], d["stages"][0]]), "InvalidStructureException", "only source actions"),
        ]
        bad_input = json.loads(json.dumps(d))
        bad_input["stages"][1]["actions"][0]["inputArtifacts"] = [{"name": "Nope"}]
        cases.append((bad_input, "InvalidStructureException", "Nope"))
        dup = json.loads(json.dumps(d))
        dup["stages"][1]["actions"][0]["outputArtifacts"] = [{"name": "Src"}]
        cases.append((dup, "InvalidStructureException", "unique"))
        unknown = json.loads(json.dumps(d))
        unknown["stages"][1]["actions"][0]["actionTypeId"]["provider"] = "Jenkins"
        cases.append((unknown, "ActionTypeNotFoundException", "Jenkins"))
        for decl, code, text in cases:
            with self.assertRaises(self.cp.exceptions.ClientError) as ctx:
                self.cp.create_pipeline(pipeline=decl)
            self.assertEqual(ctx.exception.response["Error"]["Code"], code)
            self.assertIn(text, ctx.exception.response["Error"]["Message"])
        self.assertNotIn("bad", [p["name"] for p in self.cp.list_pipelines()["pipelines"]])
        with self.assertRaises(self.cp.exceptions.PipelineNotFoundException):
            self.cp.get_pipeline_state(name="missing")

    def test_run_to_approval_then_approve_and_reject(self):
        created = self.cp.create_pipeline(pipeline=self.declaration("flow"), tags=[{"key": "k", "value": "v"}])
        self.assertEqual(created["pipeline"]["version"], 1)
        with self.assertRaises(self.cp.exceptions.PipelineNameInUseException):
            self.cp.create_pipeline(pipeline=self.declaration("flow"))
        state = self.wait("flow", self.approval_waiting)
        token = self.action(state, "Dev", "Approve")["token"]
        self.assertEqual(self.action(state, "Build", "Synth")["status"], "Succeeded")
        first = self.latest("flow")
        self.assertEqual(first["trigger"]["triggerType"], "CreatePipeline")
        # The build ran with the source artifact, its variables came from #{SourceVariables.BranchName}.
        details = self.cp.list_action_executions(
            pipelineName="flow", filter={"pipelineExecutionId": first["pipelineExecutionId"]})["actionExecutionDetails"]
        synth = [d for d in details if d["actionName"] == "Synth"][0]
        self.assertEqual(synth["output"]["outputVariables"], {"GREETING": "hello-main"})
        self.assertIn("main", synth["input"]["resolvedConfiguration"]["EnvironmentVariables"])
        with self.assertRaises(self.cp.exceptions.InvalidApprovalTokenException):
            self.cp.put_approval_result(pipelineName="flow", stageName="Dev", actionName="Approve",
                                        result={"summary": "no", "status": "Approved"}, token="0" * 36)
        rc, out, err = self.lc.aws("build", "codepipeline", "put-approval-result", "--pipeline-name", "flow",
                                   "--stage-name", "Dev", "--action-name", "Approve", "--token", token,
                                   "--result", "summary=ship it,status=Approved")
        self.assertIn("approvedAt", out)
        e = self.wait_execution("flow", first["pipelineExecutionId"], ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Succeeded")
        with self.assertRaises(self.cp.exceptions.ApprovalAlreadyCompletedException):
            self.cp.put_approval_result(pipelineName="flow", stageName="Dev", actionName="Approve",
                                        result={"summary": "again", "status": "Approved"}, token=token)
        # A second execution, rejected: the stage and the execution fail.
        second = self.cp.start_pipeline_execution(name="flow")["pipelineExecutionId"]
        state = self.wait("flow", lambda s: self.approval_waiting(s) and
                          s["stageStates"][2]["latestExecution"]["pipelineExecutionId"] == second)
        self.cp.put_approval_result(pipelineName="flow", stageName="Dev", actionName="Approve",
                                    result={"summary": "not today", "status": "Rejected"},
                                    token=self.action(state, "Dev", "Approve")["token"])
        e = self.wait_execution("flow", second, ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Failed")
        self.assertIn("not today", e["statusSummary"])
        tags = self.cp.list_tags_for_resource(resourceArn=f"arn:aws:codepipeline:{lc_fixture.REGION}:{BUILD}:flow")
        self.assertEqual(tags["tags"], [{"key": "k", "value": "v"}])

    def test_failed_build_fails_the_execution(self):
        self.cp.create_pipeline(pipeline=self.declaration("fails", project="broken", approval=False))
        first = self.latest("fails")["pipelineExecutionId"]
        e = self.wait_execution("fails", first, ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Failed")
        state = self.cp.get_pipeline_state(name="fails")
        self.assertEqual(self.action(state, "Build", "Synth")["status"], "Failed")
        self.assertIn("FAILED", self.action(state, "Build", "Synth")["errorDetails"]["message"])

    def test_new_commit_starts_an_execution_and_stop(self):
        self.cp.create_pipeline(pipeline=self.declaration("watch"))
        self.wait("watch", self.approval_waiting)
        before = len(self.cp.list_pipeline_executions(pipelineName="watch")["pipelineExecutionSummaries"])
        head = self.commit("two-" + str(time.time()))
        deadline = time.time() + 30
        while time.time() < deadline:
            summaries = self.cp.list_pipeline_executions(pipelineName="watch")["pipelineExecutionSummaries"]
            if len(summaries) > before:
                break
            time.sleep(0.2)
        newest = summaries[0]
        self.assertEqual(newest["trigger"]["triggerType"], "Webhook")
        # It stops at the approval stage's boundary (occupied by the first) or supersedes; stop it either way.
        self.wait_execution("watch", newest["pipelineExecutionId"], ["InProgress"])
        time.sleep(1)
        e = self.cp.get_pipeline_execution(pipelineName="watch", pipelineExecutionId=newest["pipelineExecutionId"])
        self.assertEqual(e["pipelineExecution"]["artifactRevisions"][0]["revisionId"], head)
        self.cp.stop_pipeline_execution(pipelineName="watch", pipelineExecutionId=newest["pipelineExecutionId"],
                                        abandon=True, reason="enough")
        e = self.wait_execution("watch", newest["pipelineExecutionId"], ["Stopped"])
        with self.assertRaises(self.cp.exceptions.PipelineExecutionNotStoppableException):
            self.cp.stop_pipeline_execution(pipelineName="watch", pipelineExecutionId=newest["pipelineExecutionId"])

    def test_cloudformation_deploy_as_the_cfn_role(self):
        d = self.declaration("deploy", approval=False)
        d["stages"][1] = {"name": "Deploy", "actions": [{
            "name": "Stack", "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CloudFormation",
                                              "version": "1"},
            "configuration": {"ActionMode": "CREATE_UPDATE", "StackName": "piped",
                              "TemplatePath": "Src::template.json",
                              "ParameterOverrides": json.dumps({"Value": "#{SourceVariables.CommitId}"}),
                              "RoleArn": f"arn:aws:iam::{BUILD}:role/cfn-exec", "OutputFileName": "out.json"},
            "inputArtifacts": [{"name": "Src"}], "outputArtifacts": [{"name": "StackOut"}],
            "namespace": "DeployVariables"}]}
        self.cp.create_pipeline(pipeline=d)
        first = self.latest("deploy")["pipelineExecutionId"]
        e = self.wait_execution("deploy", first, ["Succeeded", "Failed"])
        state = self.cp.get_pipeline_state(name="deploy")
        self.assertEqual(e["status"], "Succeeded", json.dumps(state, default=str))
        value = self.lc.client("ssm", "build").get_parameter(Name="/deployed/by-pipeline")["Parameter"]["Value"]
        self.assertEqual(value, e["artifactRevisions"][0]["revisionId"])
        details = self.cp.list_action_executions(pipelineName="deploy")["actionExecutionDetails"]
        stack = [x for x in details if x["actionName"] == "Stack"][0]
        self.assertEqual(stack["output"]["outputVariables"], {"Name": "/deployed/by-pipeline"})
        # Without the cfn role's ssm permission the stack fails, and so does the action.
        cfn = self.lc.client("cloudformation", "build")
        cfn.delete_stack(StackName="piped")
        deadline = time.time() + 30
        while time.time() < deadline and [s for s in cfn.list_stacks()["StackSummaries"]
                                          if s["StackName"] == "piped" and s["StackStatus"] != "DELETE_COMPLETE"]:
            time.sleep(0.2)
        self.lc.client("iam", "build").delete_role_policy(RoleName="cfn-exec", PolicyName="ssm")
        try:
            second = self.cp.start_pipeline_execution(name="deploy")["pipelineExecutionId"]
            e = self.wait_execution("deploy", second, ["Succeeded", "Failed"])
            self.assertEqual(e["status"], "Failed")
            self.assertIn("ssm:PutParameter", e["statusSummary"])
        finally:
            self.lc.client("iam", "build").put_role_policy(RoleName="cfn-exec", PolicyName="ssm", PolicyDocument=policy(
                {"Effect": "Allow", "Action": "ssm:*", "Resource": "*"}))

    def test_pipeline_from_a_stack(self):
        d = self.declaration("unused", approval=False)

        def pascal(v):
            if isinstance(v, list):
                return [pascal(x) for x in v]
            if isinstance(v, dict):
                return {k[0].upper() + k[1:]: (x if k == "configuration" else pascal(x)) for k, x in v.items()}
            return v
        props = pascal({k: v for k, v in d.items() if k != "name"})
        props["Name"] = "from-stack"
        props["RestartExecutionOnUpdate"] = True
        template = {"Resources": {"Pipe": {"Type": "AWS::CodePipeline::Pipeline", "Properties": props}},
                    "Outputs": {"Name": {"Value": {"Ref": "Pipe"}}, "Version": {"Value": {"Fn::GetAtt": ["Pipe", "Version"]}}}}
        cfn = self.lc.client("cloudformation", "build")
        cfn.create_stack(StackName="pipe-stack", TemplateBody=json.dumps(template))
        deadline = time.time() + 30
        while time.time() < deadline:
            stack = cfn.describe_stacks(StackName="pipe-stack")["Stacks"][0]
            if not stack["StackStatus"].endswith("IN_PROGRESS"):
                break
            time.sleep(0.2)
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE", stack.get("StackStatusReason"))
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        self.assertEqual(outputs, {"Name": "from-stack", "Version": "1"})
        e = self.wait_execution("from-stack", self.latest("from-stack")["pipelineExecutionId"], ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Succeeded")

    def test_zz_restart_with_an_approval_waiting(self):
        self.cp.create_pipeline(pipeline=self.declaration("restart"))
        state = self.wait("restart", self.approval_waiting)
        token = self.action(state, "Dev", "Approve")["token"]
        self.lc.stop()
        self.lc.start()
        self.__class__.cp = self.lc.client("codepipeline", "build")
        state = self.cp.get_pipeline_state(name="restart")
        self.assertEqual(self.action(state, "Dev", "Approve")["status"], "InProgress")
        self.cp.put_approval_result(pipelineName="restart", stageName="Dev", actionName="Approve",
                                    result={"summary": "after restart", "status": "Approved"}, token=token)
        e = self.wait_execution("restart", self.latest("restart")["pipelineExecutionId"], ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Succeeded")
        # The source watcher was subscribed again: a commit after the restart starts an execution.
        self.commit("after-restart")
        deadline = time.time() + 30
        while time.time() < deadline and self.latest("restart")["trigger"]["triggerType"] != "Webhook":
            time.sleep(0.2)
        self.assertEqual(self.latest("restart")["trigger"]["triggerType"], "Webhook")


if __name__ == "__main__":
    unittest.main()
