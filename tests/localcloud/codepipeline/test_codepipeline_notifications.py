"""CodePipeline over the wire with boto3 and the AWS CLI v2, the parts around the engine: a manual approval's SNS
notification (NotificationArn: the message AWS writes arrives on a subscribed SQS queue and its token approves the
stage; a role that may not publish, or a topic whose policy refuses it, fails the approval) and the webhook API
(PutWebhook, ListWebhooks, DeleteWebhook, Register/DeregisterWebhookWithThirdParty with their errors)."""
import io
import json
import os
import re
import sys
import time
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
import lc_fixture  # noqa: E402
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy, trust  # noqa: E402

BUILD = ACCOUNTS["build"]
PIPE_ROLE = f"arn:aws:iam::{BUILD}:role/pipe-role"


def service_trust(service):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})


def source_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.txt", "one\n")
    return buf.getvalue()


class CodePipelineNotificationsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud()
        cls.lc.start()
        iam = cls.lc.client("iam", "build")
        iam.create_role(RoleName="pipe-role", AssumeRolePolicyDocument=service_trust("codepipeline.amazonaws.com"))
        iam.put_role_policy(RoleName="pipe-role", PolicyName="all", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["s3:*", "sns:Publish", "sts:AssumeRole"], "Resource": "*"}))
        # An approval's own role, assumed by the pipeline role: it may read the bucket, not publish.
        iam.create_role(RoleName="approver-role", AssumeRolePolicyDocument=trust(PIPE_ROLE))
        iam.put_role_policy(RoleName="approver-role", PolicyName="s3", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}))
        s3 = cls.lc.client("s3", "build")
        for bucket in ("artifacts-notify", "source-notify"):
            s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_object(Bucket="source-notify", Key="src.zip", Body=source_zip())
        cls.cp = cls.lc.client("codepipeline", "build")
        cls.sns = cls.lc.client("sns", "build")
        cls.sqs = cls.lc.client("sqs", "build")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def declaration(self, name, approval_config, approval_role=None):
        approve = {"name": "Approve", "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual",
                                                       "version": "1"},
                   "configuration": approval_config, "runOrder": 1}
        if approval_role:
            approve["roleArn"] = approval_role
        return {"name": name, "roleArn": PIPE_ROLE,
                "artifactStore": {"type": "S3", "location": "artifacts-notify"},
                "stages": [
                    {"name": "Source", "actions": [{
                        "name": "Drop", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3",
                                                         "version": "1"},
                        "configuration": {"S3Bucket": "source-notify", "S3ObjectKey": "src.zip",
                                          "PollForSourceChanges": "false"},
                        "outputArtifacts": [{"name": "Src"}]}]},
                    {"name": "Dev", "actions": [approve]}]}

    def topic_with_queue(self, name):
        topic = self.sns.create_topic(Name=name)["TopicArn"]
        url = self.sqs.create_queue(QueueName=name + "-q")["QueueUrl"]
        queue_arn = f"arn:aws:sqs:{REGION}:{BUILD}:{name}-q"
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy(
            {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
             "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic}}})})
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
        return topic, url

    def approval(self, name):
        for s in self.cp.get_pipeline_state(name=name)["stageStates"]:
            if s["stageName"] == "Dev":
                for a in s["actionStates"]:
                    if a["actionName"] == "Approve":
                        return a.get("latestExecution", {})
        return {}

    def wait_execution(self, name, statuses, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            summaries = self.cp.list_pipeline_executions(pipelineName=name)["pipelineExecutionSummaries"]
            if summaries and summaries[0]["status"] in statuses:
                return summaries[0]
            time.sleep(0.2)
        self.fail(f"{name}: execution still {summaries[0]['status'] if summaries else 'missing'}")

    def receive(self, url, wait=10):
        got = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=wait)
        return got.get("Messages", [])

    def test_approval_notification_arrives_and_its_token_approves(self):
        topic, url = self.topic_with_queue("approvals")
        started = time.time()
        self.cp.create_pipeline(pipeline=self.declaration("notify", {
            "NotificationArn": topic, "CustomData": "Review build #{codepipeline.PipelineExecutionId}",
            "ExternalEntityLink": "https://example.com/review"}))
        messages = self.receive(url)
        self.assertEqual(len(messages), 1, messages)
        envelope = json.loads(messages[0]["Body"])
        self.assertEqual(envelope["Type"], "Notification")
        self.assertEqual(envelope["TopicArn"], topic)
        self.assertEqual(envelope["Subject"], "APPROVAL NEEDED: AWS CodePipeline notify for action Approve")
        body = json.loads(envelope["Message"])
        approval = body["approval"]
        execution_id = self.cp.list_pipeline_executions(pipelineName="notify")[
            "pipelineExecutionSummaries"][0]["pipelineExecutionId"]
        console = f"https://console.aws.amazon.com/codesuite/codepipeline/pipelines/notify/view?region={REGION}"
        self.assertEqual(body["region"], REGION)
        self.assertEqual(body["consoleLink"], console)
        self.assertEqual((approval["pipelineName"], approval["stageName"], approval["actionName"]),
                         ("notify", "Dev", "Approve"))
        self.assertEqual(approval["customData"], "Review build " + execution_id)  # variables resolved
        self.assertEqual(approval["externalEntityLink"], "https://example.com/review")
        self.assertEqual(approval["approvalReviewLink"], console + "#/Dev/Approve/approve/" + approval["token"])
        # Seven days from when the approval started waiting, to the minute.
        self.assertRegex(approval["expires"], r"^\d{4}-\d\d-\d\dT\d\d:\d\dZ$")
        expires = time.mktime(time.strptime(approval["expires"], "%Y-%m-%dT%H:%MZ")) - time.timezone
        self.assertLess(abs(expires - (started + 7 * 86400)), 120)
        # The token in the message is the one GetPipelineState shows, and it approves the stage.
        self.assertEqual(self.approval("notify")["token"], approval["token"])
        self.cp.put_approval_result(pipelineName="notify", stageName="Dev", actionName="Approve",
                                    result={"summary": "from the queue", "status": "Approved"},
                                    token=approval["token"])
        self.assertEqual(self.wait_execution("notify", ["Succeeded", "Failed"])["status"], "Succeeded")
        self.assertEqual(self.receive(url, wait=1), [])  # one message per approval

    def test_long_names_are_cut_in_the_subject(self):
        topic, url = self.topic_with_queue("long-names")
        name = "a-pipeline-with-a-rather-long-name"
        d = self.declaration(name, {"NotificationArn": topic})
        d["stages"][1]["actions"][0]["name"] = "ApproveTheReleaseCandidateNow"
        self.cp.create_pipeline(pipeline=d)
        messages = self.receive(url)
        self.assertEqual(len(messages), 1)
        envelope = json.loads(messages[0]["Body"])
        self.assertEqual(envelope["Subject"], "APPROVAL NEEDED: AWS CodePipeline a-pipeline-with-a-rather... "
                                              "for action ApproveTheReleaseCandida...")
        approval = json.loads(envelope["Message"])["approval"]
        self.assertEqual(approval["pipelineName"], name)
        self.assertIsNone(approval["customData"])
        self.assertIsNone(approval["externalEntityLink"])
        self.cp.stop_pipeline_execution(pipelineName=name, pipelineExecutionId=self.cp.list_pipeline_executions(
            pipelineName=name)["pipelineExecutionSummaries"][0]["pipelineExecutionId"], abandon=True)

    def assert_approval_fails(self, name, text):
        e = self.wait_execution(name, ["Succeeded", "Failed"])
        self.assertEqual(e["status"], "Failed")
        latest = self.approval(name)
        self.assertEqual(latest["status"], "Failed")
        self.assertEqual(latest["errorDetails"]["code"], "PermissionError")
        self.assertIn("AuthorizationError", latest["errorDetails"]["message"])
        self.assertIn(text, latest["errorDetails"]["message"])
        summary = self.cp.get_pipeline_execution(pipelineName=name, pipelineExecutionId=e["pipelineExecutionId"])
        self.assertIn("Unable to publish the approval notification", summary["pipelineExecution"]["statusSummary"])
        # A failed approval cannot be approved.
        with self.assertRaises(self.cp.exceptions.ApprovalAlreadyCompletedException):
            self.cp.put_approval_result(pipelineName=name, stageName="Dev", actionName="Approve",
                                        result={"summary": "late", "status": "Approved"}, token=latest["token"])

    def test_a_role_without_sns_publish_fails_the_approval(self):
        topic, url = self.topic_with_queue("denied-role")
        # The approval's RoleArn is who publishes (assumed by the pipeline role), and it may not.
        self.cp.create_pipeline(pipeline=self.declaration(
            "notify-denied", {"NotificationArn": topic}, approval_role=f"arn:aws:iam::{BUILD}:role/approver-role"))
        self.assert_approval_fails("notify-denied", "approver-role")
        self.assertEqual(self.receive(url, wait=1), [])
        # The engine goes on: another execution of another pipeline still notifies.
        ok_topic, ok_url = self.topic_with_queue("after-denied")
        self.cp.create_pipeline(pipeline=self.declaration("notify-after", {"NotificationArn": ok_topic}))
        self.assertEqual(len(self.receive(ok_url)), 1)

    def test_a_topic_policy_that_refuses_fails_the_approval(self):
        topic, url = self.topic_with_queue("closed")
        self.sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=policy(
            {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sns:Publish", "Resource": topic}))
        self.cp.create_pipeline(pipeline=self.declaration("notify-closed", {"NotificationArn": topic}))
        self.assert_approval_fails("notify-closed", "pipe-role")
        self.assertEqual(self.receive(url, wait=1), [])

    # --- the webhook API ------------------------------------------------------------------------------------
    def webhook(self, name="hook", pipeline="hooked", action="Drop", **overrides):
        d = {"name": name, "targetPipeline": pipeline, "targetAction": action,
             "filters": [{"jsonPath": "$.ref", "matchEquals": "refs/heads/{Branch}"}],
             "authentication": "GITHUB_HMAC", "authenticationConfiguration": {"SecretToken": "s3cret"}}
        d.update(overrides)
        return d

    def test_webhook_api(self):
        self.cp.create_pipeline(pipeline=self.declaration("hooked", {}))
        put = self.cp.put_webhook(webhook=self.webhook(), tags=[{"key": "team", "value": "a"}])["webhook"]
        arn = f"arn:aws:codepipeline:{REGION}:{BUILD}:webhook:hook"
        self.assertEqual(put["arn"], arn)
        self.assertRegex(put["url"], r"^https://" + REGION + r"\.webhooks\.aws/trigger\?t=")
        self.assertEqual(put["definition"]["authenticationConfiguration"], {"SecretToken": "****"})  # redacted
        self.assertEqual(put["tags"], [{"key": "team", "value": "a"}])
        # The same name again replaces the definition and keeps the URL.
        again = self.cp.put_webhook(webhook=self.webhook(authentication="UNAUTHENTICATED",
                                                         authenticationConfiguration={}))["webhook"]
        self.assertEqual(again["url"], put["url"])
        self.assertEqual(again["definition"]["authentication"], "UNAUTHENTICATED")
        for i in range(3):
            self.cp.put_webhook(webhook=self.webhook(name=f"more-{i}"))
        listed = self.cp.list_webhooks()["webhooks"]
        self.assertEqual(sorted(w["definition"]["name"] for w in listed), ["hook", "more-0", "more-1", "more-2"])
        # Pages of MaxResults with NextToken, as the paginator walks them.
        pages = list(self.cp.get_paginator("list_webhooks").paginate(PaginationConfig={"PageSize": 3}))
        self.assertEqual([len(p["webhooks"]) for p in pages], [3, 1])
        self.cp.register_webhook_with_third_party(webhookName="hook")
        self.cp.deregister_webhook_with_third_party(webhookName="hook")
        # The AWS CLI v2 reads the same.
        rc, out, err = self.lc.aws("build", "codepipeline", "list-webhooks")
        self.assertIn(arn, [w["arn"] for w in out["webhooks"]])

        errors = [
            (lambda: self.cp.put_webhook(webhook=self.webhook(name="bad name")), "ValidationException", "webhook.name"),
            (lambda: self.cp.put_webhook(webhook=self.webhook(pipeline="nowhere")), "PipelineNotFoundException",
             "nowhere"),
            (lambda: self.cp.put_webhook(webhook=self.webhook(action="Approve")), "ActionNotFoundException",
             "Approve"),
            (lambda: self.cp.put_webhook(webhook=self.webhook(authenticationConfiguration={})),
             "InvalidWebhookAuthenticationParametersException", "SecretToken"),
            (lambda: self.cp.put_webhook(webhook=self.webhook(authentication="IP", authenticationConfiguration={})),
             "InvalidWebhookAuthenticationParametersException", "AllowedIPRange"),
            (lambda: self.cp.put_webhook(webhook=self.webhook(filters=[{"jsonPath": "ref"}])),
             "InvalidWebhookFilterPatternException", "ref"),
            (lambda: self.cp.put_webhook(webhook=self.webhook(name="tagged"), tags=[{"key": "aws:x", "value": "y"}]),
             "InvalidTagsException", "aws:"),
            (lambda: self.cp.register_webhook_with_third_party(webhookName="missing"), "WebhookNotFoundException",
             "missing"),
            (lambda: self.cp.deregister_webhook_with_third_party(webhookName="missing"), "WebhookNotFoundException",
             "missing"),
            (lambda: self.cp.list_webhooks(MaxResults=101), "ValidationException", "maxResults"),
        ]
        for call, code, text in errors:
            with self.assertRaises(self.cp.exceptions.ClientError) as ctx:
                call()
            self.assertEqual(ctx.exception.response["Error"]["Code"], code)
            self.assertIn(text, ctx.exception.response["Error"]["Message"])
        self.assertNotIn("tagged", [w["definition"]["name"] for w in self.cp.list_webhooks()["webhooks"]])

        # IAM: a role allowed to list but not to put or delete.
        iam = self.lc.client("iam", "build")
        iam.create_role(RoleName="hook-reader", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{BUILD}:root"))
        iam.put_role_policy(RoleName="hook-reader", PolicyName="list", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "codepipeline:ListWebhooks", "Resource": "*"}))
        reader = self.lc.client("codepipeline", **self.lc.assume("build", f"arn:aws:iam::{BUILD}:role/hook-reader"))
        self.assertEqual(len(reader.list_webhooks()["webhooks"]), 4)
        for call, action in ((lambda: reader.put_webhook(webhook=self.webhook(name="x")), "codepipeline:PutWebhook"),
                             (lambda: reader.delete_webhook(name="hook"), "codepipeline:DeleteWebhook"),
                             (lambda: reader.register_webhook_with_third_party(webhookName="hook"),
                              "codepipeline:RegisterWebhookWithThirdParty")):
            with self.assertRaises(self.cp.exceptions.ClientError) as ctx:
                call()
            self.assertEqual(ctx.exception.response["Error"]["Code"], "AccessDeniedException")
            self.assertIn(action, ctx.exception.response["Error"]["Message"])

        # DeleteWebhook; deleting it again is fine, registering it is not.
        self.cp.delete_webhook(name="hook")
        self.cp.delete_webhook(name="hook")
        self.assertNotIn("hook", [w["definition"]["name"] for w in self.cp.list_webhooks()["webhooks"]])
        with self.assertRaises(self.cp.exceptions.WebhookNotFoundException):
            self.cp.register_webhook_with_third_party(webhookName="hook")
        rc, out, err = self.lc.aws("build", "codepipeline", "delete-webhook", "--name", "more-0")
        self.assertEqual(rc, 0)


class ApprovalNotificationRestartTest(unittest.TestCase):
    """localcloud killed after the approval was recorded and before its message went out: the message is sent
    after the restart (CDKPP_LOCALCLOUD_APPROVAL_NOTIFY_DELAY_MS holds it back long enough to kill it)."""

    def test_notification_recorded_before_a_kill_is_sent_after_the_restart(self):
        os.environ["CDKPP_LOCALCLOUD_APPROVAL_NOTIFY_DELAY_MS"] = "3000"
        lc = LocalCloud()
        try:
            lc.start()
            iam = lc.client("iam", "build")
            iam.create_role(RoleName="pipe-role", AssumeRolePolicyDocument=service_trust("codepipeline.amazonaws.com"))
            iam.put_role_policy(RoleName="pipe-role", PolicyName="all", PolicyDocument=policy(
                {"Effect": "Allow", "Action": ["s3:*", "sns:Publish"], "Resource": "*"}))
            s3 = lc.client("s3", "build")
            for bucket in ("artifacts-notify", "source-notify"):
                s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
            s3.put_object(Bucket="source-notify", Key="src.zip", Body=source_zip())
            helper = CodePipelineNotificationsTest("test_webhook_api")  # for its helpers, on this localcloud
            helper.cp, helper.sns, helper.sqs = (lc.client(s, "build") for s in ("codepipeline", "sns", "sqs"))
            topic, url = helper.topic_with_queue("restarted")
            helper.cp.create_pipeline(pipeline=helper.declaration("notify-restart", {"NotificationArn": topic}))
            deadline = time.time() + 20
            while time.time() < deadline and helper.approval("notify-restart").get("status") != "InProgress":
                time.sleep(0.1)
            token = helper.approval("notify-restart")["token"]
            lc.kill9()  # the notification was still held back
            lc.start()
            helper.cp, helper.sqs = lc.client("codepipeline", "build"), lc.client("sqs", "build")
            messages = helper.receive(url, wait=15)
            self.assertEqual(len(messages), 1)
            self.assertEqual(json.loads(json.loads(messages[0]["Body"])["Message"])["approval"]["token"], token)
            self.assertEqual(helper.approval("notify-restart")["status"], "InProgress")
        finally:
            del os.environ["CDKPP_LOCALCLOUD_APPROVAL_NOTIFY_DELAY_MS"]
            lc.cleanup()


if __name__ == "__main__":
    unittest.main()
