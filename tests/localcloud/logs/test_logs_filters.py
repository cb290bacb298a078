"""CloudWatch Logs metric filters and subscription filters over the wire (boto3 and the AWS CLI v2): Put, Describe
(per group, across the account, by metric, paging), Delete, AWS's limits and checks, IAM per action, account
isolation, deleted with their group; AWS::Logs::MetricFilter, AWS::Logs::SubscriptionFilter and
AWS::Logs::LogStream in a stack, including the template cdkpp's golden integ_logs_subscriptionfilter app writes."""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_helpers import ClientErrors, wait_stack  # noqa: E402
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy, trust  # noqa: E402

DEV = ACCOUNTS["dev"]
FN_ARN = f"arn:aws:lambda:{REGION}:{DEV}:function:consumer"


def transformation(name="Latency", **kw):
    t = {"metricName": name, "metricNamespace": "MyApp", "metricValue": "$.latency"}
    t.update(kw)
    return [t]


class LogsFiltersTest(ClientErrors, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.logs = cls.lc.client("logs", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def test_metric_filters(self):
        self.logs.create_log_group(logGroupName="/mf/a")
        self.logs.create_log_group(logGroupName="/mf/b")
        self.logs.put_metric_filter(logGroupName="/mf/a", filterName="latency", filterPattern='{ $.latency = "*" }',
                                    metricTransformations=transformation(dimensions={"ErrorCode": "$.errorCode"},
                                                                         unit="Milliseconds"))
        self.logs.put_metric_filter(logGroupName="/mf/a", filterName="errors", filterPattern='"ERROR" "MainThread"',
                                    metricTransformations=transformation("Errors", metricValue="1", defaultValue=0))
        self.logs.put_metric_filter(logGroupName="/mf/b", filterName="other", filterPattern="",
                                    metricTransformations=transformation("Other"))
        filters = self.logs.describe_metric_filters(logGroupName="/mf/a")["metricFilters"]
        self.assertEqual([f["filterName"] for f in filters], ["errors", "latency"])
        latency = filters[1]
        self.assertEqual(latency["logGroupName"], "/mf/a")
        self.assertEqual(latency["metricTransformations"][0]["dimensions"], {"ErrorCode": "$.errorCode"})
        self.assertEqual(latency["metricTransformations"][0]["unit"], "Milliseconds")
        self.assertEqual(filters[0]["metricTransformations"][0]["defaultValue"], 0.0)
        self.assertIn("creationTime", latency)
        g = self.logs.describe_log_groups(logGroupNamePrefix="/mf/a")["logGroups"][0]
        self.assertEqual(g["metricFilterCount"], 2)
        self.assertNotIn("metricFilters", g)
        # across the account, by metric, paged
        everything = self.logs.describe_metric_filters()["metricFilters"]
        self.assertEqual(len([f for f in everything if f["logGroupName"].startswith("/mf/")]), 3)
        by_metric = self.logs.describe_metric_filters(metricName="Other", metricNamespace="MyApp")["metricFilters"]
        self.assertEqual([f["filterName"] for f in by_metric], ["other"])
        page = self.logs.describe_metric_filters(logGroupName="/mf/a", limit=1)
        self.assertEqual(len(page["metricFilters"]), 1)
        rest = self.logs.describe_metric_filters(logGroupName="/mf/a", limit=1, nextToken=page["nextToken"])
        self.assertEqual([f["filterName"] for f in rest["metricFilters"]], ["latency"])
        # put again replaces
        self.logs.put_metric_filter(logGroupName="/mf/a", filterName="latency", filterPattern='{ $.latency > 100 }',
                                    metricTransformations=transformation())
        f = self.logs.describe_metric_filters(logGroupName="/mf/a", filterNamePrefix="lat")["metricFilters"][0]
        self.assertEqual(f["filterPattern"], "{ $.latency > 100 }")
        self.assertNotIn("dimensions", f["metricTransformations"][0])
        # AWS's checks
        e = self.error(self.logs.put_metric_filter, logGroupName="/mf/missing", filterName="x", filterPattern="",
                       metricTransformations=transformation())
        self.assertEqual(e["Code"], "ResourceNotFoundException")
        e = self.error(self.logs.put_metric_filter, logGroupName="/mf/a", filterName="x", filterPattern="",
                       metricTransformations=transformation(dimensions={"a": "$.a"}, defaultValue=1))
        self.assertEqual(e["Code"], "InvalidParameterException")
        e = self.error(self.logs.put_metric_filter, logGroupName="/mf/a", filterName="x", filterPattern="",
                       metricTransformations=transformation(dimensions={k: "$." + k for k in "abcd"}))
        self.assertEqual(e["Code"], "InvalidParameterException")
        e = self.error(self.logs.put_metric_filter, logGroupName="/mf/a", filterName="bad:name", filterPattern="",
                       metricTransformations=transformation())
        self.assertEqual(e["Code"], "InvalidParameterException")
        e = self.error(self.logs.delete_metric_filter, logGroupName="/mf/a", filterName="nope")
        self.assertEqual(e["Code"], "ResourceNotFoundException")
        e = self.error(self.logs.describe_metric_filters, metricName="Other")
        self.assertEqual(e["Code"], "InvalidParameterException")
        # the AWS CLI
        _, out, _ = self.lc.aws("dev", "logs", "describe-metric-filters", "--log-group-name", "/mf/b")
        self.assertEqual([f["filterName"] for f in out["metricFilters"]], ["other"])
        self.lc.aws("dev", "logs", "delete-metric-filter", "--log-group-name", "/mf/b", "--filter-name", "other")
        self.assertEqual(self.logs.describe_metric_filters(logGroupName="/mf/b")["metricFilters"], [])
        self.logs.delete_metric_filter(logGroupName="/mf/a", filterName="errors")
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePrefix="/mf/a")["logGroups"][0]["metricFilterCount"],
                         1)
        # deleted with the group
        self.logs.delete_log_group(logGroupName="/mf/a")
        self.logs.create_log_group(logGroupName="/mf/a")
        self.assertEqual(self.logs.describe_metric_filters(logGroupName="/mf/a")["metricFilters"], [])

    def test_subscription_filters(self):
        self.logs.create_log_group(logGroupName="/sf")
        self.logs.put_subscription_filter(logGroupName="/sf", filterName="one", filterPattern="ERROR",
                                          destinationArn=FN_ARN)
        self.logs.put_subscription_filter(logGroupName="/sf", filterName="two", filterPattern="",
                                          destinationArn=f"arn:aws:kinesis:{REGION}:{DEV}:stream/s",
                                          roleArn=f"arn:aws:iam::{DEV}:role/r", distribution="Random")
        filters = self.logs.describe_subscription_filters(logGroupName="/sf")["subscriptionFilters"]
        self.assertEqual([(f["filterName"], f["distribution"]) for f in filters],
                         [("one", "ByLogStream"), ("two", "Random")])
        self.assertEqual(filters[0]["destinationArn"], FN_ARN)
        self.assertEqual(filters[1]["roleArn"], f"arn:aws:iam::{DEV}:role/r")
        e = self.error(self.logs.put_subscription_filter, logGroupName="/sf", filterName="three", filterPattern="",
                       destinationArn=FN_ARN)
        self.assertEqual(e["Code"], "LimitExceededException")
        self.logs.put_subscription_filter(logGroupName="/sf", filterName="one", filterPattern="WARN",
                                          destinationArn=FN_ARN)  # replacing is not a third
        self.assertEqual(self.logs.describe_subscription_filters(logGroupName="/sf", filterNamePrefix="one")[
            "subscriptionFilters"][0]["filterPattern"], "WARN")
        e = self.error(self.logs.put_subscription_filter, logGroupName="/sf", filterName="one", filterPattern="",
                       destinationArn="not-an-arn")
        self.assertEqual(e["Code"], "InvalidParameterException")
        e = self.error(self.logs.describe_subscription_filters, logGroupName="/nope")
        self.assertEqual(e["Code"], "ResourceNotFoundException")
        self.lc.aws("dev", "logs", "delete-subscription-filter", "--log-group-name", "/sf", "--filter-name", "two")
        _, out, _ = self.lc.aws("dev", "logs", "describe-subscription-filters", "--log-group-name", "/sf")
        self.assertEqual([f["filterName"] for f in out["subscriptionFilters"]], ["one"])
        e = self.error(self.logs.delete_subscription_filter, logGroupName="/sf", filterName="two")
        self.assertEqual(e["Code"], "ResourceNotFoundException")

    def test_iam_per_action_and_account_isolation(self):
        self.logs.create_log_group(logGroupName="/iamf/g")
        iam = self.lc.client("iam", "dev")
        iam.create_role(RoleName="filter-writer", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="filter-writer", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["logs:PutMetricFilter", "logs:DescribeMetricFilters"],
             "Resource": f"arn:aws:logs:{REGION}:{DEV}:log-group:/iamf/g:*"}))
        writer = self.lc.client("logs", **self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/filter-writer"))
        writer.put_metric_filter(logGroupName="/iamf/g", filterName="f", filterPattern="",
                                 metricTransformations=transformation())
        self.assertEqual(len(writer.describe_metric_filters(logGroupName="/iamf/g")["metricFilters"]), 1)
        for call, kw, action in [
                (writer.delete_metric_filter, dict(logGroupName="/iamf/g", filterName="f"), "logs:DeleteMetricFilter"),
                (writer.put_subscription_filter, dict(logGroupName="/iamf/g", filterName="s", filterPattern="",
                                                      destinationArn=FN_ARN), "logs:PutSubscriptionFilter"),
                (writer.describe_metric_filters, {}, "logs:DescribeMetricFilters")]:
            e = self.error(call, **kw)
            self.assertEqual(e["Code"], "AccessDeniedException", action)
            self.assertIn(action, e["Message"])
        other = self.lc.client("logs", "test")
        e = self.error(other.describe_metric_filters, logGroupName="/iamf/g")
        self.assertEqual(e["Code"], "ResourceNotFoundException")
        self.assertEqual([f for f in other.describe_metric_filters()["metricFilters"]
                          if f["logGroupName"] == "/iamf/g"], [])

    def test_filter_and_stream_providers_in_a_stack(self):
        cfn = self.lc.client("cloudformation", "dev")
        template = {"Resources": {
            "Group": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/stackf/g"}},
            "Stream": {"Type": "AWS::Logs::LogStream", "Properties": {"LogGroupName": {"Ref": "Group"},
                                                                      "LogStreamName": "main"}},
            "GeneratedStream": {"Type": "AWS::Logs::LogStream", "Properties": {"LogGroupName": {"Ref": "Group"}}},
            "Filter": {"Type": "AWS::Logs::MetricFilter", "Properties": {
                "LogGroupName": {"Ref": "Group"}, "FilterPattern": '{ $.latency = "*" }',
                "MetricTransformations": [{"MetricNamespace": "MyApp", "MetricName": "Latency",
                                           "MetricValue": "$.latency", "Unit": "Milliseconds",
                                           "Dimensions": [{"Key": "ErrorCode", "Value": "$.errorCode"}]}]}},
            "Subscription": {"Type": "AWS::Logs::SubscriptionFilter", "Properties": {
                "LogGroupName": {"Ref": "Group"}, "FilterPattern": "ERROR", "FilterName": "to-fn",
                "DestinationArn": FN_ARN}}},
            "Outputs": {"Filter": {"Value": {"Ref": "Filter"}}, "Stream": {"Value": {"Ref": "GeneratedStream"}}}}
        cfn.create_stack(StackName="filterstack", TemplateBody=json.dumps(template))
        s = wait_stack(cfn, "filterstack")
        self.assertEqual(s["StackStatus"], "CREATE_COMPLETE", s.get("StackStatusReason"))
        outputs = {o["OutputKey"]: o["OutputValue"] for o in s["Outputs"]}
        self.assertTrue(outputs["Filter"].startswith("filterstack-Filter-"), outputs["Filter"])
        f = self.logs.describe_metric_filters(logGroupName="/stackf/g")["metricFilters"][0]
        self.assertEqual(f["filterName"], outputs["Filter"])
        self.assertEqual(f["metricTransformations"][0]["dimensions"], {"ErrorCode": "$.errorCode"})
        streams = [x["logStreamName"] for x in self.logs.describe_log_streams(logGroupName="/stackf/g")["logStreams"]]
        self.assertEqual(sorted(streams), sorted(["main", outputs["Stream"]]))
        self.assertEqual(self.logs.describe_subscription_filters(logGroupName="/stackf/g")["subscriptionFilters"][0][
            "filterName"], "to-fn")
        template["Resources"]["Filter"]["Properties"]["FilterPattern"] = "{ $.latency > 5 }"
        template["Resources"]["Subscription"]["Properties"]["FilterPattern"] = "WARN"
        cfn.update_stack(StackName="filterstack", TemplateBody=json.dumps(template))
        self.assertEqual(wait_stack(cfn, "filterstack")["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(self.logs.describe_metric_filters(logGroupName="/stackf/g")["metricFilters"][0]["filterPattern"],
                         "{ $.latency > 5 }")
        self.assertEqual(self.logs.describe_subscription_filters(logGroupName="/stackf/g")["subscriptionFilters"][0][
            "filterPattern"], "WARN")
        cfn.delete_stack(StackName="filterstack")
        wait_stack(cfn, s["StackId"])
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePrefix="/stackf/")["logGroups"], [])

    def test_golden_subscription_filter_app_deploys(self):
        """The template of cdkpp's golden integ_logs_subscriptionfilter app (aws-cdk's integ.subscriptionfilter.ts):
        a log group, a function, its CanInvokeLambda permission and the filter depending on it."""
        app = os.environ.get("SUBSCRIPTION_APP_BIN")
        if not app:
            self.skipTest("SUBSCRIPTION_APP_BIN not set")
        stack_name = "aws-cdk-subscriptionfilter-integ"
        out = os.path.join(self.lc.tmp, "subscription.out")
        subprocess.run([app], check=True, env=dict(os.environ, CDK_OUTDIR=out), capture_output=True)
        with open(os.path.join(out, stack_name + ".template.json")) as f:
            template = f.read()
        self.lc.client("ssm", "dev").put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="30", Type="String",
                                                   Overwrite=True)
        cfn = self.lc.client("cloudformation", "dev")
        cfn.create_stack(StackName=stack_name, TemplateBody=template, Capabilities=["CAPABILITY_IAM"])
        s = wait_stack(cfn, stack_name, timeout=60)
        failed = [e.get("ResourceStatusReason") for e in cfn.describe_stack_events(StackName=stack_name)["StackEvents"]
                  if e["ResourceStatus"].endswith("FAILED")]
        self.assertEqual(s["StackStatus"], "CREATE_COMPLETE", failed)
        resources = {r["ResourceType"]: r["PhysicalResourceId"]
                     for r in cfn.describe_stack_resources(StackName=stack_name)["StackResources"]}
        group = resources["AWS::Logs::LogGroup"]
        f = self.logs.describe_subscription_filters(logGroupName=group)["subscriptionFilters"][0]
        self.assertEqual((f["filterName"], f["filterPattern"]), ("CustomSubscriptionFilterName", '"ERROR" "MainThread"'))
        fn = resources["AWS::Lambda::Function"]
        self.assertEqual(f["destinationArn"], f"arn:aws:lambda:{REGION}:{DEV}:function:{fn}")
        policy_doc = json.loads(self.lc.client("lambda", "dev").get_policy(FunctionName=fn)["Policy"])
        self.assertEqual(policy_doc["Statement"][0]["Principal"], {"Service": "logs.amazonaws.com"})
        cfn.delete_stack(StackName=stack_name)
        self.assertEqual(wait_stack(cfn, s["StackId"], timeout=60)["StackStatus"], "DELETE_COMPLETE")
        # aws-cdk-lib's LogGroup default: RETAIN, so the group stays (without the filter).
        self.assertEqual(self.logs.describe_subscription_filters(logGroupName=group)["subscriptionFilters"], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
