"""EventBridge over the wire with boto3 and the AWS CLI v2: rules, targets, event buses, validation errors,
IAM per action, account/region isolation, PutEvents delivering matched events to SQS (checked against the
queue policy) and SNS (against the topic policy) with Input / InputPath / InputTransformer, and a stack with
AWS::Events::EventBus and AWS::Events::Rule targeting a queue: PutEvents -> the message arrives."""
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_helpers import ClientErrors, wait_stack  # noqa: E402
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy, trust  # noqa: E402

DEV = ACCOUNTS["dev"]
TEST = ACCOUNTS["test"]


def queue_policy(queue_arn, rule_arn):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage",
        "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}}}]})


class EventsTest(ClientErrors, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.events = cls.lc.client("events", "dev")
        cls.sqs = cls.lc.client("sqs", "dev")
        cls.sns = cls.lc.client("sns", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def queue(self, name):
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    def receive(self, url, count=1, timeout=5):
        got = []
        deadline = time.time() + timeout
        while len(got) < count and time.time() < deadline:
            r = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
            for m in r.get("Messages", []):
                got.append(m["Body"])
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        return got

    def put(self, detail, source="app.orders", detail_type="OrderPlaced", **kw):
        r = self.events.put_events(Entries=[dict(Source=source, DetailType=detail_type, Detail=json.dumps(detail), **kw)])
        self.assertEqual(r["FailedEntryCount"], 0, r)
        return r["Entries"][0]["EventId"]

    def test_rules_targets_and_errors(self):
        arn = self.events.put_rule(Name="r1", EventPattern=json.dumps({"source": ["a"]}), Description="d")["RuleArn"]
        self.assertEqual(arn, f"arn:aws:events:{REGION}:{DEV}:rule/r1")
        d = self.events.describe_rule(Name="r1")
        self.assertEqual((d["Name"], d["State"], d["Description"], d["EventBusName"]), ("r1", "ENABLED", "d", "default"))
        self.assertEqual(json.loads(d["EventPattern"]), {"source": ["a"]})
        self.events.put_rule(Name="r2", ScheduleExpression="rate(5 minutes)", State="DISABLED")
        names = [r["Name"] for r in self.events.list_rules(NamePrefix="r")["Rules"]]
        self.assertEqual(names, ["r1", "r2"])
        page = self.events.list_rules(NamePrefix="r", Limit=1)
        self.assertEqual(len(page["Rules"]), 1)
        self.assertEqual([r["Name"] for r in self.events.list_rules(NamePrefix="r", NextToken=page["NextToken"])["Rules"]], ["r2"])

        e = self.error(self.events.put_rule, Name="r3")
        self.assertEqual((e["Code"], e["Message"]), ("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified."))
        e = self.error(self.events.put_rule, Name="r3", EventPattern='{"source": "a"}')
        self.assertEqual(e["Code"], "InvalidEventPatternException")
        e = self.error(self.events.put_rule, Name="r3", EventPattern='{"detail": {"n": [{"numeric": ["<<", 1]}]}}')
        self.assertEqual(e["Code"], "InvalidEventPatternException")
        e = self.error(self.events.put_rule, Name="r3", ScheduleExpression="rate(1 minutes)")
        self.assertEqual(e["Code"], "ValidationException")
        e = self.error(self.events.describe_rule, Name="missing")
        self.assertEqual((e["Code"], e["Message"]), ("ResourceNotFoundException", "Rule missing does not exist on EventBus default."))

        targets = [{"Id": f"t{i}", "Arn": f"arn:aws:sqs:{REGION}:{DEV}:q{i}"} for i in range(5)]
        self.assertEqual(self.events.put_targets(Rule="r1", Targets=targets)["FailedEntryCount"], 0)
        e = self.error(self.events.put_targets, Rule="r1", Targets=[{"Id": "t9", "Arn": f"arn:aws:sqs:{REGION}:{DEV}:q9"}])
        self.assertEqual(e["Code"], "LimitExceededException")
        e = self.error(self.events.put_targets, Rule="r1", Targets=[{"Id": "t0", "Arn": f"arn:aws:sqs:{REGION}:{DEV}:q", "Input": "{", }])
        self.assertEqual(e["Code"], "ValidationException")
        e = self.error(self.events.put_targets, Rule="r1", Targets=[{"Id": "t0", "Arn": f"arn:aws:sqs:{REGION}:{DEV}:q", "Input": "1", "InputPath": "$"}])
        self.assertEqual(e["Message"], "Only one of Input, InputPath, or InputTransformer must be provided.")
        self.assertEqual(len(self.events.list_targets_by_rule(Rule="r1")["Targets"]), 5)
        e = self.error(self.events.delete_rule, Name="r1")
        self.assertEqual((e["Code"], e["Message"]), ("ValidationException", "Rule can't be deleted since it has targets."))
        self.events.remove_targets(Rule="r1", Ids=[t["Id"] for t in targets])
        self.events.delete_rule(Name="r1")
        self.events.delete_rule(Name="r2")
        self.assertEqual(self.events.list_rules(NamePrefix="r")["Rules"], [])

    def test_event_buses(self):
        arn = self.events.create_event_bus(Name="orders", Description="o")["EventBusArn"]
        self.assertEqual(arn, f"arn:aws:events:{REGION}:{DEV}:event-bus/orders")
        e = self.error(self.events.create_event_bus, Name="orders")
        self.assertEqual(e["Code"], "ResourceAlreadyExistsException")
        self.assertEqual(self.events.describe_event_bus(Name="orders")["Description"], "o")
        self.assertEqual(self.events.describe_event_bus()["Name"], "default")
        names = [b["Name"] for b in self.events.list_event_buses()["EventBuses"]]
        self.assertIn("default", names)
        self.assertIn("orders", names)
        rule_arn = self.events.put_rule(Name="on-orders", EventBusName=arn, EventPattern='{"source":["x"]}')["RuleArn"]
        self.assertEqual(rule_arn, f"arn:aws:events:{REGION}:{DEV}:rule/orders/on-orders")
        e = self.error(self.events.put_rule, Name="s", EventBusName="orders", ScheduleExpression="rate(1 hour)")
        self.assertEqual(e["Message"], "ScheduleExpression is supported only on the default event bus.")
        e = self.error(self.events.put_rule, Name="x", EventBusName="nope", EventPattern='{"source":["x"]}')
        self.assertEqual((e["Code"], e["Message"]), ("ResourceNotFoundException", "Event bus nope does not exist."))
        e = self.error(self.events.delete_event_bus, Name="default")
        self.assertEqual(e["Code"], "ValidationException")
        # Another account and another region see nothing of it.
        other = self.lc.client("events", "test")
        self.assertNotIn("orders", [b["Name"] for b in other.list_event_buses()["EventBuses"]])
        e = self.error(other.describe_event_bus, Name="orders")
        self.assertEqual(e["Code"], "ResourceNotFoundException")
        west = self.lc.session("dev").client("events", endpoint_url=self.lc.endpoint, region_name="us-west-2")
        self.assertNotIn("orders", [b["Name"] for b in west.list_event_buses()["EventBuses"]])
        self.events.delete_event_bus(Name="orders")
        e = self.error(self.events.describe_rule, Name="on-orders", EventBusName="orders")
        self.assertEqual(e["Code"], "ResourceNotFoundException")

    def test_put_events_delivers_to_sqs_as_the_queue_policy_allows(self):
        url, qarn = self.queue("deliveries")
        rule = self.events.put_rule(Name="orders-big", EventPattern=json.dumps({
            "source": [{"prefix": "app."}], "detail-type": ["OrderPlaced"],
            "detail": {"amount": [{"numeric": [">", 100]}], "state": [{"anything-but": "test"}]}}))["RuleArn"]
        self.events.put_targets(Rule="orders-big", Targets=[{"Id": "q", "Arn": qarn}])
        # No queue policy yet: SQS refuses events.amazonaws.com, the event is dropped.
        self.put({"amount": 500, "state": "live"})
        self.assertEqual(self.receive(url, timeout=1.5), [])
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": queue_policy(qarn, rule)})
        event_id = self.put({"amount": 500, "state": "live"})
        self.put({"amount": 5, "state": "live"})      # numeric does not match
        self.put({"amount": 500, "state": "test"})    # anything-but does not match
        self.put({"amount": 500, "state": "live"}, source="other")  # prefix does not match
        got = self.receive(url, count=2, timeout=3)
        self.assertEqual(len(got), 1, got)
        event = json.loads(got[0])
        self.assertEqual(event["id"], event_id)
        self.assertEqual((event["source"], event["detail-type"], event["account"], event["region"]),
                         ("app.orders", "OrderPlaced", DEV, REGION))
        self.assertEqual(event["detail"], {"amount": 500, "state": "live"})
        # A policy for another rule does not admit this one.
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": queue_policy(qarn, rule + "-other")})
        self.put({"amount": 500, "state": "live"})
        self.assertEqual(self.receive(url, timeout=1.5), [])

    def test_inputs_and_transformers(self):
        url, qarn = self.queue("inputs")
        rule = self.events.put_rule(Name="inputs", EventPattern=json.dumps({"source": ["inputs"]}))["RuleArn"]
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": queue_policy(qarn, rule)})
        self.events.put_targets(Rule="inputs", Targets=[
            {"Id": "fixed", "Arn": qarn, "Input": '{"fixed":true}'},
            {"Id": "path", "Arn": qarn, "InputPath": "$.detail.order"},
            {"Id": "object", "Arn": qarn, "InputTransformer": {
                "InputPathsMap": {"id": "$.detail.order.id", "n": "$.detail.n", "src": "$.source"},
                "InputTemplate": '{"order": <id>, "count": <n>, "text": "order <id> from <src>", "rule": "<aws.events.rule-name>"}'}},
            {"Id": "text", "Arn": qarn, "InputTransformer": {
                "InputPathsMap": {"id": "$.detail.order.id"}, "InputTemplate": '"Order <id> placed"'}},
        ])
        self.put({"order": {"id": "o-1"}, "n": 3}, source="inputs")
        got = sorted(self.receive(url, count=4))
        self.assertEqual(got, sorted([
            '{"fixed":true}',
            '{"id":"o-1"}',
            '{"order": "o-1", "count": 3, "text": "order o-1 from inputs", "rule": "inputs"}',
            '"Order o-1 placed"',
        ]))

    def test_put_events_to_sns_and_a_custom_bus(self):
        url, qarn = self.queue("from-topic")
        topic = self.sns.create_topic(Name="alerts")["TopicArn"]
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
            "Resource": qarn, "Condition": {"ArnEquals": {"aws:SourceArn": topic}}}]})})
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn, Attributes={"RawMessageDelivery": "true"})
        self.events.create_event_bus(Name="alerts-bus")
        rule = self.events.put_rule(Name="alerts", EventBusName="alerts-bus",
                                    EventPattern=json.dumps({"detail": {"level": ["ERROR", {"exists": False}]}}))["RuleArn"]
        self.events.put_targets(Rule="alerts", EventBusName="alerts-bus", Targets=[{"Id": "t", "Arn": topic, "InputPath": "$.detail"}])
        # On the default bus nothing matches.
        self.put({"level": "ERROR"}, source="svc")
        self.assertEqual(self.receive(url, timeout=1.5), [])
        # The topic policy (SNS's default: the account's own principals) does not admit events.amazonaws.com.
        self.put({"level": "ERROR"}, source="svc", EventBusName="alerts-bus")
        self.assertEqual(self.receive(url, timeout=1.5), [])
        self.sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Sid": "0", "Effect": "Allow",
                                                   "Principal": {"Service": "events.amazonaws.com"},
                                                   "Action": "sns:Publish", "Resource": topic}]}))
        self.put({"level": "ERROR", "msg": "a"}, source="svc", EventBusName="alerts-bus")
        self.put({"msg": "b"}, source="svc", EventBusName=f"arn:aws:events:{REGION}:{DEV}:event-bus/alerts-bus")
        self.put({"level": "INFO", "msg": "c"}, source="svc", EventBusName="alerts-bus")
        got = sorted(json.loads(b)["msg"] for b in self.receive(url, count=3, timeout=3))
        self.assertEqual(got, ["a", "b"])
        self.assertTrue(rule.endswith(":rule/alerts-bus/alerts"))

    def test_put_events_entry_errors_and_iam(self):
        r = self.events.put_events(Entries=[
            {"Source": "s", "DetailType": "t", "Detail": "{}"},
            {"Source": "s", "DetailType": "t", "Detail": "not json"},
            {"DetailType": "t", "Detail": "{}"},
            {"Source": "s", "DetailType": "t", "Detail": "{}", "EventBusName": "missing"},
        ])
        self.assertEqual(r["FailedEntryCount"], 3)
        self.assertIn("EventId", r["Entries"][0])
        self.assertEqual(r["Entries"][1]["ErrorCode"], "MalformedDetail")
        self.assertEqual(r["Entries"][2]["ErrorCode"], "InvalidArgument")
        self.assertEqual(r["Entries"][3]["ErrorCode"], "ResourceNotFoundException")

        iam = self.lc.client("iam", "dev")
        iam.create_role(RoleName="events-reader", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="events-reader", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["events:DescribeRule", "events:ListRules"], "Resource": "*"}))
        creds = self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/events-reader")
        reader = self.lc.client("events", **creds)
        self.events.put_rule(Name="iam-rule", EventPattern='{"source":["x"]}')
        self.assertEqual(reader.describe_rule(Name="iam-rule")["Name"], "iam-rule")
        e = self.error(reader.put_rule, Name="iam-rule2", EventPattern='{"source":["x"]}')
        self.assertEqual(e["Code"], "AccessDeniedException")
        self.assertIn("events:PutRule", e["Message"])
        r = reader.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": "{}"}])
        self.assertEqual(r["Entries"][0]["ErrorCode"], "AccessDeniedException")

    def test_cli(self):
        _, out, _ = self.lc.aws("dev", "events", "put-rule", "--name", "cli-rule", "--event-pattern", '{"source":["cli"]}')
        self.assertTrue(out["RuleArn"].endswith(":rule/cli-rule"))
        _, out, _ = self.lc.aws("dev", "events", "list-rules", "--name-prefix", "cli-")
        self.assertEqual([r["Name"] for r in out["Rules"]], ["cli-rule"])

    def test_stack_with_a_bus_and_a_rule_targeting_a_queue(self):
        template = {"Resources": {
            "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "stack-bus"}},
            "Queue": {"Type": "AWS::SQS::Queue"},
            "Rule": {"Type": "AWS::Events::Rule", "Properties": {
                "EventBusName": {"Ref": "Bus"},
                "EventPattern": {"source": ["deploy.test"]},
                "State": "ENABLED",
                "Targets": [{"Id": "Target0", "Arn": {"Fn::GetAtt": ["Queue", "Arn"]},
                             "InputTransformer": {"InputPathsMap": {"v": "$.detail.v"},
                                                  "InputTemplate": '{"value": <v>}'}}]}},
            "Policy": {"Type": "AWS::SQS::QueuePolicy", "Properties": {
                "Queues": [{"Ref": "Queue"}],
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                    "Action": ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
                    "Resource": {"Fn::GetAtt": ["Queue", "Arn"]},
                    "Condition": {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": ["Rule", "Arn"]}}}}]}}}},
            "Outputs": {"RuleArn": {"Value": {"Fn::GetAtt": ["Rule", "Arn"]}}, "RuleRef": {"Value": {"Ref": "Rule"}},
                        "BusArn": {"Value": {"Fn::GetAtt": ["Bus", "Arn"]}}, "QueueUrl": {"Value": {"Ref": "Queue"}}}}
        cfn = self.lc.client("cloudformation", "dev")
        cfn.create_stack(StackName="events-stack", TemplateBody=json.dumps(template))
        s = wait_stack(cfn, "events-stack")
        self.assertEqual(s["StackStatus"], "CREATE_COMPLETE", s)
        outputs = {o["OutputKey"]: o["OutputValue"] for o in s["Outputs"]}
        self.assertEqual(outputs["BusArn"], f"arn:aws:events:{REGION}:{DEV}:event-bus/stack-bus")
        self.assertTrue(outputs["RuleArn"].startswith(f"arn:aws:events:{REGION}:{DEV}:rule/stack-bus/"))
        self.assertTrue(outputs["RuleRef"].startswith("stack-bus|"))
        self.put({"v": 42}, source="deploy.test", EventBusName="stack-bus")
        self.assertEqual(self.receive(outputs["QueueUrl"]), ['{"value": 42}'])
        cfn.delete_stack(StackName="events-stack")
        s = wait_stack(cfn, "events-stack")
        self.assertEqual(s["StackStatus"], "DELETE_COMPLETE")
        e = self.error(self.events.describe_event_bus, Name="stack-bus")
        self.assertEqual(e["Code"], "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main(verbosity=2)
