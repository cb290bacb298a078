"""SNS delivery over the wire with boto3 and the AWS CLI: Publish/PublishBatch to SQS queues (the envelope and
its signature, raw delivery, message attributes, MessageStructure=json), the queue policy admitting or refusing
the topic, filter policies on attributes and on the body, FIFO topics to FIFO queues, subscription operations
(list, attributes, unsubscribe, cross-account confirmation), delivery to Lambda checked against the function's
policy, and a stack synthesized by cdkpp whose topic delivers to its queue (docs/localcloud-messaging.md)."""
import base64
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import zipfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_helpers import ClientErrors, wait_stack  # noqa: E402
from lc_fixture import ACCOUNTS, REGION, ROOT, LocalCloud, policy, trust  # noqa: E402

DEV = ACCOUNTS["dev"]
TEST = ACCOUNTS["test"]
CDKPP = os.environ.get("CDKPP_BIN", os.path.join(ROOT, "build", "bin", "cdkpp"))


def admit(topic_arn, queue_arn):
    """The queue policy CDK writes for an SqsSubscription."""
    return policy({"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
                   "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}}})


def string_to_sign(m):
    keys = (["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] if m["Type"] == "Notification"
            else ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"])
    return "".join(f"{k}\n{m[k]}\n" for k in keys if k in m).encode()


class SnsTest(ClientErrors, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.sns = cls.lc.client("sns", "dev")
        cls.sqs = cls.lc.client("sqs", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def queue(self, name, admit_topic=None, **attributes):
        url = self.sqs.create_queue(QueueName=name, Attributes={k: str(v) for k, v in attributes.items()})["QueueUrl"]
        arn = f"arn:aws:sqs:{REGION}:{DEV}:{name}"
        if admit_topic:
            self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": admit(admit_topic, arn)})
        return url, arn

    def drain(self, url, expect=None, wait=2):
        """Receives (and deletes) until `expect` messages arrived or nothing comes for `wait` seconds."""
        out = []
        while expect is None or len(out) < expect:
            got = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=wait,
                                           MessageAttributeNames=["All"]).get("Messages", [])
            if not got:
                break
            for m in got:
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            out += got
        return out

    def test_publish_to_queue_envelope_signature_and_raw(self):
        topic = self.sns.create_topic(Name="orders")["TopicArn"]
        url, arn = self.queue("orders-q", admit_topic=topic)
        raw_url, raw_arn = self.queue("orders-raw", admit_topic=topic)
        sub = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
        raw_sub = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=raw_arn,
                                     Attributes={"RawMessageDelivery": "true"})["SubscriptionArn"]
        attrs = {"kind": {"DataType": "String", "StringValue": "new"},
                 "n": {"DataType": "Number", "StringValue": "3"},
                 "bin": {"DataType": "Binary", "BinaryValue": b"\x01\x02"}}
        mid = self.sns.publish(TopicArn=topic, Message="order 1", Subject="New order", MessageAttributes=attrs)["MessageId"]
        m = self.drain(url, 1)
        self.assertEqual(len(m), 1)
        env = json.loads(m[0]["Body"])
        self.assertEqual((env["Type"], env["MessageId"], env["TopicArn"], env["Subject"], env["Message"]),
                         ("Notification", mid, topic, "New order", "order 1"))
        self.assertEqual(env["MessageAttributes"], {"kind": {"Type": "String", "Value": "new"},
                                                    "n": {"Type": "Number", "Value": "3"},
                                                    "bin": {"Type": "Binary", "Value": base64.b64encode(b"\x01\x02").decode()}})
        self.assertRegex(env["Timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(env["SignatureVersion"], "1")
        self.assertIn(sub, urllib.request.unquote(env["UnsubscribeURL"]))
        # the signature verifies with the certificate SigningCertURL serves
        with urllib.request.urlopen(env["SigningCertURL"], timeout=5) as r:
            cert = x509.load_pem_x509_certificate(r.read())
        cert.public_key().verify(base64.b64decode(env["Signature"]), string_to_sign(env), padding.PKCS1v15(),
                                 hashes.SHA1())
        # raw delivery: the message itself, the attributes as SQS attributes
        r = self.drain(raw_url, 1)
        self.assertEqual(r[0]["Body"], "order 1")
        self.assertEqual(r[0]["MessageAttributes"], attrs)
        # MessageStructure=json picks the sqs text
        self.sns.publish(TopicArn=topic, MessageStructure="json",
                         Message=json.dumps({"default": "plain", "sqs": "for queues"}))
        self.assertEqual(json.loads(self.drain(url, 1)[0]["Body"])["Message"], "for queues")
        self.assertEqual(self.drain(raw_url, 1)[0]["Body"], "for queues")
        e = self.error(self.sns.publish, TopicArn=topic, MessageStructure="json", Message=json.dumps({"sqs": "x"}))
        self.assertIn("No default entry", e["Message"])
        # PublishBatch, entry by entry
        out = self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
            {"Id": "a", "Message": "batch a"}, {"Id": "b", "Message": "batch b"},
            {"Id": "bad", "Message": "x", "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "no"}}}])
        self.assertEqual(sorted(s["Id"] for s in out["Successful"]), ["a", "b"])
        self.assertEqual([f["Id"] for f in out["Failed"]], ["bad"])
        self.assertEqual(sorted(json.loads(x["Body"])["Message"] for x in self.drain(url, 2)), ["batch a", "batch b"])
        self.drain(raw_url, 2)
        # bounds
        self.assertIn("Message too long", self.error(self.sns.publish, TopicArn=topic, Message="x" * 262145)["Message"])
        e = self.error(self.sns.publish_batch, TopicArn=topic,
                       PublishBatchRequestEntries=[{"Id": f"i{i}", "Message": "m"} for i in range(11)])
        self.assertEqual(e["Code"], "TooManyEntriesInBatchRequest")
        self.assertEqual(self.error(self.sns.publish, TopicArn=topic + "-missing", Message="x")["Code"], "NotFound")
        # the stock AWS CLI
        _, out, _ = self.lc.aws("dev", "sns", "publish", "--topic-arn", topic, "--message", "from cli")
        self.assertIn("MessageId", out)
        self.assertEqual(json.loads(self.drain(url, 1)[0]["Body"])["Message"], "from cli")
        self.drain(raw_url, 1)
        _, out, _ = self.lc.aws("dev", "sns", "list-subscriptions-by-topic", "--topic-arn", topic)
        self.assertEqual(sorted(s["SubscriptionArn"] for s in out["Subscriptions"]), sorted([sub, raw_sub]))
        # unsubscribed: nothing more
        self.sns.unsubscribe(SubscriptionArn=raw_sub)
        self.sns.publish(TopicArn=topic, Message="after")
        self.assertEqual(len(self.drain(url, 1)), 1)
        self.assertEqual(self.drain(raw_url, wait=0), [])

    def test_queue_policy_admits_or_refuses_the_topic(self):
        topic = self.sns.create_topic(Name="gated")["TopicArn"]
        other_topic = self.sns.create_topic(Name="stranger")["TopicArn"]
        url, arn = self.queue("gated-q", admit_topic=other_topic)  # admits another topic only
        open_url, open_arn = self.queue("no-policy-q")                # no policy at all
        for t, a in ((topic, arn), (topic, open_arn)):
            self.sns.subscribe(TopicArn=t, Protocol="sqs", Endpoint=a)
        self.sns.publish(TopicArn=topic, Message="refused")
        self.assertEqual(self.drain(url, wait=1), [])
        self.assertEqual(self.drain(open_url, wait=0), [])
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": admit(topic, arn)})
        self.sns.publish(TopicArn=topic, Message="admitted")
        self.assertEqual([json.loads(m["Body"])["Message"] for m in self.drain(url, 1)], ["admitted"])
        # a subscription with a RedrivePolicy: what its queue refuses goes to the dead-letter queue
        dlq_url, dlq_arn = self.queue("gated-dlq", admit_topic=topic)
        refusing_url, refusing_arn = self.queue("refusing-q")
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=refusing_arn, Attributes={
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn})})
        self.sns.publish(TopicArn=topic, Message="to the dlq")
        self.assertEqual([json.loads(m["Body"])["Message"] for m in self.drain(dlq_url, 1)], ["to the dlq"])
        self.assertEqual(self.drain(refusing_url, wait=0), [])
        self.drain(url, 1)

    def test_encrypted_queue_needs_the_key_to_admit_sns(self):
        topic = self.sns.create_topic(Name="to-encrypted")["TopicArn"]
        kms = self.lc.client("kms", "dev")
        root = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{DEV}:root"}, "Action": "kms:*", "Resource": "*"}
        key = kms.create_key(Policy=policy(root, {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
                                                  "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*"}))
        url, arn = self.queue("sealed-q", admit_topic=topic, KmsMasterKeyId=key["KeyMetadata"]["KeyId"])
        # the AWS managed key's policy admits principals of the account only: SNS cannot use it, as on AWS
        managed_url, managed_arn = self.queue("managed-q", admit_topic=topic, KmsMasterKeyId="alias/aws/sqs")
        for a in (arn, managed_arn):
            self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=a, Attributes={"RawMessageDelivery": "true"})
        self.sns.publish(TopicArn=topic, Message="sealed")
        self.assertEqual([m["Body"] for m in self.drain(url, 1)], ["sealed"])
        self.assertEqual(self.drain(managed_url, wait=0), [])

    def test_filter_policies_on_attributes_and_body(self):
        topic = self.sns.create_topic(Name="filtered")["TopicArn"]
        a_url, a_arn = self.queue("filter-attrs", admit_topic=topic)
        b_url, b_arn = self.queue("filter-body", admit_topic=topic)
        sub = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=a_arn, Attributes={
            "RawMessageDelivery": "true",
            "FilterPolicy": json.dumps({"colour": ["red", {"prefix": "bl"}], "size": [{"numeric": [">", 10, "<=", 20]}],
                                        "tags": ["urgent"], "region": [{"anything-but": ["eu"]}],
                                        "absent": [{"exists": False}]})})["SubscriptionArn"]
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=b_arn, Attributes={
            "RawMessageDelivery": "true", "FilterPolicyScope": "MessageBody",
            "FilterPolicy": json.dumps({"order": {"status": ["paid"], "total": [{"numeric": [">=", 100]}]}})})

        def attrs(colour, size, tags, region, extra=None):
            out = {"colour": {"DataType": "String", "StringValue": colour},
                   "size": {"DataType": "Number", "StringValue": str(size)},
                   "tags": {"DataType": "String.Array", "StringValue": json.dumps(tags)},
                   "region": {"DataType": "String", "StringValue": region}}
            out.update(extra or {})
            return out
        cases = [("pass-red", attrs("red", 15, ["x", "urgent"], "us"), True),
                 ("pass-blue", attrs("blue", 20, ["urgent"], "ap"), True),
                 ("wrong-colour", attrs("green", 15, ["urgent"], "us"), False),
                 ("too-big", attrs("red", 21, ["urgent"], "us"), False),
                 ("not-urgent", attrs("red", 15, ["later"], "us"), False),
                 ("eu", attrs("red", 15, ["urgent"], "eu"), False),
                 ("has-absent", attrs("red", 15, ["urgent"], "us", {"absent": {"DataType": "String", "StringValue": "x"}}), False)]
        for body, a, _ in cases:
            self.sns.publish(TopicArn=topic, Message=body, MessageAttributes=a)
        got = sorted(m["Body"] for m in self.drain(a_url, 2))
        self.assertEqual(got, sorted(b for b, _, ok in cases if ok))
        self.assertEqual(self.drain(a_url, wait=0), [])
        # the body scope: nested keys of a JSON message; a body that is not JSON does not match
        for body in ({"order": {"status": "paid", "total": 150}}, {"order": {"status": "paid", "total": 50}},
                     {"order": {"status": "open", "total": 500}}):
            self.sns.publish(TopicArn=topic, Message=json.dumps(body))
        got = [json.loads(m["Body"]) for m in self.drain(b_url, 1)]
        self.assertEqual(got, [{"order": {"status": "paid", "total": 150}}])
        self.assertEqual(len([m for m in self.drain(b_url, wait=0)]), 0)
        # attributes of the subscription
        a = self.sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]
        self.assertEqual((a["RawMessageDelivery"], a["FilterPolicyScope"], a["Protocol"], a["Endpoint"],
                          a["PendingConfirmation"]), ("true", "MessageAttributes", "sqs", a_arn, "false"))
        self.sns.set_subscription_attributes(SubscriptionArn=sub, AttributeName="FilterPolicy",
                                             AttributeValue=json.dumps({"colour": ["green"]}))
        self.sns.publish(TopicArn=topic, Message="green now", MessageAttributes=attrs("green", 1, [], "eu"))
        self.assertEqual([m["Body"] for m in self.drain(a_url, 1)], ["green now"])
        e = self.error(self.sns.set_subscription_attributes, SubscriptionArn=sub, AttributeName="FilterPolicy",
                       AttributeValue="{not json")
        self.assertEqual(e["Code"], "InvalidParameter")
        e = self.error(self.sns.set_subscription_attributes, SubscriptionArn=sub, AttributeName="Colour",
                       AttributeValue="x")
        self.assertEqual(e["Code"], "InvalidParameter")
        self.assertEqual(self.error(self.sns.get_subscription_attributes, SubscriptionArn=topic + ":nope")["Code"],
                         "NotFound")
        subs = self.sns.list_subscriptions()["Subscriptions"]
        self.assertIn(sub, [s["SubscriptionArn"] for s in subs])

    def test_fifo_topic_to_fifo_queue(self):
        topic = self.sns.create_topic(Name="ledger.fifo", Attributes={"FifoTopic": "true",
                                                                      "ContentBasedDeduplication": "true"})["TopicArn"]
        url, arn = self.queue("ledger.fifo", admit_topic=topic, FifoQueue="true")
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
        std_topic = self.sns.create_topic(Name="standard")["TopicArn"]
        self.assertEqual(self.error(self.sns.subscribe, TopicArn=std_topic, Protocol="sqs", Endpoint=arn)["Code"],
                         "InvalidParameter")
        seqs = [self.sns.publish(TopicArn=topic, Message=f"entry {i}", MessageGroupId="acct-1")["SequenceNumber"]
                for i in range(5)]
        self.assertEqual(seqs, sorted(seqs))
        dup = self.sns.publish(TopicArn=topic, Message="entry 0", MessageGroupId="acct-1")  # deduplicated
        self.assertEqual(dup["SequenceNumber"], seqs[0])
        self.assertIn("MessageGroupId", self.error(self.sns.publish, TopicArn=topic, Message="x")["Message"])
        got = []
        while len(got) < 5:
            batch = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=2,
                                             MessageSystemAttributeNames=["MessageGroupId"]).get("Messages", [])
            self.assertTrue(batch)
            for m in batch:
                got.append(json.loads(m["Body"])["Message"])
                self.assertEqual(m["Attributes"]["MessageGroupId"], "acct-1")
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        self.assertEqual(got, [f"entry {i}" for i in range(5)])
        self.assertEqual(self.drain(url, wait=0), [])

    def test_cross_account_queue_confirms_its_subscription(self):
        topic = self.sns.create_topic(Name="shared-topic")["TopicArn"]
        test_sqs = self.lc.client("sqs", "test")
        url = test_sqs.create_queue(QueueName="theirs")["QueueUrl"]
        arn = f"arn:aws:sqs:{REGION}:{TEST}:theirs"
        test_sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": admit(topic, arn)})
        self.assertEqual(self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"],
                         "pending confirmation")
        m = test_sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2)["Messages"][0]
        confirmation = json.loads(m["Body"])
        self.assertEqual(confirmation["Type"], "SubscriptionConfirmation")
        self.sns.publish(TopicArn=topic, Message="before confirming")
        test_sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        self.assertEqual(test_sqs.receive_message(QueueUrl=url).get("Messages", []), [])
        # the queue's owner confirms with the token (SubscribeURL works the same way)
        sub = self.lc.client("sns", "test").confirm_subscription(TopicArn=topic, Token=confirmation["Token"])
        self.assertTrue(sub["SubscriptionArn"].startswith(topic + ":"))
        self.sns.publish(TopicArn=topic, Message="confirmed")
        m = test_sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2)["Messages"][0]
        self.assertEqual(json.loads(m["Body"])["Message"], "confirmed")

    def test_delivery_to_lambda_checked_against_its_policy(self):
        iam = self.lc.client("iam", "dev")
        role = iam.create_role(RoleName="fn-role", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                    "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        out_url, out_arn = self.queue("lambda-out")
        # the handler writes each SNS message it gets into a file named by the test
        marker = tempfile.mkdtemp(prefix="sns-lambda-")
        code = ("import json, os\n"
                "def handler(event, context):\n"
                "    rec = event['Records'][0]\n"
                "    assert rec['EventSource'] == 'aws:sns'\n"
                f"    open(os.path.join({marker!r}, rec['Sns']['MessageId']), 'w').write(json.dumps(rec))\n"
                "    return 'ok'\n")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("index.py", code)
        lam = self.lc.client("lambda", "dev")
        fn = lam.create_function(FunctionName="on-sns", Runtime="python3.11", Role=role, Handler="index.handler",
                                 Code={"ZipFile": buf.getvalue()})["FunctionArn"]
        topic = self.sns.create_topic(Name="to-lambda")["TopicArn"]
        self.sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=fn)
        refused = self.sns.publish(TopicArn=topic, Message="no permission yet")["MessageId"]
        lam.add_permission(FunctionName="on-sns", StatementId="sns", Action="lambda:InvokeFunction",
                           Principal="sns.amazonaws.com", SourceArn=topic)
        admitted = self.sns.publish(TopicArn=topic, Message="hello lambda", Subject="s")["MessageId"]
        path = os.path.join(marker, admitted)
        deadline = time.time() + 20
        while not os.path.exists(path) and time.time() < deadline:
            time.sleep(0.1)
        self.assertTrue(os.path.exists(path), "the function did not run")
        rec = json.loads(open(path).read())
        self.assertEqual((rec["Sns"]["Message"], rec["Sns"]["Subject"], rec["Sns"]["TopicArn"]),
                         ("hello lambda", "s", topic))
        self.assertFalse(os.path.exists(os.path.join(marker, refused)))

    def test_stack_synthesized_by_cdkpp_delivers_topic_to_queue(self):
        app = os.environ.get("MESSAGING_APP_BIN", os.path.join(ROOT, "build", "bin", "localcloud_messaging_app"))
        if not os.path.exists(app):
            self.skipTest("localcloud_messaging_app is not built")
        out = tempfile.mkdtemp(prefix="sns-app-")
        subprocess.run([app], env=dict(os.environ, CDK_OUTDIR=out), check=True, capture_output=True, timeout=60)
        template = open(os.path.join(out, "DeliveryStack.template.json")).read()
        # what `cdk bootstrap` leaves for the template's CheckBootstrapVersion rule
        self.lc.client("ssm", "dev").put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="30",
                                                   Type="String", Overwrite=True)
        cfn = self.lc.client("cloudformation", "dev")
        cfn.create_stack(StackName="DeliveryStack", TemplateBody=template)
        stack = wait_stack(cfn, "DeliveryStack")
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE", stack.get("StackStatusReason"))
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        subs = self.sns.list_subscriptions_by_topic(TopicArn=outputs["TopicArn"])["Subscriptions"]
        self.assertEqual(len(subs), 2)
        self.sns.publish(TopicArn=outputs["TopicArn"], Message="through the stack",
                         MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})
        m = self.drain(outputs["InboxUrl"], 1)
        self.assertEqual(json.loads(m[0]["Body"])["Message"], "through the stack")
        raw = self.drain(outputs["RawUrl"], 1)
        self.assertEqual((raw[0]["Body"], raw[0]["MessageAttributes"]["k"]["StringValue"]), ("through the stack", "v"))
        # deleting the stack removes the subscriptions and the queue policy with it
        cfn.delete_stack(StackName=stack["StackId"])
        self.assertEqual(wait_stack(cfn, stack["StackId"])["StackStatus"], "DELETE_COMPLETE")
        self.assertEqual(self.error(self.sns.list_subscriptions_by_topic, TopicArn=outputs["TopicArn"])["Code"],
                         "NotFound")

if __name__ == "__main__":
    unittest.main()
