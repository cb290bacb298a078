"""The providers behind real stacks, over HTTP: the stock `cdk bootstrap` (npm aws-cdk) with --qualifier,
--toolkit-stack-name, --trust and --cloudformation-execution-policies deploys on localcloud; a stack whose
resources the execution policy does not allow fails with AWS's AccessDenied reason and rolls back leaving nothing;
a stack with an inline Lambda function is invocable afterwards."""
import json
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import ACCOUNTS, REGION, ROOT, LocalCloud, policy  # noqa: E402

CDK = os.path.join(ROOT, "third_party", "npm", "node_modules", ".bin", "cdk")
DEV, TEST, BUILD = ACCOUNTS["dev"], ACCOUNTS["test"], ACCOUNTS["build"]


def wait(cf, name):
    for _ in range(600):
        st = cf.describe_stacks(StackName=name)["Stacks"][0]
        if not st["StackStatus"].endswith("_IN_PROGRESS"):
            return st
        time.sleep(0.1)
    raise AssertionError(f"{name} did not settle")


class CdkBootstrapTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def bootstrap(self, profile, account, *extra):
        if not os.path.exists(CDK):
            self.fail(f"the stock CDK CLI is not installed at {CDK}: run scripts/setup")
        env = dict(self.lc.env, AWS_ENDPOINT_URL=self.lc.endpoint, AWS_REGION=REGION, CDK_DISABLE_VERSION_CHECK="1",
                   CI="true")
        p = subprocess.run([CDK, "bootstrap", f"aws://{account}/{REGION}", "--profile", profile, "--qualifier",
                            "myapp", "--toolkit-stack-name", "CDKToolkit-myapp", *extra],
                           env=env, capture_output=True, text=True, timeout=300, cwd=self.lc.tmp)
        self.assertEqual(p.returncode, 0, p.stdout[-2000:] + p.stderr[-4000:])

    def test_stock_bootstrap_then_execution_policy_is_enforced(self):
        # the test account's execution role may only touch S3 and Lambda
        iam = self.lc.client("iam", "test")
        limited = iam.create_policy(PolicyName="s3-and-lambda-only", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["s3:*", "lambda:*", "iam:PassRole"], "Resource": "*"}))["Policy"]["Arn"]
        self.bootstrap("test", TEST, "--trust", BUILD, "--cloudformation-execution-policies", limited)
        cf = self.lc.client("cloudformation", "test")
        st = cf.describe_stacks(StackName="CDKToolkit-myapp")["Stacks"][0]
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE")
        outputs = {o["OutputKey"]: o["OutputValue"] for o in st["Outputs"]}
        self.assertEqual(outputs["BucketName"], f"cdk-myapp-assets-{TEST}-{REGION}")
        self.assertEqual(outputs["BootstrapVersion"],
                         self.lc.client("ssm", "test").get_parameter(Name="/cdk-bootstrap/myapp/version")
                         ["Parameter"]["Value"])
        enc = self.lc.client("s3", "test").get_bucket_encryption(Bucket=outputs["BucketName"])
        self.assertEqual(enc["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]
                         ["SSEAlgorithm"], "aws:kms")
        deploy = iam.get_role(RoleName=f"cdk-myapp-deploy-role-{TEST}-{REGION}")["Role"]
        self.assertIn(BUILD, json.dumps(deploy["AssumeRolePolicyDocument"]))
        exec_role = iam.get_role(RoleName=f"cdk-myapp-cfn-exec-role-{TEST}-{REGION}")["Role"]["Arn"]
        attached = iam.list_attached_role_policies(RoleName=f"cdk-myapp-cfn-exec-role-{TEST}-{REGION}")
        self.assertEqual([p["PolicyArn"] for p in attached["AttachedPolicies"]], [limited])

        # a stack creating a bucket and a role as the execution role: the role is denied, everything rolls back
        template = {"Resources": {
            "Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "exec-policy-bucket"}},
            "Escalate": {"Type": "AWS::IAM::Role", "DependsOn": "Data", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                            "Principal": {"Service": "lambda.amazonaws.com"}}]},
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}}}}
        cf.create_stack(StackName="Denied", TemplateBody=json.dumps(template), RoleARN=exec_role,
                        Capabilities=["CAPABILITY_IAM"])
        st = wait(cf, "Denied")
        self.assertEqual(st["StackStatus"], "ROLLBACK_COMPLETE")
        reasons = [e.get("ResourceStatusReason", "") for e in cf.describe_stack_events(StackName="Denied")["StackEvents"]
                   if e["LogicalResourceId"] == "Escalate" and e["ResourceStatus"] == "CREATE_FAILED"]
        self.assertTrue(reasons)
        self.assertIn(f"User: arn:aws:sts::{TEST}:assumed-role/cdk-myapp-cfn-exec-role-{TEST}-{REGION}/", reasons[0])
        self.assertIn("is not authorized to perform: iam:CreateRole", reasons[0])
        self.assertIn("because no identity-based policy allows the iam:CreateRole action", reasons[0])
        buckets = [b["Name"] for b in self.lc.client("s3", "test").list_buckets()["Buckets"]]
        self.assertNotIn("exec-policy-bucket", buckets)

    def test_stack_with_inline_lambda_is_invocable(self):
        template = {"Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                            "Principal": {"Service": "lambda.amazonaws.com"}}]},
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]}},
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
                "Runtime": "nodejs20.x", "Handler": "index.handler", "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                "Environment": {"Variables": {"STAGE": "dev", "QUEUE": {"Ref": "Jobs"}}},
                "Code": {"ZipFile": "exports.handler = async (e) => ({ stage: process.env.STAGE, queue: process.env.QUEUE, got: e });"}}},
            "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 90}},
            "Alerts": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "alerts"}},
            "ToJobs": {"Type": "AWS::SNS::Subscription", "Properties": {
                "TopicArn": {"Ref": "Alerts"}, "Protocol": "sqs", "Endpoint": {"Fn::GetAtt": ["Jobs", "Arn"]}}},
            "Invoke": {"Type": "AWS::Lambda::Permission", "Properties": {
                "FunctionName": {"Ref": "Fn"}, "Action": "lambda:InvokeFunction", "Principal": BUILD}}},
            "Outputs": {"Name": {"Value": {"Ref": "Fn"}}, "Arn": {"Value": {"Fn::GetAtt": ["Fn", "Arn"]}},
                        "QueueUrl": {"Value": {"Ref": "Jobs"}}, "Topic": {"Value": {"Ref": "Alerts"}}, "QueueArn": {"Value": {"Fn::GetAtt": ["Jobs", "Arn"]}}}}
        cf = self.lc.client("cloudformation", "dev")
        cf.create_stack(StackName="LambdaStack", TemplateBody=json.dumps(template), Capabilities=["CAPABILITY_IAM"])
        st = wait(cf, "LambdaStack")
        self.assertEqual(st["StackStatus"], "CREATE_COMPLETE", json.dumps(
            cf.describe_stack_events(StackName="LambdaStack")["StackEvents"], default=str)[:3000])
        outputs = {o["OutputKey"]: o["OutputValue"] for o in st["Outputs"]}
        self.assertTrue(outputs["Name"].startswith("LambdaStack-Fn-"), outputs)
        # the build account may invoke it across accounts thanks to the Permission resource
        lam = self.lc.client("lambda", "build")
        r = lam.invoke(FunctionName=outputs["Arn"], Payload=b'{"k": 1}')
        self.assertEqual(json.loads(r["Payload"].read()), {"stage": "dev", "queue": outputs["QueueUrl"], "got": {"k": 1}})
        # the queue is a real SQS queue: Ref is its URL, GetAtt Arn its ARN, the attributes as set
        self.assertTrue(outputs["QueueUrl"].startswith(f"https://sqs.{REGION}.amazonaws.com/{DEV}/LambdaStack-Jobs-"))
        attrs = self.lc.client("sqs", "dev").get_queue_attributes(QueueUrl=outputs["QueueUrl"],
                                                                   AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["VisibilityTimeout"], "90")
        self.assertEqual(attrs["QueueArn"], outputs["QueueArn"])
        sns = self.lc.client("sns", "dev")
        self.assertEqual(sns.get_topic_attributes(TopicArn=outputs["Topic"])["Attributes"]["DisplayName"], "alerts")
        subs = sns.list_subscriptions_by_topic(TopicArn=outputs["Topic"])["Subscriptions"]
        self.assertEqual([(s["Protocol"], s["Endpoint"]) for s in subs], [("sqs", outputs["QueueArn"])])
        cf.delete_stack(StackName="LambdaStack")
        self.assertEqual(wait(cf, st["StackId"])["StackStatus"], "DELETE_COMPLETE")
        dev = self.lc.client("lambda", "dev")
        with self.assertRaises(dev.exceptions.ResourceNotFoundException):
            dev.get_function(FunctionName=outputs["Name"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
