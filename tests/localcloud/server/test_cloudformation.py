"""CloudFormation over the wire with boto3 (and the AWS CLI v2 for YAML files): stack lifecycle, events,
YAML short forms, change sets as the CDK drives them, TemplateURL forms into localcloud's S3, SSM parameter
types and the CDK's bootstrap-version rule, exports in use, termination protection, RoleARN (iam:PassRole
and the role's trust), rollback with the reason in events, and stacks surviving a restart.

Resource types used here are the ones CloudFormation itself provides (AWS::CDK::Metadata,
AWS::CloudFormation::WaitConditionHandle) and, when the service providers are built in, AWS::SSM::Parameter.
"""
import json
import time
import unittest

import botocore.exceptions

from lc_fixture import ACCOUNTS, LocalCloud, REGION, policy, trust

DEV = ACCOUNTS["dev"]


def handle(**extra):
    return dict({"Type": "AWS::CloudFormation::WaitConditionHandle"}, **extra)


def metadata(props):
    return {"Type": "AWS::CDK::Metadata", "Properties": props}


class CloudFormationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.cfn = cls.lc.client("cloudformation", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def wait(self, name, cfn=None):
        cfn = cfn or self.cfn
        deadline = time.time() + 30
        while time.time() < deadline:
            s = cfn.describe_stacks(StackName=name)["Stacks"][0]
            if not s["StackStatus"].endswith("_IN_PROGRESS") or s["StackStatus"] == "REVIEW_IN_PROGRESS":
                return s
            time.sleep(0.05)
        self.fail(f"stack {name} still in progress")

    def events(self, name):
        return self.cfn.describe_stack_events(StackName=name)["StackEvents"]

    def error(self, fn, **kw):
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            fn(**kw)
        return cm.exception.response["Error"]

    def test_lifecycle_yaml_outputs_events_and_delete(self):
        body = """
Description: lifecycle
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Secret: {Type: String, NoEcho: true, Default: hidden}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  First:
    Type: AWS::CloudFormation::WaitConditionHandle
  Second:
    Type: AWS::CDK::Metadata
    Properties:
      Analytics: !Sub "${First}|${AWS::Region}|${AWS::AccountId}|${Env}"
      Picked: !If [IsProd, big, small]
      Gone: !If [IsProd, x, !Ref AWS::NoValue]
  OnlyProd:
    Type: AWS::CloudFormation::WaitConditionHandle
    Condition: IsProd
Outputs:
  Joined:
    Value: !Join [":", [!Select [1, !Split [",", "a,b,c"]], !Ref Env]]
"""
        sid = self.cfn.create_stack(StackName="life", TemplateBody=body)["StackId"]
        self.assertTrue(sid.startswith(f"arn:aws:cloudformation:{REGION}:{DEV}:stack/life/"))
        s = self.wait("life")
        self.assertEqual(s["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(s["Description"], "lifecycle")
        self.assertEqual(s["Outputs"], [{"OutputKey": "Joined", "OutputValue": "b:dev"}])
        params = {p["ParameterKey"]: p["ParameterValue"] for p in s["Parameters"]}
        self.assertEqual(params["Secret"], "****")
        self.assertEqual(self.cfn.describe_stacks(StackName=sid)["Stacks"][0]["StackName"], "life")
        resources = self.cfn.list_stack_resources(StackName="life")["StackResourceSummaries"]
        self.assertEqual(sorted(r["LogicalResourceId"] for r in resources), ["First", "Second"])
        ev = self.events("life")
        self.assertEqual((ev[0]["LogicalResourceId"], ev[0]["ResourceStatus"]), ("life", "CREATE_COMPLETE"))
        self.assertEqual(ev[-1]["ResourceStatus"], "CREATE_IN_PROGRESS")
        for e in ev:
            for key in ("StackId", "EventId", "StackName", "LogicalResourceId", "ResourceType", "Timestamp"):
                self.assertIn(key, e)
        order = [e["LogicalResourceId"] for e in reversed(ev) if e["ResourceStatus"] == "CREATE_COMPLETE"]
        self.assertLess(order.index("First"), order.index("Second"))
        detail = self.cfn.describe_stack_resource(StackName="life", LogicalResourceId="Second")["StackResourceDetail"]
        self.assertEqual(detail["ResourceType"], "AWS::CDK::Metadata")
        original = self.cfn.get_template(StackName="life")["TemplateBody"]
        self.assertIn("!Sub", original)
        processed = self.cfn.get_template(StackName="life", TemplateStage="Processed")["TemplateBody"]
        self.assertIn("Fn::Sub", json.dumps(processed))
        summary = self.cfn.get_template_summary(StackName="life")
        self.assertEqual(sorted(summary["ResourceTypes"]),
                         ["AWS::CDK::Metadata", "AWS::CloudFormation::WaitConditionHandle"])
        err = self.error(self.cfn.update_stack, StackName="life", UsePreviousTemplate=True,
                         Parameters=[{"ParameterKey": "Env", "UsePreviousValue": True}])
        self.assertEqual(err["Message"], "No updates are to be performed.")
        self.cfn.update_stack(StackName="life", UsePreviousTemplate=True,
                              Parameters=[{"ParameterKey": "Env", "ParameterValue": "prod"}])
        s = self.wait("life")
        self.assertEqual(s["StackStatus"], "UPDATE_COMPLETE")
        resources = self.cfn.list_stack_resources(StackName="life")["StackResourceSummaries"]
        self.assertIn("OnlyProd", [r["LogicalResourceId"] for r in resources])
        self.cfn.delete_stack(StackName="life")
        self.assertEqual(self.wait(sid)["StackStatus"], "DELETE_COMPLETE")
        err = self.error(self.cfn.describe_stacks, StackName="life")
        self.assertEqual((err["Code"], err["Message"]), ("ValidationError", "Stack with id life does not exist"))
        statuses = {s["StackName"]: s["StackStatus"] for s in self.cfn.list_stacks()["StackSummaries"]}
        self.assertEqual(statuses["life"], "DELETE_COMPLETE")

    def test_template_errors(self):
        cases = [
            ('{"Resources": {"A": {"Type": "AWS::CDK::Metadata", "DependsOn": "B"},'
             ' "B": {"Type": "AWS::CDK::Metadata", "DependsOn": "A"}}}',
             "Circular dependency between resources: [A, B]"),
            ('{"Resources": {"A": {"Type": "AWS::CDK::Metadata", "Properties": {"X": {"Ref": "Nope"}}}}}',
             "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"),
            ("Transform: AWS::Serverless-2016-10-31\nResources:\n  A: {Type: AWS::CDK::Metadata}\n", "Transform"),
            ('{"Parameters": {"P": {"Type": "String", "AllowedPattern": "[0-9]+"}},'
             ' "Resources": {"A": {"Type": "AWS::CDK::Metadata"}}}', "Parameters: [P] must have values"),
        ]
        for body, message in cases:
            err = self.error(self.cfn.create_stack, StackName="bad", TemplateBody=body)
            self.assertEqual(err["Code"], "ValidationError")
            self.assertIn(message, err["Message"])
        err = self.error(self.cfn.create_stack, StackName="bad", TemplateBody=cases[3][0],
                         Parameters=[{"ParameterKey": "P", "ParameterValue": "x"}])
        self.assertEqual(err["Message"], "Parameter 'P' must match pattern [0-9]+")
        v = self.cfn.validate_template(TemplateBody=cases[3][0])
        self.assertEqual(v["Parameters"][0]["ParameterKey"], "P")

    def test_unsupported_type_rolls_back_with_reason(self):
        self.cfn.create_stack(StackName="unsupported", TemplateBody=json.dumps(
            {"Resources": {"Ok": handle(), "Nope": {"Type": "AWS::Made::Up", "DependsOn": "Ok"}}}))
        self.assertEqual(self.wait("unsupported")["StackStatus"], "ROLLBACK_COMPLETE")
        failed = [e for e in self.events("unsupported") if e["ResourceStatus"] == "CREATE_FAILED"]
        self.assertEqual(failed[0]["ResourceStatusReason"], "Resource type AWS::Made::Up is not supported by localcloud")
        deleted = [e for e in self.events("unsupported")
                   if e["LogicalResourceId"] == "Ok" and e["ResourceStatus"] == "DELETE_COMPLETE"]
        self.assertEqual(len(deleted), 1)
        self.assertEqual(self.cfn.list_stack_resources(StackName="unsupported")["StackResourceSummaries"], [])
        err = self.error(self.cfn.update_stack, StackName="unsupported", UsePreviousTemplate=True)
        self.assertIn("is in ROLLBACK_COMPLETE state and can not be updated.", err["Message"])
        self.cfn.delete_stack(StackName="unsupported")
        self.wait(self.events("unsupported")[0]["StackId"])

    def test_change_sets_as_the_cdk_uses_them(self):
        body = json.dumps({"Resources": {"H": handle(), "M": metadata({"V": "1"})}})
        cs = self.cfn.create_change_set(StackName="cs", ChangeSetName="cdk-deploy-change-set", ChangeSetType="CREATE",
                                        TemplateBody=body, Capabilities=["CAPABILITY_IAM"],
                                        Tags=[{"Key": "team", "Value": "a"}])
        self.assertEqual(self.cfn.describe_stacks(StackName="cs")["Stacks"][0]["StackStatus"], "REVIEW_IN_PROGRESS")
        d = self.cfn.describe_change_set(ChangeSetName=cs["Id"])
        self.assertEqual((d["Status"], d["ExecutionStatus"]), ("CREATE_COMPLETE", "AVAILABLE"))
        self.assertEqual(sorted(c["ResourceChange"]["Action"] for c in d["Changes"]), ["Add", "Add"])
        self.assertEqual(self.cfn.list_change_sets(StackName="cs")["Summaries"][0]["ChangeSetName"],
                         "cdk-deploy-change-set")
        self.assertIn("Resources", json.dumps(self.cfn.get_template(StackName="cs",
                                                                    ChangeSetName="cdk-deploy-change-set")))
        self.cfn.execute_change_set(ChangeSetName="cdk-deploy-change-set", StackName="cs")
        s = self.wait("cs")
        self.assertEqual(s["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(s["Tags"], [{"Key": "team", "Value": "a"}])
        same = self.cfn.create_change_set(StackName="cs", ChangeSetName="again", TemplateBody=body)
        d = self.cfn.describe_change_set(ChangeSetName=same["Id"])
        self.assertEqual(d["Status"], "FAILED")
        self.assertEqual(d["StatusReason"], "The submitted information didn't contain changes. "
                                            "Submit different information to create a change set.")
        self.cfn.delete_change_set(ChangeSetName=same["Id"])
        err = self.error(self.cfn.describe_change_set, ChangeSetName=same["Id"])
        self.assertEqual(err["Code"], "ChangeSetNotFound")
        changed = json.dumps({"Resources": {"M": metadata({"V": "2"})}})
        cs2 = self.cfn.create_change_set(StackName="cs", ChangeSetName="second", TemplateBody=changed)
        d = self.cfn.describe_change_set(ChangeSetName=cs2["Id"])
        changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"] for c in d["Changes"]}
        self.assertEqual(changes["H"]["Action"], "Remove")
        self.assertEqual((changes["M"]["Action"], changes["M"]["Replacement"]), ("Modify", "False"))
        self.assertEqual(changes["M"]["Details"][0]["Target"]["Name"], "V")
        self.cfn.execute_change_set(ChangeSetName=cs2["Id"])
        self.assertEqual(self.wait("cs")["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual([r["LogicalResourceId"] for r in
                          self.cfn.list_stack_resources(StackName="cs")["StackResourceSummaries"]], ["M"])
        err = self.error(self.cfn.create_change_set, StackName="missing", ChangeSetName="x", TemplateBody=body)
        self.assertEqual(err["Message"], "Stack [missing] does not exist")

    def test_exports_imports_and_export_in_use(self):
        producer = {"Resources": {"H": handle()},
                    "Outputs": {"Url": {"Value": {"Ref": "H"}, "Export": {"Name": "shared-url"}}}}
        self.cfn.create_stack(StackName="producer", TemplateBody=json.dumps(producer))
        self.assertEqual(self.wait("producer")["StackStatus"], "CREATE_COMPLETE")
        exports = {e["Name"]: e for e in self.cfn.list_exports()["Exports"]}
        self.assertIn("shared-url", exports)
        self.cfn.create_stack(StackName="consumer", TemplateBody=json.dumps(
            {"Resources": {"M": metadata({"Url": {"Fn::ImportValue": "shared-url"}})}}))
        self.assertEqual(self.wait("consumer")["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(self.cfn.list_imports(ExportName="shared-url")["Imports"], ["consumer"])
        producer["Outputs"]["Url"]["Value"] = "changed"
        self.cfn.update_stack(StackName="producer", TemplateBody=json.dumps(producer))
        s = self.wait("producer")
        self.assertEqual(s["StackStatus"], "UPDATE_ROLLBACK_COMPLETE")
        reasons = [e.get("ResourceStatusReason") for e in self.events("producer")
                   if e["ResourceStatus"] == "UPDATE_ROLLBACK_IN_PROGRESS"]
        self.assertEqual(reasons[0], "Cannot update export shared-url as it is in use by consumer")
        self.cfn.delete_stack(StackName="producer")
        s = self.wait("producer")
        self.assertEqual((s["StackStatus"], s["StackStatusReason"]),
                         ("DELETE_FAILED", "Cannot delete export shared-url as it is in use by consumer"))
        self.cfn.create_stack(StackName="duplicate", TemplateBody=json.dumps(
            {"Resources": {"H": handle()}, "Outputs": {"O": {"Value": "x", "Export": {"Name": "shared-url"}}}}))
        self.assertEqual(self.wait("duplicate")["StackStatus"], "ROLLBACK_COMPLETE")
        reasons = [e.get("ResourceStatusReason") for e in self.events("duplicate")
                   if e["ResourceStatus"] == "ROLLBACK_IN_PROGRESS"]
        self.assertEqual(reasons[0], "Export with name shared-url is already exported by stack producer")
        for name in ("consumer", "producer", "duplicate"):
            self.cfn.delete_stack(StackName=name)
            time.sleep(0.2)
        self.assertEqual([e["Name"] for e in self.cfn.list_exports()["Exports"] if e["Name"] == "shared-url"], [])

    def test_termination_protection(self):
        self.cfn.create_stack(StackName="protected", TemplateBody=json.dumps({"Resources": {"H": handle()}}),
                              EnableTerminationProtection=True)
        self.wait("protected")
        err = self.error(self.cfn.delete_stack, StackName="protected")
        self.assertEqual(err["Message"], "Stack [protected] cannot be deleted while TerminationProtection is enabled")
        self.cfn.update_termination_protection(StackName="protected", EnableTerminationProtection=False)
        self.cfn.delete_stack(StackName="protected")

    def test_template_url_forms_read_through_s3_as_the_caller(self):
        s3 = self.lc.client("s3", "dev")
        s3.create_bucket(Bucket="cfn-templates", CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_object(Bucket="cfn-templates", Key="dir/t.json",
                      Body=json.dumps({"Resources": {"H": handle()}}).encode())
        urls = [f"https://s3.{REGION}.amazonaws.com/cfn-templates/dir/t.json",
                "https://s3.amazonaws.com/cfn-templates/dir/t.json",
                f"https://cfn-templates.s3.{REGION}.amazonaws.com/dir/t.json",
                "https://cfn-templates.s3.amazonaws.com/dir/t.json",
                f"{self.lc.endpoint}/cfn-templates/dir/t.json"]
        for i, url in enumerate(urls):
            self.cfn.create_stack(StackName=f"url{i}", TemplateURL=url)
            self.assertEqual(self.wait(f"url{i}")["StackStatus"], "CREATE_COMPLETE", url)
            self.cfn.delete_stack(StackName=f"url{i}")
        other = self.lc.client("cloudformation", "test")
        err = self.error(other.create_stack, StackName="x", TemplateURL=urls[0])
        self.assertEqual(err["Code"], "ValidationError")
        self.assertTrue(err["Message"].startswith("S3 error: "), err["Message"])

    def test_ssm_parameter_types_and_bootstrap_version_rule(self):
        ssm = self.lc.client("ssm", "dev")
        ssm.put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="30", Type="String")
        rule = {"CheckBootstrapVersion": {"Assertions": [{
            "Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"], {"Ref": "BootstrapVersion"}]}]},
            "AssertDescription": "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a "
                                 "recent version of the CDK CLI."}]}}
        body = {"Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>",
                                                    "Default": "/cdk-bootstrap/hnb659fds/version"}},
                "Resources": {"M": metadata({"V": {"Ref": "BootstrapVersion"}})},
                "Outputs": {"V": {"Value": {"Ref": "BootstrapVersion"}}},
                "Rules": rule}
        self.cfn.create_stack(StackName="ssmtype", TemplateBody=json.dumps(body))
        s = self.wait("ssmtype")
        self.assertEqual(s["Outputs"][0]["OutputValue"], "30")
        self.assertEqual(s["Parameters"][0]["ResolvedValue"], "30")
        ssm.put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="5", Type="String", Overwrite=True)
        err = self.error(self.cfn.create_stack, StackName="ssmtype2", TemplateBody=json.dumps(body))
        self.assertEqual(err["Message"], rule["CheckBootstrapVersion"]["Assertions"][0]["AssertDescription"])
        other = self.lc.client("cloudformation", "test")
        err = self.error(other.create_stack, StackName="ssmtype", TemplateBody=json.dumps(body))
        self.assertEqual(err["Message"], "Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] from "
                                         "parameter store for this account.")
        self.cfn.delete_stack(StackName="ssmtype")

    def test_role_arn_needs_pass_role_and_trust(self):
        iam = self.lc.client("iam", "dev")
        cfn_trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
        iam.create_role(RoleName="cfn-exec", AssumeRolePolicyDocument=cfn_trust)
        iam.create_role(RoleName="not-for-cfn", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.create_role(RoleName="deployer", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="deployer", PolicyName="cfn", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "cloudformation:*", "Resource": "*"}))
        body = json.dumps({"Resources": {"H": handle()}})
        creds = self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/deployer")
        deployer = self.lc.client("cloudformation", **creds)
        err = self.error(deployer.create_stack, StackName="passrole", TemplateBody=body,
                         RoleARN=f"arn:aws:iam::{DEV}:role/cfn-exec")
        self.assertEqual(err["Code"], "AccessDenied")
        self.assertIn("iam:PassRole", err["Message"])
        err = self.error(self.cfn.create_stack, StackName="passrole", TemplateBody=body,
                         RoleARN=f"arn:aws:iam::{DEV}:role/not-for-cfn")
        self.assertEqual(err["Message"], f"Role arn:aws:iam::{DEV}:role/not-for-cfn is invalid or cannot be assumed")
        self.cfn.create_stack(StackName="passrole", TemplateBody=body, RoleARN=f"arn:aws:iam::{DEV}:role/cfn-exec")
        s = self.wait("passrole")
        self.assertEqual((s["StackStatus"], s["RoleARN"]), ("CREATE_COMPLETE", f"arn:aws:iam::{DEV}:role/cfn-exec"))
        self.cfn.delete_stack(StackName="passrole")

    def test_stacks_survive_a_restart(self):
        lc = LocalCloud().start()
        try:
            cfn = lc.client("cloudformation", "prod")
            cfn.create_stack(StackName="durable", TemplateBody=json.dumps({"Resources": {"H": handle()}}))
            self.assertEqual(self.wait("durable", cfn)["StackStatus"], "CREATE_COMPLETE")
            lc.stop()
            lc.start()
            cfn = lc.client("cloudformation", "prod")
            s = cfn.describe_stacks(StackName="durable")["Stacks"][0]
            self.assertEqual(s["StackStatus"], "CREATE_COMPLETE")
            self.assertEqual(len(cfn.list_stack_resources(StackName="durable")["StackResourceSummaries"]), 1)
        finally:
            lc.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
