"""Issue 20's proof, the deployed app's data plane: one stack written twice, in C++ (app.cpp, synthesized and
deployed by `cdkpp deploy` into an account bootstrapped by `cdkpp bootstrap`) and in TypeScript against
aws-cdk-lib (app.ts, compiled with tsc, synthesized and deployed by the stock `cdk deploy` into an account
bootstrapped by the stock `cdk bootstrap`). Each has a KMS key, a bucket encrypted with it, a queue, a topic the
queue is subscribed to (sns_subscriptions::SqsSubscription / SqsSubscription), a Node.js function granted read
on the bucket and send on the queue, and one without grants. The same assertions on both, over HTTP with boto3:
an object put into the bucket is read by the granted function as its role (the SDK v3 of the Lambda runtime)
and sent to the queue, where it is received and deleted; the ungranted function gets AccessDenied from S3 and
from SQS and sends nothing; a message published to the topic is received from the queue and deleted. The
stacks' other queues carry the rest of the proof: a message of `Retried` received twice without being deleted
moves to its dead-letter queue `Dead` on the next receive; the FIFO queue `Ordered` gives each group's messages
back in order and drops duplicates within the deduplication window; and a localcloud killed with kill -9 while a
message is received-but-undeleted and another is unreceived gives both back after the restart (the received one
once its visibility timeout has passed), and a deleted one never."""
import json
import os
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "server"))
from lc_fixture import ACCOUNTS, REGION, ROOT, LocalCloud  # noqa: E402

NPM = os.path.join(ROOT, "third_party", "npm", "node_modules")
CDK = os.path.join(NPM, ".bin", "cdk")
CDKPP = os.environ.get("CDKPP_BIN", os.path.join(ROOT, "build", "bin", "cdkpp"))
APP = os.environ.get("DATAPLANE_APP_BIN", os.path.join(ROOT, "build", "bin", "localcloud_dataplane_app"))
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
STACK = "DataPlaneStack"
TEXT = "the object's text, read by the function as its role"

lc = None
work = None
env = None


def run(cmd, timeout=600):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=work)
    return p.returncode, p.stdout + p.stderr


def setUpModule():
    global lc, work, env
    if not os.path.exists(CDK):
        raise AssertionError(f"the stock CDK CLI is missing at {CDK}: run scripts/setup")
    lc = LocalCloud().start()
    work = os.path.join(lc.tmp, "app")
    os.makedirs(work)
    os.symlink(NPM, os.path.join(work, "node_modules"))
    with open(os.path.join(HERE, "app.ts")) as src, open(os.path.join(work, "app.ts"), "w") as dst:
        dst.write(src.read())
    with open(os.path.join(work, "tsconfig.json"), "w") as f:
        json.dump({"compilerOptions": {"target": "ES2022", "module": "commonjs", "lib": ["ES2022"], "strict": True,
                                       "skipLibCheck": True, "types": []}, "files": ["app.ts"]}, f)
    home = os.path.join(lc.tmp, "home")
    os.makedirs(home)
    env = dict(lc.env, AWS_REGION=REGION, AWS_ENDPOINT_URL=lc.endpoint, HOME=home, CDK_DISABLE_VERSION_CHECK="1",
               CI="true")
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        env.pop(k, None)
    rc, out = run(["node", os.path.join(NPM, "typescript", "bin", "tsc"), "-p", work], timeout=300)
    if rc != 0:
        lc.cleanup()
        raise AssertionError("tsc failed on app.ts: " + out)


def tearDownModule():
    if lc:
        lc.cleanup()


class DeployedDataPlane:
    """The assertions, for a stack deployed by `deploy()` into `PROFILE`'s account."""
    PROFILE = None

    @classmethod
    def setUpClass(cls):
        started = time.time()
        cls.deploy()
        cls.deploy_seconds = time.time() - started
        cfn = lc.client("cloudformation", cls.PROFILE)
        stack = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
        assert stack["StackStatus"] == "CREATE_COMPLETE", stack
        cls.out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        cls.key_id = next(r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName=STACK)["StackResources"]
                          if r["ResourceType"] == "AWS::KMS::Key")
        print(f"\n  {cls.__name__}: bootstrap + deploy {cls.deploy_seconds:.1f} s", file=sys.stderr)
        cls.s3 = lc.client("s3", cls.PROFILE)
        cls.sqs = lc.client("sqs", cls.PROFILE)
        cls.sns = lc.client("sns", cls.PROFILE)
        cls.lam = lc.client("lambda", cls.PROFILE)
        cls.s3.put_object(Bucket=cls.out["BucketName"], Key="hello.txt", Body=TEXT.encode())

    def invoke(self, name, event):
        started = time.time()
        r = self.lam.invoke(FunctionName=name, Payload=json.dumps(event).encode())
        print(f"\n  {type(self).__name__}: invoke {name.split('-')[1]} {(time.time() - started) * 1000:.0f} ms",
              file=sys.stderr)
        payload = json.loads(r["Payload"].read())
        self.assertNotIn("FunctionError", r, payload)
        return payload

    def receive_one(self):
        """The one message in the queue: received, deleted, and the queue left empty."""
        got = self.sqs.receive_message(QueueUrl=self.out["QueueUrl"], MaxNumberOfMessages=10, WaitTimeSeconds=5,
                                       VisibilityTimeout=30)["Messages"]
        self.assertEqual(len(got), 1, got)
        self.sqs.delete_message(QueueUrl=self.out["QueueUrl"], ReceiptHandle=got[0]["ReceiptHandle"])
        self.assertQueueEmpty()
        return got[0]

    def receive(self, url, visibility, wait=0, count=10):
        return self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=count, WaitTimeSeconds=wait,
                                        VisibilityTimeout=visibility, AttributeNames=["All"]).get("Messages", [])

    def assertQueueEmpty(self, url=None):
        url = url or self.out["QueueUrl"]
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual((attrs["ApproximateNumberOfMessages"], attrs["ApproximateNumberOfMessagesNotVisible"]),
                         ("0", "0"))

    def test_redrive_to_the_dead_letter_queue_after_max_receive_count(self):
        attrs = self.sqs.get_queue_attributes(QueueUrl=self.out["RetriedQueueUrl"],
                                              AttributeNames=["RedrivePolicy"])["Attributes"]
        self.assertEqual(json.loads(attrs["RedrivePolicy"]),
                         {"deadLetterTargetArn": self.out["DeadQueueArn"], "maxReceiveCount": 2})
        sent = self.sqs.send_message(QueueUrl=self.out["RetriedQueueUrl"], MessageBody="fails twice")["MessageId"]
        # Received and not deleted, twice (visibility 0: back at once), each time with a higher receive count.
        for count in (1, 2):
            got = self.receive(self.out["RetriedQueueUrl"], visibility=0, wait=5)
            self.assertEqual([(m["MessageId"], m["Attributes"]["ApproximateReceiveCount"]) for m in got],
                             [(sent, str(count))])
        # The third receive finds it past maxReceiveCount: it moves to the dead-letter queue, the source is empty.
        self.assertEqual(self.receive(self.out["RetriedQueueUrl"], visibility=0), [])
        self.assertQueueEmpty(self.out["RetriedQueueUrl"])
        got = self.receive(self.out["DeadQueueUrl"], visibility=30, wait=5)
        self.assertEqual([(m["MessageId"], m["Body"]) for m in got], [(sent, "fails twice")])
        self.assertEqual(got[0]["Attributes"]["DeadLetterQueueSourceArn"].rsplit(":", 1)[1],
                         self.out["RetriedQueueUrl"].rsplit("/", 1)[1])
        self.sqs.delete_message(QueueUrl=self.out["DeadQueueUrl"], ReceiptHandle=got[0]["ReceiptHandle"])
        self.assertQueueEmpty(self.out["DeadQueueUrl"])

    def test_fifo_queue_keeps_each_groups_order_and_drops_duplicates(self):
        url = self.out["OrderedQueueUrl"]
        self.assertTrue(url.endswith(".fifo"), url)
        first_ids = {}
        for i in range(4):
            for group in ("a", "b"):
                body = f"{group}{i}"
                first_ids[body] = self.sqs.send_message(QueueUrl=url, MessageBody=body,
                                                        MessageGroupId=group)["MessageId"]
        # Within the deduplication window: the same body (content-based deduplication) and the same explicit
        # deduplication id are accepted, answered with the first message's id, and not enqueued again.
        again = self.sqs.send_message(QueueUrl=url, MessageBody="a1", MessageGroupId="a")["MessageId"]
        self.assertEqual(again, first_ids["a1"])
        explicit = self.sqs.send_message(QueueUrl=url, MessageBody="c0", MessageGroupId="c",
                                         MessageDeduplicationId="once")["MessageId"]
        self.assertEqual(self.sqs.send_message(QueueUrl=url, MessageBody="c0, sent again", MessageGroupId="c",
                                               MessageDeduplicationId="once")["MessageId"], explicit)
        got = []
        deadline = time.time() + 10
        while len(got) < 9 and time.time() < deadline:
            got += self.receive(url, visibility=30, wait=1)
        by_group = {}
        for m in got:
            by_group.setdefault(m["Attributes"]["MessageGroupId"], []).append(m["Body"])
        self.assertEqual(by_group, {"a": ["a0", "a1", "a2", "a3"], "b": ["b0", "b1", "b2", "b3"], "c": ["c0"]})
        self.assertEqual({m["Body"]: m["MessageId"] for m in got if m["Body"] != "c0"},
                         {k: v for k, v in first_ids.items()})
        sequence = [int(m["Attributes"]["SequenceNumber"]) for m in got if m["Attributes"]["MessageGroupId"] == "a"]
        self.assertEqual(sequence, sorted(sequence))
        # While group a has messages in flight, a later message of the group is held back.
        self.sqs.send_message(QueueUrl=url, MessageBody="a4", MessageGroupId="a")
        self.assertEqual(self.receive(url, visibility=30), [])
        for m in got:
            self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        last = self.receive(url, visibility=30, wait=5)
        self.assertEqual([m["Body"] for m in last], ["a4"])
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=last[0]["ReceiptHandle"])
        self.assertQueueEmpty(url)

    def test_restart_with_messages_in_flight_loses_nothing_acknowledged(self):
        url = self.out["QueueUrl"]
        visibility = 6
        self.sqs.send_message(QueueUrl=url, MessageBody="in flight")
        got = self.receive(url, visibility=visibility, wait=5)
        received_at = time.time()
        self.assertEqual([m["Body"] for m in got], ["in flight"])
        done = self.sqs.send_message(QueueUrl=url, MessageBody="deleted")["MessageId"]
        handle = next(m["ReceiptHandle"] for m in self.receive(url, visibility=30, wait=5) if m["MessageId"] == done)
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)
        waiting = self.sqs.send_message(QueueUrl=url, MessageBody="not received yet")["MessageId"]
        lc.kill9()  # every call above was acknowledged
        lc.start()  # the same port and data directory
        for cls in (CdkppDeployedStack, StockCdkDeployedStack):
            if "sqs" in cls.__dict__:
                cls.sqs = lc.client("sqs", cls.PROFILE)
                cls.lam = lc.client("lambda", cls.PROFILE)
                cls.s3 = lc.client("s3", cls.PROFILE)
                cls.sns = lc.client("sns", cls.PROFILE)
        first = self.receive(url, visibility=30)
        if time.time() - received_at < visibility - 1:
            # Still within the received message's visibility timeout: only the unreceived one is given.
            self.assertEqual([(m["MessageId"], m["Body"]) for m in first], [(waiting, "not received yet")])
        back = [m for m in first if m["Body"] == "in flight"]
        deadline = time.time() + 20
        while not back and time.time() < deadline:
            back = [m for m in self.receive(url, visibility=30, wait=2) if m["Body"] == "in flight"]
        self.assertEqual(len(back), 1, "the received, undeleted message did not come back after the restart")
        self.assertGreaterEqual(time.time() - received_at, visibility - 0.5)
        self.assertEqual(back[0]["Attributes"]["ApproximateReceiveCount"], "2")
        for m in first + back:
            self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        self.assertNotIn("deleted", [m["Body"] for m in first + back])
        self.assertIn(waiting, [m["MessageId"] for m in first])
        self.assertQueueEmpty()

    def test_the_object_is_kms_encrypted(self):
        head = self.s3.head_object(Bucket=self.out["BucketName"], Key="hello.txt")
        self.assertEqual(head["ServerSideEncryption"], "aws:kms")
        self.assertIn(f":{ACCOUNTS[self.PROFILE]}:key/", head["SSEKMSKeyId"])
        self.assertTrue(head["SSEKMSKeyId"].endswith("/" + self.key_id), (head["SSEKMSKeyId"], self.key_id))

    def test_granted_function_reads_the_object_and_sends_it_to_the_queue(self):
        out = self.invoke(self.out["ReaderName"], {"key": "hello.txt"})
        self.assertEqual(out["read"], {"body": TEXT})
        self.assertIn("messageId", out["sent"], out)
        m = self.receive_one()
        self.assertEqual((m["MessageId"], m["Body"]), (out["sent"]["messageId"], TEXT))

    def test_function_without_the_grants_is_access_denied(self):
        out = self.invoke(self.out["NoGrantName"], {"key": "hello.txt"})
        self.assertEqual(out["read"]["error"], "AccessDenied", out)
        self.assertIn("s3:GetObject", out["read"]["message"])
        self.assertIn("AccessDenied", out["sent"]["error"], out)
        self.assertIn("sqs:SendMessage", out["sent"]["message"])
        self.assertQueueEmpty()

    def test_message_published_to_the_topic_is_received_from_the_queue_and_deleted(self):
        subs = self.sns.list_subscriptions_by_topic(TopicArn=self.out["TopicArn"])["Subscriptions"]
        self.assertEqual([s["Protocol"] for s in subs], ["sqs"])
        published = self.sns.publish(TopicArn=self.out["TopicArn"], Message="published to the topic",
                                     Subject="hello")["MessageId"]
        envelope = json.loads(self.receive_one()["Body"])
        self.assertEqual((envelope["Type"], envelope["MessageId"], envelope["TopicArn"], envelope["Message"]),
                         ("Notification", published, self.out["TopicArn"], "published to the topic"))

    def test_the_same_with_the_stock_aws_cli(self):
        _, out, _ = lc.aws(self.PROFILE, "sns", "publish", "--topic-arn", self.out["TopicArn"], "--message", "by the cli")
        published = out["MessageId"]
        _, got, _ = lc.aws(self.PROFILE, "sqs", "receive-message", "--queue-url", self.out["QueueUrl"],
                           "--wait-time-seconds", "5", "--max-number-of-messages", "10")
        self.assertEqual(len(got["Messages"]), 1, got)
        envelope = json.loads(got["Messages"][0]["Body"])
        self.assertEqual((envelope["MessageId"], envelope["Message"]), (published, "by the cli"))
        lc.aws(self.PROFILE, "sqs", "delete-message", "--queue-url", self.out["QueueUrl"], "--receipt-handle",
               got["Messages"][0]["ReceiptHandle"])
        self.assertQueueEmpty()
        # The granted function, invoked by the CLI, reads what the CLI put.
        path = os.path.join(work, f"cli-{self.PROFILE}.txt")
        with open(path, "w") as f:
            f.write("put by the cli")
        lc.aws(self.PROFILE, "s3api", "put-object", "--bucket", self.out["BucketName"], "--key", "cli.txt", "--body",
               path)
        result = os.path.join(work, f"cli-{self.PROFILE}.json")
        lc.aws(self.PROFILE, "lambda", "invoke", "--function-name", self.out["ReaderName"], "--cli-binary-format",
               "raw-in-base64-out", "--payload", json.dumps({"key": "cli.txt"}), result)
        with open(result) as f:
            self.assertEqual(json.load(f)["read"], {"body": "put by the cli"})
        self.assertEqual(self.receive_one()["Body"], "put by the cli")


class CdkppDeployedStack(DeployedDataPlane, unittest.TestCase):
    """app.cpp, bootstrapped and deployed by cdkpp into dev."""
    PROFILE = "dev"

    @classmethod
    def deploy(cls):
        rc, out = run([CDKPP, "bootstrap", f"aws://{ACCOUNTS['dev']}/{REGION}", "--profile", "dev"])
        assert rc == 0, out
        rc, out = run([CDKPP, "deploy", "--app", APP, STACK, "--profile", "dev", "--require-approval", "never"])
        assert rc == 0, out[-6000:]


class StockCdkDeployedStack(DeployedDataPlane, unittest.TestCase):
    """app.ts, bootstrapped and deployed by the stock cdk into test."""
    PROFILE = "test"

    @classmethod
    def deploy(cls):
        rc, out = run([CDK, "--no-notices", "bootstrap", f"aws://{ACCOUNTS['test']}/{REGION}", "--profile", "test"])
        assert rc == 0, out[-4000:]
        rc, out = run([CDK, "--no-notices", "deploy", "--app", "node app.js", STACK, "--profile", "test",
                       "--require-approval", "never"])
        assert rc == 0, out[-6000:]

    def test_the_same_resources_as_the_cdkpp_stack(self):
        def resources(profile):
            listed = lc.client("cloudformation", profile).describe_stack_resources(StackName=STACK)["StackResources"]
            # The stock CLI's version reporting (AWS::CDK::Metadata) aside: cdkpp does not add it.
            return sorted((r["LogicalResourceId"], r["ResourceType"]) for r in listed
                          if r["ResourceType"] != "AWS::CDK::Metadata")
        if not CdkppDeployedStack.__dict__.get("out"):
            CdkppDeployedStack.setUpClass()
        self.assertEqual(resources("test"), resources("dev"))


class TwinsTest(unittest.TestCase):
    def test_the_two_apps_carry_the_same_handler(self):
        cpp = open(os.path.join(HERE, "app.cpp")).read().split('R"JS(')[1].split(')JS"')[0]
        ts = open(os.path.join(HERE, "app.ts")).read().split("const HANDLER = `")[1].split("`;")[0]
        self.assertEqual(cpp, ts)


if __name__ == "__main__":
    unittest.main(verbosity=2)
