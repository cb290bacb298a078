"""CloudWatch alarms over the wire: boto3 (JSON 1.0, what current botocore picks from the model's protocols) and the
AWS CLI v2.9 (Query): PutMetricAlarm (create, replace keeping the state, AWS's parameter checks), DescribeAlarms
(names, prefix, state, action prefix, paging), SetAlarmState, DeleteAlarms, IAM per action, account isolation, and
AWS::CloudWatch::Alarm in a stack, including the templates cdkpp's golden apps synthesize."""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_helpers import ClientErrors, wait_stack  # noqa: E402
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy, trust  # noqa: E402

DEV = ACCOUNTS["dev"]


def alarm(name, **kw):
    args = dict(AlarmName=name, MetricName="Errors", Namespace="AWS/Lambda", Statistic="Sum", Period=300,
                EvaluationPeriods=1, Threshold=1.0, ComparisonOperator="GreaterThanOrEqualToThreshold")
    args.update(kw)
    return args


class CloudWatchTest(ClientErrors, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.cw = cls.lc.client("cloudwatch", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def describe(self, name, client=None):
        alarms = (client or self.cw).describe_alarms(AlarmNames=[name])["MetricAlarms"]
        return alarms[0] if alarms else None

    def test_boto3_speaks_json(self):
        self.assertEqual(self.cw.meta.service_model.resolved_protocol, "json")

    def test_put_describe_set_state_delete(self):
        self.cw.put_metric_alarm(**alarm("errors", Dimensions=[{"Name": "FunctionName", "Value": "f"}],
                                          AlarmActions=[f"arn:aws:sns:{REGION}:{DEV}:alerts"],
                                          DatapointsToAlarm=1, TreatMissingData="notBreaching",
                                          AlarmDescription="too many errors"))
        a = self.describe("errors")
        self.assertEqual(a["AlarmArn"], f"arn:aws:cloudwatch:{REGION}:{DEV}:alarm:errors")
        self.assertEqual(a["StateValue"], "INSUFFICIENT_DATA")
        self.assertEqual(a["StateReason"], "Unchecked: Initial alarm creation")
        self.assertEqual(a["Dimensions"], [{"Name": "FunctionName", "Value": "f"}])
        self.assertEqual((a["Statistic"], a["Period"], a["Threshold"]), ("Sum", 300, 1.0))
        self.assertEqual(a["AlarmActions"], [f"arn:aws:sns:{REGION}:{DEV}:alerts"])
        self.assertEqual(a["OKActions"], [])
        self.assertTrue(a["ActionsEnabled"])
        self.assertEqual(a["TreatMissingData"], "notBreaching")
        self.assertIn("AlarmConfigurationUpdatedTimestamp", a)

        self.cw.set_alarm_state(AlarmName="errors", StateValue="ALARM", StateReason="testing",
                                StateReasonData=json.dumps({"x": 1}))
        a = self.describe("errors")
        self.assertEqual((a["StateValue"], a["StateReason"], a["StateReasonData"]), ("ALARM", "testing", '{"x": 1}'))
        self.assertEqual([x["AlarmName"] for x in self.cw.describe_alarms(StateValue="ALARM")["MetricAlarms"]],
                         ["errors"])
        self.assertEqual(len(self.cw.describe_alarms(ActionPrefix=f"arn:aws:sns:{REGION}")["MetricAlarms"]), 1)
        # Replacing the configuration keeps the state.
        self.cw.put_metric_alarm(**alarm("errors", Threshold=5.0))
        a = self.describe("errors")
        self.assertEqual((a["Threshold"], a["StateValue"]), (5.0, "ALARM"))
        self.assertEqual(a["AlarmActions"], [])

        e = self.error(self.cw.set_alarm_state, AlarmName="errors", StateValue="OK", StateReason="r",
                       StateReasonData="{not json")
        self.assertEqual(e["Code"], "InvalidFormat")
        e = self.error(self.cw.set_alarm_state, AlarmName="missing", StateValue="OK", StateReason="r")
        self.assertEqual(e["Code"], "ResourceNotFound")
        e = self.error(self.cw.delete_alarms, AlarmNames=["errors", "missing"])
        self.assertEqual(e["Code"], "ResourceNotFound")
        self.assertIsNotNone(self.describe("errors"), "nothing is deleted when one name is missing")
        self.cw.delete_alarms(AlarmNames=["errors"])
        self.assertIsNone(self.describe("errors"))

    def test_parameter_checks(self):
        cases = [
            (alarm("p1", ExtendedStatistic="p99"), "InvalidParameterCombination"),  # both statistics
            ({k: v for k, v in alarm("p2").items() if k != "Statistic"}, "InvalidParameterCombination"),
            ({k: v for k, v in alarm("p3").items() if k != "Namespace"}, "MissingParameter"),
            ({k: v for k, v in alarm("p4").items() if k != "ComparisonOperator"}, "MissingParameter"),
            ({k: v for k, v in alarm("p5").items() if k != "EvaluationPeriods"}, "MissingParameter"),
            (alarm("p6", Period=45), "InvalidParameterValue"),
            (alarm("p7", DatapointsToAlarm=3, EvaluationPeriods=2), "InvalidParameterValue"),
            (alarm("p8", TreatMissingData="sometimes"), "InvalidParameterValue"),
            (alarm("p9", Metrics=[{"Id": "m1", "Expression": "SUM(METRICS())"}]), "InvalidParameterCombination"),
        ]
        for args, code in cases:
            e = self.error(self.cw.put_metric_alarm, **args)
            self.assertEqual(e["Code"], code, args)
        # The Metrics form (what aws-cdk-lib renders for a metric with a label).
        self.cw.put_metric_alarm(AlarmName="labelled", EvaluationPeriods=3, Threshold=100.0,
                                 ComparisonOperator="GreaterThanOrEqualToThreshold",
                                 Metrics=[{"Id": "m1", "Label": "Metric [AVG: ${AVG}]", "ReturnData": True,
                                           "MetricStat": {"Metric": {"Namespace": "CDK/Test", "MetricName": "Metric"},
                                                          "Period": 300, "Stat": "Average"}}])
        a = self.describe("labelled")
        self.assertEqual(a["Metrics"][0]["Label"], "Metric [AVG: ${AVG}]")
        self.assertNotIn("Statistic", a)
        extended = {k: v for k, v in alarm("p99").items() if k != "Statistic"}
        self.cw.put_metric_alarm(**extended, ExtendedStatistic="p99")
        self.assertEqual(self.describe("p99")["ExtendedStatistic"], "p99")

    def test_describe_filters_and_paging(self):
        for n in ["page-a", "page-b", "page-c", "other"]:
            self.cw.put_metric_alarm(**alarm(n))
        names = [a["AlarmName"] for a in self.cw.describe_alarms(AlarmNamePrefix="page-")["MetricAlarms"]]
        self.assertEqual(names, ["page-a", "page-b", "page-c"])
        first = self.cw.describe_alarms(AlarmNamePrefix="page-", MaxRecords=2)
        self.assertEqual(len(first["MetricAlarms"]), 2)
        rest = self.cw.describe_alarms(AlarmNamePrefix="page-", MaxRecords=2, NextToken=first["NextToken"])
        self.assertEqual([a["AlarmName"] for a in rest["MetricAlarms"]], ["page-c"])
        self.assertNotIn("NextToken", rest)
        paged = [a["AlarmName"] for p in self.cw.get_paginator("describe_alarms").paginate(
            AlarmNamePrefix="page-", PaginationConfig={"PageSize": 1}) for a in p["MetricAlarms"]]
        self.assertEqual(paged, ["page-a", "page-b", "page-c"])
        self.assertEqual(self.cw.describe_alarms(AlarmTypes=["CompositeAlarm"])["MetricAlarms"], [])
        e = self.error(self.cw.describe_alarms, AlarmNames=["page-a"], AlarmNamePrefix="page-")
        self.assertEqual(e["Code"], "InvalidParameterCombination")

    def test_aws_cli_speaks_query(self):
        self.lc.aws("dev", "cloudwatch", "put-metric-alarm", "--alarm-name", "cli-alarm", "--metric-name", "CPU",
                    "--namespace", "AWS/EC2", "--statistic", "Average", "--period", "60", "--evaluation-periods", "2",
                    "--threshold", "80", "--comparison-operator", "GreaterThanThreshold",
                    "--dimensions", "Name=InstanceId,Value=i-1", "--ok-actions", f"arn:aws:sns:{REGION}:{DEV}:ok")
        _, out, _ = self.lc.aws("dev", "cloudwatch", "describe-alarms", "--alarm-names", "cli-alarm")
        a = out["MetricAlarms"][0]
        self.assertEqual((a["Threshold"], a["EvaluationPeriods"], a["OKActions"]),
                         (80.0, 2, [f"arn:aws:sns:{REGION}:{DEV}:ok"]))
        self.assertEqual(a["Dimensions"], [{"Name": "InstanceId", "Value": "i-1"}])
        self.lc.aws("dev", "cloudwatch", "set-alarm-state", "--alarm-name", "cli-alarm", "--state-value", "OK",
                    "--state-reason", "by hand")
        self.assertEqual(self.describe("cli-alarm")["StateValue"], "OK")
        rc, _, err = self.lc.aws("dev", "cloudwatch", "set-alarm-state", "--alarm-name", "nope", "--state-value",
                                 "OK", "--state-reason", "x", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceNotFound", err)
        self.lc.aws("dev", "cloudwatch", "delete-alarms", "--alarm-names", "cli-alarm")
        self.assertIsNone(self.describe("cli-alarm"))

    def test_iam_per_action_and_account_isolation(self):
        self.cw.put_metric_alarm(**alarm("app-one"))
        self.cw.put_metric_alarm(**alarm("ops-one"))
        iam = self.lc.client("iam", "dev")
        iam.create_role(RoleName="alarm-writer", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="alarm-writer", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"],
             "Resource": f"arn:aws:cloudwatch:{REGION}:{DEV}:alarm:app-*"}))
        writer = self.lc.client("cloudwatch", **self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/alarm-writer"))
        writer.put_metric_alarm(**alarm("app-two"))
        e = self.error(writer.put_metric_alarm, **alarm("ops-two"))
        self.assertEqual(e["Code"], "AccessDenied")
        self.assertIn("cloudwatch:PutMetricAlarm", e["Message"])
        e = self.error(writer.describe_alarms)
        self.assertIn("cloudwatch:DescribeAlarms", e["Message"])
        e = self.error(writer.set_alarm_state, AlarmName="app-one", StateValue="OK", StateReason="x")
        self.assertIn("cloudwatch:SetAlarmState", e["Message"])
        e = self.error(writer.delete_alarms, AlarmNames=["app-two", "ops-one"])
        self.assertIn("cloudwatch:DeleteAlarms", e["Message"])
        self.assertIsNotNone(self.describe("app-two"), "a denied delete deletes nothing")
        writer.delete_alarms(AlarmNames=["app-two"])
        other = self.lc.client("cloudwatch", "test")
        self.assertEqual(other.describe_alarms(AlarmNamePrefix="app-")["MetricAlarms"], [])
        e = self.error(other.set_alarm_state, AlarmName="app-one", StateValue="OK", StateReason="x")
        self.assertEqual(e["Code"], "ResourceNotFound")

    def test_alarm_provider_in_a_stack(self):
        cfn = self.lc.client("cloudformation", "dev")
        template = {"Resources": {
            "Named": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
                "AlarmName": "stack-named", "MetricName": "Errors", "Namespace": "AWS/Lambda", "Statistic": "Sum",
                "Period": 300, "EvaluationPeriods": 2, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold",
                "ActionsEnabled": "false", "Dimensions": [{"Name": "FunctionName", "Value": "f"}]}},
            "Generated": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
                "EvaluationPeriods": 3, "Threshold": 100, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                "Metrics": [{"Id": "m1", "Label": "L", "ReturnData": True, "MetricStat": {
                    "Metric": {"Namespace": "CDK/Test", "MetricName": "Metric"}, "Period": 300, "Stat": "Average"}}]}}},
            "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Named", "Arn"]}}, "Gen": {"Value": {"Ref": "Generated"}}}}
        cfn.create_stack(StackName="alarmstack", TemplateBody=json.dumps(template))
        s = wait_stack(cfn, "alarmstack")
        self.assertEqual(s["StackStatus"], "CREATE_COMPLETE", s.get("StackStatusReason"))
        outputs = {o["OutputKey"]: o["OutputValue"] for o in s["Outputs"]}
        self.assertEqual(outputs["Arn"], f"arn:aws:cloudwatch:{REGION}:{DEV}:alarm:stack-named")
        self.assertTrue(outputs["Gen"].startswith("alarmstack-Generated-"), outputs["Gen"])
        a = self.describe("stack-named")
        self.assertEqual((a["EvaluationPeriods"], a["ActionsEnabled"]), (2, False))
        self.cw.set_alarm_state(AlarmName="stack-named", StateValue="ALARM", StateReason="x")
        template["Resources"]["Named"]["Properties"]["Threshold"] = 7
        cfn.update_stack(StackName="alarmstack", TemplateBody=json.dumps(template))
        self.assertEqual(wait_stack(cfn, "alarmstack")["StackStatus"], "UPDATE_COMPLETE")
        a = self.describe("stack-named")
        self.assertEqual((a["Threshold"], a["StateValue"]), (7.0, "ALARM"))
        cfn.delete_stack(StackName="alarmstack")
        wait_stack(cfn, s["StackId"])
        self.assertIsNone(self.describe("stack-named"))
        self.assertIsNone(self.describe(outputs["Gen"]))

    def test_golden_app_templates_deploy(self):
        """The templates cdkpp's golden apps write (aws-cdk's integ.expose-metric.ts and integ.alarm-with-label.ts
        ported): log group, metric filter and alarms, deployed through CloudFormation."""
        apps = [os.environ.get("EXPOSE_METRIC_APP_BIN"), os.environ.get("ALARM_LABEL_APP_BIN")]
        if not all(apps):
            self.skipTest("EXPOSE_METRIC_APP_BIN / ALARM_LABEL_APP_BIN not set")
        self.lc.client("ssm", "dev").put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="30", Type="String",
                                                   Overwrite=True)
        cfn = self.lc.client("cloudformation", "dev")
        logs = self.lc.client("logs", "dev")
        ids = {}
        for app, stack_name in zip(apps, ["aws-cdk-expose-metric-integ", "AlarmWithLabelIntegrationTest"]):
            out = os.path.join(self.lc.tmp, stack_name)
            subprocess.run([app], check=True, env=dict(os.environ, CDK_OUTDIR=out), capture_output=True)
            with open(os.path.join(out, stack_name + ".template.json")) as f:
                template = f.read()
            cfn.create_stack(StackName=stack_name, TemplateBody=template)
            s = wait_stack(cfn, stack_name, timeout=60)
            ids[stack_name] = s["StackId"]
            failed = [e.get("ResourceStatusReason") for e in cfn.describe_stack_events(StackName=stack_name)["StackEvents"]
                      if e["ResourceStatus"].endswith("FAILED")]
            self.assertEqual(s["StackStatus"], "CREATE_COMPLETE", failed)
        resources = {r["ResourceType"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(
            StackName="aws-cdk-expose-metric-integ")["StackResources"]}
        group = resources["AWS::Logs::LogGroup"]
        filters = logs.describe_metric_filters(logGroupName=group)["metricFilters"]
        self.assertEqual(filters[0]["filterPattern"], '{ $.latency = "*" }')
        self.assertEqual(filters[0]["metricTransformations"][0]["metricValue"], "$.latency")
        a = self.describe(resources["AWS::CloudWatch::Alarm"])
        self.assertEqual((a["Namespace"], a["MetricName"], a["Statistic"], a["EvaluationPeriods"]),
                         ("MyApp", "Latency", "Average", 2))
        labelled = [r["PhysicalResourceId"] for r in cfn.describe_stack_resources(
            StackName="AlarmWithLabelIntegrationTest")["StackResources"]]
        self.assertEqual(len(labelled), 2)
        for name in labelled:
            self.assertEqual(self.describe(name)["Metrics"][0]["Id"], "m1")
        for stack_name in ["aws-cdk-expose-metric-integ", "AlarmWithLabelIntegrationTest"]:
            cfn.delete_stack(StackName=stack_name)
            self.assertEqual(wait_stack(cfn, ids[stack_name], timeout=60)["StackStatus"], "DELETE_COMPLETE")
        # The log group is RETAIN in aws-cdk-lib's default; this one is DESTROY (the integ test's choice).
        self.assertEqual(logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
