"""Lambda functions run as their execution role, over the wire with boto3: a stack synthesized by cdkpp (role_app:
a KMS key, a bucket encrypted with it, functions with and without its grants) deployed through CloudFormation;
the handlers call S3 with boto3 (python) and the AWS SDK for JavaScript v3 (node) as the role's session; the
function's log in CloudWatch Logs; a role whose trust no longer admits Lambda; reserved concurrency; Event
invocations retried and sent to their on-failure destination."""
import base64
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy  # noqa: E402

DEV = ACCOUNTS["dev"]
APP = os.environ.get("ROLE_APP_BIN")
BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
SECRET = "the object's text"

NODE_READER = """
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
exports.handler = async (event) => {
  try {
    const r = await new S3Client({}).send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: event.key }));
    const who = await new STSClient({}).send(new GetCallerIdentityCommand({}));
    return { body: await r.Body.transformToString(), arn: who.Arn };
  } catch (e) { return { error: e.name, message: e.message }; }
};
"""

NODE_SENDER = """
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
exports.handler = async (event) => {
  try {
    const s = await new SQSClient({ useQueueUrlAsEndpoint: event.explicit })
      .send(new SendMessageCommand({ QueueUrl: event.url, MessageBody: 'from node' }));
    return { messageId: s.MessageId };
  } catch (e) { return { error: e.name, message: e.message }; }
};
"""

FAILING = """
def handler(event, context):
    print("attempt", context.aws_request_id)
    raise RuntimeError("always fails: " + event["why"])
"""

RECORDER = """
import json
def handler(event, context):
    print("RECORD " + json.dumps(event))
    return {}
"""

COUNTER = """
import os, time
count = 0
def handler(event, context):
    global count
    count += 1
    time.sleep(event.get("sleep", 0))
    return {"count": count, "pid": os.getpid()}
"""

COUNTER_NODE = """
let count = 0;
exports.handler = async (event) => {
  count += 1;
  if (event.sleep) await new Promise(r => setTimeout(r, event.sleep * 1000));
  return { count, pid: process.pid };
};
"""

SLEEPER = """
import time
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    return {"slept": event.get("sleep", 0)}
"""


READS_ITS_FILE = """
import os, time
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "data.txt")) as f:
        return {"data": f.read()}
"""


def zip_of(name, source):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, source)
    return buf.getvalue()


def wait_for(predicate, timeout=30, interval=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


@unittest.skipIf(not APP, "ROLE_APP_BIN (the role_app test app) is not set")
class LambdaRoleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        out = tempfile.mkdtemp(dir=cls.lc.tmp)
        subprocess.run([APP], env=dict(os.environ, CDK_OUTDIR=out), check=True, timeout=60)
        with open(os.path.join(out, "LambdaRoleStack.template.json")) as f:
            template = f.read()
        # The CDK's CheckBootstrapVersion rule reads the bootstrap version (cdkpp bootstrap writes it).
        cls.lc.client("ssm", "dev").put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="30", Type="String")
        cfn = cls.lc.client("cloudformation", "dev")
        cfn.create_stack(StackName="LambdaRoleStack", TemplateBody=template, Capabilities=["CAPABILITY_IAM"])
        stack = wait_for(lambda: next((s for s in cfn.describe_stacks(StackName="LambdaRoleStack")["Stacks"]
                                       if not s["StackStatus"].endswith("IN_PROGRESS")), None), timeout=120)
        if stack["StackStatus"] != "CREATE_COMPLETE":
            events = cfn.describe_stack_events(StackName="LambdaRoleStack")["StackEvents"]
            raise AssertionError(json.dumps([e.get("ResourceStatusReason") for e in events], indent=1))
        cls.out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        cls.s3 = cls.lc.client("s3", "dev")
        cls.s3.put_object(Bucket=cls.out["BucketName"], Key="hello.txt", Body=SECRET.encode())
        cls.lam = cls.lc.client("lambda", "dev")
        cls.iam = cls.lc.client("iam", "dev")
        cls.logs = cls.lc.client("logs", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def invoke(self, name, event, **kw):
        r = self.lam.invoke(FunctionName=name, Payload=json.dumps(event).encode(), **kw)
        return r, json.loads(r["Payload"].read())

    def role_of(self, name):
        return self.lam.get_function_configuration(FunctionName=name)["Role"]

    def new_role(self, name, *statements):
        arn = self.iam.create_role(RoleName=name, AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        self.iam.attach_role_policy(RoleName=name, PolicyArn=BASIC)
        if statements:
            self.iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=policy(*statements))
        return arn

    def log_messages(self, name):
        try:
            events = self.logs.filter_log_events(logGroupName="/aws/lambda/" + name)["events"]
        except self.logs.exceptions.ResourceNotFoundException:
            return []
        return [e["message"] for e in events]

    def test_granted_function_reads_the_kms_encrypted_object_as_its_role(self):
        enc = self.s3.head_object(Bucket=self.out["BucketName"], Key="hello.txt")
        self.assertEqual(enc["ServerSideEncryption"], "aws:kms")
        started = time.time()
        r, out = self.invoke(self.out["ReaderName"], {"key": "hello.txt"}, LogType="Tail")
        cold = time.time() - started
        self.assertNotIn("FunctionError", r, out)
        self.assertEqual(out.get("body"), SECRET, out)
        role_name = self.role_of(self.out["ReaderName"]).split("/")[-1]
        self.assertEqual(out["arn"], f"arn:aws:sts::{DEV}:assumed-role/{role_name}/{self.out['ReaderName']}")
        tail = base64.b64decode(r["LogResult"]).decode()
        self.assertRegex(tail, r"START RequestId: [0-9a-f-]{36} Version: \$LATEST")
        self.assertIn("REPORT RequestId:", tail)
        print(f"\n  python reader invocation (boto3 GetObject + GetCallerIdentity): {cold * 1000:.0f} ms",
              file=sys.stderr)

    def test_missing_grants_are_access_denied(self):
        _, out = self.invoke(self.out["NoGrantName"], {"key": "hello.txt"})
        self.assertEqual(out.get("error"), "AccessDenied", out)
        self.assertIn("s3:GetObject", out["message"])
        # s3:GetObject alone does not open an object encrypted with a key the role may not use.
        # (localcloud's S3 passes KMS's code, AccessDeniedException, through: tests/localcloud/server/test_enforcement.py)
        _, out = self.invoke(self.out["S3OnlyName"], {"key": "hello.txt"})
        self.assertIn(out.get("error"), ("AccessDenied", "AccessDeniedException"), out)
        self.assertIn("is not authorized to perform: kms:Decrypt", out["message"])
        self.assertIn(":assumed-role/", out["message"])

    def test_log_lines_go_to_cloudwatch_logs(self):
        r, _ = self.invoke(self.out["ReaderName"], {"key": "hello.txt"})
        request_id = r["ResponseMetadata"]["HTTPHeaders"].get("x-amzn-requestid")
        messages = wait_for(lambda: [m for m in self.log_messages(self.out["ReaderName"]) if "REPORT" in m])
        self.assertTrue(messages)
        all_lines = self.log_messages(self.out["ReaderName"])
        self.assertTrue(any(m.startswith("START RequestId: ") for m in all_lines), all_lines)
        self.assertTrue(any(m.startswith("END RequestId: ") for m in all_lines), all_lines)
        self.assertTrue(any("Billed Duration:" in m for m in all_lines), all_lines)
        streams = self.logs.describe_log_streams(logGroupName="/aws/lambda/" + self.out["ReaderName"])["logStreams"]
        self.assertRegex(streams[0]["logStreamName"], r"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$")
        self.assertTrue(request_id)

    def test_node_handler_uses_the_sdk_v3_as_its_role(self):
        role = self.role_of(self.out["ReaderName"])
        self.lam.create_function(FunctionName="node-reader", Runtime="nodejs20.x", Role=role, Handler="index.handler",
                                 Code={"ZipFile": zip_of("index.js", NODE_READER)}, Timeout=20,
                                 Environment={"Variables": {"BUCKET": self.out["BucketName"]}})
        started = time.time()
        r, out = self.invoke("node-reader", {"key": "hello.txt"})
        cold = time.time() - started
        self.assertNotIn("FunctionError", r, out)
        self.assertEqual(out.get("body"), SECRET, out)
        self.assertIn(f"assumed-role/{role.split('/')[-1]}/node-reader", out["arn"])
        print(f"\n  node reader invocation (SDK v3 GetObject + GetCallerIdentity): {cold * 1000:.0f} ms", file=sys.stderr)
        self.lam.create_function(FunctionName="node-denied", Runtime="nodejs20.x",
                                 Role=self.role_of(self.out["NoGrantName"]), Handler="index.handler",
                                 Code={"ZipFile": zip_of("index.js", NODE_READER)}, Timeout=20,
                                 Environment={"Variables": {"BUCKET": self.out["BucketName"]}})
        _, out = self.invoke("node-denied", {"key": "hello.txt"})
        self.assertEqual(out.get("error"), "AccessDenied", out)

    def test_node_sqs_client_sends_to_the_endpoint_not_the_queue_urls_host(self):
        # A queue URL is AWS's (https://sqs.<region>.amazonaws.com/...), and the SDK v3's SQSClient sends to its
        # host unless given an endpoint: the runtime keeps it on AWS_ENDPOINT_URL, unless the client says otherwise.
        sqs = self.lc.client("sqs", "dev")
        url = sqs.create_queue(QueueName="node-sender-inbox")["QueueUrl"]
        self.assertTrue(url.startswith(f"https://sqs.{REGION}.amazonaws.com/{DEV}/"), url)
        role = self.new_role("node-sender-role", {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"})
        wait_for(lambda: self.iam.get_role(RoleName="node-sender-role"))
        self.lam.create_function(FunctionName="node-sender", Runtime="nodejs20.x", Role=role, Handler="index.handler",
                                 Code={"ZipFile": zip_of("index.js", NODE_SENDER)}, Timeout=20)
        _, out = self.invoke("node-sender", {"url": url})
        self.assertIn("messageId", out, out)
        got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2)["Messages"]
        self.assertEqual((got[0]["MessageId"], got[0]["Body"]), (out["messageId"], "from node"))
        sqs.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])
        # useQueueUrlAsEndpoint: true, set by the handler, is kept: the call goes to the URL's host, not localcloud.
        _, out = self.invoke("node-sender", {"url": url, "explicit": True})
        self.assertIn("error", out, out)
        self.assertEqual(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", []), [])

    def test_a_role_that_no_longer_trusts_lambda_fails_the_invocation(self):
        arn = self.new_role("untrusted-later")
        self.lam.create_function(FunctionName="untrusted", Runtime="python3.12", Role=arn, Handler="index.handler",
                                 Code={"ZipFile": zip_of("index.py", SLEEPER)})
        self.iam.update_assume_role_policy(RoleName="untrusted-later", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]}))
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.invoke(FunctionName="untrusted", Payload=b"{}")
        self.assertIn("The role defined for the function cannot be assumed by Lambda", str(e.exception))

    def test_code_in_use_is_kept_until_its_invocation_ends(self):
        arn = self.new_role("reads-own-file-role")

        def package(text):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                z.writestr("index.py", READS_ITS_FILE)
                z.writestr("data.txt", text)
            return buf.getvalue()

        def invoke_in_background(results):
            def run():
                try:
                    results.append(self.invoke("reads-own-file", {"sleep": 3})[1])
                except Exception as e:  # noqa: BLE001 - recorded and asserted below
                    results.append(repr(e))
            t = threading.Thread(target=run)
            t.start()
            time.sleep(1)  # the invocation (warm: it starts at once) now runs, its code directory found
            return t

        code_root = os.path.join(self.lc.data_dir, "lambda", "code")
        before = set(os.listdir(code_root))
        self.lam.create_function(FunctionName="reads-own-file", Runtime="python3.12", Role=arn,
                                 Handler="index.handler", Code={"ZipFile": package("v1")}, Timeout=20)
        self.assertEqual(self.invoke("reads-own-file", {})[1], {"data": "v1"})  # warm
        # UpdateFunctionCode while an invocation runs: it ends on its own code; then the old code is removed.
        results = []
        t = invoke_in_background(results)
        self.lam.update_function_code(FunctionName="reads-own-file", ZipFile=package("v2"))
        t.join()
        self.assertEqual(results, [{"data": "v1"}])
        self.assertEqual(self.invoke("reads-own-file", {})[1], {"data": "v2"})
        self.assertEqual(len(set(os.listdir(code_root)) - before), 1, "the replaced code directory is removed")
        # DeleteFunction while an invocation runs: it ends too; then nothing of the function is left on disk.
        results = []
        t = invoke_in_background(results)
        self.lam.delete_function(FunctionName="reads-own-file")
        t.join()
        self.assertEqual(results, [{"data": "v2"}])
        self.assertEqual(set(os.listdir(code_root)) - before, set())

    def test_reserved_concurrency_throttles(self):
        arn = self.new_role("sleeper-role")
        self.lam.create_function(FunctionName="sleeper", Runtime="python3.12", Role=arn, Handler="index.handler",
                                 Code={"ZipFile": zip_of("index.py", SLEEPER)}, Timeout=10)
        self.lam.put_function_concurrency(FunctionName="sleeper", ReservedConcurrentExecutions=0)
        self.assertEqual(self.lam.get_function(FunctionName="sleeper")["Concurrency"],
                         {"ReservedConcurrentExecutions": 0})
        with self.assertRaises(self.lam.exceptions.TooManyRequestsException):
            self.lam.invoke(FunctionName="sleeper", Payload=b"{}")
        self.lam.put_function_concurrency(FunctionName="sleeper", ReservedConcurrentExecutions=1)
        results = []

        def hold_the_slot():
            # The probes below may hold the slot for a moment when this one arrives: it is refused, try again.
            while True:
                try:
                    results.append(self.invoke("sleeper", {"sleep": 4})[1])
                    return
                except self.lam.exceptions.TooManyRequestsException:
                    time.sleep(0.05)

        first = threading.Thread(target=hold_the_slot)
        first.start()
        # Once the first one holds the only slot, a second is refused. Until it does (a cold start on a loaded
        # machine takes a while), a second runs: try again while the first has not finished.
        throttled = False
        while not throttled and first.is_alive():
            try:
                self.lam.invoke(FunctionName="sleeper", Payload=b"{}")
                time.sleep(0.1)
            except self.lam.exceptions.TooManyRequestsException:
                throttled = True
        self.assertTrue(throttled, "a second invocation was never refused while the first one ran")
        first.join()
        self.assertEqual(results, [{"slept": 4}])
        self.lam.delete_function_concurrency(FunctionName="sleeper")
        self.assertEqual(self.lam.get_function_concurrency(FunctionName="sleeper").get("ReservedConcurrentExecutions"),
                         None)
        self.assertEqual(self.invoke("sleeper", {})[1], {"slept": 0})

    def test_warm_processes_are_reused_and_a_timed_out_one_replaced(self):
        arn = self.new_role("counter-role")
        for runtime, name, code in (("python3.12", "counter-py", ("index.py", COUNTER)),
                                    ("nodejs20.x", "counter-node", ("index.js", COUNTER_NODE))):
            with self.subTest(runtime=runtime):
                self.lam.create_function(FunctionName=name, Runtime=runtime, Role=arn, Handler="index.handler",
                                         Code={"ZipFile": zip_of(*code)}, Timeout=1)
                timings = []
                outs = []
                for _ in range(4):
                    started = time.time()
                    r, out = self.invoke(name, {}, LogType="Tail")
                    timings.append(time.time() - started)
                    outs.append(out)
                self.assertEqual([o["count"] for o in outs], [1, 2, 3, 4], outs)  # module state kept
                self.assertEqual(len({o["pid"] for o in outs}), 1, outs)
                r, out = self.invoke(name, {"sleep": 3})
                self.assertEqual(out["errorType"], "Sandbox.Timedout", out)
                r, out = self.invoke(name, {})
                self.assertEqual(out["count"], 1, out)  # a new process
                self.assertNotEqual(out["pid"], outs[0]["pid"])
                report = [m for m in self.log_messages(name) if m.startswith("REPORT")]
                self.assertIn("Init Duration:", report[0])
                print(f"\n  {runtime} invocation: cold {timings[0] * 1000:.0f} ms, warm "
                      f"{min(timings[1:]) * 1000:.0f}-{max(timings[1:]) * 1000:.0f} ms", file=sys.stderr)

    def test_event_invocation_is_retried_then_sent_to_the_on_failure_destination(self):
        recorder_role = self.new_role("recorder-role")
        recorder = self.lam.create_function(FunctionName="recorder", Runtime="python3.12", Role=recorder_role,
                                            Handler="index.handler",
                                            Code={"ZipFile": zip_of("index.py", RECORDER)})["FunctionArn"]
        failing_role = self.new_role("failing-role", {"Effect": "Allow", "Action": "lambda:InvokeFunction",
                                                      "Resource": recorder})
        failing = self.lam.create_function(FunctionName="failing", Runtime="python3.12", Role=failing_role,
                                           Handler="index.handler",
                                           Code={"ZipFile": zip_of("index.py", FAILING)})["FunctionArn"]
        self.lam.put_function_event_invoke_config(FunctionName="failing", MaximumRetryAttempts=1,
                                                  DestinationConfig={"OnFailure": {"Destination": recorder}})
        cfg = self.lam.get_function_event_invoke_config(FunctionName="failing")
        self.assertEqual(cfg["MaximumRetryAttempts"], 1)
        self.assertEqual(cfg["DestinationConfig"]["OnFailure"]["Destination"], recorder)
        r = self.lam.invoke(FunctionName="failing", InvocationType="Event", Payload=json.dumps({"why": "test"}))
        self.assertEqual(r["StatusCode"], 202)
        records = wait_for(lambda: [m for m in self.log_messages("recorder") if m.startswith("RECORD ")], timeout=30)
        self.assertEqual(len(records), 1, records)
        record = json.loads(records[0][len("RECORD "):])
        self.assertEqual(record["requestContext"]["condition"], "RetriesExhausted")
        self.assertEqual(record["requestContext"]["approximateInvokeCount"], 2)
        self.assertEqual(record["requestContext"]["functionArn"], failing + ":$LATEST")
        self.assertEqual(record["requestPayload"], {"why": "test"})
        self.assertEqual(record["responseContext"]["functionError"], "Unhandled")
        self.assertEqual(record["responsePayload"]["errorType"], "RuntimeError")
        self.assertEqual(record["responsePayload"]["errorMessage"], "always fails: test")
        attempts = [m for m in self.log_messages("failing") if m.startswith("attempt ")]
        self.assertEqual(len(attempts), 2, attempts)  # the first attempt and one retry
        self.lam.delete_function_event_invoke_config(FunctionName="failing")
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.get_function_event_invoke_config(FunctionName="failing")

    def test_destination_the_role_may_not_invoke_gets_nothing(self):
        target_role = self.new_role("target-role")
        target = self.lam.create_function(FunctionName="target", Runtime="python3.12", Role=target_role,
                                          Handler="index.handler",
                                          Code={"ZipFile": zip_of("index.py", RECORDER)})["FunctionArn"]
        self.lam.create_function(FunctionName="failing-unallowed", Runtime="python3.12",
                                 Role=self.new_role("unallowed-role"), Handler="index.handler",
                                 Code={"ZipFile": zip_of("index.py", FAILING)})
        self.lam.put_function_event_invoke_config(FunctionName="failing-unallowed", MaximumRetryAttempts=0,
                                                  DestinationConfig={"OnFailure": {"Destination": target}})
        self.lam.invoke(FunctionName="failing-unallowed", InvocationType="Event", Payload=b'{"why": "x"}')
        failure = wait_for(lambda: [m for m in self.log_messages("failing-unallowed")
                                    if "could not deliver" in m], timeout=20)
        self.assertTrue(failure)
        self.assertIn("lambda:InvokeFunction", failure[0])
        self.assertEqual(self.log_messages("target"), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
