"""Lambda event source mappings over the wire with boto3 (docs/localcloud-lambda.md, "Event source mappings"):
the mapping API (Create/Get/List/Update/Delete, AWS's defaults, states and refusals), a Python function
subscribed to an SQS queue that reads a DynamoDB table and empties the queue, a failing function whose message
the queue's redrive policy moves to its dead-letter queue, ReportBatchItemFailures, a DynamoDB stream mapping
that sees INSERT then MODIFY, the refusal of a role that may not read the source, and an
AWS::Lambda::EventSourceMapping deployed, updated in place and deleted through CloudFormation."""
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy  # noqa: E402

DEV = ACCOUNTS["dev"]
APP = os.environ.get("ESM_APP_BIN")

LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

# Every handler writes what it got into the table `seen` (as its execution role, with the runtime's boto3).
SEEN = """
import json, os, boto3
ddb = boto3.client("dynamodb")
def note(kind, ident, **values):
    item = {"id": {"S": kind + ":" + ident}}
    for k, v in values.items():
        item[k] = {"S": v if isinstance(v, str) else json.dumps(v)}
    ddb.put_item(TableName="seen", Item=item)
"""

WORKER = SEEN + """
def handler(event, context):
    greeting = ddb.get_item(TableName="config", Key={"id": {"S": "greeting"}})["Item"]["text"]["S"]
    for r in event["Records"]:
        note("worker", r["messageId"], body=r["body"], greeting=greeting, record=r, size=str(len(event["Records"])))
    return {"ok": True}
"""

FAILING = SEEN + """
def handler(event, context):
    for r in event["Records"]:
        note("failing", r["messageId"] + ":" + r["attributes"]["ApproximateReceiveCount"], body=r["body"])
    raise Exception("this one always fails")
"""

PARTIAL = SEEN + """
def handler(event, context):
    failed = []
    for r in event["Records"]:
        note("partial", r["body"] + ":" + r["attributes"]["ApproximateReceiveCount"], body=r["body"])
        if r["body"].startswith("fail"):
            failed.append({"itemIdentifier": r["messageId"]})
    return {"batchItemFailures": failed}
"""

STREAMER = SEEN + """
def handler(event, context):
    for r in event["Records"]:
        note("stream", r["dynamodb"]["SequenceNumber"], name=r["eventName"], record=r)
"""

FLAKY = SEEN + """
def handler(event, context):
    for r in event["Records"]:
        pk = r["dynamodb"]["Keys"]["pk"]["S"]
        note("flaky", pk + ":" + context.aws_request_id, pk=pk)
        if pk.startswith("bad"):
            raise Exception("cannot take " + pk)
"""


def code(source):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", source)
    return buf.getvalue()


def wait_for(predicate, timeout=60, interval=0.3):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class LambdaEventSourceMappingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        iam = cls.lc.client("iam", "dev")
        cls.role = iam.create_role(RoleName="esm-role", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="esm-role", PolicyName="all", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["sqs:*", "dynamodb:*", "logs:*"], "Resource": "*"}))
        cls.bare_role = iam.create_role(RoleName="esm-bare", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="esm-bare", PolicyName="logs", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["logs:*", "sqs:SendMessage"], "Resource": "*"}))
        cls.stream_role = iam.create_role(RoleName="esm-stream-only",
                                          AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="esm-stream-only", PolicyName="streams", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["dynamodb:*", "logs:*"], "Resource": "*"}))
        cls.lam = cls.lc.client("lambda", "dev")
        cls.sqs = cls.lc.client("sqs", "dev")
        cls.ddb = cls.lc.client("dynamodb", "dev")
        for table in ("seen", "config"):
            cls.ddb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                                 AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                                 KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        cls.ddb.put_item(TableName="config", Item={"id": {"S": "greeting"}, "text": {"S": "hello from the table"}})
        # An SQS queue's visibility timeout may not be shorter than its function's timeout.
        for name, source, role, timeout in (("worker", WORKER, cls.role, 30), ("failing", FAILING, cls.role, 3),
                                            ("partial", PARTIAL, cls.role, 3), ("streamer", STREAMER, cls.role, 30),
                                            ("flaky", FLAKY, cls.role, 30), ("bare", WORKER, cls.bare_role, 30),
                                            ("stream-only", FLAKY, cls.stream_role, 30)):
            cls.lam.create_function(FunctionName=name, Runtime="python3.12", Role=role, Handler="index.handler",
                                    Code={"ZipFile": code(source)}, Timeout=timeout)

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def queue(self, name, **attributes):
        url = self.sqs.create_queue(QueueName=name, Attributes={k: str(v) for k, v in attributes.items()})["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    def seen(self, kind):
        items = self.ddb.scan(TableName="seen")["Items"]
        return {i["id"]["S"][len(kind) + 1:]: {k: v["S"] for k, v in i.items()}
                for i in items if i["id"]["S"].startswith(kind + ":")}

    def counts(self, url):
        a = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        return int(a["ApproximateNumberOfMessages"]), int(a["ApproximateNumberOfMessagesNotVisible"])

    def state(self, uuid):
        return self.lam.get_event_source_mapping(UUID=uuid)["State"]

    def test_queue_feeds_a_function_that_reads_a_table_and_the_queue_empties(self):
        url, arn = self.queue("work")
        created = self.lam.create_event_source_mapping(FunctionName="worker", EventSourceArn=arn)
        self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual(created["State"], "Creating")
        self.assertEqual(created["StateTransitionReason"], "USER_INITIATED")
        self.assertEqual(created["BatchSize"], 10)
        self.assertEqual(created["MaximumBatchingWindowInSeconds"], 0)
        self.assertEqual(created["FunctionResponseTypes"], [])
        self.assertEqual(created["FunctionArn"], f"arn:aws:lambda:{REGION}:{DEV}:function:worker")
        self.assertEqual(created["EventSourceMappingArn"],
                         f"arn:aws:lambda:{REGION}:{DEV}:event-source-mapping:{created['UUID']}")
        self.assertNotIn("StartingPosition", created)
        self.assertEqual(wait_for(lambda: self.state(created["UUID"]) == "Enabled" and "Enabled"), "Enabled")
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="job one",
                                     MessageAttributes={"colour": {"DataType": "String", "StringValue": "blue"}})
        got = wait_for(lambda: self.seen("worker").get(sent["MessageId"]))
        self.assertTrue(got, "the function never saw the message")
        self.assertEqual(got["body"], "job one")
        self.assertEqual(got["greeting"], "hello from the table")
        record = json.loads(got["record"])
        self.assertEqual(record["eventSource"], "aws:sqs")
        self.assertEqual(record["eventSourceARN"], arn)
        self.assertEqual(record["awsRegion"], REGION)
        self.assertEqual(record["md5OfBody"], sent["MD5OfMessageBody"])
        self.assertEqual(record["md5OfMessageAttributes"], sent["MD5OfMessageAttributes"])
        self.assertEqual(record["messageAttributes"]["colour"]["stringValue"], "blue")
        self.assertEqual(record["messageAttributes"]["colour"]["dataType"], "String")
        self.assertEqual(record["attributes"]["ApproximateReceiveCount"], "1")
        self.assertIn("SentTimestamp", record["attributes"])
        self.assertTrue(record["receiptHandle"])
        self.assertEqual(wait_for(lambda: self.counts(url) == (0, 0) and "empty", timeout=20), "empty")
        # Several messages arrive as one batch of up to BatchSize.
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"b{i}"} for i in range(5)])
        def bodies():  # the worker also serves another test's queue
            return sorted(v["body"] for v in self.seen("worker").values()
                          if json.loads(v["record"])["eventSourceARN"] == arn)
        wait_for(lambda: len(bodies()) >= 6)
        self.assertEqual(bodies(), ["b0", "b1", "b2", "b3", "b4", "job one"])
        self.assertEqual(wait_for(lambda: self.counts(url) == (0, 0) and "empty", timeout=20), "empty")

    def test_failing_function_leaves_the_message_to_its_dead_letter_queue(self):
        dlq_url, dlq_arn = self.queue("failing-dlq")
        url, arn = self.queue("failing-src", VisibilityTimeout=3, RedrivePolicy=json.dumps(
            {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2}))
        self.lam.create_event_source_mapping(FunctionName="failing", EventSourceArn=arn, BatchSize=1)
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="doomed")
        moved = wait_for(lambda: self.sqs.receive_message(QueueUrl=dlq_url, WaitTimeSeconds=1).get("Messages"),
                         timeout=60)
        self.assertTrue(moved, "the message never reached the dead-letter queue")
        self.assertEqual(moved[0]["Body"], "doomed")
        self.assertEqual(moved[0]["MessageId"], sent["MessageId"])
        attempts = self.seen("failing")
        self.assertIn(sent["MessageId"] + ":1", attempts)
        self.assertIn(sent["MessageId"] + ":2", attempts)
        self.assertNotIn(sent["MessageId"] + ":3", attempts)

    def test_report_batch_item_failures_deletes_all_but_the_failed(self):
        dlq_url, dlq_arn = self.queue("partial-dlq")
        url, arn = self.queue("partial-src", VisibilityTimeout=3, RedrivePolicy=json.dumps(
            {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2}))
        # The messages wait in the queue, so that the first receive takes them as one batch.
        self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "a", "MessageBody": "ok-1"}, {"Id": "b", "MessageBody": "fail-2"}, {"Id": "c", "MessageBody": "ok-3"}])
        created = self.lam.create_event_source_mapping(FunctionName="partial", EventSourceArn=arn,
                                                       FunctionResponseTypes=["ReportBatchItemFailures"])
        self.assertEqual(created["FunctionResponseTypes"], ["ReportBatchItemFailures"])
        moved = wait_for(lambda: self.sqs.receive_message(QueueUrl=dlq_url, WaitTimeSeconds=1).get("Messages"),
                         timeout=60)
        self.assertTrue(moved)
        self.assertEqual([m["Body"] for m in moved], ["fail-2"])
        seen = self.seen("partial")
        self.assertEqual(sorted(seen), ["fail-2:1", "fail-2:2", "ok-1:1", "ok-3:1"])
        self.assertEqual(wait_for(lambda: self.counts(url) == (0, 0) and "empty", timeout=20), "empty")

    def test_stream_mapping_sees_insert_then_modify(self):
        table = self.ddb.create_table(
            TableName="items", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})["TableDescription"]
        stream = table["LatestStreamArn"]
        self.ddb.put_item(TableName="items", Item={"pk": {"S": "before"}, "v": {"N": "0"}})
        created = self.lam.create_event_source_mapping(FunctionName="streamer", EventSourceArn=stream,
                                                       StartingPosition="TRIM_HORIZON", BatchSize=2)
        self.assertEqual(created["StartingPosition"], "TRIM_HORIZON")
        self.assertEqual(created["StateTransitionReason"], "User action")
        self.assertEqual(created["LastProcessingResult"], "No records processed")
        self.assertEqual(created["MaximumRetryAttempts"], -1)
        self.assertEqual(created["MaximumRecordAgeInSeconds"], -1)
        self.assertEqual(created["ParallelizationFactor"], 1)
        self.assertEqual(created["BisectBatchOnFunctionError"], False)
        self.assertEqual(created["DestinationConfig"], {"OnFailure": {}})
        self.ddb.put_item(TableName="items", Item={"pk": {"S": "k1"}, "v": {"N": "1"}, "b": {"B": b"\x00\x01"}})
        self.ddb.update_item(TableName="items", Key={"pk": {"S": "k1"}}, UpdateExpression="SET v = :two",
                             ExpressionAttributeValues={":two": {"N": "2"}})
        records = wait_for(lambda: len(self.seen("stream")) >= 3 and self.seen("stream"))
        self.assertTrue(records, "the function never saw the stream records")
        ordered = [json.loads(records[s]["record"]) for s in sorted(records)]
        self.assertEqual([r["eventName"] for r in ordered], ["INSERT", "INSERT", "MODIFY"])
        self.assertEqual(ordered[0]["dynamodb"]["Keys"], {"pk": {"S": "before"}})
        insert, modify = ordered[1], ordered[2]
        self.assertEqual(insert["eventSource"], "aws:dynamodb")
        self.assertEqual(insert["eventSourceARN"], stream)
        self.assertEqual(insert["dynamodb"]["Keys"], {"pk": {"S": "k1"}})
        self.assertEqual(insert["dynamodb"]["NewImage"]["b"], {"B": "AAE="})
        self.assertNotIn("OldImage", insert["dynamodb"])
        self.assertEqual(insert["dynamodb"]["StreamViewType"], "NEW_AND_OLD_IMAGES")
        self.assertIsInstance(insert["dynamodb"]["ApproximateCreationDateTime"], (int, float))
        self.assertEqual(modify["dynamodb"]["OldImage"]["v"], {"N": "1"})
        self.assertEqual(modify["dynamodb"]["NewImage"]["v"], {"N": "2"})
        self.assertEqual(wait_for(lambda: self.lam.get_event_source_mapping(UUID=created["UUID"])
                                  ["LastProcessingResult"] == "OK" and "OK"), "OK")
        # LATEST starts after what the stream holds now.
        latest = self.lam.create_event_source_mapping(FunctionName="worker", EventSourceArn=stream,
                                                      StartingPosition="LATEST")
        self.assertEqual(latest["BatchSize"], 100)
        self.lam.delete_event_source_mapping(UUID=latest["UUID"])

    def test_stream_batch_is_retried_then_skipped(self):
        stream = self.ddb.create_table(
            TableName="retried", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"][
            "LatestStreamArn"]
        created = self.lam.create_event_source_mapping(FunctionName="flaky", EventSourceArn=stream,
                                                       StartingPosition="LATEST", BatchSize=1, MaximumRetryAttempts=1)
        self.assertEqual(created["MaximumRetryAttempts"], 1)
        self.ddb.put_item(TableName="retried", Item={"pk": {"S": "bad-1"}})
        self.ddb.put_item(TableName="retried", Item={"pk": {"S": "good-2"}})
        got = wait_for(lambda: [v["pk"] for v in self.seen("flaky").values()].count("good-2") >= 1 and self.seen("flaky"))
        self.assertTrue(got, "the record after the failing one was never delivered")
        pks = [v["pk"] for v in got.values()]
        # One invocation and one retry (MaximumRetryAttempts 1), then the record is skipped.
        self.assertEqual(pks.count("bad-1"), 2)
        self.assertEqual(pks.count("good-2"), 1)
        self.assertEqual(wait_for(lambda: self.lam.get_event_source_mapping(UUID=created["UUID"])
                                  ["LastProcessingResult"] == "OK" and "OK"), "OK")

    def test_stream_batch_given_up_goes_to_the_on_failure_destination(self):
        dlq_url, dlq_arn = self.queue("stream-failures")
        stream = self.ddb.create_table(
            TableName="given-up", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"][
            "LatestStreamArn"]
        created = self.lam.create_event_source_mapping(
            FunctionName="flaky", EventSourceArn=stream, StartingPosition="TRIM_HORIZON", BatchSize=1,
            MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": dlq_arn}})
        self.assertEqual(created["DestinationConfig"], {"OnFailure": {"Destination": dlq_arn}})
        self.ddb.put_item(TableName="given-up", Item={"pk": {"S": "bad-given-up"}})
        got = wait_for(lambda: self.sqs.receive_message(QueueUrl=dlq_url, WaitTimeSeconds=1).get("Messages"))
        self.assertTrue(got, "nothing reached the on-failure destination")
        record = json.loads(got[0]["Body"])
        self.assertEqual(record["requestContext"]["condition"], "RetryAttemptsExhausted")
        self.assertEqual(record["requestContext"]["approximateInvokeCount"], 1)
        self.assertEqual(record["requestContext"]["functionArn"], f"arn:aws:lambda:{REGION}:{DEV}:function:flaky")
        self.assertEqual(record["responseContext"]["functionError"], "Unhandled")
        info = record["DDBStreamBatchInfo"]
        self.assertEqual(info["streamArn"], stream)
        self.assertEqual(info["batchSize"], 1)
        self.assertEqual(info["startSequenceNumber"], info["endSequenceNumber"])
        self.assertTrue(info["shardId"].startswith("shardId-"))

    def test_api_lists_updates_disables_and_deletes(self):
        url, arn = self.queue("api")
        created = self.lam.create_event_source_mapping(FunctionName="worker", EventSourceArn=arn, BatchSize=3,
                                                       Enabled=False)
        uuid = created["UUID"]
        self.assertEqual(wait_for(lambda: self.state(uuid) == "Disabled" and "Disabled"), "Disabled")
        with self.assertRaises(self.lam.exceptions.ResourceConflictException) as e:
            self.lam.create_event_source_mapping(FunctionName="worker", EventSourceArn=arn)
        self.assertIn(f'The event source arn (" {arn} ") and function (" worker ") provided mapping already exists. '
                      f"Please update or delete the existing mapping with UUID {uuid}", str(e.exception))
        by_function = self.lam.list_event_source_mappings(FunctionName="worker")["EventSourceMappings"]
        self.assertIn(uuid, [m["UUID"] for m in by_function])
        by_source = self.lam.list_event_source_mappings(EventSourceArn=arn)["EventSourceMappings"]
        self.assertEqual([m["UUID"] for m in by_source], [uuid])
        self.assertEqual(self.lam.list_event_source_mappings(FunctionName="failing", EventSourceArn=arn)
                         ["EventSourceMappings"], [])
        # Disabled: the message stays in the queue.
        self.sqs.send_message(QueueUrl=url, MessageBody="waits")
        time.sleep(1.5)
        self.assertEqual(self.counts(url), (1, 0))
        updated = self.lam.update_event_source_mapping(UUID=uuid, BatchSize=5, Enabled=True)
        self.assertEqual(updated["State"], "Enabling")
        self.assertEqual(updated["BatchSize"], 5)
        self.assertEqual(wait_for(lambda: self.state(uuid) == "Enabled" and "Enabled"), "Enabled")
        self.assertEqual(wait_for(lambda: self.counts(url) == (0, 0) and "empty", timeout=30), "empty")
        self.assertEqual(self.lam.update_event_source_mapping(UUID=uuid, BatchSize=4)["State"], "Updating")
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.update_event_source_mapping(UUID=uuid, BatchSize=50)
        self.assertIn("Maximum batch window in seconds must be greater than 0", str(e.exception))
        self.assertEqual(self.lam.update_event_source_mapping(UUID=uuid, BatchSize=50,
                                                              MaximumBatchingWindowInSeconds=1)["BatchSize"], 50)
        deleted = self.lam.delete_event_source_mapping(UUID=uuid)
        self.assertEqual(deleted["State"], "Deleting")
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.get_event_source_mapping(UUID=uuid)

    def test_refusals(self):
        url, arn = self.queue("refusals")
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.create_event_source_mapping(FunctionName="bare", EventSourceArn=arn)
        self.assertIn("The provided execution role does not have permissions to call ReceiveMessage on SQS",
                      str(e.exception))
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.create_event_source_mapping(FunctionName="worker", EventSourceArn=arn,
                                                 StartingPosition="LATEST")
        self.assertIn("StartingPosition is not valid for SQS event sources.", str(e.exception))
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.create_event_source_mapping(FunctionName="worker", EventSourceArn=arn, BatchSize=11)
        self.assertIn("Maximum batch window in seconds must be greater than 0", str(e.exception))
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.create_event_source_mapping(FunctionName="nobody", EventSourceArn=arn)
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.create_event_source_mapping(
                FunctionName="worker", EventSourceArn=f"arn:aws:sqs:{REGION}:{DEV}:no-such-queue")
        self.assertIn("NonExistentQueue", str(e.exception))
        short_url, short_arn = self.queue("short-visibility", VisibilityTimeout=10)
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.create_event_source_mapping(FunctionName="worker", EventSourceArn=short_arn)
        self.assertIn("Queue visibility timeout: 10 seconds is less than Function timeout: 30 seconds",
                      str(e.exception))
        table = self.ddb.create_table(
            TableName="refused", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
        stream = table["LatestStreamArn"]
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.create_event_source_mapping(FunctionName="bare", EventSourceArn=stream,
                                                 StartingPosition="LATEST")
        self.assertIn(f"Cannot access stream {stream}. Please ensure the role can perform the GetRecords, "
                      "GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.",
                      str(e.exception))
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.create_event_source_mapping(FunctionName="worker", EventSourceArn=stream)
        self.assertIn("Value null at 'startingPosition'", str(e.exception))
        # An on-failure queue the role may not send to.
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.create_event_source_mapping(FunctionName="stream-only", EventSourceArn=stream,
                                                 StartingPosition="LATEST",
                                                 DestinationConfig={"OnFailure": {"Destination": arn}})
        self.assertIn("The provided execution role does not have permissions to call SendMessage on SQS",
                      str(e.exception))
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as e:
            self.lam.create_event_source_mapping(FunctionName="worker", EventSourceArn=stream,
                                                 StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=1)
        self.assertIn("Unsupported starting position for arn type", str(e.exception))

    def test_cloudformation_mapping_deploys_updates_in_place_and_deletes(self):
        def template(batch, enabled):
            return json.dumps({
                "Resources": {
                    "Queue": {"Type": "AWS::SQS::Queue"},
                    "Role": {"Type": "AWS::IAM::Role", "Properties": {
                        "AssumeRolePolicyDocument": json.loads(LAMBDA_TRUST),
                        "Policies": [{"PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                            {"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage",
                                                           "sqs:GetQueueAttributes"],
                             "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}},
                            {"Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": "*"}]}}]}},
                    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
                        "Code": {"ZipFile": SEEN + "\ndef handler(event, context):\n"
                                 "    for r in event['Records']:\n        note('cfn', r['messageId'], body=r['body'])\n"},
                        "Handler": "index.handler", "Runtime": "python3.12", "Timeout": 30,
                        "Role": {"Fn::GetAtt": ["Role", "Arn"]}}},
                    "Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
                        "FunctionName": {"Ref": "Fn"}, "EventSourceArn": {"Fn::GetAtt": ["Queue", "Arn"]},
                        "BatchSize": batch, "Enabled": enabled}},
                },
                "Outputs": {"MappingId": {"Value": {"Ref": "Mapping"}},
                            "MappingArn": {"Value": {"Fn::GetAtt": ["Mapping", "EventSourceMappingArn"]}},
                            "QueueUrl": {"Value": {"Ref": "Queue"}}},
            })

        cfn = self.lc.client("cloudformation", "dev")

        def settled(name):
            stack = wait_for(lambda: next((s for s in cfn.describe_stacks(StackName=name)["Stacks"]
                                           if not s["StackStatus"].endswith("IN_PROGRESS")), None))
            if not stack["StackStatus"].endswith("_COMPLETE") or "ROLLBACK" in stack["StackStatus"]:
                events = cfn.describe_stack_events(StackName=name)["StackEvents"]
                raise AssertionError(json.dumps([e.get("ResourceStatusReason") for e in events], indent=1))
            return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}

        cfn.create_stack(StackName="EsmStack", TemplateBody=template(5, True), Capabilities=["CAPABILITY_IAM"])
        out = settled("EsmStack")
        uuid = out["MappingId"]
        mapping = self.lam.get_event_source_mapping(UUID=uuid)
        self.assertEqual(mapping["BatchSize"], 5)
        self.assertEqual(out["MappingArn"], mapping["EventSourceMappingArn"])
        sent = self.sqs.send_message(QueueUrl=out["QueueUrl"], MessageBody="from the stack")
        got = wait_for(lambda: self.seen("cfn").get(sent["MessageId"]))
        self.assertTrue(got, "the stack's function never saw the message")
        self.assertEqual(got["body"], "from the stack")
        self.assertEqual(wait_for(lambda: self.counts(out["QueueUrl"]) == (0, 0) and "empty", timeout=20), "empty")

        cfn.update_stack(StackName="EsmStack", TemplateBody=template(7, False), Capabilities=["CAPABILITY_IAM"])
        self.assertEqual(settled("EsmStack")["MappingId"], uuid)  # updated in place
        mapping = self.lam.get_event_source_mapping(UUID=uuid)
        self.assertEqual(mapping["BatchSize"], 7)
        self.assertEqual(wait_for(lambda: self.state(uuid) == "Disabled" and "Disabled"), "Disabled")

        cfn.delete_stack(StackName="EsmStack")
        wait_for(lambda: not [s for s in cfn.list_stacks()["StackSummaries"]
                              if s["StackName"] == "EsmStack" and s["StackStatus"] != "DELETE_COMPLETE"])
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.get_event_source_mapping(UUID=uuid)

    @unittest.skipIf(not APP, "ESM_APP_BIN (the esm_app test app) is not set")
    def test_cdkpp_app_function_triggered_by_a_queue_reading_a_table(self):
        out = tempfile.mkdtemp(prefix="esm-app-", dir=self.lc.tmp)
        subprocess.run([APP], env=dict(os.environ, CDK_OUTDIR=out), check=True, timeout=60)
        with open(os.path.join(out, "QueueTableStack.template.json")) as f:
            template = f.read()
        # The CDK's CheckBootstrapVersion rule reads the bootstrap version (cdkpp bootstrap writes it).
        self.lc.client("ssm", "dev").put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="30",
                                                   Type="String", Overwrite=True)
        cfn = self.lc.client("cloudformation", "dev")
        cfn.create_stack(StackName="QueueTableStack", TemplateBody=template, Capabilities=["CAPABILITY_IAM"])
        stack = wait_for(lambda: next((s for s in cfn.describe_stacks(StackName="QueueTableStack")["Stacks"]
                                       if not s["StackStatus"].endswith("IN_PROGRESS")), None), timeout=120)
        if stack["StackStatus"] != "CREATE_COMPLETE":
            events = cfn.describe_stack_events(StackName="QueueTableStack")["StackEvents"]
            raise AssertionError(json.dumps([e.get("ResourceStatusReason") for e in events], indent=1))
        out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        table, audit = out["TableName"], out["AuditName"]
        self.ddb.put_item(TableName=table, Item={"id": {"S": "config"}, "greeting": {"S": "hi from the stack"}})
        sent = self.sqs.send_message_batch(QueueUrl=out["QueueUrl"], Entries=[
            {"Id": "a", "MessageBody": "first job"}, {"Id": "b", "MessageBody": "fail this one"}])["Successful"]
        ids = {e["Id"]: e["MessageId"] for e in sent}
        job = wait_for(lambda: self.ddb.get_item(TableName=table, Key={"id": {"S": "job:" + ids["a"]}}).get("Item"))
        self.assertTrue(job, "the queue's function never wrote its item")
        self.assertEqual(job["body"]["S"], "first job")
        self.assertEqual(job["greeting"]["S"], "hi from the stack")
        self.assertIsNone(self.ddb.get_item(TableName=table, Key={"id": {"S": "job:" + ids["b"]}}).get("Item"))
        # The reported failure goes back to the queue and, after maxReceiveCount 2, to the dead-letter queue.
        dead = wait_for(lambda: self.sqs.receive_message(QueueUrl=out["DeadUrl"], WaitTimeSeconds=1).get("Messages"),
                        timeout=90)
        self.assertTrue(dead, "the failed message never reached the dead-letter queue")
        self.assertEqual([m["Body"] for m in dead], ["fail this one"])
        # The stream's function saw the config item and the job item inserted, in order.
        notes = wait_for(lambda: len(self.ddb.scan(TableName=audit)["Items"]) >= 2
                         and self.ddb.scan(TableName=audit)["Items"])
        self.assertTrue(notes, "the stream's function never wrote its notes")
        ordered = sorted(notes, key=lambda i: i["id"]["S"])
        self.assertEqual([(i["name"]["S"], i["key"]["S"]) for i in ordered],
                         [("INSERT", "config"), ("INSERT", "job:" + ids["a"])])
        cfn.delete_stack(StackName="QueueTableStack")


if __name__ == "__main__":
    unittest.main()
