"""CodeBuild over the wire with the AWS CLI v2 and boto3: projects, builds that really run (every phase, env kind and
artifact option), the service role's credentials inside a build (stock `aws` and boto3 reach localcloud as the
role; what it may not do is AccessDenied), StopBuild, a trust policy that does not admit codebuild, ten builds
at once, the LOCAL and S3 caches, the stock `cdk synth` and `cdkpp synth` in builds, and a build in progress
when localcloud is killed."""
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

import botocore.config
import botocore.exceptions

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy  # noqa: E402

DEV = ACCOUNTS["dev"]
CODEBUILD_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
ENV = {"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL"}
LOGS = {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": "*"}

# Every phase, every env kind localcloud serves, finally/on-failure, exported variables, artifacts with
# base-directory, globs, discard-paths, name, and a secondary artifact.
FULL_SPEC = """version: 0.2
env:
  shell: bash
  variables:
    GREETING: hello
    FROM_SPEC: spec
  parameter-store:
    DB_URL: /app/db-url
    API_KEY: /app/api-key
  secrets-manager:
    DB_PASSWORD: app/db:password
    DB_WHOLE: app/db
  exported-variables:
    - BUILT_AT
    - GREETING
phases:
  install:
    commands:
      - echo "install $GREETING $FROM_PROJECT $FROM_OVERRIDE"
      - export CARRIED=from-install
      - mkdir -p out/nested/deeper && cd out
  pre_build:
    on-failure: CONTINUE
    commands:
      - echo "pre_build in $(basename $PWD) carried=$CARRIED"
      - "false"
    finally:
      - echo pre_build-finally
  build:
    commands:
      - echo "db=$DB_URL key=$API_KEY password=$DB_PASSWORD whole=$DB_WHOLE"
      - echo one > nested/a.txt && echo two > nested/deeper/b.txt && echo skip > nested/c.log
      - echo "$CODEBUILD_BUILD_ID|$CODEBUILD_BUILD_NUMBER|$CODEBUILD_SRC_DIR|$CODEBUILD_INITIATOR" > ids.txt
      - echo "$CODEBUILD_BUILD_ARN|$CODEBUILD_BUILD_IMAGE|$AWS_REGION|$AWS_DEFAULT_REGION|$CODEBUILD_RESOLVED_SOURCE_VERSION" >> ids.txt
      - echo "home=$HOME tmp=$TMPDIR npm=$npm_config_cache key=${AWS_ACCESS_KEY_ID:-none} profile=${AWS_PROFILE:-none}" >> ids.txt
      - export BUILT_AT=20261206
  post_build:
    commands:
      - echo "post_build succeeding=$CODEBUILD_BUILD_SUCCEEDING"
artifacts:
  base-directory: out
  files:
    - '**/*.txt'
  exclude-paths:
    - nested/deeper/*
  name: app-$BUILT_AT.zip
  secondary-artifacts:
    flat:
      base-directory: out
      files:
        - 'nested/**/*'
      discard-paths: yes
"""


def zip_of(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


class CodeBuildTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["CDKPP_LOCALCLOUD_CODEBUILD_WORKERS"] = "12"
        os.environ["AWS_ACCESS_KEY_ID"] = "AKIALEAKEDFROMHOST000"  # must not reach a build
        cls.lc = LocalCloud().start()
        del os.environ["AWS_ACCESS_KEY_ID"]
        cls.iam = cls.lc.client("iam", "dev")
        cls.s3 = cls.lc.client("s3", "dev")
        cls.ssm = cls.lc.client("ssm", "dev")
        cls.cb = cls.lc.client("codebuild", "dev")
        cls.s3.create_bucket(Bucket="cb-art", CreateBucketConfiguration={"LocationConstraint": REGION})
        cls.s3.create_bucket(Bucket="cb-forbidden", CreateBucketConfiguration={"LocationConstraint": REGION})
        cls.role = cls.make_role("cb-role", policy(
            LOGS,
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
             "Resource": ["arn:aws:s3:::cb-art", "arn:aws:s3:::cb-art/*"]},
            {"Effect": "Allow", "Action": ["ssm:GetParameters", "ssm:GetParameter"], "Resource": "*"},
            {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
        cls.ssm.put_parameter(Name="/app/db-url", Value="postgres://db", Type="String")
        cls.ssm.put_parameter(Name="/app/api-key", Value="s3cr3t", Type="SecureString")
        cls.lc.client("secretsmanager", "dev").create_secret(Name="app/db",
                                                              SecretString=json.dumps({"password": "hunter2"}))

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    @classmethod
    def make_role(cls, name, doc, trust=CODEBUILD_TRUST):
        arn = cls.iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        cls.iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=doc)
        return arn

    def project(self, name, spec, role=None, **kw):
        args = dict(name=name, source={"type": "NO_SOURCE", "buildspec": spec}, artifacts={"type": "NO_ARTIFACTS"},
                    environment=ENV, serviceRole=role or self.role)
        args.update(kw)
        return self.cb.create_project(**args)["project"]

    def wait(self, build_id, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            b = self.cb.batch_get_builds(ids=[build_id])["builds"][0]
            if b["buildComplete"]:
                return b
            time.sleep(0.1)
        raise AssertionError(f"build {build_id} did not complete")

    def log(self, build):
        events = self.lc.client("logs", "dev").get_log_events(
            logGroupName=build["logs"]["groupName"], logStreamName=build["logs"]["streamName"],
            startFromHead=True)["events"]
        return "\n".join(e["message"] for e in events)

    def phases(self, build):
        return {p["phaseType"]: p for p in build["phases"]}

    # ---- projects -------------------------------------------------------------------------------------------
    def test_project_lifecycle_with_the_cli(self):
        spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n"
        rc, out, err = self.lc.aws("dev", "codebuild", "create-project", "--name", "cli-proj", "--source",
                                   json.dumps({"type": "NO_SOURCE", "buildspec": spec}), "--artifacts",
                                   '{"type": "NO_ARTIFACTS"}', "--environment", json.dumps(ENV), "--service-role",
                                   "cb-role")
        self.assertEqual(out["project"]["arn"], f"arn:aws:codebuild:{REGION}:{DEV}:project/cli-proj")
        self.assertEqual(out["project"]["serviceRole"], self.role)  # a role name becomes its ARN
        self.assertEqual(out["project"]["timeoutInMinutes"], 60)
        rc, _, err = self.lc.aws("dev", "codebuild", "create-project", "--name", "cli-proj", "--source",
                                 '{"type": "NO_SOURCE", "buildspec": "x"}', "--artifacts", '{"type": "NO_ARTIFACTS"}',
                                 "--environment", json.dumps(ENV), "--service-role", "cb-role", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceAlreadyExistsException", err)
        self.lc.aws("dev", "codebuild", "update-project", "--name", "cli-proj", "--timeout-in-minutes", "30",
                    "--description", "d")
        _, got, _ = self.lc.aws("dev", "codebuild", "batch-get-projects", "--names", "cli-proj", "nope")
        self.assertEqual(got["projects"][0]["timeoutInMinutes"], 30)
        self.assertEqual(got["projects"][0]["description"], "d")
        self.assertEqual(got["projectsNotFound"], ["nope"])
        _, listed, _ = self.lc.aws("dev", "codebuild", "list-projects")
        self.assertIn("cli-proj", listed["projects"])
        self.lc.aws("dev", "codebuild", "delete-project", "--name", "cli-proj")
        _, got, _ = self.lc.aws("dev", "codebuild", "batch-get-projects", "--names", "cli-proj")
        self.assertEqual(got["projects"], [])

    def test_invalid_projects_are_refused_before_anything_is_stored(self):
        bad = [
            (dict(name="bad name!"), "at 'name' failed to satisfy constraint"),
            (dict(name="no-spec", source={"type": "NO_SOURCE"}), "buildspec cannot be empty"),
            (dict(name="bad-art", artifacts={"type": "S3"}), "Artifacts location is required"),
            # the model's range (5..2160), checked by the protocol layer before CodeBuild sees it
            (dict(name="bad-timeout", timeoutInMinutes=1), "Member must have value greater than or equal to 5"),
            (dict(name="mixed", source={"type": "CODEPIPELINE"}), "must be set to CodePipeline"),
        ]
        # botocore would refuse some of these itself: the server's checks are what is tested.
        cb = self.lc.session("dev").client("codebuild", endpoint_url=self.lc.endpoint, config=botocore.config.Config(
            parameter_validation=False, retries={"max_attempts": 1}))
        for override, message in bad:
            args = dict(name="p", source={"type": "NO_SOURCE", "buildspec": "version: 0.2"},
                        artifacts={"type": "NO_ARTIFACTS"}, environment=ENV, serviceRole=self.role)
            args.update(override)
            with self.assertRaises(botocore.exceptions.ClientError) as ctx:
                cb.create_project(**args)
            code = ctx.exception.response["Error"]["Code"]
            self.assertEqual(code, "ValidationException" if "Member must" in message else "InvalidInputException")
            self.assertIn(message, str(ctx.exception))
            self.assertEqual(self.cb.batch_get_projects(names=[args["name"]])["projects"], [])

    def test_service_role_must_trust_codebuild_and_be_passable(self):
        lambda_role = self.iam.create_role(RoleName="not-cb", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        with self.assertRaises(self.cb.exceptions.InvalidInputException) as ctx:
            self.project("untrusted", "version: 0.2", role=lambda_role)
        self.assertIn(f"CodeBuild is not authorized to perform: sts:AssumeRole on {lambda_role}", str(ctx.exception))
        # A user that may create projects but not pass the role.
        self.iam.create_user(UserName="nopass")
        self.iam.put_user_policy(UserName="nopass", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "codebuild:*", "Resource": "*"}))
        key = self.iam.create_access_key(UserName="nopass")["AccessKey"]
        cb = self.lc.client("codebuild", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
        with self.assertRaises(cb.exceptions.ClientError) as ctx:
            cb.create_project(name="nopass-proj", source={"type": "NO_SOURCE", "buildspec": "version: 0.2"},
                              artifacts={"type": "NO_ARTIFACTS"}, environment=ENV, serviceRole=self.role)
        self.assertIn("iam:PassRole", str(ctx.exception))

    def test_codebuild_actions_are_authorized_on_the_project(self):
        self.project("guarded", "version: 0.2\nphases:\n  build:\n    commands:\n      - 'true'\n")
        self.iam.create_user(UserName="reader")
        self.iam.put_user_policy(UserName="reader", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["codebuild:BatchGet*", "codebuild:List*"], "Resource": "*"}))
        key = self.iam.create_access_key(UserName="reader")["AccessKey"]
        cb = self.lc.client("codebuild", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
        self.assertEqual(cb.batch_get_projects(names=["guarded"])["projects"][0]["name"], "guarded")
        with self.assertRaises(cb.exceptions.ClientError) as ctx:
            cb.start_build(projectName="guarded")
        self.assertIn(f"is not authorized to perform: codebuild:StartBuild on resource: "
                      f"arn:aws:codebuild:{REGION}:{DEV}:project/guarded", str(ctx.exception))
        # Another account does not see the project.
        other = self.lc.client("codebuild", "test")
        self.assertEqual(other.batch_get_projects(names=["guarded"])["projectsNotFound"], ["guarded"])

    # ---- a build that exercises the buildspec ---------------------------------------------------------------
    def test_every_phase_env_kind_and_artifact_option(self):
        self.project("full", FULL_SPEC,
                     artifacts={"type": "S3", "location": "cb-art", "path": "builds", "namespaceType": "BUILD_ID",
                                "packaging": "ZIP", "name": "ignored.zip", "overrideArtifactName": True},
                     secondaryArtifacts=[{"type": "S3", "location": "cb-art", "path": "flat", "packaging": "NONE",
                                          "artifactIdentifier": "flat", "name": "files"}],
                     environment=dict(ENV, environmentVariables=[
                         {"name": "FROM_PROJECT", "value": "project"},
                         {"name": "FROM_SPEC", "value": "project-wins"}]))
        started = self.cb.start_build(projectName="full", sourceVersion="v1.2.3",
                                      environmentVariablesOverride=[{"name": "FROM_OVERRIDE", "value": "override"}])
        build = started["build"]
        self.assertEqual(build["buildStatus"], "IN_PROGRESS")
        self.assertEqual(build["buildNumber"], 1)
        b = self.wait(build["id"])
        log = self.log(b)
        self.assertEqual(b["buildStatus"], "FAILED", log)  # pre_build failed, on-failure CONTINUE
        ph = self.phases(b)
        self.assertEqual([p["phaseType"] for p in b["phases"]],
                         ["SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD",
                          "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED"])
        self.assertEqual(ph["PRE_BUILD"]["phaseStatus"], "FAILED")
        self.assertEqual(ph["PRE_BUILD"]["contexts"][0]["statusCode"], "COMMAND_EXECUTION_ERROR")
        self.assertIn("Error while executing command: false. Reason: exit status 1",
                      ph["PRE_BUILD"]["contexts"][0]["message"])
        for p in ("INSTALL", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS"):
            self.assertEqual(ph[p]["phaseStatus"], "SUCCEEDED", (p, log))
            self.assertIn("durationInSeconds", ph[p])
        self.assertIn("install hello project override", log)
        self.assertIn("pre_build in out carried=from-install", log)  # cd and exports carry across phases
        self.assertIn("pre_build-finally", log)
        # parameter-store (a SecureString decrypted) and secrets-manager (a JSON key, and the whole secret), as the role
        self.assertIn('db=postgres://db key=s3cr3t password=hunter2 whole={"password": "hunter2"}', log)
        self.assertIn("post_build succeeding=0", log)
        self.assertIn("[Container]", log)
        self.assertIn("Entering phase BUILD", log)
        self.assertEqual(b["resolvedSourceVersion"], "v1.2.3")
        self.assertEqual(b["exportedEnvironmentVariables"],
                         [{"name": "BUILT_AT", "value": "20261206"}, {"name": "GREETING", "value": "hello"}])
        uuid = b["id"].split(":")[1]
        key = f"builds/{uuid}/app-20261206.zip"
        self.assertEqual(b["artifacts"]["location"], f"arn:aws:s3:::cb-art/{key}")
        body = self.s3.get_object(Bucket="cb-art", Key=key)["Body"].read()
        names = sorted(zipfile.ZipFile(io.BytesIO(body)).namelist())
        self.assertEqual(names, ["ids.txt", "nested/a.txt"])  # *.txt, deeper/ excluded, c.log not matched
        ids = zipfile.ZipFile(io.BytesIO(body)).read("ids.txt").decode().splitlines()
        build_id, number, src, initiator = ids[0].split("|")
        self.assertEqual((build_id, number, initiator), (b["id"], "1", "admin"))
        self.assertTrue(src.endswith(f"/codebuild/builds/{uuid}/src"), src)
        self.assertEqual(ids[1], f"{b['arn']}|aws/codebuild/standard:7.0|{REGION}|{REGION}|v1.2.3")
        self.assertIn(f"/codebuild/builds/{uuid}/home tmp=", ids[2])
        self.assertIn("key=none profile=none", ids[2])  # the host's AWS_ACCESS_KEY_ID is not passed on
        # The secondary artifact: NONE packaging, paths discarded.
        listed = self.s3.list_objects_v2(Bucket="cb-art", Prefix="flat/files/")["Contents"]
        self.assertEqual(sorted(o["Key"] for o in listed),
                         ["flat/files/a.txt", "flat/files/b.txt", "flat/files/c.log"])
        self.assertEqual(b["secondaryArtifacts"][0]["artifactIdentifier"], "flat")
        self.assertEqual(b["logs"]["groupName"], "/aws/codebuild/full")
        self.assertEqual(b["logs"]["streamName"], uuid)
        ids_listed = self.cb.list_builds_for_project(projectName="full")["ids"]
        self.assertEqual(ids_listed[0], b["id"])

    def test_s3_source_buildspec_override_timeout_override_and_retry(self):
        self.s3.put_object(Bucket="cb-art", Key="src/app.zip", Body=zip_of({
            "buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - cat hello.txt\n",
            "hello.txt": "from the zip\n"}))
        self.project("s3src", "", source={"type": "S3", "location": "cb-art/src/app.zip"})
        b = self.wait(self.cb.start_build(projectName="s3src")["build"]["id"])
        self.assertEqual(b["buildStatus"], "SUCCEEDED", self.log(b))
        self.assertIn("from the zip", self.log(b))
        override = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo overridden; ls\n"
        b2 = self.wait(self.cb.start_build(projectName="s3src", buildspecOverride=override,
                                           timeoutInMinutesOverride=7)["build"]["id"])
        self.assertEqual(b2["timeoutInMinutes"], 7)
        self.assertIn("overridden", self.log(b2))
        self.assertIn("hello.txt", self.log(b2))
        retried = self.cb.retry_build(id=b2["id"])["build"]
        self.assertNotEqual(retried["id"], b2["id"])
        b3 = self.wait(retried["id"])
        self.assertEqual(b3["buildNumber"], b2["buildNumber"] + 1)
        self.assertIn("overridden", self.log(b3))
        # Another source location the role may not read: DOWNLOAD_SOURCE fails with the S3 error.
        self.s3.put_object(Bucket="cb-forbidden", Key="app.zip", Body=zip_of({"a": "b"}))
        b4 = self.wait(self.cb.start_build(projectName="s3src", sourceTypeOverride="S3",
                                           sourceLocationOverride="cb-forbidden/app.zip")["build"]["id"])
        ph = self.phases(b4)["DOWNLOAD_SOURCE"]
        self.assertEqual((b4["buildStatus"], ph["phaseStatus"]), ("FAILED", "FAILED"))
        self.assertEqual(ph["contexts"][0]["statusCode"], "CLIENT_ERROR")
        self.assertIn("AccessDenied", ph["contexts"][0]["message"])
        self.assertNotIn("INSTALL", self.phases(b4))

    def test_missing_parameter_and_bad_yaml_fail_download_source(self):
        self.project("badparam", "version: 0.2\nenv:\n  parameter-store:\n    X: /nope\nphases:\n  build:\n"
                                 "    commands:\n      - echo never\n")
        b = self.wait(self.cb.start_build(projectName="badparam")["build"]["id"])
        ctx = self.phases(b)["DOWNLOAD_SOURCE"]["contexts"][0]
        self.assertEqual(ctx["statusCode"], "Decrypted Variables Error")
        self.assertIn("parameter does not exist: /nope", ctx["message"])
        self.project("badyaml", "version: 0.2\nphases:\n  compile:\n    commands: [x]\n")
        b = self.wait(self.cb.start_build(projectName="badyaml")["build"]["id"])
        ctx = self.phases(b)["DOWNLOAD_SOURCE"]["contexts"][0]
        self.assertEqual(ctx["statusCode"], "YAML_FILE_ERROR")
        self.assertIn("unknown phase name: compile", ctx["message"])
        self.project("secret", "version: 0.2\nenv:\n  secrets-manager:\n    S: my-secret:password\n")
        b = self.wait(self.cb.start_build(projectName="secret")["build"]["id"])
        ctx = self.phases(b)["DOWNLOAD_SOURCE"]["contexts"][0]
        self.assertEqual(ctx["statusCode"], "Secrets Manager Error")
        self.assertIn("ResourceNotFoundException", ctx["message"])
        self.assertEqual(b["buildStatus"], "FAILED")

    def test_install_abort_skips_to_finalizing(self):
        self.project("abort", "version: 0.2\nphases:\n  install:\n    commands:\n      - exit 3\n"
                              "  build:\n    commands:\n      - echo must-not-run\n")
        b = self.wait(self.cb.start_build(projectName="abort")["build"]["id"])
        self.assertEqual(b["buildStatus"], "FAILED")
        self.assertEqual([p["phaseType"] for p in b["phases"]][-4:], ["DOWNLOAD_SOURCE", "INSTALL", "FINALIZING",
                                                                     "COMPLETED"])
        self.assertIn("exit status 3", self.phases(b)["INSTALL"]["contexts"][0]["message"])
        self.assertNotIn("must-not-run", self.log(b))

    # ---- the role inside the build --------------------------------------------------------------------------
    def test_build_acts_as_its_role_with_the_stock_clients(self):
        spec = """version: 0.2
phases:
  build:
    commands:
      - aws sts get-caller-identity --output json > who.json
      - echo artifact > a.txt && aws s3 cp a.txt s3://cb-art/from-build/a.txt
      - python3 -c "import boto3; print('boto3', boto3.client('sts').get_caller_identity()['Arn'])"
      - |
        node -e "fetch(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, {headers: {Authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN}}).then(r => r.json()).then(j => console.log('node-creds', j.AccessKeyId.slice(0, 4), j.RoleArn))"
      - cat who.json
      - /usr/bin/aws --version && /usr/bin/aws --endpoint-url "$AWS_ENDPOINT_URL" sts get-caller-identity --query Arn --output text | sed 's/^/cli-v2 /'
      - aws s3 cp a.txt s3://cb-forbidden/a.txt
"""
        self.project("asrole", spec)
        b = self.wait(self.cb.start_build(projectName="asrole")["build"]["id"])
        log = self.log(b)
        uuid = b["id"].split(":")[1]
        session = f"arn:aws:sts::{DEV}:assumed-role/cb-role/AWSCodeBuild-{uuid}"
        self.assertIn(f'"Arn": "{session}"', log)
        self.assertIn(f"boto3 {session}", log)
        self.assertIn(f"node-creds ASIA {self.role}", log)
        self.assertIn(f"cli-v2 {session}", log)  # the CLI v2's container-credentials provider
        self.assertEqual(self.s3.get_object(Bucket="cb-art", Key="from-build/a.txt")["Body"].read(), b"artifact\n")
        # The role may not write cb-forbidden: the last command fails with AccessDenied, so does the build.
        self.assertIn("AccessDenied", log)
        self.assertEqual(b["buildStatus"], "FAILED")
        self.assertIn("aws s3 cp a.txt s3://cb-forbidden/a.txt", self.phases(b)["BUILD"]["contexts"][0]["message"])
        with self.assertRaises(self.s3.exceptions.NoSuchKey):
            self.s3.get_object(Bucket="cb-forbidden", Key="a.txt")

    def test_github_source_from_a_linked_repository(self):
        repo = os.path.join(self.lc.tmp, "app-repo")
        git = ["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com"]
        subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
        with open(os.path.join(repo, "buildspec.yml"), "w") as f:
            f.write("version: 0.2\nphases:\n  build:\n    commands:\n      - cat version.txt; git rev-parse HEAD\n")
        with open(os.path.join(repo, "version.txt"), "w") as f:
            f.write("first\n")
        subprocess.run(git + ["add", "."], check=True)
        subprocess.run(git + ["commit", "-q", "-m", "one"], check=True)
        first = subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
        with open(os.path.join(repo, "version.txt"), "w") as f:
            f.write("second\n")
        subprocess.run(git + ["commit", "-q", "-am", "two"], check=True)
        second = subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
        self.project("gh", "", source={"type": "GITHUB", "location": "https://github.com/Acme/App.git"})
        # Not linked yet: DOWNLOAD_SOURCE names the command that links it.
        b = self.wait(self.cb.start_build(projectName="gh")["build"]["id"])
        ctx = self.phases(b)["DOWNLOAD_SOURCE"]["contexts"][0]
        self.assertEqual(ctx["statusCode"], "CLIENT_ERROR")
        self.assertIn("link-repo", ctx["message"])
        subprocess.run([self.lc_bin(), "link-repo", "Acme/App", repo, "--data-dir", self.lc.data_dir], check=True,
                       capture_output=True)
        b = self.wait(self.cb.start_build(projectName="gh")["build"]["id"])
        self.assertEqual(b["buildStatus"], "SUCCEEDED", self.log(b))
        self.assertEqual(b["resolvedSourceVersion"], second)
        self.assertIn("second", self.log(b))
        b = self.wait(self.cb.start_build(projectName="gh", sourceVersion=first[:10])["build"]["id"])
        self.assertEqual(b["resolvedSourceVersion"], first)
        log = self.log(b)
        self.assertIn("first", log)
        self.assertIn(first, log)  # a clone with the commit checked out

    def tool(self, path, hint):
        if not os.path.exists(path):
            self.fail(f"{path} is missing: {hint}")
        return path

    def synth_build(self, name, source_key, spec, out_path, variables):
        """A project building the S3 zip `source_key` with `spec`, cdk.out zipped to cb-art/<out_path>; runs it."""
        self.project(name, spec, source={"type": "S3", "location": "cb-art/" + source_key, "buildspec": spec},
                     artifacts={"type": "S3", "location": "cb-art", "path": out_path, "packaging": "ZIP",
                                "name": "cdk.out.zip"},
                     environment=dict(ENV, environmentVariables=[{"name": k, "value": v} for k, v in variables.items()]))
        b = self.wait(self.cb.start_build(projectName=name)["build"]["id"], timeout=240)
        log = self.log(b)
        self.assertEqual(b["buildStatus"], "SUCCEEDED", log[-3000:])
        return b, log

    def test_stock_cdk_synth_in_a_build(self):
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
        modules = os.path.join(root, "third_party", "npm", "node_modules")
        cdk = self.tool(os.path.join(modules, ".bin", "cdk"), "the stock CDK CLI is installed by scripts/setup")
        app = ("const cdk = require('aws-cdk-lib');\n"
               "const app = new cdk.App();\n"
               "const stack = new cdk.Stack(app, 'BuiltInCodeBuild');\n"
               "new cdk.aws_s3.Bucket(stack, 'Bucket');\n"
               "app.synth();\n")
        self.s3.put_object(Bucket="cb-art", Key="src/cdk-app.zip", Body=zip_of({
            "app.js": app, "cdk.json": json.dumps({"app": "node app.js"})}))
        spec = """version: 0.2
phases:
  build:
    commands:
      - '"$CDK" synth --no-notices --quiet'
      - aws s3 cp cdk.out/BuiltInCodeBuild.template.json s3://cb-art/cdk/template.json
artifacts:
  base-directory: cdk.out
  files: ['**/*']
"""
        b, _ = self.synth_build("cdk-synth", "src/cdk-app.zip", spec, "cdk-out", {
            "CDK": cdk, "NODE_PATH": modules, "CDK_DISABLE_VERSION_CHECK": "1", "CI": "true"})
        template = json.loads(self.s3.get_object(Bucket="cb-art", Key="cdk/template.json")["Body"].read())
        self.assertIn("AWS::S3::Bucket", [r["Type"] for r in template["Resources"].values()])
        body = self.s3.get_object(Bucket="cb-art", Key="cdk-out/cdk.out.zip")["Body"].read()
        self.assertIn("BuiltInCodeBuild.template.json", zipfile.ZipFile(io.BytesIO(body)).namelist())

    def test_cdkpp_synth_in_a_build(self):
        # The project's own cdkpp and the example C++ app (examples/hello_app), built next to localcloud.
        bin_dir = os.path.dirname(os.path.abspath(self.lc_bin()))
        cdkpp = self.tool(os.path.join(bin_dir, "cdkpp"), "scripts/build --target cdkpp")
        app = self.tool(os.path.join(bin_dir, "hello_app"), "scripts/build --target hello_app")
        self.s3.put_object(Bucket="cb-art", Key="src/cdkpp-app.zip", Body=zip_of({"cdk.json": json.dumps({"app": app})}))
        spec = """version: 0.2
phases:
  build:
    commands:
      - '"$CDKPP" synth'
      - '"$CDKPP" list'
      - '"$CDKPP" synth HelloQueues > queues.yaml && grep -c "AWS::SQS::Queue" queues.yaml'
      - aws s3 cp cdk.out/HelloQueues.template.json s3://cb-art/cdkpp/template.json
      - '"$CDKPP" whoami'
artifacts:
  base-directory: cdk.out
  files: ['**/*']
"""
        b, log = self.synth_build("cdkpp-synth", "src/cdkpp-app.zip", spec, "cdkpp-out", {"CDKPP": cdkpp})
        self.assertIn("Successfully synthesized to ", log)
        self.assertIn("Dev/Service (Dev-Service)", log)
        # cdkpp itself reaches localcloud as the service role, through the build's credentials endpoint.
        self.assertIn(f"arn:aws:sts::{DEV}:assumed-role/cb-role/AWSCodeBuild-{b['id'].split(':')[-1]}", log)
        self.assertIn("credentials: container credentials from http://127.0.0.1:", log)
        template = json.loads(self.s3.get_object(Bucket="cb-art", Key="cdkpp/template.json")["Body"].read())
        self.assertIn("AWS::SQS::Queue", [r["Type"] for r in template["Resources"].values()])
        body = self.s3.get_object(Bucket="cb-art", Key="cdkpp-out/cdk.out.zip")["Body"].read()
        names = zipfile.ZipFile(io.BytesIO(body)).namelist()
        self.assertIn("HelloConsumer.template.json", names)
        self.assertIn("assembly-Dev/manifest.json", names)  # the Stage's nested assembly

    def lc_bin(self):
        import lc_fixture
        return lc_fixture.BIN

    def test_credentials_endpoint_needs_the_build_token(self):
        import urllib.error
        import urllib.request
        req = urllib.request.Request(self.lc.endpoint + "/_localcloud/codebuild/credentials",
                                     headers={"Authorization": "not-a-token"})
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(req, timeout=5)
        self.assertEqual(ctx.exception.code, 403)

    def test_trust_policy_changed_after_create_fails_the_build(self):
        arn = self.make_role("cb-later", policy(LOGS))
        self.project("later", "version: 0.2\nphases:\n  build:\n    commands:\n      - echo never\n", role=arn)
        self.iam.update_assume_role_policy(RoleName="cb-later", PolicyDocument=LAMBDA_TRUST)
        b = self.wait(self.cb.start_build(projectName="later")["build"]["id"])
        ph = self.phases(b)["PROVISIONING"]
        self.assertEqual((b["buildStatus"], ph["phaseStatus"]), ("FAILED", "FAILED"))
        self.assertEqual(ph["contexts"][0]["statusCode"], "CLIENT_ERROR")
        self.assertIn(f"CodeBuild is not authorized to perform: sts:AssumeRole on {arn}", ph["contexts"][0]["message"])

    def test_role_without_log_permissions_fails_provisioning(self):
        arn = self.make_role("cb-nologs", policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))
        self.project("nologs", "version: 0.2\nphases:\n  build:\n    commands:\n      - echo never\n", role=arn)
        b = self.wait(self.cb.start_build(projectName="nologs")["build"]["id"])
        ctx = self.phases(b)["PROVISIONING"]["contexts"][0]
        self.assertEqual(ctx["statusCode"], "ACCESS_DENIED")
        self.assertIn("does not allow AWS CodeBuild to create Amazon CloudWatch Logs log streams", ctx["message"])
        self.assertIn("logs:CreateLogStream", ctx["message"])

    # ---- stop, timeout, concurrency, cache --------------------------------------------------------------------
    def test_stop_build_kills_the_process_group(self):
        marker = os.path.join(self.lc.tmp, "stop-marker")
        self.project("stopme", f"version: 0.2\nphases:\n  build:\n    commands:\n"
                               f"      - (sleep 3; touch {marker}) & sleep 60\n")
        build_id = self.cb.start_build(projectName="stopme")["build"]["id"]
        deadline = time.time() + 20
        while self.cb.batch_get_builds(ids=[build_id])["builds"][0].get("currentPhase") != "BUILD":
            self.assertLess(time.time(), deadline)
            time.sleep(0.05)
        time.sleep(0.3)
        t0 = time.time()
        rc, out, err = self.lc.aws("dev", "codebuild", "stop-build", "--id", build_id)
        self.assertLess(time.time() - t0, 5)
        self.assertEqual(out["build"]["buildStatus"], "STOPPED")
        self.assertEqual(self.phases(out["build"])["BUILD"]["phaseStatus"], "STOPPED")
        time.sleep(3.5)
        self.assertFalse(os.path.exists(marker), "the background child of the stopped command kept running")

    def test_ten_builds_at_once(self):
        spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - date +%s.%N > t0; sleep 1; date +%s.%N > t1\n" \
               "      - echo \"$(cat t0) $(cat t1) $PWD\"\n"
        self.project("many", spec)
        t0 = time.time()
        ids = [self.cb.start_build(projectName="many")["build"]["id"] for _ in range(10)]
        builds = [self.wait(i) for i in ids]
        elapsed = time.time() - t0
        self.assertTrue(all(b["buildStatus"] == "SUCCEEDED" for b in builds))
        self.assertEqual(sorted(b["buildNumber"] for b in builds), list(range(1, 11)))
        spans, dirs = [], set()
        for b in builds:
            line = [ln for ln in self.log(b).splitlines() if ln and ln[0].isdigit()][0]
            start, end, pwd = line.split()
            spans.append((float(start), float(end)))
            dirs.add(pwd)
        self.assertEqual(len(dirs), 10)  # each in its own directory
        overlapping = sum(1 for s, e in spans if s < min(e2 for _, e2 in spans))
        self.assertGreaterEqual(overlapping, 8, spans)  # they ran together, not one after another
        self.assertLess(elapsed, 10)

    def test_local_and_s3_caches_are_kept_between_builds(self):
        spec = """version: 0.2
phases:
  build:
    commands:
      - mkdir -p deps && (cat deps/count 2>/dev/null || echo 0) > before && echo $(( $(cat before) + 1 )) > deps/count
      - echo "cache-before=$(cat before)"
cache:
  paths:
    - deps/**/*
"""
        self.project("cached", spec, cache={"type": "LOCAL", "modes": ["LOCAL_CUSTOM_CACHE"]})
        logs = [self.log(self.wait(self.cb.start_build(projectName="cached")["build"]["id"])) for _ in range(3)]
        self.assertIn("cache-before=0", logs[0])
        self.assertIn("cache-before=1", logs[1])
        self.assertIn("cache-before=2", logs[2])
        # An S3 cache: an archive in the bucket, written and read as the role.
        self.project("s3cached", spec, cache={"type": "S3", "location": "cb-art/caches"})
        logs = [self.log(self.wait(self.cb.start_build(projectName="s3cached")["build"]["id"])) for _ in range(2)]
        self.assertIn("cache-before=0", logs[0])
        self.assertIn("cache-before=1", logs[1])
        self.assertEqual(self.s3.head_object(Bucket="cb-art", Key="caches/s3cached-cache.tgz")["ContentType"],
                         "application/gzip")


class CodeBuildOwnServerTest(unittest.TestCase):
    def test_aws_cli_v2_before_2_13_gets_the_endpoint_through_a_wrapper(self):
        # /usr/bin/aws (Debian's 2.9) first on localcloud's PATH, so first on the build's: it ignores
        # AWS_ENDPOINT_URL, and the build's PATH starts with a wrapper that passes --endpoint-url.
        saved = os.environ["PATH"]
        os.environ["PATH"] = "/usr/bin:" + saved
        try:
            lc = LocalCloud().start()
        finally:
            os.environ["PATH"] = saved
        try:
            iam = lc.client("iam", "dev")
            arn = iam.create_role(RoleName="r", AssumeRolePolicyDocument=CODEBUILD_TRUST)["Role"]["Arn"]
            iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=policy(LOGS))
            cb = lc.client("codebuild", "dev")
            cb.create_project(name="cli", source={"type": "NO_SOURCE", "buildspec":
                              "version: 0.2\nphases:\n  build:\n    commands:\n      - aws --version\n"
                              "      - aws sts get-caller-identity --query Arn --output text\n"},
                              artifacts={"type": "NO_ARTIFACTS"}, environment=ENV, serviceRole=arn)
            build_id = cb.start_build(projectName="cli")["build"]["id"]
            deadline = time.time() + 60
            while not (b := cb.batch_get_builds(ids=[build_id])["builds"][0])["buildComplete"]:
                self.assertLess(time.time(), deadline)
                time.sleep(0.1)
            with open(os.path.join(lc.data_dir, "codebuild", "builds", build_id.split(":")[1], "build.log")) as f:
                log = f.read()
            self.assertEqual(b["buildStatus"], "SUCCEEDED", log)
            self.assertIn("aws-cli/2.9", log)
            self.assertIn(f"arn:aws:sts::{DEV}:assumed-role/r/AWSCodeBuild-{build_id.split(':')[1]}", log)
        finally:
            lc.cleanup()


class CodeBuildRestartTest(unittest.TestCase):
    def test_build_in_progress_when_localcloud_is_killed_ends_failed(self):
        lc = LocalCloud().start()
        try:
            iam = lc.client("iam", "dev")
            arn = iam.create_role(RoleName="r", AssumeRolePolicyDocument=CODEBUILD_TRUST)["Role"]["Arn"]
            iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=policy(LOGS))
            cb = lc.client("codebuild", "dev")
            marker = os.path.join(lc.tmp, "survivor")
            cb.create_project(name="long", source={"type": "NO_SOURCE", "buildspec":
                              f"version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 4; touch {marker}\n"},
                              artifacts={"type": "NO_ARTIFACTS"}, environment=ENV, serviceRole=arn)
            build_id = cb.start_build(projectName="long")["build"]["id"]
            deadline = time.time() + 20
            while cb.batch_get_builds(ids=[build_id])["builds"][0].get("currentPhase") != "BUILD":
                self.assertLess(time.time(), deadline)
                time.sleep(0.05)
            lc.kill9()
            lc.start()
            cb = lc.client("codebuild", "dev")
            b = cb.batch_get_builds(ids=[build_id])["builds"][0]
            self.assertEqual(b["buildStatus"], "FAILED")
            self.assertTrue(b["buildComplete"])
            build_phase = {p["phaseType"]: p for p in b["phases"]}["BUILD"]
            self.assertEqual(build_phase["phaseStatus"], "FAILED")
            self.assertIn("localcloud stopped while the build was running", build_phase["contexts"][0]["message"])
            time.sleep(4.5)
            self.assertFalse(os.path.exists(marker), "the orphaned build process kept running after the restart")
            # A graceful stop (SIGTERM) ends a running build FAILED at once, with the same reason.
            build_id2 = cb.start_build(projectName="long")["build"]["id"]
            deadline = time.time() + 20
            while cb.batch_get_builds(ids=[build_id2])["builds"][0].get("currentPhase") != "BUILD":
                self.assertLess(time.time(), deadline)
                time.sleep(0.05)
            t0 = time.time()
            self.assertEqual(lc.stop(), 0)
            self.assertLess(time.time() - t0, 5)
            lc.start()
            cb = lc.client("codebuild", "dev")
            b = cb.batch_get_builds(ids=[build_id2])["builds"][0]
            self.assertEqual((b["buildStatus"], b["buildComplete"]), ("FAILED", True))
            self.assertIn("localcloud stopped while the build was running",
                          {p["phaseType"]: p for p in b["phases"]}["BUILD"]["contexts"][0]["message"])
            # Nothing else lost: the project builds again.
            b2 = cb.start_build(projectName="long", buildspecOverride="version: 0.2\nphases:\n  build:\n"
                                "    commands:\n      - echo again\n")["build"]
            self.assertEqual(b2["buildNumber"], 3)
        finally:
            lc.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
