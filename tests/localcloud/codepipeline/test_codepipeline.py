"""CodePipeline over the wire with boto3 and the AWS CLI v2: structure validation with AWS's error codes, a
pipeline from a linked repository through a real CodeBuild build to a manual approval (approved and rejected),
a failed build, a new commit starting an execution, StopPipelineExecution (stop and abandon), superseded
executions, parallel run orders (measured to overlap), RestartExecutionOnUpdate after a self-mutation, a template
over TemplateBody's 51,200 bytes, the S3 source with polling, and a restart of localcloud with an approval
waiting."""
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


ALL = {"Effect": "Allow", "Action": ["s3:*", "codebuild:*", "logs:*", "cloudformation:*", "iam:PassRole",
                                     "codepipeline:*"],
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


SLEEPER = """version: 0.2
phases:
  build:
    commands:
      - sleep ${SLEEP:-1}
"""
# Self-mutation: the build updates the stack that holds its own pipeline (as `cdk deploy PipelineStack` does in
# CDK Pipelines' SelfMutate) and waits for the update; an update with no changes is fine.
MUTATOR = """version: 0.2
phases:
  build:
    commands:
      - aws cloudformation update-stack --stack-name self-mutating --template-body file://pipeline-v2.json > out.txt 2>&1 || grep -q "No updates are to be performed" out.txt
      - while aws cloudformation describe-stacks --stack-name self-mutating --query 'Stacks[0].StackStatus' --output text | grep -q IN_PROGRESS; do sleep 0.2; done
      - aws cloudformation describe-stacks --stack-name self-mutating --query 'Stacks[0].StackStatus' --output text | grep -q UPDATE_COMPLETE
"""


def pascal(v):
    if isinstance(v, list):
        return [pascal(x) for x in v]
    if isinstance(v, dict):
        return {k[0].upper() + k[1:]: (x if k == "configuration" else pascal(x)) for k, x in v.items()}
    return v


class CodePipelineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ.setdefault("CDKPP_LOCALCLOUD_REPO_POLL_MS", "100")
        os.environ.setdefault("CDKPP_LOCALCLOUD_S3_POLL_MS", "200")
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
        for name, spec in (("app", SPEC), ("broken", SPEC.replace("test -f app.txt", "exit 3")),
                           ("sleeper", SLEEPER), ("mutator", MUTATOR)):
            cb.create_project(name=name, source={"type": "CODEPIPELINE", "buildspec": spec},
                              artifacts={"type": "CODEPIPELINE"}, environment=ENV,
                              serviceRole=f"arn:aws:iam::{BUILD}:role/build-role")
        cls.repo = tempfile.mkdtemp(prefix="cp-repo-")
        cls.git = ["git", "-C", cls.repo, "-c", "user.name=t", "-c", "user.email=t@e"]
        subprocess.run(["git", "init", "-q", "-b", "main", cls.repo], check=True)
        with open(os.path.join(cls.repo, "template.json"), "w") as f:
            json.dump(TEMPLATE, f)
        # Over TemplateBody's 51,200 bytes: a CloudFormation action must pass it by TemplateURL.
        big = json.loads(json.dumps(TEMPLATE))
        big["Metadata"] = {"Padding": "x" * 60000}
        big["Resources"]["P"]["Properties"]["Name"] = "/deployed/big"
        with open(os.path.join(cls.repo, "big.json"), "w") as f:
            json.dump(big, f)
        with open(os.path.join(cls.repo, "pipeline-v2.json"), "w") as f:
            json.dump(cls.self_mutating_template(2), f)
        cls.commit("one")
        subprocess.run([lc_fixture.BIN, "link-repo", "Acme/App", cls.repo, "--data-dir", cls.lc.data_dir],
                       check=True, capture_output=True)
        cls.cp = cls.lc.client("codepipeline", "build")

    @classmethod
    def self_mutating_template(cls, version):
        """The stack holding the pipeline `self-mutating`: Source -> Mutate (updates this stack to version 2),
        and in version 2 one more stage."""
        source = {"name": "Source", "actions": [{
            "name": "Acme_App", "actionTypeId": {"category": "Source", "owner": "ThirdParty", "provider": "GitHub",
                                                 "version": "1"},
            "configuration": {"Owner": "Acme", "Repo": "App", "Branch": "main", "OAuthToken": "x",
                              "PollForSourceChanges": "false"},
            "outputArtifacts": [{"name": "Src"}]}]}
        build = {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"}
        stages = [source, {"name": "Mutate", "actions": [{"name": "SelfMutate", "actionTypeId": build,
                                                          "configuration": {"ProjectName": "mutator"},
                                                          "inputArtifacts": [{"name": "Src"}]}]}]
        if version == 2:
            stages.append({"name": "After", "actions": [{"name": "Run", "actionTypeId": build,
                                                         "configuration": {"ProjectName": "sleeper"},
                                                         "inputArtifacts": [{"name": "Src"}]}]})
        props = pascal({"roleArn": f"arn:aws:iam::{BUILD}:role/pipe-role",
                        "artifactStore": {"type": "S3", "location": "artifacts-cp"}, "stages": stages})
        props["Name"] = "self-mutating"
        props["RestartExecutionOnUpdate"] = True
        return {"Resources": {"Pipe": {"Type": "AWS::CodePipeline::Pipeline", "Properties": props}}}

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

    def wait_execution(self, name, execution_id, statuses, timeout=90):
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
        props = pascal({k: v for k, v in d.items() if k != "name"})
        props["Name"] = "from-stack"
        props["RestartExecutionOnUpdate"] = True
        # As aws-cdk-lib renders it: a boolean in the configuration, which the API gives back as a string.
        props["Stages"][0]["Actions"][0]["Configuration"]["PollForSourceChanges"] = False
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
        source = self.cp.get_pipeline(name="from-stack")["pipeline"]["stages"][0]["actions"][0]
        self.assertEqual(source["configuration"]["PollForSourceChanges"], "false")
        e = self.wait_execution("from-stack", self.latest("from-stack")["pipelineExecutionId"], ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Succeeded")

    def executions(self, name):
        return {e["pipelineExecutionId"]: e for e in
                self.cp.list_pipeline_executions(pipelineName=name)["pipelineExecutionSummaries"]}

    def test_superseded_at_a_stage_boundary(self):
        # V1: the first execution holds Dev (its approval waits); the second waits to enter Dev; a third
        # overtakes it there and the second ends Superseded.
        self.cp.create_pipeline(pipeline=self.declaration("supersede"))
        first = self.latest("supersede")["pipelineExecutionId"]
        self.wait("supersede", self.approval_waiting)
        second = self.cp.start_pipeline_execution(name="supersede")["pipelineExecutionId"]
        self.wait("supersede", lambda s: s["stageStates"][2].get("inboundExecution", {}).get(
            "pipelineExecutionId") == second)
        third = self.cp.start_pipeline_execution(name="supersede")["pipelineExecutionId"]
        e = self.wait_execution("supersede", second, ["Superseded", "Failed", "Succeeded"])
        self.assertEqual(e["status"], "Superseded")
        state = self.wait("supersede", lambda s: s["stageStates"][2].get("inboundExecution", {}).get(
            "pipelineExecutionId") == third)
        self.assertEqual(self.executions("supersede")[first]["status"], "InProgress")
        # The approval lets the first go; the third enters Dev and waits at its own approval.
        self.cp.put_approval_result(pipelineName="supersede", stageName="Dev", actionName="Approve",
                                    result={"summary": "go", "status": "Approved"},
                                    token=self.action(state, "Dev", "Approve")["token"])
        self.assertEqual(self.wait_execution("supersede", first, ["Succeeded", "Failed"])["status"], "Succeeded")
        self.wait("supersede", lambda s: self.approval_waiting(s) and
                  s["stageStates"][2]["latestExecution"]["pipelineExecutionId"] == third)
        self.cp.stop_pipeline_execution(pipelineName="supersede", pipelineExecutionId=third, abandon=True)

    def test_parallel_run_orders_overlap(self):
        d = self.declaration("parallel", approval=False)
        action = {"actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                  "configuration": {"ProjectName": "sleeper", "EnvironmentVariables": json.dumps(
                      [{"name": "SLEEP", "value": "1.5", "type": "PLAINTEXT"}])},
                  "inputArtifacts": [{"name": "Src"}]}
        d["stages"][1] = {"name": "Build", "actions": [dict(action, name="A", runOrder=1),
                                                       dict(action, name="B", runOrder=1),
                                                       dict(action, name="C", runOrder=2)]}
        self.cp.create_pipeline(pipeline=d)
        e = self.wait_execution("parallel", self.latest("parallel")["pipelineExecutionId"], ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Succeeded")
        details = {x["actionName"]: x for x in self.cp.list_action_executions(pipelineName="parallel")[
            "actionExecutionDetails"]}
        cb = self.lc.client("codebuild", "build")

        def build_phase(name):
            build = cb.batch_get_builds(ids=[details[name]["output"]["executionResult"]["externalExecutionId"]])
            phase = [p for p in build["builds"][0]["phases"] if p["phaseType"] == "BUILD"][0]
            return phase["startTime"].timestamp(), phase["endTime"].timestamp()
        a, b, c = build_phase("A"), build_phase("B"), build_phase("C")
        overlap = min(a[1], b[1]) - max(a[0], b[0])
        print(f"\nrun order 1: A {a[1] - a[0]:.2f} s, B {b[1] - b[0]:.2f} s, overlapping {overlap:.2f} s",
              file=sys.stderr)
        self.assertGreater(overlap, 1.0, "A and B (run order 1) did not run at once")
        self.assertGreaterEqual(c[0], max(a[1], b[1]), "C (run order 2) started before run order 1 ended")

    def test_stop_lets_the_running_action_finish(self):
        d = self.declaration("stopwait")
        d["stages"][1]["actions"][0]["configuration"] = {"ProjectName": "sleeper", "EnvironmentVariables": json.dumps(
            [{"name": "SLEEP", "value": "3", "type": "PLAINTEXT"}])}
        del d["stages"][1]["actions"][0]["outputArtifacts"]
        self.cp.create_pipeline(pipeline=d)
        first = self.latest("stopwait")["pipelineExecutionId"]
        self.wait("stopwait", lambda s: self.action(s, "Build", "Synth").get("status") == "InProgress")
        self.cp.stop_pipeline_execution(pipelineName="stopwait", pipelineExecutionId=first, reason="wait for it")
        self.assertEqual(self.cp.get_pipeline_execution(pipelineName="stopwait", pipelineExecutionId=first)[
            "pipelineExecution"]["status"], "Stopping")
        with self.assertRaises(self.cp.exceptions.DuplicatedStopRequestException):
            self.cp.stop_pipeline_execution(pipelineName="stopwait", pipelineExecutionId=first)
        e = self.wait_execution("stopwait", first, ["Stopped", "Failed", "Succeeded"])
        self.assertEqual(e["status"], "Stopped")
        state = self.cp.get_pipeline_state(name="stopwait")
        self.assertEqual(self.action(state, "Build", "Synth")["status"], "Succeeded")  # it ran to its end
        self.assertEqual(self.action(state, "Dev", "Approve"), {})  # Dev was never entered

    def test_restart_execution_on_update_after_self_mutation(self):
        cfn = self.lc.client("cloudformation", "build")
        cfn.create_stack(StackName="self-mutating", TemplateBody=json.dumps(self.self_mutating_template(1)))
        first = self.wait_for_executions("self-mutating", 1)[0]
        e = self.wait_execution("self-mutating", first, ["Succeeded", "Failed"], timeout=120)
        # The SelfMutate action succeeded; its stage and the execution end there (the pipeline changed under it).
        self.assertEqual(e["status"], "Failed", e)
        self.assertIn("updated to version 2", e["statusSummary"])
        details = self.cp.list_action_executions(pipelineName="self-mutating",
                                                 filter={"pipelineExecutionId": first})["actionExecutionDetails"]
        self.assertEqual([x["status"] for x in details if x["actionName"] == "SelfMutate"], ["Succeeded"])
        # CloudFormation started the new version.
        ids = self.wait_for_executions("self-mutating", 2)
        second = [i for i in ids if i != first][0]
        summary = self.executions("self-mutating")[second]
        self.assertEqual(summary["trigger"]["triggerType"], "StartPipelineExecution")
        e = self.wait_execution("self-mutating", second, ["Succeeded", "Failed"], timeout=120)
        self.assertEqual(e["status"], "Succeeded", e)
        self.assertEqual(e["pipelineVersion"], 2)
        self.assertEqual(len(self.executions("self-mutating")), 2)  # no update, no third

    def wait_for_executions(self, name, n, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                summaries = self.cp.list_pipeline_executions(pipelineName=name)["pipelineExecutionSummaries"]
            except self.cp.exceptions.PipelineNotFoundException:  # the stack is still creating it
                summaries = []
            if len(summaries) >= n:
                return [x["pipelineExecutionId"] for x in summaries]
            time.sleep(0.2)
        self.fail(f"{name}: fewer than {n} executions")

    def test_template_over_the_template_body_limit(self):
        cfn = self.lc.client("cloudformation", "build")
        with open(os.path.join(self.repo, "big.json")) as f:
            body = f.read()
        self.assertGreater(len(body), 51200)
        with self.assertRaises(cfn.exceptions.ClientError) as ctx:
            cfn.create_stack(StackName="too-big", TemplateBody=body)
        self.assertIn("51200", str(ctx.exception))
        d = self.declaration("bigtemplate", approval=False)
        d["stages"][1] = {"name": "Deploy", "actions": [{
            "name": "Stack", "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CloudFormation",
                                              "version": "1"},
            "configuration": {"ActionMode": "CREATE_UPDATE", "StackName": "big-piped",
                              "TemplatePath": "Src::big.json",
                              "ParameterOverrides": json.dumps({"Value": "big"}),
                              "RoleArn": f"arn:aws:iam::{BUILD}:role/cfn-exec"},
            "inputArtifacts": [{"name": "Src"}]}]}
        self.cp.create_pipeline(pipeline=d)
        e = self.wait_execution("bigtemplate", self.latest("bigtemplate")["pipelineExecutionId"],
                                ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Succeeded", e)
        stack = cfn.describe_stacks(StackName="big-piped")["Stacks"][0]
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
        got = cfn.get_template(StackName="big-piped")["TemplateBody"]
        self.assertGreater(len(got if isinstance(got, str) else json.dumps(got)), 51200)
        value = self.lc.client("ssm", "build").get_parameter(Name="/deployed/big")["Parameter"]["Value"]
        self.assertEqual(value, "big")

    def test_s3_source_polled(self):
        s3 = self.lc.client("s3", "build")
        s3.create_bucket(Bucket="source-cp", CreateBucketConfiguration={"LocationConstraint": lc_fixture.REGION})
        zip_path = os.path.join(tempfile.mkdtemp(prefix="cp-s3src-"), "src.zip")

        def upload(text):
            d = os.path.dirname(zip_path)
            with open(os.path.join(d, "app.txt"), "w") as f:
                f.write(text)
            if os.path.exists(zip_path):
                os.remove(zip_path)
            subprocess.run(["zip", "-q", "-j", zip_path, os.path.join(d, "app.txt")], check=True)
            with open(zip_path, "rb") as f:
                return s3.put_object(Bucket="source-cp", Key="drop/src.zip", Body=f.read())["ETag"].strip('"')
        first_etag = upload("one")
        d = self.declaration("s3src", approval=False)
        d["stages"][0]["actions"][0] = {
            "name": "Drop", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
            "configuration": {"S3Bucket": "source-cp", "S3ObjectKey": "drop/src.zip"},
            "outputArtifacts": [{"name": "Src"}], "namespace": "SourceVariables"}
        d["stages"][1]["actions"][0]["configuration"]["EnvironmentVariables"] = json.dumps(
            [{"name": "MODE", "value": "#{SourceVariables.ETag}", "type": "PLAINTEXT"}])
        self.cp.create_pipeline(pipeline=d)
        first = self.latest("s3src")["pipelineExecutionId"]
        e = self.wait_execution("s3src", first, ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Succeeded", e)
        self.assertEqual(e["artifactRevisions"][0]["revisionId"], first_etag)
        # A new object: the poll (CDKPP_LOCALCLOUD_S3_POLL_MS) starts an execution.
        second_etag = upload("two")
        deadline = time.time() + 30
        while time.time() < deadline and len(self.executions("s3src")) < 2:
            time.sleep(0.2)
        newest = self.latest("s3src")
        self.assertEqual(newest["trigger"]["triggerType"], "PollForSourceChanges")
        e = self.wait_execution("s3src", newest["pipelineExecutionId"], ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Succeeded", e)
        self.assertEqual(e["artifactRevisions"][0]["revisionId"], second_etag)
        details = self.cp.list_action_executions(pipelineName="s3src", filter={
            "pipelineExecutionId": newest["pipelineExecutionId"]})["actionExecutionDetails"]
        synth = [x for x in details if x["actionName"] == "Synth"][0]
        self.assertEqual(synth["output"]["outputVariables"], {"GREETING": "hello-" + second_etag})
        time.sleep(1.5)
        self.assertEqual(len(self.executions("s3src")), 2)  # an unchanged object starts nothing

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
