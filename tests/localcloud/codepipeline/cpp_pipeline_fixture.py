"""The C++ scenario's PipelineStack end to end on localcloud, as a user runs it, reusable from a test or a script.

`CppPipeline` installs this build into a prefix (what `cmake --install` gives a user), starts localcloud with the
four accounts and the CodeBuild image `aws/codebuild/standard:7.0` standing for that prefix
(`CDKPP_LOCALCLOUD_CODEBUILD_IMAGES`, docs/localcloud-codebuild.md), bootstraps the build account and the three
targets with the installed `cdkpp`, writes the scenario app with `cdkpp init app --language cpp --pipeline` into a
git repository outside the tree, links it as OWNER/REPO, creates the `github-token` secret and deploys
PipelineStack once from the build account. Everything after that is the pipeline's own doing; the fixture only
reads its state with boto3 and approves with the AWS CLI v2.

From a script (e.g. a benchmark):

    sys.path.insert(0, "tests/localcloud/codepipeline"); import cpp_pipeline_fixture as f
    with f.CppPipeline() as p:          # install, localcloud, bootstrap, project, link, secret
        p.deploy_pipeline()             # cdkpp deploy PipelineStack
        first = p.first_execution()
        p.wait_approval("Dev", first)
        p.approve("Dev", first)
        p.wait_stage("Dev", first)
        timings = p.stage_timings(first)    # per stage: start, end, seconds
        run = p.commit_and_deploy_dev("v2")  # commit -> new execution -> approve at once -> Dev deployed
        p.untrust("prod")                   # cdkpp bootstrap --untrust 999999999999: Prod's stage will fail
        p.wait_stage_failed("Prod", execution_id)   # after its approvals
        p.retrust("prod")                   # cdkpp bootstrap --trust 999999999999 ...; then `cdkpp pipeline retry`
        p.wait_stage_succeeded("Prod", execution_id)

`CDKPP_E2E_PREFIX` reuses an installed prefix instead of installing into a temporary one; `CDKPP_E2E_KEEP=1`
keeps the temporary directory (localcloud's data, logs, the project) for a look afterwards.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
import lc_fixture  # noqa: E402
from lc_fixture import ACCOUNTS, REGION, LocalCloud  # noqa: E402

ROOT = lc_fixture.ROOT
BUILD_DIR = os.environ.get("CDKPP_BUILD_DIR", os.path.join(ROOT, "build"))
IMAGE = "aws/codebuild/standard:7.0"
PIPELINE = "MultiAccountPipeline"
WHERE = ["--qualifier", "myapp", "--toolkit-stack-name", "CDKToolkit-myapp"]
TRUST = ["--trust", ACCOUNTS["build"], "--cloudformation-execution-policies",
         "arn:aws:iam::aws:policy/AdministratorAccess"]
TARGETS = (("dev", "Dev"), ("test", "Test"), ("prod", "Prod"))


def iso_seconds(t):
    return t.timestamp() if hasattr(t, "timestamp") else float(t)


class CppPipeline:
    def __init__(self, log=None):
        self.tmp = tempfile.mkdtemp(prefix="cpp-pipeline-")
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.prefix = os.environ.get("CDKPP_E2E_PREFIX") or os.path.join(self.tmp, "prefix")
        self.project = os.path.join(self.tmp, "myapp")
        self.lc = None
        self.figures = {}

    # --- set-up -----------------------------------------------------------------------------------------
    def __enter__(self):
        self.setup()
        return self

    def __exit__(self, *exc):
        self.cleanup()

    def setup(self):
        self.install()
        self.start()
        self.bootstrap()
        self.create_project()

    def timed(self, name, fn, *args):
        t0 = time.time()
        out = fn(*args)
        self.figures[name] = round(time.time() - t0, 2)
        self.log(f"[cpp-pipeline] {name}: {self.figures[name]} s")
        return out

    def install(self):
        if os.path.exists(os.path.join(self.prefix, "bin", "cdkpp")) and os.environ.get("CDKPP_E2E_PREFIX"):
            return
        for program in ("cdkpp", "localcloud"):
            if not os.path.exists(os.path.join(BUILD_DIR, "bin", program)):
                raise RuntimeError(f"{BUILD_DIR}/bin/{program} is missing: scripts/build --target cdk_installed")
        self.timed("install", self.run, ["cmake", "--install", BUILD_DIR, "--prefix", self.prefix], self.tmp)

    def start(self):
        # The image the pipelines module gives its projects stands for the installed prefix.
        os.environ["CDKPP_LOCALCLOUD_CODEBUILD_IMAGES"] = f"{IMAGE}={self.prefix}"
        os.environ.setdefault("CDKPP_LOCALCLOUD_REPO_POLL_MS", "200")
        self.lc = LocalCloud()
        self.lc.start()
        self.env = dict(self.lc.env)
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL"):
            self.env.pop(k, None)
        self.env["CMAKE_PREFIX_PATH"] = self.prefix
        self.env["PATH"] = os.path.join(self.prefix, "bin") + ":" + os.environ.get("PATH", "/usr/bin:/bin")
        self.cp = self.lc.client("codepipeline", "build")

    def cleanup(self):
        if self.lc is not None:
            self.lc.stop()
        if os.environ.get("CDKPP_E2E_KEEP") == "1":
            self.log(f"[cpp-pipeline] kept {self.tmp} (localcloud data and log: {self.lc.tmp if self.lc else '-'})")
            return
        if self.lc is not None:
            self.lc.cleanup()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self, argv, cwd, check=True, timeout=900):
        p = subprocess.run(argv, cwd=cwd, env=getattr(self, "env", None), capture_output=True, text=True,
                           timeout=timeout, stdin=subprocess.DEVNULL)
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(argv)} exited {p.returncode}:\n{p.stdout[-4000:]}\n{p.stderr[-4000:]}")
        return p

    def cdkpp(self, *args, cwd=None, check=True):
        return self.run([os.path.join(self.prefix, "bin", "cdkpp"), *args], cwd or self.project, check=check)

    def bootstrap(self):
        def all_accounts():
            self.cdkpp("bootstrap", f"aws://{ACCOUNTS['build']}/{REGION}", "--profile", "build", *WHERE, cwd=self.tmp)
            for profile, _ in TARGETS:
                self.cdkpp("bootstrap", f"aws://{ACCOUNTS[profile]}/{REGION}", "--profile", profile, *WHERE, *TRUST,
                           cwd=self.tmp)
        self.timed("bootstrap", all_accounts)

    def bootstrap_again(self, profile, *flags):
        """`cdkpp bootstrap` of one target again with the same qualifier and stack, changing only `flags`
        (`--untrust 999999999999` takes the build account out of its trust lists, the others kept)."""
        return self.cdkpp("bootstrap", f"aws://{ACCOUNTS[profile]}/{REGION}", "--profile", profile, *WHERE, *flags,
                          cwd=self.tmp)

    def untrust(self, profile):
        return self.bootstrap_again(profile, "--untrust", ACCOUNTS["build"])

    def retrust(self, profile):
        return self.bootstrap_again(profile, *TRUST)

    def git(self, *args):
        return self.run(["git", "-C", self.project, "-c", "user.name=dev", "-c", "user.email=dev@example.com",
                         *args], self.project)

    def create_project(self):
        os.makedirs(self.project)
        # What a user gets: the init template (out of tree, built against the installed package).
        self.cdkpp("init", "app", "--language", "cpp", "--pipeline", "--generate-only")
        with open(os.path.join(self.project, "cdk.json")) as f:
            cdk_json = json.load(f)
        if cdk_json["context"].get("repository") != "OWNER/REPO":
            raise AssertionError(f"the template's repository context changed: {cdk_json['context']}")
        self.run(["git", "init", "-q", "-b", "main", self.project], self.tmp)
        self.git("add", ".")
        self.git("commit", "-q", "-m", "Initial commit")
        self.run([lc_fixture.BIN, "link-repo", "OWNER/REPO", self.project,
                  "--data-dir", self.lc.data_dir], self.tmp)
        self.lc.client("secretsmanager", "build").create_secret(Name="github-token", SecretString="local-token")

    def deploy_pipeline(self):
        """`cdkpp deploy PipelineStack` from the build account (builds the app here first)."""
        return self.timed("deploy_pipeline", self.cdkpp, "deploy", "PipelineStack", "--profile", "build",
                          "--require-approval", "never")

    # --- the pipeline's state ------------------------------------------------------------------------------
    def executions(self):
        return self.cp.list_pipeline_executions(pipelineName=PIPELINE)["pipelineExecutionSummaries"]

    def first_execution(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                summaries = self.executions()
                if summaries:
                    return summaries[-1]["pipelineExecutionId"]
            except self.cp.exceptions.PipelineNotFoundException:
                pass
            time.sleep(0.2)
        raise AssertionError("the pipeline started no execution")

    def execution(self, execution_id):
        return self.cp.get_pipeline_execution(pipelineName=PIPELINE, pipelineExecutionId=execution_id)[
            "pipelineExecution"]

    def actions(self, execution_id):
        return self.cp.list_action_executions(pipelineName=PIPELINE, filter={"pipelineExecutionId": execution_id})[
            "actionExecutionDetails"]

    def describe_failure(self, execution_id):
        lines = [json.dumps(self.execution(execution_id), default=str)]
        for a in self.actions(execution_id):
            if a["status"] == "Failed":
                lines.append(f"{a['stageName']}/{a['actionName']}: {json.dumps(a.get('output', {}), default=str)}")
                build = a.get("output", {}).get("executionResult", {}).get("externalExecutionId", "")
                if ":" in build:
                    lines.append(self.build_log(build, tail=80))
        return "\n".join(lines)

    def build_log(self, build_id, tail=None):
        """The build's CloudWatch Logs stream, all of it (or its last `tail` lines)."""
        b = self.lc.client("codebuild", "build").batch_get_builds(ids=[build_id])["builds"][0]
        logs = self.lc.client("logs", "build")
        lines, token = [], None
        for _ in range(1000):
            kw = {"nextToken": token} if token else {}
            page = logs.get_log_events(logGroupName=b["logs"]["groupName"], logStreamName=b["logs"]["streamName"],
                                       startFromHead=True, **kw)
            lines += [e["message"] for e in page["events"]]
            if not page["events"] or page.get("nextForwardToken") == token:
                break
            token = page.get("nextForwardToken")
        return "\n".join(lines[-tail:] if tail else lines)

    def stage_action(self, stage, action_prefix, execution_id):
        for a in self.actions(execution_id):
            if a["stageName"] == stage and a["actionName"].startswith(action_prefix):
                return a
        return None

    def wait(self, what, pred, execution_id, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = pred()
            if got:
                return got
            if self.execution(execution_id)["status"] not in ("InProgress", "Stopping"):
                raise AssertionError(f"execution ended while waiting for {what}:\n{self.describe_failure(execution_id)}")
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}:\n{self.describe_failure(execution_id)}")

    def wait_approval(self, stage, execution_id, timeout=600):
        """Waits until the stage's approval waits for this execution; returns its token."""
        def token():
            state = self.cp.get_pipeline_state(name=PIPELINE)
            for s in state["stageStates"]:
                if s["stageName"] != stage or s.get("latestExecution", {}).get("pipelineExecutionId") != execution_id:
                    continue
                for a in s["actionStates"]:
                    latest = a.get("latestExecution", {})
                    if a["actionName"] == "PromoteTo" + stage and latest.get("status") == "InProgress":
                        return latest.get("token")
            return None
        return self.wait(f"the approval of {stage}", token, execution_id, timeout)

    def approve(self, stage, execution_id, token=None):
        token = token or self.wait_approval(stage, execution_id)
        rc, out, err = self.lc.aws("build", "codepipeline", "put-approval-result", "--pipeline-name", PIPELINE,
                                   "--stage-name", stage, "--action-name", "PromoteTo" + stage, "--token", token,
                                   "--result", "summary=approved by the e2e test,status=Approved")
        return out

    def reject(self, stage, execution_id, summary="superseded by the next commit"):
        token = self.wait_approval(stage, execution_id)
        self.lc.aws("build", "codepipeline", "put-approval-result", "--pipeline-name", PIPELINE, "--stage-name", stage,
                    "--action-name", "PromoteTo" + stage, "--token", token,
                    "--result", f"summary={summary},status=Rejected")

    def waiting_at(self, stage):
        """The execution whose approval waits at the stage (None when none does)."""
        for s in self.cp.get_pipeline_state(name=PIPELINE)["stageStates"]:
            if s["stageName"] != stage:
                continue
            for a in s["actionStates"]:
                if a["actionName"] == "PromoteTo" + stage and a.get("latestExecution", {}).get("status") == "InProgress":
                    return s.get("latestExecution", {}).get("pipelineExecutionId")
        return None

    def stage_state(self, stage):
        return next(s for s in self.cp.get_pipeline_state(name=PIPELINE)["stageStates"] if s["stageName"] == stage)

    def wait_stage_succeeded(self, stage, execution_id, timeout=600):
        """GetPipelineState's view (a retried stage's latest run): the stage Succeeded for this execution."""
        def done():
            latest = self.stage_state(stage).get("latestExecution", {})
            return latest.get("pipelineExecutionId") == execution_id and latest.get("status") == "Succeeded"
        return self.wait(f"stage {stage} to succeed", done, execution_id, timeout)

    def wait_stage_failed(self, stage, execution_id, timeout=600):
        """Waits until an action of the stage failed in this execution (the execution fails with it); returns that
        action's execution detail."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for a in self.actions(execution_id):
                if a["stageName"] == stage and a["status"] == "Failed":
                    return a
            if self.execution(execution_id)["status"] == "Succeeded":
                raise AssertionError(f"stage {stage} did not fail: {json.dumps(self.actions(execution_id), default=str)}")
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for stage {stage} to fail:\n{self.describe_failure(execution_id)}")

    def wait_stage(self, stage, execution_id, timeout=600):
        def done():
            acts = [a for a in self.actions(execution_id) if a["stageName"] == stage]
            names = {a["actionName"]: a["status"] for a in acts}
            return names if names and all(v == "Succeeded" for v in names.values()) and \
                any(n.endswith(".Deploy") for n in names) else None
        return self.wait(f"stage {stage} to succeed", done, execution_id, timeout)

    def stage_timings(self, execution_id, since=None):
        """Per stage: seconds from its first action's start to its last action's end (and from `since`)."""
        out = {}
        for a in self.actions(execution_id):
            start, end = iso_seconds(a["startTime"]), iso_seconds(a["lastUpdateTime"])
            s = out.setdefault(a["stageName"], {"start": start, "end": end})
            s["start"], s["end"] = min(s["start"], start), max(s["end"], end)
        for s in out.values():
            s["seconds"] = round(s["end"] - s["start"], 2)
        if since is not None:
            for s in out.values():
                s["at"] = round(s["end"] - since, 2)
        return out

    def commit(self, message, handler_text=None):
        """Changes the function's answer in main.cpp (or only adds a file) and commits; returns the commit id."""
        main = os.path.join(self.project, "main.cpp")
        if handler_text:
            with open(main) as f:
                text = f.read()
            with open(main, "w") as f:
                f.write(text.replace("hello from ", handler_text + " from ", 1))
        else:
            with open(os.path.join(self.project, "CHANGES"), "a") as f:
                f.write(message + "\n")
        self.git("add", ".")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").stdout.strip()

    def new_execution_after(self, known, commit, timeout=30):
        """The execution the commit started: one not in `known` (its source revision is checked by the caller)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            fresh = [e for e in self.executions() if e["pipelineExecutionId"] not in known]
            if fresh:
                return fresh[-1]["pipelineExecutionId"]
            time.sleep(0.1)
        raise AssertionError(f"no execution started for commit {commit}: {self.executions()}")

    def revision(self, execution_id):
        revs = self.execution(execution_id).get("artifactRevisions", [])
        return revs[0]["revisionId"] if revs else None

    def commit_and_deploy_dev(self, message, handler_text=None):
        """A commit, then (approval given at once) Dev deployed: the figures of that run."""
        known = {e["pipelineExecutionId"] for e in self.executions()}
        t0 = time.time()
        commit = self.commit(message, handler_text)
        execution_id = self.new_execution_after(known, commit)
        started = time.time() - t0
        self.approve("Dev", execution_id)
        self.wait_stage("Dev", execution_id)
        total = time.time() - t0
        if self.revision(execution_id) != commit:
            raise AssertionError(f"execution {execution_id} ran {self.revision(execution_id)}, not {commit}")
        return {"execution": execution_id, "commit": commit, "started_after": round(started, 2),
                "commit_to_dev_deployed": round(total, 2), "stages": self.stage_timings(execution_id, since=t0)}

    # --- the deployed stack ------------------------------------------------------------------------------
    def dev_stack(self):
        cfn = self.lc.client("cloudformation", "dev")
        try:
            return cfn.describe_stacks(StackName="Dev-LambdaStack")["Stacks"][0]
        except cfn.exceptions.ClientError:
            return None

    def stacks_named(self, profile, name):
        cfn = self.lc.client("cloudformation", profile)
        return [s for s in cfn.list_stacks()["StackSummaries"]
                if s["StackName"] == name and s["StackStatus"] != "DELETE_COMPLETE"]

    def invoke(self, profile, stage):
        """Invokes the function `<stage>-LambdaStack` deployed in the profile's account: (its name, its answer)."""
        stack = self.lc.client("cloudformation", profile).describe_stacks(StackName=f"{stage}-LambdaStack")["Stacks"][0]
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        name = outputs["FunctionName"]
        r = self.lc.client("lambda", profile).invoke(FunctionName=name, Payload=b"{}")
        return name, json.loads(r["Payload"].read())

    def invoke_dev(self):
        return self.invoke("dev", "Dev")[1]
