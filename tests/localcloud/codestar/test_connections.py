"""CodeStar Connections over real HTTP with the AWS CLI v2 and boto3: create (AVAILABLE), get, list with
pagination and filters, tags, delete, validation errors, IAM per action and account boundaries."""
import os
import sys
import unittest

import botocore.exceptions

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy  # noqa: E402

DEV = ACCOUNTS["dev"]


class ConnectionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.cs = cls.lc.client("codestar-connections", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def error_code(self, fn, **kw):
        with self.assertRaises(botocore.exceptions.ClientError) as e:
            fn(**kw)
        return e.exception.response["Error"]["Code"], e.exception.response["Error"]["Message"]

    def test_cli_create_get_list_delete(self):
        _, made, _ = self.lc.aws("dev", "codestar-connections", "create-connection", "--provider-type", "GitHub",
                                 "--connection-name", "cli-conn", "--tags", "Key=team,Value=a")
        arn = made["ConnectionArn"]
        self.assertRegex(arn, rf"^arn:aws:codestar-connections:{REGION}:{DEV}:connection/[0-9a-f-]{{36}}$")
        self.assertEqual(made["Tags"], [{"Key": "team", "Value": "a"}])
        _, got, _ = self.lc.aws("dev", "codestar-connections", "get-connection", "--connection-arn", arn)
        self.assertEqual(got["Connection"], {"ConnectionArn": arn, "ConnectionName": "cli-conn",
                                             "ConnectionStatus": "AVAILABLE", "OwnerAccountId": DEV,
                                             "ProviderType": "GitHub"})
        _, listed, _ = self.lc.aws("dev", "codestar-connections", "list-connections")
        self.assertIn(arn, [c["ConnectionArn"] for c in listed["Connections"]])
        self.lc.aws("dev", "codestar-connections", "delete-connection", "--connection-arn", arn)
        rc, _, err = self.lc.aws("dev", "codestar-connections", "get-connection", "--connection-arn", arn, check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceNotFoundException", err)

    def test_boto3_pagination_filters_and_tags(self):
        arns = [self.cs.create_connection(ProviderType="Bitbucket", ConnectionName=f"bb-{i}")["ConnectionArn"]
                for i in range(3)]
        gl = self.cs.create_connection(ProviderType="GitLab", ConnectionName="gl")["ConnectionArn"]
        seen, token = [], None
        while True:
            kw = {"ProviderTypeFilter": "Bitbucket", "MaxResults": 2}
            if token:
                kw["NextToken"] = token
            page = self.cs.list_connections(**kw)
            self.assertLessEqual(len(page["Connections"]), 2)
            seen += [c["ConnectionArn"] for c in page["Connections"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(sorted(seen), sorted(arns))
        self.assertNotIn(gl, seen)
        self.cs.tag_resource(ResourceArn=gl, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        self.cs.untag_resource(ResourceArn=gl, TagKeys=["a"])
        self.assertEqual(self.cs.list_tags_for_resource(ResourceArn=gl)["Tags"], [{"Key": "b", "Value": "2"}])

    def test_validation_errors(self):
        code, msg = self.error_code(self.cs.create_connection, ProviderType="GitHub", ConnectionName="x" * 33)
        self.assertEqual(code, "ValidationException")
        self.assertIn("connectionName", msg)
        code, _ = self.error_code(self.cs.create_connection, ConnectionName="no-provider")
        self.assertEqual(code, "ValidationException")
        code, _ = self.error_code(self.cs.get_connection,
                                  ConnectionArn=f"arn:aws:codestar-connections:{REGION}:{DEV}:connection/nope")
        self.assertEqual(code, "ResourceNotFoundException")

    def test_iam_per_action_and_accounts(self):
        arn = self.cs.create_connection(ProviderType="GitHub", ConnectionName="guarded")["ConnectionArn"]
        iam = self.lc.client("iam", "dev")
        trust = policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{DEV}:root"}, "Action": "sts:AssumeRole"})
        role = iam.create_role(RoleName="conn-reader", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        iam.put_role_policy(RoleName="conn-reader", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "codestar-connections:GetConnection", "Resource": arn}))
        reader = self.lc.session(**self.lc.assume("dev", role)).client("codestar-connections",
                                                                       endpoint_url=self.lc.endpoint)
        self.assertEqual(reader.get_connection(ConnectionArn=arn)["Connection"]["ConnectionName"], "guarded")
        code, msg = self.error_code(reader.delete_connection, ConnectionArn=arn)
        self.assertEqual(code, "AccessDeniedException")
        self.assertIn("codestar-connections:DeleteConnection", msg)
        other = self.lc.client("codestar-connections", "test")
        code, _ = self.error_code(other.get_connection, ConnectionArn=arn)
        self.assertEqual(code, "AccessDeniedException")
        self.assertNotIn(arn, [c["ConnectionArn"] for c in other.list_connections()["Connections"]])


if __name__ == "__main__":
    unittest.main()
