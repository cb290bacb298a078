"""SQS messages over the wire with boto3 and the AWS CLI: send/receive/delete, attribute MD5s as AWS computes
them, long polling, visibility timeouts, redrive to a dead-letter queue, FIFO order and deduplication, delay
queues, batches and their bounds, SSE-KMS needing the caller's key grant, identity and queue policies
across accounts, and messages in flight across a restart (docs/localcloud-messaging.md)."""
import hashlib
import json
import os
import struct
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_helpers import ClientErrors  # noqa: E402
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy, trust  # noqa: E402

DEV = ACCOUNTS["dev"]
TEST = ACCOUNTS["test"]


def md5_of_attributes(attributes):
    """The MD5 of message attributes exactly as SQS defines it (and the AWS SDKs check it)."""
    buf = b""
    for name in sorted(attributes):
        a = attributes[name]
        for part in (name.encode(), a["DataType"].encode()):
            buf += struct.pack(">I", len(part)) + part
        if "BinaryValue" in a:
            buf += b"\x02" + struct.pack(">I", len(a["BinaryValue"])) + a["BinaryValue"]
        else:
            v = a["StringValue"].encode()
            buf += b"\x01" + struct.pack(">I", len(v)) + v
    return hashlib.md5(buf).hexdigest()


class SqsTest(ClientErrors, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.sqs = cls.lc.client("sqs", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def queue(self, name, **attributes):
        return self.sqs.create_queue(QueueName=name, Attributes={k: str(v) for k, v in attributes.items()})["QueueUrl"]

    def receive(self, url, **kw):
        return self.sqs.receive_message(QueueUrl=url, **kw).get("Messages", [])

    def test_send_receive_delete_with_attribute_md5s(self):
        url = self.queue("basic")
        attrs = {"colour": {"DataType": "String", "StringValue": "blue"},
                 "count": {"DataType": "Number", "StringValue": "42"},
                 "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xffbin"},
                 "custom": {"DataType": "String.label", "StringValue": "ünï"}}
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="hello wörld", MessageAttributes=attrs,
                                     MessageSystemAttributes={"AWSTraceHeader": {
                                         "DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}})
        self.assertEqual(sent["MD5OfMessageBody"], hashlib.md5("hello wörld".encode()).hexdigest())
        self.assertEqual(sent["MD5OfMessageAttributes"], md5_of_attributes(attrs))
        self.assertEqual(sent["MD5OfMessageSystemAttributes"], md5_of_attributes({"AWSTraceHeader": {
            "DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}}))
        msgs = self.receive(url, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"])
        self.assertEqual(len(msgs), 1)
        m = msgs[0]
        self.assertEqual((m["MessageId"], m["Body"]), (sent["MessageId"], "hello wörld"))
        self.assertEqual(m["MessageAttributes"], attrs)
        self.assertEqual(m["MD5OfMessageAttributes"], md5_of_attributes(attrs))
        self.assertEqual(m["Attributes"]["ApproximateReceiveCount"], "1")
        self.assertEqual(m["Attributes"]["AWSTraceHeader"], "Root=1-5759e988-bd862e3fe1be46a994272793")
        self.assertTrue(m["Attributes"]["SenderId"].startswith("AIDA"))
        self.assertGreaterEqual(int(m["Attributes"]["ApproximateFirstReceiveTimestamp"]),
                                int(m["Attributes"]["SentTimestamp"]))
        # a prefix selects some attributes; the MD5 covers what is returned
        part = self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes=attrs)
        sub = self.receive(url, MessageAttributeNames=["colour", "count"])[0]
        self.assertEqual(sorted(sub["MessageAttributes"]), ["colour", "count"])
        self.assertEqual(sub["MD5OfMessageAttributes"],
                         md5_of_attributes({k: attrs[k] for k in ("colour", "count")}))
        self.assertEqual(sub["MessageId"], part["MessageId"])
        # in flight: not received again; deleted: gone
        self.assertEqual(self.receive(url), [])
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])  # again: succeeds
        counts = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual((counts["ApproximateNumberOfMessages"], counts["ApproximateNumberOfMessagesNotVisible"]),
                         ("0", "1"))
        e = self.error(self.sqs.delete_message, QueueUrl=url, ReceiptHandle="not-a-handle")
        self.assertEqual(e["Code"], "ReceiptHandleIsInvalid")
        # the Query code in x-amzn-query-error, so boto3's exception classes catch it as on AWS
        with self.assertRaises(self.sqs.exceptions.QueueDoesNotExist) as cm:
            self.sqs.send_message(QueueUrl=url + "-missing", MessageBody="x")
        self.assertEqual(cm.exception.response["Error"]["Code"], "AWS.SimpleQueueService.NonExistentQueue")
        rc, _, err = self.lc.aws("dev", "sqs", "get-queue-url", "--queue-name", "missing", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("AWS.SimpleQueueService.NonExistentQueue", err)
        # the stock AWS CLI
        _, out, _ = self.lc.aws("dev", "sqs", "send-message", "--queue-url", url, "--message-body", "from cli",
                                "--message-attributes", '{"k":{"DataType":"String","StringValue":"v"}}')
        self.assertEqual(out["MD5OfMessageAttributes"],
                         md5_of_attributes({"k": {"DataType": "String", "StringValue": "v"}}))
        _, out, _ = self.lc.aws("dev", "sqs", "receive-message", "--queue-url", url, "--message-attribute-names", "All")
        self.assertEqual(out["Messages"][0]["Body"], "from cli")
        self.lc.aws("dev", "sqs", "delete-message", "--queue-url", url, "--receipt-handle",
                    out["Messages"][0]["ReceiptHandle"])
        self.sqs.purge_queue(QueueUrl=url)
        self.assertEqual(self.error(self.sqs.purge_queue, QueueUrl=url)["Code"],
                         "AWS.SimpleQueueService.PurgeQueueInProgress")

    def test_an_empty_receive_has_no_messages_member(self):
        # SQS answers `{}` (JSON) / `<ReceiveMessageResult/>` (Query) when nothing is received: no Messages at all.
        url = self.queue("empty-receive")
        got = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)
        self.assertNotIn("Messages", got)
        _, out, _ = self.lc.aws("dev", "sqs", "receive-message", "--queue-url", url)
        self.assertFalse(out and out.get("Messages"), out)

    def test_bounds_as_aws(self):
        url = self.queue("bounds")
        e = self.error(self.sqs.send_message, QueueUrl=url, MessageBody="x" * 262145)
        self.assertEqual(e["Code"], "InvalidParameterValue")
        self.assertIn("Message must be shorter than 262144 bytes", e["Message"])
        # the body and the attributes together count
        e = self.error(self.sqs.send_message, QueueUrl=url, MessageBody="x" * 262000,
                       MessageAttributes={"a": {"DataType": "String", "StringValue": "y" * 200}})
        self.assertIn("shorter than 262144", e["Message"])
        self.sqs.send_message(QueueUrl=url, MessageBody="x" * 262144)
        too_many = {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)}
        e = self.error(self.sqs.send_message, QueueUrl=url, MessageBody="x", MessageAttributes=too_many)
        self.assertIn("Number of message attributes [11] exceeds the allowed maximum [10]", e["Message"])
        for bad in ({"DataType": "Strung", "StringValue": "v"}, {"DataType": "Number", "StringValue": "abc"},
                    {"DataType": "String"}):
            e = self.error(self.sqs.send_message, QueueUrl=url, MessageBody="x", MessageAttributes={"a": bad})
            self.assertEqual(e["Code"], "InvalidParameterValue", bad)
        e = self.error(self.sqs.send_message, QueueUrl=url, MessageBody="x",
                       MessageAttributes={"AWS.x": {"DataType": "String", "StringValue": "v"}})
        self.assertIn("reserved", e["Message"])
        e = self.error(self.sqs.send_message, QueueUrl=url, MessageBody="bad \x01 char")
        self.assertEqual(e["Code"], "InvalidMessageContents")
        entries = [{"Id": f"e{i}", "MessageBody": "b"} for i in range(11)]
        self.assertEqual(self.error(self.sqs.send_message_batch, QueueUrl=url, Entries=entries)["Code"],
                         "AWS.SimpleQueueService.TooManyEntriesInBatchRequest")
        self.assertEqual(self.error(self.sqs.send_message_batch, QueueUrl=url, Entries=[])["Code"],
                         "AWS.SimpleQueueService.EmptyBatchRequest")
        dup = [{"Id": "a", "MessageBody": "1"}, {"Id": "a", "MessageBody": "2"}]
        self.assertEqual(self.error(self.sqs.send_message_batch, QueueUrl=url, Entries=dup)["Code"],
                         "AWS.SimpleQueueService.BatchEntryIdsNotDistinct")
        big = [{"Id": f"e{i}", "MessageBody": "x" * 30000} for i in range(9)]
        self.assertEqual(self.error(self.sqs.send_message_batch, QueueUrl=url, Entries=big)["Code"],
                         "AWS.SimpleQueueService.BatchRequestTooLong")
        for n in (0, 11):
            e = self.error(self.sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=n)
            self.assertIn("Must be between 1 and 10", e["Message"])
        e = self.error(self.sqs.receive_message, QueueUrl=url, WaitTimeSeconds=21)
        self.assertEqual(e["Code"], "InvalidParameterValue")

    def test_batches_entry_by_entry(self):
        url = self.queue("batches")
        r = self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "ok1", "MessageBody": "one"},
            {"Id": "bad", "MessageBody": "two", "MessageAttributes": {"a": {"DataType": "Number", "StringValue": "x"}}},
            {"Id": "ok2", "MessageBody": "three", "DelaySeconds": 0}])
        self.assertEqual(sorted(s["Id"] for s in r["Successful"]), ["ok1", "ok2"])
        self.assertEqual([(f["Id"], f["Code"], f["SenderFault"]) for f in r["Failed"]],
                         [("bad", "InvalidParameterValue", True)])
        msgs = self.receive(url, MaxNumberOfMessages=10)
        self.assertEqual(sorted(m["Body"] for m in msgs), ["one", "three"])
        r = self.sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
            {"Id": "a", "ReceiptHandle": msgs[0]["ReceiptHandle"], "VisibilityTimeout": 0},
            {"Id": "b", "ReceiptHandle": "garbage", "VisibilityTimeout": 0}])
        self.assertEqual([s["Id"] for s in r["Successful"]], ["a"])
        self.assertEqual(r["Failed"][0]["Code"], "ReceiptHandleIsInvalid")
        again = self.receive(url)
        self.assertEqual(again[0]["MessageId"], msgs[0]["MessageId"])
        self.assertEqual(self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
                         ["Attributes"], {"ApproximateNumberOfMessages": "0"})
        r = self.sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": "x", "ReceiptHandle": again[0]["ReceiptHandle"]},
            {"Id": "y", "ReceiptHandle": msgs[1]["ReceiptHandle"]}])
        self.assertEqual(sorted(s["Id"] for s in r["Successful"]), ["x", "y"])
        self.assertEqual(self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
                         ["ApproximateNumberOfMessagesNotVisible"], "0")

    def test_long_poll_returns_when_a_message_arrives(self):
        url = self.queue("longpoll")
        t = time.time()
        self.assertEqual(self.receive(url, WaitTimeSeconds=1), [])
        self.assertGreaterEqual(time.time() - t, 0.95)
        sender = threading.Timer(0.5, lambda: self.lc.client("sqs", "dev").send_message(QueueUrl=url, MessageBody="late"))
        sender.start()
        t = time.time()
        msgs = self.receive(url, WaitTimeSeconds=10)
        waited = time.time() - t
        sender.join()
        self.assertEqual([m["Body"] for m in msgs], ["late"])
        self.assertGreater(waited, 0.4)
        self.assertLess(waited, 3)
        # the queue's ReceiveMessageWaitTimeSeconds is the default wait
        url2 = self.queue("longpoll-default", ReceiveMessageWaitTimeSeconds=1)
        t = time.time()
        self.assertEqual(self.receive(url2), [])
        self.assertGreaterEqual(time.time() - t, 0.95)

    def test_visibility_timeout_and_delay(self):
        url = self.queue("visibility", VisibilityTimeout=1)
        self.sqs.send_message(QueueUrl=url, MessageBody="v")
        first = self.receive(url)[0]
        self.assertEqual(self.receive(url), [])
        # a long poll ends when the message becomes visible again
        t = time.time()
        # (the deprecated AttributeNames takes message attribute names, as on AWS)
        second = self.receive(url, WaitTimeSeconds=5, AttributeNames=["ApproximateReceiveCount"])
        self.assertLess(time.time() - t, 2.5)
        self.assertEqual(second[0]["MessageId"], first["MessageId"])
        self.assertEqual(second[0]["Attributes"]["ApproximateReceiveCount"], "2")
        self.assertNotEqual(second[0]["ReceiptHandle"], first["ReceiptHandle"])
        # the older receipt handle no longer changes visibility
        e = self.error(self.sqs.change_message_visibility, QueueUrl=url, ReceiptHandle=first["ReceiptHandle"],
                       VisibilityTimeout=10)
        self.assertEqual(e["Code"], "AWS.SimpleQueueService.MessageNotInflight")
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=second[0]["ReceiptHandle"], VisibilityTimeout=0)
        third = self.receive(url, VisibilityTimeout=30)
        self.assertEqual(third[0]["MessageId"], first["MessageId"])
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=third[0]["ReceiptHandle"])
        # per-message delay and a delay queue
        self.sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=1)
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["ApproximateNumberOfMessagesDelayed"], "1")
        self.assertEqual(self.receive(url), [])
        self.assertEqual([m["Body"] for m in self.receive(url, WaitTimeSeconds=3)], ["later"])
        e = self.error(self.sqs.send_message, QueueUrl=url, MessageBody="x", DelaySeconds=901)
        self.assertEqual(e["Code"], "InvalidParameterValue")

    def test_redrive_to_dead_letter_queue(self):
        dlq = self.queue("dead")
        dlq_arn = self.sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        src = self.queue("redriven", VisibilityTimeout=0,
                         RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"}))
        sent = self.sqs.send_message(QueueUrl=src, MessageBody="poison",
                                     MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})
        self.assertEqual(len(self.receive(src)), 1)
        self.assertEqual(len(self.receive(src)), 1)
        self.assertEqual(self.receive(src), [])  # the third receive moves it
        dead = self.receive(dlq, MessageSystemAttributeNames=["All"], MessageAttributeNames=["All"])
        self.assertEqual(len(dead), 1)
        self.assertEqual((dead[0]["MessageId"], dead[0]["Body"]), (sent["MessageId"], "poison"))
        self.assertEqual(dead[0]["Attributes"]["DeadLetterQueueSourceArn"],
                         f"arn:aws:sqs:{REGION}:{DEV}:redriven")
        self.assertEqual(dead[0]["MessageAttributes"]["k"]["StringValue"], "v")

    def test_fifo_order_groups_and_deduplication(self):
        url = self.queue("orders.fifo", FifoQueue="true", ContentBasedDeduplication="true")
        seqs = []
        for i in range(4):
            r = self.sqs.send_message(QueueUrl=url, MessageBody=f"a{i}", MessageGroupId="A")
            seqs.append(int(r["SequenceNumber"]))
            self.sqs.send_message(QueueUrl=url, MessageBody=f"b{i}", MessageGroupId="B")
        self.assertEqual(seqs, sorted(seqs))
        dup = self.sqs.send_message(QueueUrl=url, MessageBody="a0", MessageGroupId="A")  # same content: deduplicated
        first = self.sqs.send_message(QueueUrl=url, MessageBody="b0", MessageGroupId="B", MessageDeduplicationId="fresh")
        self.assertNotEqual(dup["MessageId"], first["MessageId"])
        got = self.receive(url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["MessageGroupId", "SequenceNumber"])
        bodies = [m["Body"] for m in got]
        self.assertEqual([b for b in bodies if b.startswith("a")], [f"a{i}" for i in range(4)])
        self.assertEqual([b for b in bodies if b.startswith("b")], [f"b{i}" for i in range(4)] + ["b0"])
        # while group A is in flight, nothing more of it is delivered
        self.sqs.send_message(QueueUrl=url, MessageBody="a-next", MessageGroupId="A", MessageDeduplicationId="n1")
        self.assertEqual(self.receive(url), [])
        for m in got:
            self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        self.assertEqual([m["Body"] for m in self.receive(url)], ["a-next"])
        # FIFO rules
        fifo2 = self.queue("plain.fifo", FifoQueue="true")
        self.assertIn("MessageGroupId", self.error(self.sqs.send_message, QueueUrl=fifo2, MessageBody="x")["Message"])
        self.assertIn("ContentBasedDeduplication", self.error(self.sqs.send_message, QueueUrl=fifo2, MessageBody="x",
                                                              MessageGroupId="g")["Message"])
        self.assertEqual(self.error(self.sqs.send_message, QueueUrl=fifo2, MessageBody="x", MessageGroupId="g",
                                    MessageDeduplicationId="d", DelaySeconds=1)["Code"], "InvalidParameterValue")

    def test_policies_across_accounts_and_kms(self):
        url = self.queue("shared")
        other = self.lc.client("sqs", "test")
        self.assertEqual(self.error(other.send_message, QueueUrl=url, MessageBody="x")["Code"], "AccessDenied")
        arn = f"arn:aws:sqs:{REGION}:{DEV}:shared"
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy(
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{TEST}:root"}, "Action": "sqs:SendMessage",
             "Resource": arn})})
        other.send_message(QueueUrl=url, MessageBody="from test")
        self.assertEqual(self.error(other.receive_message, QueueUrl=url)["Code"], "AccessDenied")
        self.assertEqual(self.receive(url)[0]["Body"], "from test")
        # a role of the queue's account with only sqs:SendMessage
        iam = self.lc.client("iam", "dev")
        iam.create_role(RoleName="sender", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="sender", PolicyName="send", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}))
        creds = self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/sender")
        role_sqs = self.lc.client("sqs", **creds)
        # SSE-KMS: the key's policy must let the caller use it
        kms = self.lc.client("kms", "dev")
        key = kms.create_key(Policy=policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{DEV}:root"},
                                            "Action": "kms:*", "Resource": "*"}))["KeyMetadata"]["Arn"]
        enc = self.queue("encrypted", KmsMasterKeyId=key)
        e = self.error(role_sqs.send_message, QueueUrl=enc, MessageBody="secret")
        self.assertEqual(e["Code"], "KMS.AccessDeniedException")
        iam.put_role_policy(RoleName="sender", PolicyName="key", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": key}))
        role_sqs.send_message(QueueUrl=enc, MessageBody="secret")
        self.assertEqual(self.receive(enc)[0]["Body"], "secret")
        # the body is not stored in the clear
        with open(os.path.join(self.lc.data_dir, "state.db"), "rb") as f:
            self.assertNotIn(b"secret\"", f.read())

    def test_restart_keeps_messages_and_in_flight_ones_come_back(self):
        lc = LocalCloud().start()
        try:
            sqs = lc.client("sqs", "dev")
            url = sqs.create_queue(QueueName="durable", Attributes={"VisibilityTimeout": "2"})["QueueUrl"]
            for i in range(3):
                sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
            taken = sqs.receive_message(QueueUrl=url)["Messages"][0]
            done = sqs.receive_message(QueueUrl=url)["Messages"][0]
            sqs.delete_message(QueueUrl=url, ReceiptHandle=done["ReceiptHandle"])
            lc.kill9()
            lc.start()
            sqs = lc.client("sqs", "dev")
            bodies = [m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]]
            self.assertEqual(len(bodies), 1)  # the third; the taken one is still invisible
            back = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5, MessageSystemAttributeNames=["ApproximateReceiveCount"])
            self.assertEqual(back["Messages"][0]["MessageId"], taken["MessageId"])
            self.assertEqual(back["Messages"][0]["Attributes"]["ApproximateReceiveCount"], "2")
            self.assertNotIn(done["Body"], bodies)
            # a long poll does not hold up a clean stop
            waiter = threading.Thread(target=lambda: self.receive_quietly(lc, url))
            waiter.start()
            time.sleep(0.3)
            t = time.time()
            lc.stop()
            self.assertLess(time.time() - t, 5)
            waiter.join()
        finally:
            lc.cleanup()

    @staticmethod
    def receive_quietly(lc, url):
        try:
            lc.client("sqs", "dev").receive_message(QueueUrl=url, WaitTimeSeconds=20)
        except Exception:  # noqa: BLE001 - the server stops under it
            pass


if __name__ == "__main__":
    unittest.main()
