"""Interop: the stock CDK CLI (npm aws-cdk in third_party/npm) bootstraps an environment on localcloud —
CreateChangeSet (CREATE, REVIEW_IN_PROGRESS), DescribeChangeSet, ExecuteChangeSet, event polling, the
CDKToolkit stack's S3/KMS/ECR/IAM/SSM resources through the providers — and an execution policy that does
not allow a stack's resources makes that stack fail and roll back with AccessDenied in its events, leaving
nothing behind.
"""
import json
import os
import subprocess
import time
import unittest

import botocore.exceptions

from lc_fixture import ACCOUNTS, LocalCloud, REGION, ROOT, policy

BUILD = ACCOUNTS["build"]
CDK = os.path.join(ROOT, "third_party", "npm", "node_modules", ".bin", "cdk")


class CdkBootstrapTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(CDK):
            raise AssertionError(f"the stock CDK CLI is missing at {CDK}: run scripts/setup (npm ci in third_party/npm)")
        cls.lc = LocalCloud().start()
        cls.cfn = cls.lc.client("cloudformation", "build")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def cdk(self, *args):
        env = dict(self.lc.env, AWS_PROFILE="build", AWS_REGION=REGION, AWS_ENDPOINT_URL=self.lc.endpoint,
                   CDK_DISABLE_VERSION_CHECK="1", CI="true")
        home = os.path.join(self.lc.tmp, "home")
        os.makedirs(home, exist_ok=True)
        env["HOME"] = home
        return subprocess.run([CDK, *args], env=env, capture_output=True, text=True, timeout=240, cwd=self.lc.tmp)

    def bootstrap(self, qualifier, policy_arn):
        return self.cdk("bootstrap", f"aws://{BUILD}/{REGION}", "--qualifier", qualifier,
                        "--toolkit-stack-name", f"CDKToolkit-{qualifier}", "--trust", BUILD,
                        "--cloudformation-execution-policies", policy_arn, "--no-notices")

    def test_1_stock_cdk_bootstrap_succeeds(self):
        p = self.bootstrap("myapp", "arn:aws:iam::aws:policy/AdministratorAccess")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        s = self.cfn.describe_stacks(StackName="CDKToolkit-myapp")["Stacks"][0]
        self.assertEqual(s["StackStatus"], "CREATE_COMPLETE")
        outputs = {o["OutputKey"]: o["OutputValue"] for o in s["Outputs"]}
        self.assertEqual(outputs["BucketName"], f"cdk-myapp-assets-{BUILD}-{REGION}")
        version = self.lc.client("ssm", "build").get_parameter(Name="/cdk-bootstrap/myapp/version")["Parameter"]
        self.assertEqual(version["Value"], outputs["BootstrapVersion"])
        self.lc.client("s3", "build").head_bucket(Bucket=outputs["BucketName"])
        role = self.lc.client("iam", "build").get_role(RoleName=f"cdk-myapp-cfn-exec-role-{BUILD}-{REGION}")
        self.assertEqual(role["Role"]["RoleName"], f"cdk-myapp-cfn-exec-role-{BUILD}-{REGION}")
        again = self.bootstrap("myapp", "arn:aws:iam::aws:policy/AdministratorAccess")
        self.assertEqual(again.returncode, 0, again.stdout + again.stderr)

    def test_2_execution_policy_limits_what_a_stack_may_create(self):
        iam = self.lc.client("iam", "build")
        arn = iam.create_policy(PolicyName="ssm-only", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "ssm:*", "Resource": "*"}))["Policy"]["Arn"]
        p = self.bootstrap("limited", arn)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        role = f"arn:aws:iam::{BUILD}:role/cdk-limited-cfn-exec-role-{BUILD}-{REGION}"
        template = {"Resources": {
            "Param": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": "/limited/allowed", "Type": "String", "Value": "yes"}},
            "Bucket": {"Type": "AWS::S3::Bucket", "DependsOn": "Param",
                       "Properties": {"BucketName": "limited-not-allowed"}}}}
        self.cfn.create_stack(StackName="Limited", TemplateBody=json.dumps(template), RoleARN=role)
        deadline = time.time() + 60
        while time.time() < deadline:
            s = self.cfn.describe_stacks(StackName="Limited")["Stacks"][0]
            if not s["StackStatus"].endswith("_IN_PROGRESS"):
                break
            time.sleep(0.1)
        self.assertEqual(s["StackStatus"], "ROLLBACK_COMPLETE")
        events = self.cfn.describe_stack_events(StackName="Limited")["StackEvents"]
        failed = [e for e in events if e["LogicalResourceId"] == "Bucket" and e["ResourceStatus"] == "CREATE_FAILED"]
        self.assertEqual(len(failed), 1)
        reason = failed[0]["ResourceStatusReason"]
        self.assertIn(f"arn:aws:sts::{BUILD}:assumed-role/cdk-limited-cfn-exec-role-{BUILD}-{REGION}/", reason)
        self.assertIn("is not authorized to perform: s3:CreateBucket", reason)
        self.assertIn("HandlerErrorCode: AccessDenied", reason)
        with self.assertRaises(botocore.exceptions.ClientError):
            self.lc.client("ssm", "build").get_parameter(Name="/limited/allowed")
        with self.assertRaises(botocore.exceptions.ClientError):
            self.lc.client("s3", "build").head_bucket(Bucket="limited-not-allowed")
        self.assertEqual(self.cfn.list_stack_resources(StackName="Limited")["StackResourceSummaries"], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
