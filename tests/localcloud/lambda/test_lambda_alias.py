"""Lambda aliases over the wire with boto3: CreateAlias/GetAlias/ListAliases/UpdateAlias/DeleteAlias, Invoke with an
alias as qualifier (the alias's version runs; routing weights split the invocations), and AWS::Lambda::Alias
deployed through CloudFormation (a function, two versions, an alias routing to both)."""
import io
import json
import os
import sys
import time
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import ACCOUNTS, REGION, LocalCloud  # noqa: E402

DEV = ACCOUNTS["dev"]

LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def code(text):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return {'says': %r, 'arn': context.invoked_function_arn}\n"
                   % text)
    return buf.getvalue()


def wait_for(predicate, timeout=60, interval=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class LambdaAliasTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        iam = cls.lc.client("iam", "dev")
        cls.role = iam.create_role(RoleName="alias-role", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
        cls.lam = cls.lc.client("lambda", "dev")
        cls.lam.create_function(FunctionName="aliased", Runtime="python3.12", Role=cls.role, Handler="index.handler",
                                Code={"ZipFile": code("one")})
        cls.v1 = cls.lam.publish_version(FunctionName="aliased")["Version"]
        cls.lam.update_function_code(FunctionName="aliased", ZipFile=code("two"))
        cls.v2 = cls.lam.publish_version(FunctionName="aliased")["Version"]
        cls.lam.update_function_code(FunctionName="aliased", ZipFile=code("latest"))

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def says(self, qualifier=None):
        kw = {"Qualifier": qualifier} if qualifier else {}
        r = self.lam.invoke(FunctionName="aliased", Payload=b"{}", **kw)
        self.assertNotIn("FunctionError", r)
        return json.loads(r["Payload"].read())["says"], r["ExecutedVersion"]

    def test_versions_run_their_own_code(self):
        self.assertEqual(self.v1, "1")
        self.assertEqual(self.v2, "2")
        self.assertEqual(self.says("1"), ("one", "1"))
        self.assertEqual(self.says("2"), ("two", "2"))
        self.assertEqual(self.says(), ("latest", "$LATEST"))

    def test_alias_lifecycle_and_invoke_through_it(self):
        created = self.lam.create_alias(FunctionName="aliased", Name="live", FunctionVersion="1", Description="d")
        self.assertEqual(created["AliasArn"], f"arn:aws:lambda:{REGION}:{DEV}:function:aliased:live")
        self.assertEqual(created["FunctionVersion"], "1")
        self.assertEqual(self.says("live"), ("one", "1"))
        got = self.lam.get_alias(FunctionName="aliased", Name="live")
        self.assertEqual(got["Description"], "d")
        names = [a["Name"] for a in self.lam.list_aliases(FunctionName="aliased")["Aliases"]]
        self.assertIn("live", names)
        updated = self.lam.update_alias(FunctionName="aliased", Name="live", FunctionVersion="2")
        self.assertNotEqual(updated["RevisionId"], created["RevisionId"])
        self.assertEqual(self.says("live"), ("two", "2"))
        # An alias ARN as the function name works too.
        r = self.lam.invoke(FunctionName=created["AliasArn"], Payload=b"{}")
        self.assertEqual(r["ExecutedVersion"], "2")
        with self.assertRaises(self.lam.exceptions.PreconditionFailedException):
            self.lam.update_alias(FunctionName="aliased", Name="live", FunctionVersion="1",
                                  RevisionId=created["RevisionId"])
        self.lam.delete_alias(FunctionName="aliased", Name="live")
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.get_alias(FunctionName="aliased", Name="live")
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.invoke(FunctionName="aliased", Qualifier="live", Payload=b"{}")

    def test_alias_checks_its_target_and_name(self):
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.create_alias(FunctionName="aliased", Name="nowhere", FunctionVersion="9")
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException):
            self.lam.create_alias(FunctionName="aliased", Name="heavy", FunctionVersion="1",
                                  RoutingConfig={"AdditionalVersionWeights": {"2": 1.5}})
        with self.assertRaises(self.lam.exceptions.ClientError):
            self.lam.create_alias(FunctionName="aliased", Name="123", FunctionVersion="1")
        self.lam.create_alias(FunctionName="aliased", Name="twice", FunctionVersion="1")
        with self.assertRaises(self.lam.exceptions.ResourceConflictException):
            self.lam.create_alias(FunctionName="aliased", Name="twice", FunctionVersion="1")

    def test_routing_weights_split_the_invocations(self):
        self.lam.create_alias(FunctionName="aliased", Name="canary", FunctionVersion="1",
                              RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
        seen = {self.says("canary")[1] for _ in range(40)}
        # 40 draws at one half each: both versions run (the chance of missing one is 2 * 2^-40).
        self.assertEqual(seen, {"1", "2"})
        self.lam.update_alias(FunctionName="aliased", Name="canary", RoutingConfig={"AdditionalVersionWeights": {}})
        self.assertEqual({self.says("canary")[1] for _ in range(10)}, {"1"})

    def test_cloudformation_alias_routes_to_its_versions(self):
        template = {
            "Resources": {
                "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
                    "Code": {"ZipFile": "def handler(event, context):\n    return {'says': 'cfn'}\n"},
                    "Handler": "index.handler", "Runtime": "python3.12", "Role": self.role}},
                "V1": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Fn"}}},
                "V2": {"Type": "AWS::Lambda::Version", "DependsOn": ["V1"],
                       "Properties": {"FunctionName": {"Ref": "Fn"}, "Description": "second"}},
                "Live": {"Type": "AWS::Lambda::Alias", "Properties": {
                    "FunctionName": {"Ref": "Fn"}, "Name": "live",
                    "FunctionVersion": {"Fn::GetAtt": ["V1", "Version"]},
                    "RoutingConfig": {"AdditionalVersionWeights": [
                        {"FunctionVersion": {"Fn::GetAtt": ["V2", "Version"]}, "FunctionWeight": 0.25}]}}},
            },
            "Outputs": {"AliasArn": {"Value": {"Ref": "Live"}}, "FunctionName": {"Value": {"Ref": "Fn"}}},
        }
        cfn = self.lc.client("cloudformation", "dev")
        cfn.create_stack(StackName="AliasStack", TemplateBody=json.dumps(template))
        stack = wait_for(lambda: next((s for s in cfn.describe_stacks(StackName="AliasStack")["Stacks"]
                                       if not s["StackStatus"].endswith("IN_PROGRESS")), None))
        if stack["StackStatus"] != "CREATE_COMPLETE":
            events = cfn.describe_stack_events(StackName="AliasStack")["StackEvents"]
            raise AssertionError(json.dumps([e.get("ResourceStatusReason") for e in events], indent=1))
        out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        name = out["FunctionName"]
        self.assertEqual(out["AliasArn"], f"arn:aws:lambda:{REGION}:{DEV}:function:{name}:live")
        alias = self.lam.get_alias(FunctionName=name, Name="live")
        self.assertEqual(alias["FunctionVersion"], "1")
        self.assertEqual(alias["RoutingConfig"]["AdditionalVersionWeights"], {"2": 0.25})
        r = self.lam.invoke(FunctionName=out["AliasArn"], Payload=b"{}")
        self.assertEqual(json.loads(r["Payload"].read()), {"says": "cfn"})
        self.assertIn(r["ExecutedVersion"], {"1", "2"})
        cfn.delete_stack(StackName="AliasStack")
        wait_for(lambda: not [s for s in cfn.list_stacks()["StackSummaries"]
                              if s["StackName"] == "AliasStack" and s["StackStatus"] != "DELETE_COMPLETE"])
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.get_alias(FunctionName=name, Name="live")


if __name__ == "__main__":
    unittest.main()
