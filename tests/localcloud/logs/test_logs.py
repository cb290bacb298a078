"""CloudWatch Logs over the wire with the AWS CLI v2 and boto3: groups and streams, PutLogEvents (rejected
events, ignored sequence tokens), GetLogEvents paging that terminates, FilterLogEvents patterns and paging,
DescribeLogStreams ordering, retention, tags, IAM per action, `aws logs tail`, and AWS::Logs::LogGroup."""
import json
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_helpers import ClientErrors, mutations, wait_stack  # noqa: E402
from lc_raw import Signer  # noqa: E402
from lc_fixture import ACCOUNTS, AWS_CLI, REGION, LocalCloud, policy, trust  # noqa: E402

DEV = ACCOUNTS["dev"]


def now_ms():
    return int(time.time() * 1000)


class LogsTest(ClientErrors, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.logs = cls.lc.client("logs", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def put(self, group, stream, messages, start=None):
        t = start if start is not None else now_ms()
        return self.logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
            {"timestamp": t + i, "message": m} for i, m in enumerate(messages)])

    def test_groups_streams_and_errors(self):
        self.logs.create_log_group(logGroupName="/app/one", tags={"team": "a"})
        e = self.error(self.logs.create_log_group, logGroupName="/app/one")
        self.assertEqual(e["Code"], "ResourceAlreadyExistsException")
        e = self.error(self.logs.create_log_group, logGroupName="bad:name")
        self.assertEqual(e["Code"], "InvalidParameterException")
        self.assertIn("regular expression pattern", e["Message"])
        self.logs.create_log_group(logGroupName="/app/two")
        self.logs.create_log_group(logGroupName="/other")
        names = [g["logGroupName"] for g in self.logs.describe_log_groups(logGroupNamePrefix="/app/")["logGroups"]]
        self.assertEqual(names, ["/app/one", "/app/two"])
        g = self.logs.describe_log_groups(logGroupNamePrefix="/app/one")["logGroups"][0]
        self.assertEqual(g["arn"], f"arn:aws:logs:{REGION}:{DEV}:log-group:/app/one:*")
        self.assertNotIn("retentionInDays", g)
        page = self.logs.describe_log_groups(limit=1)
        self.assertEqual(len(page["logGroups"]), 1)
        self.assertIn("nextToken", page)
        # paging with the CLI ends
        _, out, _ = self.lc.aws("dev", "logs", "describe-log-groups", "--page-size", "1")
        self.assertGreaterEqual(len(out["logGroups"]), 3)

        e = self.error(self.logs.create_log_stream, logGroupName="/missing", logStreamName="s")
        self.assertEqual((e["Code"], e["Message"]), ("ResourceNotFoundException", "The specified log group does not exist."))
        self.logs.create_log_stream(logGroupName="/app/one", logStreamName="s1")
        e = self.error(self.logs.create_log_stream, logGroupName="/app/one", logStreamName="s1")
        self.assertEqual(e["Code"], "ResourceAlreadyExistsException")
        e = self.error(self.logs.put_log_events, logGroupName="/app/one", logStreamName="nope",
                       logEvents=[{"timestamp": now_ms(), "message": "x"}])
        self.assertEqual((e["Code"], e["Message"]), ("ResourceNotFoundException", "The specified log stream does not exist."))

        self.logs.put_retention_policy(logGroupName="/app/one", retentionInDays=7)
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePrefix="/app/one")["logGroups"][0]["retentionInDays"], 7)
        e = self.error(self.logs.put_retention_policy, logGroupName="/app/one", retentionInDays=8)
        self.assertEqual(e["Code"], "InvalidParameterException")
        self.assertIn("enum value set", e["Message"])
        self.logs.delete_retention_policy(logGroupName="/app/one")
        self.assertNotIn("retentionInDays", self.logs.describe_log_groups(logGroupNamePrefix="/app/one")["logGroups"][0])

        arn = f"arn:aws:logs:{REGION}:{DEV}:log-group:/app/one"
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=arn)["tags"], {"team": "a"})
        self.logs.tag_resource(resourceArn=arn, tags={"env": "dev"})
        self.logs.untag_resource(resourceArn=arn, tagKeys=["team"])
        self.assertEqual(self.logs.list_tags_log_group(logGroupName="/app/one")["tags"], {"env": "dev"})

        self.logs.delete_log_stream(logGroupName="/app/one", logStreamName="s1")
        e = self.error(self.logs.delete_log_stream, logGroupName="/app/one", logStreamName="s1")
        self.assertEqual(e["Code"], "ResourceNotFoundException")
        self.logs.delete_log_group(logGroupName="/app/two")
        e = self.error(self.logs.delete_log_group, logGroupName="/app/two")
        self.assertEqual(e["Code"], "ResourceNotFoundException")

    def test_put_and_get_log_events_paging(self):
        self.logs.create_log_group(logGroupName="/get")
        self.logs.create_log_stream(logGroupName="/get", logStreamName="s")
        start = now_ms() - 60_000
        r = self.put("/get", "s", [f"line {i}" for i in range(25)], start)
        self.assertIn("nextSequenceToken", r)
        self.assertNotIn("rejectedLogEventsInfo", r)
        # a stale sequence token is accepted and ignored, as PutLogEvents does now
        self.logs.put_log_events(logGroupName="/get", logStreamName="s", sequenceToken="123",
                                 logEvents=[{"timestamp": start + 100, "message": "line 25"}])
        out = self.logs.get_log_events(logGroupName="/get", logStreamName="s", startFromHead=True, limit=10)
        self.assertEqual([e["message"] for e in out["events"]], [f"line {i}" for i in range(10)])
        seen = [e["message"] for e in out["events"]]
        token = out["nextForwardToken"]
        while True:
            page = self.logs.get_log_events(logGroupName="/get", logStreamName="s", nextToken=token, limit=10)
            seen += [e["message"] for e in page["events"]]
            if page["nextForwardToken"] == token:
                self.assertEqual(page["events"], [])
                break
            token = page["nextForwardToken"]
        self.assertEqual(seen, [f"line {i}" for i in range(26)])
        # backward from the end
        tail = self.logs.get_log_events(logGroupName="/get", logStreamName="s", limit=5)
        self.assertEqual([e["message"] for e in tail["events"]], [f"line {i}" for i in range(21, 26)])
        back = self.logs.get_log_events(logGroupName="/get", logStreamName="s", limit=5,
                                        nextToken=tail["nextBackwardToken"])
        self.assertEqual([e["message"] for e in back["events"]], [f"line {i}" for i in range(16, 21)])
        # time window
        window = self.logs.get_log_events(logGroupName="/get", logStreamName="s", startTime=start + 3,
                                          endTime=start + 6, startFromHead=True)
        self.assertEqual([e["message"] for e in window["events"]], ["line 3", "line 4", "line 5"])
        # the CLI's paginator terminates and returns everything
        _, cli, _ = self.lc.aws("dev", "logs", "get-log-events", "--log-group-name", "/get", "--log-stream-name", "s",
                                "--start-from-head")
        self.assertEqual(len(cli["events"]), 26)
        e = self.error(self.logs.get_log_events, logGroupName="/get", logStreamName="s", nextToken="garbage")
        self.assertEqual(e["Code"], "InvalidParameterException")

    def test_rejected_and_invalid_batches(self):
        self.logs.create_log_group(logGroupName="/rej")
        self.logs.create_log_stream(logGroupName="/rej", logStreamName="s")
        t = now_ms()
        old = t - 15 * 86_400_000
        r = self.logs.put_log_events(logGroupName="/rej", logStreamName="s", logEvents=[
            {"timestamp": old, "message": "too old"}, {"timestamp": old + 1, "message": "too old 2"}])
        self.assertEqual(r["rejectedLogEventsInfo"], {"tooOldLogEventEndIndex": 2})
        self.put("/rej", "s", ["fine"], t)
        r = self.logs.put_log_events(logGroupName="/rej", logStreamName="s", logEvents=[
            {"timestamp": t, "message": "fine 2"}, {"timestamp": t + 3 * 3_600_000, "message": "too new"}])
        self.assertEqual(r["rejectedLogEventsInfo"], {"tooNewLogEventStartIndex": 1})
        self.logs.put_retention_policy(logGroupName="/rej", retentionInDays=1)
        r = self.logs.put_log_events(logGroupName="/rej", logStreamName="s", logEvents=[
            {"timestamp": t - 2 * 86_400_000, "message": "expired"},
            {"timestamp": t - 2 * 86_400_000 + 1, "message": "expired 2"}])
        self.assertEqual(r["rejectedLogEventsInfo"], {"expiredLogEventEndIndex": 2})
        self.put("/rej", "s", ["fine 3"], t + 1)
        got = self.logs.get_log_events(logGroupName="/rej", logStreamName="s", startFromHead=True)["events"]
        self.assertEqual([e["message"] for e in got], ["fine", "fine 2", "fine 3"])
        e = self.error(self.logs.put_log_events, logGroupName="/rej", logStreamName="s", logEvents=[
            {"timestamp": t, "message": "b"}, {"timestamp": t - 1, "message": "a"}])
        self.assertIn("chronological order", e["Message"])
        e = self.error(self.logs.put_log_events, logGroupName="/rej", logStreamName="s", logEvents=[
            {"timestamp": t - 25 * 3_600_000, "message": "a"}, {"timestamp": t, "message": "b"}])
        self.assertIn("cannot span more than 24 hours", e["Message"])
        e = self.error(self.logs.put_log_events, logGroupName="/rej", logStreamName="s", logEvents=[
            {"timestamp": t, "message": "x" * 1_048_576}])
        self.assertIn("Upload too large", e["Message"])

    def test_filter_log_events_patterns_streams_and_paging(self):
        self.logs.create_log_group(logGroupName="/filter")
        for s in ("a", "b"):
            self.logs.create_log_stream(logGroupName="/filter", logStreamName=s)
        t = now_ms() - 10_000
        self.put("/filter", "a", ["ERROR disk full", "INFO started", "WARN slow request", "ERROR timeout here"], t)
        self.put("/filter", "b", ["INFO b started", "ERROR in b", "final words here"], t + 10)

        def messages(**kw):
            return [e["message"] for e in self.logs.filter_log_events(logGroupName="/filter", **kw)["events"]]

        self.assertEqual(messages(filterPattern="ERROR"), ["ERROR disk full", "ERROR timeout here", "ERROR in b"])
        self.assertEqual(messages(filterPattern="ERROR timeout"), ["ERROR timeout here"])
        self.assertEqual(messages(filterPattern='"disk full"'), ["ERROR disk full"])
        self.assertEqual(messages(filterPattern='"full disk"'), [])
        self.assertEqual(messages(filterPattern="?WARN ?final"), ["WARN slow request", "final words here"])
        self.assertEqual(messages(filterPattern="ERROR -b"), ["ERROR disk full", "ERROR timeout here"])
        self.assertEqual(messages(filterPattern="error"), [])  # case-sensitive, as CloudWatch Logs matches
        self.assertEqual(messages(logStreamNames=["b"]), ["INFO b started", "ERROR in b", "final words here"])
        self.assertEqual(messages(startTime=t + 2, endTime=t + 10), ["WARN slow request", "ERROR timeout here",
                                                                     "INFO b started"])
        e = self.error(self.logs.filter_log_events, logGroupName="/filter", filterPattern='{ $.x = 1 }')
        self.assertEqual(e["Code"], "InvalidParameterException")
        # paging: every event once, in time order, then no token
        seen, token = [], None
        while True:
            kw = {"nextToken": token} if token else {}
            page = self.logs.filter_log_events(logGroupName="/filter", limit=2, **kw)
            seen += [(ev["logStreamName"], ev["message"]) for ev in page["events"]]
            token = page.get("nextToken")
            if not token:
                break
        self.assertEqual(len(seen), 7)
        self.assertEqual(len(set(seen)), 7)
        self.assertEqual(seen[0], ("a", "ERROR disk full"))
        _, cli, _ = self.lc.aws("dev", "logs", "filter-log-events", "--log-group-name", "/filter", "--page-size", "3")
        self.assertEqual(len(cli["events"]), 7)

    def test_describe_log_streams_order(self):
        self.logs.create_log_group(logGroupName="/order")
        t = now_ms() - 10_000
        for name, offset in (("a", 300), ("b", 100), ("c", 200)):
            self.logs.create_log_stream(logGroupName="/order", logStreamName=name)
            self.put("/order", name, ["m"], t + offset)
        by_name = self.logs.describe_log_streams(logGroupName="/order")["logStreams"]
        self.assertEqual([s["logStreamName"] for s in by_name], ["a", "b", "c"])
        self.assertEqual(by_name[0]["lastEventTimestamp"], t + 300)
        self.assertEqual(by_name[0]["arn"], f"arn:aws:logs:{REGION}:{DEV}:log-group:/order:log-stream:a")
        latest = self.logs.describe_log_streams(logGroupName="/order", orderBy="LastEventTime", descending=True)
        self.assertEqual([s["logStreamName"] for s in latest["logStreams"]], ["a", "c", "b"])
        page = self.logs.describe_log_streams(logGroupName="/order", limit=2)
        self.assertEqual(len(page["logStreams"]), 2)
        rest = self.logs.describe_log_streams(logGroupName="/order", limit=2, nextToken=page["nextToken"])
        self.assertEqual([s["logStreamName"] for s in rest["logStreams"]], ["c"])
        self.assertNotIn("nextToken", rest)
        e = self.error(self.logs.describe_log_streams, logGroupName="/order", orderBy="LastEventTime",
                       logStreamNamePrefix="a")
        self.assertEqual(e["Code"], "InvalidParameterException")

    def test_aws_logs_tail(self):
        self.logs.create_log_group(logGroupName="/aws/codebuild/proj")
        self.logs.create_log_stream(logGroupName="/aws/codebuild/proj", logStreamName="build-1")
        self.put("/aws/codebuild/proj", "build-1", ["[Container] Entering phase BUILD", "hello from the build"],
                 now_ms() - 5_000)
        rc, out, err = self.lc.aws("dev", "logs", "tail", "/aws/codebuild/proj", "--since", "1h", check=False)
        self.assertEqual(rc, 0, err)
        lines = out.strip().splitlines()
        self.assertEqual(len(lines), 2, out)
        self.assertIn("build-1 [Container] Entering phase BUILD", lines[0])
        self.assertTrue(lines[1].endswith("build-1 hello from the build"))
        rc, out, err = self.lc.aws("dev", "logs", "tail", "/aws/codebuild/proj", "--since", "1h",
                                   "--filter-pattern", "hello", "--format", "short", check=False)
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(out.strip().splitlines()), 1)
        self.assertTrue(out.strip().endswith("hello from the build"))
        # --follow prints events that arrive while it runs
        follower = subprocess.Popen([AWS_CLI, "--endpoint-url", self.lc.endpoint, "--profile", "dev", "logs", "tail",
                                     "/aws/codebuild/proj", "--follow", "--since", "1m", "--format", "short"],
                                    env=self.lc.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(1.5)
            self.put("/aws/codebuild/proj", "build-1", ["arrived while following"])
            time.sleep(6)
        finally:
            follower.terminate()
            followed, _ = follower.communicate(timeout=10)
        self.assertIn("hello from the build", followed)
        self.assertIn("arrived while following", followed)
        self.assertEqual(followed.count("arrived while following"), 1)
        rc, _, err = self.lc.aws("dev", "logs", "tail", "/nope", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceNotFoundException", err)

    def test_iam_per_action_and_account_boundary(self):
        self.logs.create_log_group(logGroupName="/iam/g")
        self.logs.create_log_stream(logGroupName="/iam/g", logStreamName="s")
        iam = self.lc.client("iam", "dev")
        iam.create_role(RoleName="log-writer", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="log-writer", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["logs:PutLogEvents", "logs:CreateLogStream"],
             "Resource": f"arn:aws:logs:{REGION}:{DEV}:log-group:/iam/g:*"}))
        creds = self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/log-writer")
        writer = self.lc.client("logs", **creds)
        writer.put_log_events(logGroupName="/iam/g", logStreamName="s",
                              logEvents=[{"timestamp": now_ms(), "message": "allowed"}])
        e = self.error(writer.get_log_events, logGroupName="/iam/g", logStreamName="s")
        self.assertEqual(e["Code"], "AccessDeniedException")
        self.assertIn("logs:GetLogEvents", e["Message"])
        e = self.error(writer.create_log_group, logGroupName="/iam/other")
        self.assertIn("logs:CreateLogGroup", e["Message"])
        # another account sees its own (empty) namespace
        other = self.lc.client("logs", "test")
        e = self.error(other.describe_log_streams, logGroupName="/iam/g")
        self.assertEqual(e["Code"], "ResourceNotFoundException")

    def test_hostile_input_is_refused_and_nothing_breaks(self):
        self.logs.create_log_group(logGroupName="/hostile")
        self.logs.create_log_stream(logGroupName="/hostile", logStreamName="s")
        raw = Signer(self.lc, "dev")

        def call(op, body):
            return raw.json("logs", "Logs_20140328." + op, body)

        deep = b'{"logGroupName":"/x","tags":' + b'{"a":' * 48000 + b'1' + b'}' * 48001
        cases = [
            ("PutLogEvents", b'{"logGroupName":"/hostile","logStreamName":"s","logEvents":"no"}'),
            ("GetLogEvents", b'{"logGroupName":"/hostile","logStreamName":"s","limit":1000000000000000000000000}'),
            ("GetLogEvents", b'{"logGroupName":"/hostile","logStreamName":"s","nextToken":"f/' + b"9" * 50 + b'"}'),
            ("FilterLogEvents", b'{"logGroupName":"/hostile","filterPattern":"' + b'\\"' * 50001 + b'"}'),  # unterminated
            ("FilterLogEvents", b'{"logGroupName":"/hostile","nextToken":"e/zz"}'),
            ("DescribeLogStreams", b'{"logGroupName":"/hostile","nextToken":"o/99999999999999999999"}'),
            ("CreateLogGroup", deep),
            ("CreateLogGroup", b'{"logGroupName":"\\q"}'),  # not a JSON escape
            ("CreateLogGroup", b'{"logGroupName":"' + bytes([0xff, 0xfe]) + b'"}'),  # not UTF-8
        ]
        self.assert_refused(call, cases)
        valid = json.dumps({"logGroupName": "/hostile", "logStreamName": "s",
                            "logEvents": [{"timestamp": now_ms(), "message": "fuzzed"}]}).encode()
        self.assert_no_server_error(call, "PutLogEvents", mutations(valid, 150, seed=17))
        names = [g["logGroupName"] for g in self.logs.describe_log_groups()["logGroups"]]
        self.assertNotIn("/x", names)
        self.put("/hostile", "s", ["still served"])

    def test_log_group_provider_in_a_stack(self):
        cfn = self.lc.client("cloudformation", "dev")
        template = {"Resources": {
            "Named": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/stack/named", "RetentionInDays": 14,
                                                                   "Tags": [{"Key": "k", "Value": "v"}]}},
            "Generated": {"Type": "AWS::Logs::LogGroup"}},
            "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Named", "Arn"]}}, "Gen": {"Value": {"Ref": "Generated"}}}}
        cfn.create_stack(StackName="logstack", TemplateBody=json.dumps(template))
        s = wait_stack(cfn, "logstack")
        self.assertEqual(s["StackStatus"], "CREATE_COMPLETE")
        outputs = {o["OutputKey"]: o["OutputValue"] for o in s["Outputs"]}
        self.assertEqual(outputs["Arn"], f"arn:aws:logs:{REGION}:{DEV}:log-group:/stack/named:*")
        self.assertTrue(outputs["Gen"].startswith("logstack-Generated-"), outputs["Gen"])
        g = self.logs.describe_log_groups(logGroupNamePrefix="/stack/named")["logGroups"][0]
        self.assertEqual(g["retentionInDays"], 14)
        template["Resources"]["Named"]["Properties"]["RetentionInDays"] = 30
        cfn.update_stack(StackName="logstack", TemplateBody=json.dumps(template))
        self.assertEqual(wait_stack(cfn, "logstack")["StackStatus"], "UPDATE_COMPLETE")
        g = self.logs.describe_log_groups(logGroupNamePrefix="/stack/named")["logGroups"][0]
        self.assertEqual(g["retentionInDays"], 30)
        cfn.delete_stack(StackName="logstack")
        wait_stack(cfn, s["StackId"])
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePrefix="/stack/")["logGroups"], [])
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePrefix=outputs["Gen"])["logGroups"], [])


class RestartTest(unittest.TestCase):
    def test_events_survive_a_restart(self):
        first = LocalCloud().start()
        try:
            logs = first.client("logs", "dev")
            logs.create_log_group(logGroupName="/durable")
            logs.create_log_stream(logGroupName="/durable", logStreamName="s")
            logs.put_log_events(logGroupName="/durable", logStreamName="s",
                                logEvents=[{"timestamp": now_ms(), "message": "kept"}])
            first.stop()
            second = LocalCloud(data_dir=first.data_dir).start()
            try:
                events = second.client("logs", "dev").get_log_events(logGroupName="/durable", logStreamName="s")
                self.assertEqual([e["message"] for e in events["events"]], ["kept"])
            finally:
                second.cleanup()
        finally:
            first.cleanup()


if __name__ == "__main__":
    unittest.main()
