"""Issue 18's proof with the stock tools: the pipeline the stock aws-cdk-lib writes, deployed with the stock `cdk`,
runs end to end on localcloud, driven only by the stock `cdk`, the AWS CLI v2 and boto3 (localcloud's own
`link-repo` stands for GitHub).

Four accounts bootstrapped by the stock `cdk bootstrap` (qualifier myapp; dev and test trust the build account,
prod does not), a git repository holding the TypeScript CDK Pipelines app of stock_app/ linked as OWNER/REPO, the
`github-token` secret, `cdk deploy PipelineStack` from the build account. Then: Source → Build (npm ci, npm run
build, npx cdk synth inside localcloud's CodeBuild) → UpdatePipeline (`npm install -g aws-cdk@2`, `cdk -a . deploy
PipelineStack`) → waits at Dev's approval with nothing deployed; approved, Dev-LambdaStack is created in the dev
account and its function answers; Test rejected fails the execution; a new commit starts exactly one new
execution; there Test deploys and Prod's Prepare fails with AccessDenied naming the missing trust.

npm inside the builds resolves from npm_mirror.py's pinned registry (the versions of
third_party/npm/package-lock.json), handed to localcloud as CDKPP_LOCALCLOUD_CODEBUILD_NPM_REGISTRY.
"""
import json
import os
import shutil
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "server"))
sys.path.insert(0, HERE)
import lc_fixture  # noqa: E402
import npm_mirror  # noqa: E402
from lc_fixture import ACCOUNTS, LocalCloud, REGION, ROOT  # noqa: E402

NPM = os.path.join(ROOT, "third_party", "npm", "node_modules")
CDK = os.path.join(NPM, ".bin", "cdk")
MIRROR_DIR = os.environ.get("CDKPP_NPM_MIRROR_DIR", os.path.join(ROOT, "build", "npm-mirror"))
BUILD, DEV, TEST, PROD = ACCOUNTS["build"], ACCOUNTS["dev"], ACCOUNTS["test"], ACCOUNTS["prod"]
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
BOOTSTRAP = ["--qualifier", "myapp", "--toolkit-stack-name", "CDKToolkit-myapp"]
PIPELINE = "MultiAccountPipeline"
APP_FILES = ("app.ts", "cdk.json", "package.json", "package-lock.json", "tsconfig.json")


class StockEnvironment:
    """localcloud with the pinned npm registry, four stock-bootstrapped accounts, the linked app repository and the
    secret: everything up to `cdk deploy PipelineStack` (shared with bench/pipeline_run.py)."""

    def __init__(self, log=print):
        self.log = log
        self.timings = {}

    def start(self):
        if not os.path.exists(CDK):
            raise AssertionError(f"the stock CDK CLI is missing at {CDK}: run scripts/setup")
        t = time.time()
        npm_mirror.fill(MIRROR_DIR)
        self.mirror = npm_mirror.Mirror(MIRROR_DIR).start()
        self.timings["npm mirror"] = time.time() - t
        os.environ["CDKPP_LOCALCLOUD_CODEBUILD_NPM_REGISTRY"] = self.mirror.url
        os.environ.setdefault("CDKPP_LOCALCLOUD_REPO_POLL_MS", "200")
        self.lc = LocalCloud().start()
        self.env = dict(self.lc.env, AWS_REGION=REGION, AWS_ENDPOINT_URL=self.lc.endpoint,
                        HOME=os.path.join(self.lc.tmp, "home"), CDK_DISABLE_VERSION_CHECK="1", CI="true")
        os.makedirs(self.env["HOME"])
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
            self.env.pop(k, None)
        return self

    def stop(self):
        if getattr(self, "lc", None):
            self.lc.cleanup()
        if getattr(self, "mirror", None):
            self.mirror.stop()

    def run(self, cmd, cwd=None, timeout=600):
        p = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=timeout, cwd=cwd or self.work)
        return p.returncode, p.stdout + p.stderr

    def cdk(self, *args, cwd=None):
        return self.run([CDK, "--no-notices", *args], cwd=cwd)

    def bootstrap(self):
        t = time.time()
        jobs = []
        for profile, account, extra in (("build", BUILD, []),
                                        ("dev", DEV, ["--trust", BUILD, "--cloudformation-execution-policies", ADMIN]),
                                        ("test", TEST, ["--trust", BUILD, "--cloudformation-execution-policies",
                                                        ADMIN]),
                                        ("prod", PROD, [])):
            cmd = [CDK, "--no-notices", "bootstrap", f"aws://{account}/{REGION}", "--profile", profile, *BOOTSTRAP,
                   *extra]
            jobs.append((profile, subprocess.Popen(cmd, env=self.env, stdout=subprocess.PIPE,
                                                   stderr=subprocess.STDOUT, text=True, cwd=self.lc.tmp)))
        for profile, job in jobs:
            out = job.communicate(timeout=600)[0]
            if job.returncode != 0:
                raise AssertionError(f"cdk bootstrap of {profile} failed: {out[-4000:]}")
        self.timings["bootstrap x4"] = time.time() - t

    def make_repo(self):
        """The app in a git repository linked as OWNER/REPO; `self.work` is a checkout compiled for the local
        deploy (node_modules from third_party/npm, the same pinned versions)."""
        self.repo = os.path.join(self.lc.tmp, "repo")
        os.makedirs(self.repo)
        for f in APP_FILES:
            shutil.copy(os.path.join(HERE, "stock_app", f), self.repo)
        with open(os.path.join(self.repo, ".gitignore"), "w") as f:
            f.write("node_modules/\ncdk.out/\n*.js\n*.d.ts\n")
        self.git = ["git", "-C", self.repo, "-c", "user.name=t", "-c", "user.email=t@e"]
        subprocess.run(["git", "init", "-q", "-b", "main", self.repo], check=True)
        self.commit("the stock pipeline app")
        subprocess.run([lc_fixture.BIN, "link-repo", "OWNER/REPO", self.repo, "--data-dir", self.lc.data_dir],
                       check=True, capture_output=True)
        self.work = os.path.join(self.lc.tmp, "work")
        os.makedirs(self.work)
        for f in APP_FILES:
            shutil.copy(os.path.join(HERE, "stock_app", f), self.work)
        os.symlink(NPM, os.path.join(self.work, "node_modules"))
        rc, out = self.run(["node", os.path.join(NPM, "typescript", "bin", "tsc"), "-p", self.work])
        if rc != 0:
            raise AssertionError("tsc failed on the stock app: " + out)

    def commit(self, message, touch=None):
        if touch:
            with open(os.path.join(self.repo, "README.md"), "a") as f:
                f.write(touch + "\n")
        subprocess.run(self.git + ["add", "."], check=True)
        subprocess.run(self.git + ["commit", "-q", "-m", message], check=True)
        return subprocess.run(self.git + ["rev-parse", "HEAD"], check=True, capture_output=True,
                              text=True).stdout.strip()

    def create_secret(self):
        self.lc.aws("build", "secretsmanager", "create-secret", "--name", "github-token",
                    "--secret-string", "not-a-real-github-token")

    def deploy_pipeline(self):
        t = time.time()
        rc, out = self.cdk("deploy", "PipelineStack", "--profile", "build", "--require-approval", "never")
        self.timings["cdk deploy PipelineStack"] = time.time() - t
        if rc != 0:
            raise AssertionError("cdk deploy PipelineStack failed: " + out[-8000:])
        return out

    # --- the pipeline ------------------------------------------------------------------------------
    def cp(self):
        return self.lc.client("codepipeline", "build")

    def state(self):
        return self.cp().get_pipeline_state(name=PIPELINE)

    def stage(self, state, name):
        return next(s for s in state["stageStates"] if s["stageName"] == name)

    def wait(self, what, pred, timeout=400):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            last = self.state()
            got = pred(last)
            if got:
                return got
            time.sleep(0.25)
        raise AssertionError(f"timed out waiting for {what}; state: {json.dumps(last, default=str)[-6000:]}")

    def approval_token(self, state, stage, execution_id=None):
        s = self.stage(state, stage)
        if execution_id and s.get("latestExecution", {}).get("pipelineExecutionId") != execution_id:
            return None
        for a in s.get("actionStates", []):
            latest = a.get("latestExecution", {})
            if latest.get("status") == "InProgress" and latest.get("token"):
                return a["actionName"], latest["token"]
        return None

    def approve(self, stage, token, status="Approved", summary="ok"):
        action, tok = token
        self.lc.aws("build", "codepipeline", "put-approval-result", "--pipeline-name", PIPELINE,
                    "--stage-name", stage, "--action-name", action, "--token", tok,
                    "--result", f"summary={summary},status={status}")

    def executions(self):
        return self.cp().list_pipeline_executions(pipelineName=PIPELINE)["pipelineExecutionSummaries"]

    def execution(self, execution_id):
        return self.cp().get_pipeline_execution(pipelineName=PIPELINE,
                                                pipelineExecutionId=execution_id)["pipelineExecution"]

    def failure_of(self, execution_id):
        """Every failed action of an execution with its error message (for assertion output)."""
        acts = self.cp().list_action_executions(pipelineName=PIPELINE,
                                                filter={"pipelineExecutionId": execution_id})
        out = []
        state = self.state()
        for a in acts["actionExecutionDetails"]:
            if a["status"] != "Failed":
                continue
            result = dict(a.get("output", {}).get("executionResult", {}))
            for st in state["stageStates"]:
                for act in st.get("actionStates", []):
                    latest = act.get("latestExecution", {})
                    if act["actionName"] == a["actionName"] and st["stageName"] == a["stageName"]:
                        result["errorDetails"] = latest.get("errorDetails")
                        build = latest.get("externalExecutionId", "")
                        if ":" in build:
                            result["buildLogTail"] = self.build_log(build)[-3000:]
            out.append((a["stageName"], a["actionName"], result))
        return out

    def build_log(self, build_id):
        logs = self.lc.client("logs", "build")
        project, stream = build_id.split(":", 1)
        events = logs.get_log_events(logGroupName=f"/aws/codebuild/{project}", logStreamName=stream,
                                     startFromHead=True, limit=10000)["events"]
        return "\n".join(e["message"] for e in events)

    def stacks(self, profile):
        summaries = self.lc.client("cloudformation", profile).list_stacks()["StackSummaries"]
        return sorted(s["StackName"] for s in summaries if s["StackStatus"] != "DELETE_COMPLETE")


class StockPipelineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.t0 = time.time()
        cls.env = StockEnvironment()
        try:
            cls.env.start()
            cls.env.bootstrap()
            cls.env.make_repo()
            cls.env.create_secret()
            cls.env.deploy_pipeline()
        except BaseException:
            cls.dump_server_log()
            cls.env.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        print("timings:", {k: round(v, 1) for k, v in cls.env.timings.items()},
              f"total {time.time() - cls.t0:.1f}s", file=sys.stderr)
        cls.env.stop()

    @classmethod
    def dump_server_log(cls):
        lc = getattr(cls.env, "lc", None)
        if lc and os.environ.get("STOCK_PIPELINE_SERVER_LOG"):
            with open(os.path.join(lc.tmp, "server.log")) as f:
                print(f.read()[-20000:], file=sys.stderr)

    def failed(self, execution_id):
        return lambda s: self.env.execution(execution_id)["status"] in ("Failed", "Stopped", "Superseded")

    def wait_approval(self, stage, execution_id):
        def at_approval(state):
            ex = self.env.execution(execution_id)
            if ex["status"] != "InProgress":
                raise AssertionError(f"execution {execution_id} ended {ex['status']} before {stage}'s approval: "
                                     f"{self.env.failure_of(execution_id)}")
            return self.env.approval_token(state, stage, execution_id)
        return self.env.wait(f"{stage}'s approval", at_approval)

    def invoke(self, profile, stack):
        rc, out, err = self.env.lc.aws(profile, "cloudformation", "describe-stacks", "--stack-name", stack)
        outputs = {o["OutputKey"]: o["OutputValue"] for o in out["Stacks"][0]["Outputs"]}
        name = next(v for k, v in outputs.items() if k.startswith("FunctionName"))
        path = os.path.join(self.env.lc.tmp, f"answer-{profile}.json")
        self.env.lc.aws(profile, "lambda", "invoke", "--function-name", name, path)
        with open(path) as f:
            return json.load(f)

    def test_1_first_execution_waits_at_dev_then_deploys_dev_and_test_rejected_fails(self):
        env = self.env
        first = env.executions()
        self.assertEqual(len(first), 1, first)
        self.assertEqual(first[0]["trigger"]["triggerType"], "CreatePipeline")
        ex_id = first[0]["pipelineExecutionId"]
        t = time.time()
        token = self.wait_approval("Dev", ex_id)
        env.timings["first execution to Dev's approval"] = time.time() - t
        state = env.state()
        for stage in ("Source", "Build", "UpdatePipeline"):
            self.assertEqual(env.stage(state, stage)["latestExecution"]["status"], "Succeeded", stage)
        # The synth ran npm ci, npm run build and cdk synth inside CodeBuild: its build log says so.
        build = env.stage(state, "Build")["actionStates"][0]["latestExecution"]["externalExecutionId"]
        log = self.build_log(build)
        self.assertRegex(log, r"Running command npm ci\n(.*\n)*added \d+ packages")
        self.assertIn("Running command npx cdk synth", log)
        # npm resolved from the pinned mirror: the app's packages, and aws-cdk@2 of the self-mutation as 2.1148.1.
        served = set(env.mirror.requests)
        self.assertIn("aws-cdk-lib/-/aws-cdk-lib-2.276.0.tgz", served)
        self.assertIn("aws-cdk/-/aws-cdk-2.1148.1.tgz", served)
        mutate = env.stage(state, "UpdatePipeline")["actionStates"][0]["latestExecution"]["externalExecutionId"]
        self.assertIn("added 1 package", self.build_log(mutate))
        # Nothing is deployed anywhere yet.
        self.assertEqual(env.stacks("dev"), ["CDKToolkit-myapp"])
        self.assertEqual(env.stacks("test"), ["CDKToolkit-myapp"])
        self.assertEqual(env.stacks("prod"), ["CDKToolkit-myapp"])

        t = time.time()
        env.approve("Dev", token)
        test_token = self.wait_approval("Test", ex_id)
        env.timings["Dev approved to deployed"] = time.time() - t
        self.assertEqual(env.stacks("dev"), ["CDKToolkit-myapp", "Dev-LambdaStack"])
        answer = self.invoke("dev", "Dev-LambdaStack")
        self.assertEqual(answer["stage"], "Dev")
        self.assertEqual(answer["account"], DEV)
        # Created through the dev account's deploy role, CloudFormation acting as its cfn-exec role.
        stack = env.lc.client("cloudformation", "dev").describe_stacks(StackName="Dev-LambdaStack")["Stacks"][0]
        self.assertEqual(stack["RoleARN"], f"arn:aws:iam::{DEV}:role/cdk-myapp-cfn-exec-role-{DEV}-{REGION}")

        env.approve("Test", test_token, status="Rejected", summary="not today")
        env.wait("the execution to fail", self.failed(ex_id), timeout=60)
        ex = env.execution(ex_id)
        self.assertEqual(ex["status"], "Failed")
        self.assertEqual(env.stacks("test"), ["CDKToolkit-myapp"])
        self.assertEqual(env.stacks("prod"), ["CDKToolkit-myapp"])

    def test_2_a_commit_starts_one_execution_that_reaches_test_and_prod_refuses(self):
        env = self.env
        before = {e["pipelineExecutionId"] for e in env.executions()}
        commit = env.commit("a second commit", touch="second")
        # As in AWS, the execution is listed from its start and its sourceRevisions once the source action is done.
        new = env.wait("a new execution with its source revision",
                       lambda s: [e for e in env.executions()
                                  if e["pipelineExecutionId"] not in before and e.get("sourceRevisions")], timeout=60)
        ex_id = new[0]["pipelineExecutionId"]
        self.assertEqual(new[0]["trigger"]["triggerType"], "Webhook")
        self.assertEqual(new[0]["sourceRevisions"][0]["revisionId"], commit)
        self.env.approve("Dev", self.wait_approval("Dev", ex_id))
        self.env.approve("Test", self.wait_approval("Test", ex_id))
        self.env.approve("Prod", self.wait_approval("Prod", ex_id))
        env.wait("the execution to fail at Prod", self.failed(ex_id), timeout=300)
        self.assertEqual(env.stacks("test"), ["CDKToolkit-myapp", "Test-LambdaStack"])
        self.assertEqual(self.invoke("test", "Test-LambdaStack")["account"], TEST)
        self.assertEqual(env.stacks("prod"), ["CDKToolkit-myapp"])
        failures = env.failure_of(ex_id)
        self.assertEqual([(s, a) for s, a, _ in failures], [("Prod", "LambdaStack.Prepare")], failures)
        message = failures[0][2].get("externalExecutionSummary", "") + json.dumps(failures[0][2])
        self.assertIn("AccessDenied", message)
        self.assertIn(f"cdk-myapp-deploy-role-{PROD}-{REGION}", message)
        self.assertIn(f"--trust {BUILD}", message)
        # Exactly one execution for the commit: the poll and the webhook do not both start one.
        time.sleep(1.5)
        self.assertEqual(len(env.executions()), len(before) + 1, env.executions())

    def build_log(self, build_id):
        return self.env.build_log(build_id)

if __name__ == "__main__":
    unittest.main(verbosity=2)
