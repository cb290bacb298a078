"""`cdkpp pipeline` end to end: the built cdkpp against localcloud, the stock AWS CLI v2 as the second opinion.

The build account (999999999999) runs a pipeline: a linked GitHub repository, a CodeBuild synth that writes a
cloud assembly with nested stage assemblies, then per target a manual approval and CDK Pipelines' CloudFormation
Prepare/Deploy actions with the target's bootstrap roles. Dev (111111111111) is bootstrapped with --trust
999999999999; Test (222222222222) is bootstrapped without it, so its lookup role does not trust the build account.
boto3 builds the fixture; everything the operator does goes through the cdkpp binary."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "localcloud", "server"))
import lc_fixture  # noqa: E402
from lc_fixture import LocalCloud, policy  # noqa: E402

CDKPP = os.environ.get("CDKPP_BIN", os.path.join(lc_fixture.ROOT, "build", "bin", "cdkpp"))
BUILD, DEV, TEST = "999999999999", "111111111111", "222222222222"
REGION = lc_fixture.REGION
NAME = "MultiAccountPipeline"
GOLDEN = os.path.join(HERE, "approve_dev_change.golden")


def service_trust(service):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})


def stack_template(version, extra_statements=()):
    statements = [{"Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "*"}] + list(extra_statements)
    return {"Resources": {
        "FunctionServiceRole": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
        "FunctionServiceRoleDefaultPolicy": {"Type": "AWS::IAM::Policy", "Properties": {
            "PolicyName": "FunctionServiceRoleDefaultPolicy",
            "PolicyDocument": {"Version": "2012-10-17", "Statement": statements},
            "Roles": [{"Ref": "FunctionServiceRole"}]}},
        "Function": {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": "nodejs18.x", "Handler": "index.handler",
            "Role": {"Fn::GetAtt": ["FunctionServiceRole", "Arn"]},
            "Code": {"ZipFile": "exports.handler = async () => 'hello from " + version + "';"}},
            "DependsOn": ["FunctionServiceRoleDefaultPolicy", "FunctionServiceRole"]}}}


def role(kind, account):
    return f"arn:aws:iam::{account}:role/cdk-myapp-{kind}-role-{account}-{REGION}"


def stage_declaration(stage, account):
    deploy = {"category": "Deploy", "owner": "AWS", "provider": "CloudFormation", "version": "1"}
    common = {"StackName": f"{stage}-LambdaStack", "ChangeSetName": "PipelineChange"}
    return {"name": stage, "actions": [
        {"name": "Approve", "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual",
                                             "version": "1"}, "runOrder": 1},
        {"name": "LambdaStack.Prepare", "actionTypeId": deploy, "runOrder": 2, "roleArn": role("deploy", account),
         "inputArtifacts": [{"name": "Synth_Output"}],
         "configuration": dict(common, ActionMode="CHANGE_SET_REPLACE", RoleArn=role("cfn-exec", account),
                               Capabilities="CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND",
                               TemplatePath=f"Synth_Output::assembly-{stage}/{stage}LambdaStack.template.json")},
        {"name": "LambdaStack.Deploy", "actionTypeId": deploy, "runOrder": 3, "roleArn": role("deploy", account),
         "configuration": dict(common, ActionMode="CHANGE_SET_EXECUTE")}]}


SYNTH_SPEC = """version: 0.2
phases:
  build:
    commands:
      - echo synthesizing the app
      - mkdir -p cdk.out && cp -r app/. cdk.out/
artifacts:
  base-directory: cdk.out
  files: ['**/*']
"""


class PipelineCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ.setdefault("CDKPP_LOCALCLOUD_REPO_POLL_MS", "100")
        cls.lc = LocalCloud()
        cls.lc.start()
        cls.env = dict(cls.lc.env, HOME=cls.lc.tmp)
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL"):
            cls.env.pop(k, None)
        boot = " --qualifier myapp --toolkit-stack-name CDKToolkit-myapp"
        trust = " --trust 999999999999 --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess"
        for profile, account, extra in (("build", BUILD, ""), ("dev", DEV, trust), ("test", TEST, "")):
            r = cls.cdkpp(f"bootstrap aws://{account}/{REGION} --profile {profile}" + boot + extra)
            assert r.returncode == 0, r.stdout + r.stderr
        cls.setup_build_account()
        cls.repo = tempfile.mkdtemp(prefix="pipe-repo-", dir=cls.lc.tmp)
        cls.git = ["git", "-C", cls.repo, "-c", "user.name=t", "-c", "user.email=t@e"]
        subprocess.run(["git", "init", "-q", "-b", "main", cls.repo], check=True)
        cls.commit_app("v1", (), "first version")
        subprocess.run([lc_fixture.BIN, "link-repo", "Acme/App", cls.repo, "--data-dir", cls.lc.data_dir],
                       check=True, capture_output=True)
        cls.cp = cls.lc.client("codepipeline", "build")
        cls.cp.create_pipeline(pipeline=cls.declaration())

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    @classmethod
    def cdkpp(cls, args, profile_default=True):
        return subprocess.run(f"{CDKPP} {args} </dev/null", shell=True, env=cls.env, capture_output=True, text=True,
                              timeout=120)

    @classmethod
    def setup_build_account(cls):
        iam = cls.lc.client("iam", "build")
        iam.create_role(RoleName="pipeline-role", AssumeRolePolicyDocument=service_trust("codepipeline.amazonaws.com"))
        iam.put_role_policy(RoleName="pipeline-role", PolicyName="all", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["s3:*", "kms:*", "codebuild:*", "sts:AssumeRole", "iam:PassRole"],
             "Resource": "*"}))
        iam.create_role(RoleName="synth-role", AssumeRolePolicyDocument=service_trust("codebuild.amazonaws.com"))
        # The build reads and writes the pipeline's artifacts as this role (as CodeBuild does): S3 and the
        # artifact key, as the CDK grants a pipeline's CodeBuild project.
        iam.put_role_policy(RoleName="synth-role", PolicyName="all", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["s3:*", "logs:*", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*",
                                           "kms:ReEncrypt*", "kms:DescribeKey"], "Resource": "*"}))
        s3 = cls.lc.client("s3", "build")
        s3.create_bucket(Bucket="pipeline-artifacts", CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_bucket_policy(Bucket="pipeline-artifacts", Policy=policy({
            "Effect": "Allow", "Principal": {"AWS": [f"arn:aws:iam::{DEV}:root", f"arn:aws:iam::{TEST}:root"]},
            "Action": ["s3:GetObject*", "s3:GetBucket*", "s3:List*"],
            "Resource": ["arn:aws:s3:::pipeline-artifacts", "arn:aws:s3:::pipeline-artifacts/*"]}))
        # The artifact store is encrypted with a key of the build account that the targets may decrypt with
        # (through S3), as CDK Pipelines' crossAccountKeys sets it up.
        cls.key = cls.lc.client("kms", "build").create_key(Policy=policy(
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{BUILD}:root"}, "Action": "kms:*", "Resource": "*"},
            {"Effect": "Allow", "Principal": {"AWS": [f"arn:aws:iam::{DEV}:root", f"arn:aws:iam::{TEST}:root"]},
             "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"}))["KeyMetadata"]["Arn"]
        cls.lc.client("codebuild", "build").create_project(
            name="synth", source={"type": "CODEPIPELINE", "buildspec": SYNTH_SPEC}, artifacts={"type": "CODEPIPELINE"},
            environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                         "computeType": "BUILD_GENERAL1_SMALL"},
            serviceRole=f"arn:aws:iam::{BUILD}:role/synth-role")

    @classmethod
    def declaration(cls):
        return {"name": NAME, "roleArn": f"arn:aws:iam::{BUILD}:role/pipeline-role",
                "artifactStore": {"type": "S3", "location": "pipeline-artifacts",
                                  "encryptionKey": {"id": cls.key, "type": "KMS"}},
                "stages": [
                    {"name": "Source", "actions": [{
                        "name": "Acme_App", "actionTypeId": {"category": "Source", "owner": "ThirdParty",
                                                             "provider": "GitHub", "version": "1"},
                        "configuration": {"Owner": "Acme", "Repo": "App", "Branch": "main", "OAuthToken": "x",
                                          "PollForSourceChanges": "false"},
                        "outputArtifacts": [{"name": "Source_Output"}]}]},
                    {"name": "Build", "actions": [{
                        "name": "Synth", "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild",
                                                          "version": "1"},
                        "configuration": {"ProjectName": "synth"},
                        "inputArtifacts": [{"name": "Source_Output"}], "outputArtifacts": [{"name": "Synth_Output"}]}]},
                    stage_declaration("Dev", DEV),
                    stage_declaration("Test", TEST)]}

    @classmethod
    def commit_app(cls, version, extra_statements, message):
        app = os.path.join(cls.repo, "app")
        manifest = {"version": "36.0.0", "artifacts": {}}
        for stage, account in (("Dev", DEV), ("Test", TEST)):
            d = os.path.join(app, f"assembly-{stage}")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, f"{stage}LambdaStack.template.json"), "w") as f:
                json.dump(stack_template(version, extra_statements), f, indent=1)
            with open(os.path.join(d, "manifest.json"), "w") as f:
                json.dump({"version": "36.0.0", "artifacts": {f"{stage}LambdaStack": {
                    "type": "aws:cloudformation:stack", "environment": f"aws://{account}/{REGION}",
                    "properties": {"templateFile": f"{stage}LambdaStack.template.json",
                                   "stackName": f"{stage}-LambdaStack",
                                   "assumeRoleArn": role("deploy", account),
                                   "cloudFormationExecutionRoleArn": role("cfn-exec", account),
                                   "lookupRole": {"arn": role("lookup", account)}}}}}, f, indent=1)
            manifest["artifacts"][f"assembly-{stage}"] = {
                "type": "cdk:cloud-assembly", "properties": {"directoryName": f"assembly-{stage}", "displayName": stage}}
        with open(os.path.join(app, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
        with open(os.path.join(app, "cdk.out"), "w") as f:
            f.write('{"version":"36.0.0"}')
        subprocess.run(cls.git + ["add", "."], check=True)
        subprocess.run(cls.git + ["commit", "-q", "-m", message], check=True)

    # --- helpers ---------------------------------------------------------------------------------
    def run_ok(self, args):
        r = self.cdkpp(args)
        self.assertEqual(r.returncode, 0, f"cdkpp {args}\n{r.stdout}\n{r.stderr}")
        return r

    def wait_waiting(self, stage, execution_id=None, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status = json.loads(self.run_ok(f"pipeline status {NAME} --profile build --json").stdout)
            if stage in status["waitingForApproval"] and (
                    execution_id is None or status["latestExecution"]["pipelineExecutionId"] == execution_id):
                return status
            time.sleep(0.2)
        self.fail(f"{stage} never waited: {json.dumps(status)}")

    def wait_execution(self, execution_id, statuses, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            e = self.cp.get_pipeline_execution(pipelineName=NAME, pipelineExecutionId=execution_id)["pipelineExecution"]
            if e["status"] in statuses:
                return e
            time.sleep(0.2)
        self.fail(f"execution {execution_id} still {e['status']}")

    def deployed_code(self, profile, stack):
        cfn = self.lc.client("cloudformation", profile)
        body = cfn.get_template(StackName=stack)["TemplateBody"]
        body = body if isinstance(body, dict) else json.loads(body)
        return body["Resources"]["Function"]["Properties"]["Code"]["ZipFile"]

    # --- the test: one pipeline, operated step by step ---------------------------------------------
    def test_operating_the_pipeline(self):
        first = self.wait_waiting("Dev")
        execution = first["latestExecution"]["pipelineExecutionId"]
        # The synth output really is SSE-KMS with the store's key: reading it needs kms:Decrypt.
        details = self.cp.list_action_executions(pipelineName=NAME, filter={"pipelineExecutionId": execution})
        synth = [d for d in details["actionExecutionDetails"] if d["actionName"] == "Synth"][0]
        where = synth["output"]["outputArtifacts"][0]["s3location"]
        head = self.lc.client("s3", "build").head_object(Bucket=where["bucket"], Key=where["key"])
        self.assertEqual(head.get("ServerSideEncryption"), "aws:kms")
        self.assertEqual(head.get("SSEKMSKeyId"), self.key)

        with self.subTest("status --json agrees with aws codepipeline get-pipeline-state"):
            _, state, _ = self.lc.aws("build", "codepipeline", "get-pipeline-state", "--name", NAME)
            ours = json.loads(self.run_ok(f"pipeline status {NAME} --profile build --json").stdout)
            self.assertEqual(ours["pipelineName"], state["pipelineName"])
            self.assertEqual(ours["pipelineVersion"], state["pipelineVersion"])
            self.assertEqual([s["stageName"] for s in ours["stages"]], [s["stageName"] for s in state["stageStates"]])
            for mine, theirs in zip(ours["stages"], state["stageStates"]):
                self.assertEqual(mine.get("status"), theirs.get("latestExecution", {}).get("status"), mine)
                self.assertEqual(mine.get("pipelineExecutionId"),
                                 theirs.get("latestExecution", {}).get("pipelineExecutionId"))
                by_name = {a["actionName"]: a.get("latestExecution", {}) for a in theirs["actionStates"]}
                for a in mine["actions"]:
                    self.assertEqual(a.get("status"), by_name.get(a["actionName"], {}).get("status"), a)
                    self.assertEqual(a.get("externalExecutionId"),
                                     by_name.get(a["actionName"], {}).get("externalExecutionId"), a)
            self.assertEqual(ours["waitingForApproval"], ["Dev"])
            # The human form: the approval names the command, the source its commit message.
            human = self.run_ok(f"pipeline status --profile build").stdout  # the account's only pipeline
            self.assertIn(f"waiting for approval", human)
            self.assertIn(f"cdkpp pipeline approve {NAME} Dev", human)
            self.assertIn('"first version"', human)

        with self.subTest("status without NAME: the app's pipeline (its synthesized PipelineStack) first"):
            with tempfile.TemporaryDirectory(prefix="cdkpp-app-") as app:
                def assembly(pipeline_name):
                    with open(os.path.join(app, "manifest.json"), "w") as f:
                        json.dump({"version": "36.0.0", "artifacts": {"PipelineStack": {
                            "type": "aws:cloudformation:stack", "environment": f"aws://{BUILD}/{REGION}",
                            "properties": {"templateFile": "PipelineStack.template.json"}}}}, f)
                    with open(os.path.join(app, "PipelineStack.template.json"), "w") as f:
                        json.dump({"Resources": {"Pipeline9850B417": {"Type": "AWS::CodePipeline::Pipeline",
                                                                      "Properties": {"Name": pipeline_name}}}}, f)
                assembly(NAME)
                ours = json.loads(self.run_ok(f"pipeline status --app {app} --profile build --json").stdout)
                self.assertEqual(ours["pipelineName"], NAME)
                # The app's pipeline, not the account's only one: an app whose pipeline is not deployed says so.
                assembly("NotDeployedPipeline")
                r = self.cdkpp(f"pipeline status --app {app} --profile build")
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn(f"no pipeline NotDeployedPipeline in aws://{BUILD}/{REGION}; there are: {NAME}", r.stderr)

        with self.subTest("list"):
            listed = json.loads(self.run_ok("pipeline list --profile build --json").stdout)["pipelines"]
            self.assertEqual([p["pipelineName"] for p in listed], [NAME])
            self.assertEqual(listed[0]["waitingForApproval"], ["Dev"])
            self.assertEqual(listed[0]["latestExecution"]["pipelineExecutionId"], execution)
            self.assertIn("waiting for approval: Dev", self.run_ok("pipeline list --profile build").stdout)

        with self.subTest("errors a user can act on"):
            r = self.cdkpp("pipeline status NoSuchPipeline --profile build")
            self.assertEqual(r.returncode, 1)
            self.assertIn(f"no pipeline NoSuchPipeline in aws://{BUILD}/{REGION}; there are: {NAME}", r.stderr)
            r = self.cdkpp(f"pipeline approve {NAME} Test --profile build --yes")
            self.assertEqual(r.returncode, 1)
            self.assertIn("NothingWaiting", r.stderr)
            self.assertIn("stage Test is not entered yet", r.stderr)
            self.assertIn(f"at stage Dev (Approve waiting for approval)", r.stderr)
            r = self.cdkpp(f"pipeline approve {NAME} Prod --profile build --yes")
            self.assertIn("has no stage Prod; its stages: Source, Build, Dev, Test", r.stderr)

        with self.subTest("logs of the synth"):
            log = self.run_ok(f"pipeline logs {NAME} Synth --profile build").stdout
            self.assertIn("synthesizing the app", log)
            followed = self.cdkpp(f"pipeline logs {NAME} Build/Synth --profile build --follow")  # the build ended
            self.assertEqual(followed.returncode, 0, followed.stderr)
            self.assertIn("synthesizing the app", followed.stdout)
            self.assertIn("SUCCEEDED", followed.stderr)
            r = self.cdkpp(f"pipeline logs {NAME} Approve --profile build")
            self.assertIn("NotABuildAction", r.stderr)

        with self.subTest("a new stack: --if-no-changes refuses, the diff shows every resource added"):
            r = self.cdkpp(f"pipeline approve {NAME} Dev --profile build --if-no-changes")
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn("NotApproved", r.stderr)
            self.assertIn("[+] AWS::Lambda::Function Function", r.stdout)
            self.assertIn(f"Dev-LambdaStack (aws://{DEV}/{REGION}, action LambdaStack.Prepare", r.stdout)
            r = self.cdkpp(f"pipeline approve {NAME} Dev --profile build")  # no terminal, no --yes
            self.assertEqual(r.returncode, 1)
            self.assertIn("ConfirmationRequired", r.stderr)

        with self.subTest("the approver lacks codepipeline:PutApprovalResult"):
            self.add_viewer()
            r = self.cdkpp(f"pipeline approve {NAME} Dev --profile viewer --yes")
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn("ApproverNotAllowed", r.stderr)
            self.assertIn(f"lacks codepipeline:PutApprovalResult on arn:aws:codepipeline:{REGION}:{BUILD}:{NAME}/Dev/Approve",
                          r.stderr)

        with self.subTest("approve Dev: deployed into the dev account by its bootstrap roles"):
            r = self.run_ok(f"pipeline approve {NAME} Dev --profile build --yes --summary 'looks good' --json")
            self.assertEqual(json.loads(r.stdout)["outcome"], "approved")
            self.wait_waiting("Test", execution)
            self.assertIn("hello from v1", self.deployed_code("dev", "Dev-LambdaStack"))

        with self.subTest("Test's lookup role does not trust the build account"):
            r = self.cdkpp(f"pipeline approve {NAME} Test --profile build --unless-broadening")
            self.assertEqual(r.returncode, 1)
            self.assertIn("the diff cannot be computed", r.stdout)
            self.assertIn("LookupRoleNotTrusted", r.stdout)
            self.assertIn(f"--trust-for-lookup {BUILD}", r.stdout)
            self.assertIn("pass --yes", r.stdout)
            self.assertIn("NotApproved", r.stderr)

        with self.subTest("reject Test, then retry the stage, then stop"):
            self.run_ok(f"pipeline reject {NAME} Test --profile build --summary 'not today'")
            e = self.wait_execution(execution, ["Failed"])
            w = self.cdkpp(f"pipeline watch {NAME} --profile build --interval 0.2")  # the failed execution: exit 1
            self.assertEqual(w.returncode, 1, w.stdout + w.stderr)
            self.assertIn(f"Execution {execution} Failed", w.stdout)
            self.assertIn("Rejected", json.dumps(e, default=str) + json.dumps(self.cp.get_pipeline_state(name=NAME), default=str))
            history = json.loads(self.run_ok(f"pipeline history {NAME} --profile build --json").stdout)["executions"]
            self.assertEqual(history[0]["pipelineExecutionId"], execution)
            self.assertEqual(history[0]["status"], "Failed")
            self.assertIn("Failed", self.run_ok(f"pipeline history {NAME} --profile build").stdout)
            r = self.cdkpp(f"pipeline retry {NAME} Dev --profile build")
            self.assertIn("StageNotFailed", r.stderr)
            self.run_ok(f"pipeline retry {NAME} Test --profile build")
            self.wait_waiting("Test", execution)
            self.run_ok(f"pipeline stop {NAME} --profile build --abandon --reason 'enough'")
            self.wait_execution(execution, ["Stopped"])
            r = self.cdkpp(f"pipeline stop {NAME} --profile build")
            self.assertIn("NothingToStop", r.stderr)

        with self.subTest("a change to the function's code and its role's policy: the golden diff"):
            self.commit_app("v2", [{"Effect": "Allow", "Action": "s3:GetObject",
                                    "Resource": "arn:aws:s3:::data-bucket/*"}], "read the data bucket")
            # The commit starts an execution (localcloud polls the linked repository).
            deadline = time.time() + 30
            while time.time() < deadline:
                history = json.loads(self.run_ok(f"pipeline history {NAME} --profile build --json").stdout)["executions"]
                if history[0]["pipelineExecutionId"] != execution and history[0]["sourceRevisions"]:
                    break
                time.sleep(0.2)
            second = history[0]["pipelineExecutionId"]
            self.assertEqual(history[0]["sourceRevisions"][0]["revisionSummary"], "read the data bucket")
            w = self.cdkpp(f"pipeline watch {NAME} --profile build --interval 0.2")
            self.assertEqual(w.returncode, 0, w.stdout + w.stderr)
            self.assertIn("Build/Synth: Succeeded", w.stdout)
            self.assertIn(f"waits for approval at Dev: cdkpp pipeline approve {NAME} Dev", w.stdout)
            r = self.cdkpp(f"pipeline approve {NAME} Dev --profile build --unless-broadening --json")
            self.assertEqual(r.returncode, 1)
            review = json.loads(r.stdout)
            self.assertEqual(review["outcome"], "refused")
            self.assertTrue(review["stacks"][0]["broadening"])
            self.assertEqual(review["pipelineExecutionId"], second)
            r = self.cdkpp(f"pipeline approve {NAME} Dev --profile build --unless-broadening")
            self.assertEqual(r.returncode, 1)
            self.assertIn("broadens IAM permissions", r.stderr)
            shown = r.stdout.replace(second, "<EXECUTION>")
            if os.environ.get("UPDATE_GOLDEN"):
                with open(GOLDEN, "w") as f:
                    f.write(shown)
            with open(GOLDEN) as f:
                self.assertEqual(shown, f.read())
            self.run_ok(f"pipeline approve {NAME} Dev --profile build --yes")
            self.wait_waiting("Test", second)
            self.assertIn("hello from v2", self.deployed_code("dev", "Dev-LambdaStack"))

        with self.subTest("start: a third execution, nothing left to change in Dev, --if-no-changes approves"):
            third = json.loads(self.run_ok(f"pipeline start {NAME} --profile build --json").stdout)["pipelineExecutionId"]
            self.wait_waiting("Dev", third)
            r = self.run_ok(f"pipeline approve {NAME} Dev --profile build --if-no-changes")
            self.assertIn("There were no differences", r.stdout)
            self.assertIn("approved Dev/Approve", r.stdout)
            self.wait_waiting("Test", third)

    def add_viewer(self):
        """An IAM user of the build account that may read the pipeline but not approve."""
        iam = self.lc.client("iam", "build")
        iam.create_user(UserName="viewer")
        iam.put_user_policy(UserName="viewer", PolicyName="read", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["codepipeline:Get*", "codepipeline:List*", "s3:Get*", "s3:List*",
                                           "sts:AssumeRole", "sts:GetCallerIdentity"], "Resource": "*"}))
        key = iam.create_access_key(UserName="viewer")["AccessKey"]
        with open(self.lc.config_file, "a") as f:
            f.write(f"\n[profile viewer]\nregion = {REGION}\nendpoint_url = {self.lc.endpoint}\n")
        with open(self.lc.credentials_file, "a") as f:
            f.write(f"\n[viewer]\naws_access_key_id = {key['AccessKeyId']}\n"
                    f"aws_secret_access_key = {key['SecretAccessKey']}\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
