"""Lambda over the wire with the AWS CLI v2 and boto3: create (zip and from S3), invoke Node.js and Python
handlers (event, context, environment), function errors, timeouts, log tails, permissions and cross-account
invocation, iam:PassRole and the role's trust in lambda.amazonaws.com."""
import base64
import io
import json
import os
import sys
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy  # noqa: E402

DEV, TEST = ACCOUNTS["dev"], ACCOUNTS["test"]

NODE = """
exports.handler = async (event, context) => {
  console.log('hello from node', JSON.stringify(event));
  if (event.fail) throw new TypeError('asked to fail');
  if (event.sleep) await new Promise(r => setTimeout(r, event.sleep));
  return { echo: event, name: context.functionName, arn: context.invokedFunctionArn, id: context.awsRequestId,
           memory: context.memoryLimitInMB, remaining: context.getRemainingTimeInMillis(),
           greeting: process.env.GREETING, region: process.env.AWS_REGION };
};
"""

PYTHON = """
import os
def handler(event, context):
    print("hello from python")
    if event.get("fail"):
        raise ValueError("python failed")
    return {"sum": event["a"] + event["b"], "name": context.function_name,
            "remaining_positive": context.get_remaining_time_in_millis() > 0, "env": os.environ.get("STAGE")}
"""


def zip_of(name, source):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, source)
    return buf.getvalue()


LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


class LambdaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.iam = cls.lc.client("iam", "dev")
        cls.role = cls.iam.create_role(RoleName="fn-role", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        cls.lam = cls.lc.client("lambda", "dev")
        cls.lam.create_function(FunctionName="node-fn", Runtime="nodejs20.x", Role=cls.role, Handler="index.handler",
                                Code={"ZipFile": zip_of("index.js", NODE)}, Timeout=2,
                                Environment={"Variables": {"GREETING": "hi"}})

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def invoke(self, client, name, event, **kw):
        r = client.invoke(FunctionName=name, Payload=json.dumps(event).encode(), **kw)
        return r, json.loads(r["Payload"].read())

    def test_node_handler_gets_event_context_and_environment(self):
        r, out = self.invoke(self.lam, "node-fn", {"x": 1}, LogType="Tail")
        self.assertEqual(r["StatusCode"], 200)
        self.assertNotIn("FunctionError", r)
        self.assertEqual(out["echo"], {"x": 1})
        self.assertEqual(out["name"], "node-fn")
        self.assertEqual(out["arn"], f"arn:aws:lambda:{REGION}:{DEV}:function:node-fn")
        self.assertEqual(out["greeting"], "hi")
        self.assertEqual(out["region"], REGION)
        self.assertTrue(0 < out["remaining"] <= 2000)
        log = base64.b64decode(r["LogResult"]).decode()
        self.assertIn("hello from node", log)
        self.assertIn(f"START RequestId: {out['id']}", log)

    def test_cli_invoke_and_function_error(self):
        out_file = os.path.join(self.lc.tmp, "out.json")
        rc, res, err = self.lc.aws("dev", "lambda", "invoke", "--function-name", "node-fn", "--cli-binary-format",
                                   "raw-in-base64-out", "--payload", '{"fail": true}', out_file)
        self.assertEqual(rc, 0, err)
        self.assertEqual(res["FunctionError"], "Unhandled")
        with open(out_file) as f:
            body = json.load(f)
        self.assertEqual(body["errorType"], "TypeError")
        self.assertEqual(body["errorMessage"], "asked to fail")
        self.assertTrue(body["stackTrace"])

    def test_timeout_is_enforced(self):
        r, out = self.invoke(self.lam, "node-fn", {"sleep": 5000})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(out["errorType"], "Sandbox.Timedout")
        self.assertIn("Task timed out after 2.00 seconds", out["errorMessage"])

    def test_python_from_s3_and_update(self):
        s3 = self.lc.client("s3", "dev")
        s3.create_bucket(Bucket="code-bucket", CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_object(Bucket="code-bucket", Key="py.zip", Body=zip_of("app.py", PYTHON))
        cfg = self.lam.create_function(FunctionName="py-fn", Runtime="python3.11", Role=self.role,
                                       Handler="app.handler", Code={"S3Bucket": "code-bucket", "S3Key": "py.zip"},
                                       Environment={"Variables": {"STAGE": "dev"}})
        self.assertEqual(cfg["Runtime"], "python3.11")
        _, out = self.invoke(self.lam, "py-fn", {"a": 2, "b": 3})
        self.assertEqual(out, {"sum": 5, "name": "py-fn", "remaining_positive": True, "env": "dev"})
        r, out = self.invoke(self.lam, "py-fn", {"fail": True})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(out["errorType"], "ValueError")
        self.lam.update_function_configuration(FunctionName="py-fn", Environment={"Variables": {"STAGE": "prod"}})
        _, out = self.invoke(self.lam, "py-fn", {"a": 1, "b": 1})
        self.assertEqual(out["env"], "prod")
        names = [f["FunctionName"] for f in self.lam.list_functions()["Functions"]]
        self.assertIn("py-fn", names)
        self.lam.delete_function(FunctionName="py-fn")
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.get_function(FunctionName="py-fn")

    def test_role_must_trust_lambda(self):
        other = self.iam.create_role(RoleName="not-lambda", AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.create_function(FunctionName="bad-role", Runtime="nodejs20.x", Role=other,
                                     Handler="index.handler", Code={"ZipFile": zip_of("index.js", NODE)})
        self.assertIn("cannot be assumed by Lambda", str(e.exception))

    def test_cross_account_invoke_needs_permission(self):
        fn_arn = f"arn:aws:lambda:{REGION}:{DEV}:function:node-fn"
        other = self.lc.client("lambda", "test")
        with self.assertRaises(other.exceptions.ClientError) as e:
            other.invoke(FunctionName=fn_arn, Payload=b"{}")
        self.assertIn("AccessDeniedException", str(e.exception))
        self.assertIn("lambda:InvokeFunction", str(e.exception))
        self.lam.add_permission(FunctionName="node-fn", StatementId="from-test", Action="lambda:InvokeFunction",
                                Principal=TEST)
        pol = json.loads(self.lam.get_policy(FunctionName="node-fn")["Policy"])
        self.assertEqual(pol["Statement"][0]["Principal"], {"AWS": f"arn:aws:iam::{TEST}:root"})
        r, out = self.invoke(other, fn_arn, {"y": 2})
        self.assertEqual(out["echo"], {"y": 2})
        self.lam.remove_permission(FunctionName="node-fn", StatementId="from-test")
        with self.assertRaises(other.exceptions.ClientError):
            other.invoke(FunctionName=fn_arn, Payload=b"{}")

    def test_identity_policy_limits_invocation_and_passrole(self):
        iam = self.iam
        iam.create_user(UserName="limited")
        iam.put_user_policy(UserName="limited", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"}))
        key = iam.create_access_key(UserName="limited")["AccessKey"]
        lim = self.lc.client("lambda", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
        with self.assertRaises(lim.exceptions.ClientError) as e:
            lim.invoke(FunctionName="node-fn", Payload=b"{}")
        self.assertIn("because no identity-based policy allows the lambda:InvokeFunction action", str(e.exception))
        with self.assertRaises(lim.exceptions.ClientError) as e:
            lim.create_function(FunctionName="x", Runtime="nodejs20.x", Role=self.role, Handler="index.handler",
                                Code={"ZipFile": zip_of("index.js", NODE)})
        self.assertIn("iam:PassRole", str(e.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
