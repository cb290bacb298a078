"""Secrets Manager over the wire with the AWS CLI v2 and boto3: versions and staging labels, names / full ARNs /
partial ARNs, idempotency tokens, deletion and restore, KMS keys (the account's aws/secretsmanager key and a named
one), GetRandomPassword, resource policies across accounts, tags and ListSecrets filters; the
AWS::SecretsManager::Secret provider and CloudFormation dynamic references (secretsmanager, ssm, ssm-secure)
resolved as the stack's role and never shown in events, templates or descriptions."""
import json
import os
import re
import string
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_helpers import ClientErrors, mutations, wait_stack  # noqa: E402
from lc_raw import Signer  # noqa: E402
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy, trust  # noqa: E402

DEV, TEST = ACCOUNTS["dev"], ACCOUNTS["test"]
TOKEN_A = "a" * 32
CFN_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


class SecretsManagerTest(ClientErrors, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.sm = cls.lc.client("secretsmanager", "dev")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def stored_bytes(self):
        """Everything in the data directory's database files (the WAL included)."""
        out = b""
        for name in os.listdir(self.lc.data_dir):
            path = os.path.join(self.lc.data_dir, name)
            if name.startswith("state") and os.path.isfile(path):
                with open(path, "rb") as f:
                    out += f.read()
        return out

    def test_versions_stages_and_ids(self):
        created = self.sm.create_secret(Name="app/db", SecretString='{"user":"u","password":"p1"}',
                                        Description="db", ClientRequestToken=TOKEN_A)
        arn = created["ARN"]
        self.assertRegex(arn, rf"^arn:aws:secretsmanager:{REGION}:{DEV}:secret:app/db-[A-Za-z0-9]{{6}}$")
        self.assertEqual(created["VersionId"], TOKEN_A)
        # the same request again is answered as the first; another value under the same token is refused
        again = self.sm.create_secret(Name="app/db", SecretString='{"user":"u","password":"p1"}',
                                      ClientRequestToken=TOKEN_A)
        self.assertEqual((again["ARN"], again["VersionId"]), (arn, TOKEN_A))
        e = self.error(self.sm.create_secret, Name="app/db", SecretString="other", ClientRequestToken=TOKEN_A)
        self.assertEqual(e["Code"], "ResourceExistsException")
        e = self.error(self.sm.create_secret, Name="app/db", SecretString="x")
        self.assertEqual((e["Code"], e["Message"]),
                         ("ResourceExistsException", "The operation failed because the secret app/db already exists."))
        # by name, full ARN and partial ARN
        for sid in ("app/db", arn, arn[:-7]):
            v = self.sm.get_secret_value(SecretId=sid)
            self.assertEqual(v["SecretString"], '{"user":"u","password":"p1"}', sid)
            self.assertEqual(v["VersionStages"], ["AWSCURRENT"])
        e = self.error(self.sm.get_secret_value, SecretId=arn[:-6] + "zzzzzz")
        self.assertEqual((e["Code"], e["Message"]),
                         ("ResourceNotFoundException", "Secrets Manager can't find the specified secret."))
        # PutSecretValue moves AWSCURRENT; the old current becomes AWSPREVIOUS
        put = self.sm.put_secret_value(SecretId="app/db", SecretString='{"user":"u","password":"p2"}')
        self.assertEqual(put["VersionStages"], ["AWSCURRENT"])
        self.assertEqual(json.loads(self.sm.get_secret_value(SecretId="app/db")["SecretString"])["password"], "p2")
        prev = self.sm.get_secret_value(SecretId="app/db", VersionStage="AWSPREVIOUS")
        self.assertEqual((prev["VersionId"], json.loads(prev["SecretString"])["password"]), (TOKEN_A, "p1"))
        by_id = self.sm.get_secret_value(SecretId="app/db", VersionId=TOKEN_A)
        self.assertEqual(by_id["VersionStages"], ["AWSPREVIOUS"])
        self.sm.put_secret_value(SecretId="app/db", SecretString='{"user":"u","password":"p3"}')
        d = self.sm.describe_secret(SecretId="app/db")
        self.assertEqual(sorted(s for st in d["VersionIdsToStages"].values() for s in st), ["AWSCURRENT", "AWSPREVIOUS"])
        self.assertNotIn(TOKEN_A, d["VersionIdsToStages"])  # three versions: the first lost its label
        self.assertEqual(d["Description"], "db")
        versions = self.sm.list_secret_version_ids(SecretId="app/db", IncludeDeprecated=True)["Versions"]
        self.assertEqual(len(versions), 3)
        self.assertEqual(len(self.sm.list_secret_version_ids(SecretId="app/db")["Versions"]), 2)
        e = self.error(self.sm.get_secret_value, SecretId="app/db", VersionStage="NOPE")
        self.assertEqual(e["Code"], "ResourceNotFoundException")
        # a custom stage moved with UpdateSecretVersionStage
        self.sm.update_secret_version_stage(SecretId="app/db", VersionStage="BLUE", MoveToVersionId=TOKEN_A)
        self.assertEqual(self.sm.get_secret_value(SecretId="app/db", VersionStage="BLUE")["VersionId"], TOKEN_A)
        # binary secrets, UpdateSecret
        self.sm.create_secret(Name="bin", SecretBinary=b"\x00\x01\xff")
        self.assertEqual(self.sm.get_secret_value(SecretId="bin")["SecretBinary"], b"\x00\x01\xff")
        up = self.sm.update_secret(SecretId="bin", SecretString="now text", Description="changed")
        self.assertIn("VersionId", up)
        self.assertEqual(self.sm.get_secret_value(SecretId="bin")["SecretString"], "now text")
        # the CLI
        _, out, _ = self.lc.aws("dev", "secretsmanager", "get-secret-value", "--secret-id", arn)
        self.assertEqual(json.loads(out["SecretString"])["password"], "p3")
        # invalid input is refused before anything is stored
        e = self.error(self.sm.create_secret, Name="bad name!", SecretString="x")
        self.assertEqual(e["Code"], "InvalidParameterException")
        e = self.error(self.sm.create_secret, Name="both", SecretString="x", SecretBinary=b"y")
        self.assertEqual(e["Code"], "InvalidParameterException")
        self.assertEqual(self.error(self.sm.describe_secret, SecretId="both")["Code"], "ResourceNotFoundException")

    def test_delete_restore_and_force(self):
        self.sm.create_secret(Name="doomed", SecretString="v")
        e = self.error(self.sm.delete_secret, SecretId="doomed", RecoveryWindowInDays=3)
        self.assertEqual(e["Code"], "InvalidParameterException")
        e = self.error(self.sm.delete_secret, SecretId="doomed", RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)
        self.assertEqual(e["Code"], "InvalidParameterException")
        d = self.sm.delete_secret(SecretId="doomed", RecoveryWindowInDays=7)
        self.assertGreater((d["DeletionDate"].timestamp() - time.time()) / 86400, 6.9)
        e = self.error(self.sm.get_secret_value, SecretId="doomed")
        self.assertEqual((e["Code"], e["Message"]), ("InvalidRequestException",
                         "You can't perform this operation on the secret because it was marked for deletion."))
        self.assertIn("DeletedDate", self.sm.describe_secret(SecretId="doomed"))
        names = [s["Name"] for s in self.sm.list_secrets()["SecretList"]]
        self.assertNotIn("doomed", names)
        names = [s["Name"] for s in self.sm.list_secrets(IncludePlannedDeletion=True)["SecretList"]]
        self.assertIn("doomed", names)
        e = self.error(self.sm.create_secret, Name="doomed", SecretString="v2")
        self.assertEqual(e["Code"], "InvalidRequestException")
        self.sm.restore_secret(SecretId="doomed")
        self.assertEqual(self.sm.get_secret_value(SecretId="doomed")["SecretString"], "v")
        self.sm.delete_secret(SecretId="doomed", ForceDeleteWithoutRecovery=True)
        self.assertEqual(self.error(self.sm.describe_secret, SecretId="doomed")["Code"], "ResourceNotFoundException")
        self.sm.create_secret(Name="doomed", SecretString="reborn")
        self.assertEqual(self.sm.get_secret_value(SecretId="doomed")["SecretString"], "reborn")

    def test_random_password(self):
        p = self.sm.get_random_password()["RandomPassword"]
        self.assertEqual(len(p), 32)
        for cls in (string.ascii_lowercase, string.ascii_uppercase, string.digits, string.punctuation):
            self.assertTrue(any(c in cls for c in p), p)
        p = self.sm.get_random_password(PasswordLength=64, ExcludePunctuation=True, ExcludeCharacters="abcABC012")["RandomPassword"]
        self.assertEqual(len(p), 64)
        self.assertTrue(re.fullmatch(r"[d-zD-Z3-9]+", p), p)
        p = self.sm.get_random_password(PasswordLength=20, ExcludeNumbers=True, ExcludeLowercase=True,
                                        ExcludeUppercase=True, IncludeSpace=True)["RandomPassword"]
        self.assertTrue(all(c in string.punctuation + " " for c in p), p)
        # out of the model's range (1..4096): the protocol layer's ValidationException, as AWS's front end answers
        e = self.error(self.sm.get_random_password, PasswordLength=5000)
        self.assertEqual(e["Code"], "ValidationException")

    def test_kms_keys_and_identity_policies(self):
        kms = self.lc.client("kms", "dev")
        key = kms.create_key()["KeyMetadata"]
        self.sm.create_secret(Name="cmk-secret", SecretString="s1", KmsKeyId=key["Arn"])
        self.sm.create_secret(Name="managed-secret", SecretString="s2")
        self.assertEqual(self.sm.describe_secret(SecretId="cmk-secret")["KmsKeyId"], key["Arn"])
        self.assertNotIn("KmsKeyId", self.sm.describe_secret(SecretId="managed-secret"))
        kv = self.sm.list_secret_version_ids(SecretId="cmk-secret")["Versions"][0]["KmsKeyIds"]
        self.assertEqual(kv, [key["Arn"]])
        aliases = [a["AliasName"] for a in kms.list_aliases()["Aliases"]]
        self.assertIn("alias/aws/secretsmanager", aliases)
        # a role that may read secrets but not use the named key: the managed key works (through the
        # service), the named one is refused by KMS
        iam = self.lc.client("iam", "dev")
        iam.create_role(RoleName="reader", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="reader", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
        reader = self.lc.client("secretsmanager", **self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/reader"))
        self.assertEqual(reader.get_secret_value(SecretId="managed-secret")["SecretString"], "s2")
        e = self.error(reader.get_secret_value, SecretId="cmk-secret")
        self.assertEqual(e["Code"], "AccessDeniedException")
        self.assertIn("kms:Decrypt", e["Message"])
        e = self.error(reader.describe_secret, SecretId="managed-secret")
        self.assertEqual(e["Code"], "AccessDeniedException")
        self.assertIn("secretsmanager:DescribeSecret", e["Message"])
        # back to the managed key: new versions use it, the old one keeps its key
        self.sm.update_secret(SecretId="cmk-secret", KmsKeyId="alias/aws/secretsmanager", SecretString="s3")
        self.assertNotIn("KmsKeyId", self.sm.describe_secret(SecretId="cmk-secret"))
        keys = [v["KmsKeyIds"][0] for v in self.sm.list_secret_version_ids(SecretId="cmk-secret")["Versions"]]
        self.assertEqual(len(keys), 2)
        self.assertIn(key["Arn"], keys)
        self.assertEqual(reader.get_secret_value(SecretId="cmk-secret")["SecretString"], "s3")
        # the stored documents hold ciphertext only
        self.sm.create_secret(Name="marker-secret", SecretString="cleartext-marker-7781")
        stored = self.stored_bytes()
        self.assertIn(b"marker-secret", stored)
        self.assertNotIn(b"cleartext-marker-7781", stored)

    def test_resource_policy_cross_account(self):
        kms = self.lc.client("kms", "dev")
        key_policy = policy(
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{DEV}:root"}, "Action": "kms:*", "Resource": "*"},
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{TEST}:root"}, "Action": "kms:Decrypt",
             "Resource": "*"})
        key = kms.create_key(Policy=key_policy)["KeyMetadata"]
        arn = self.sm.create_secret(Name="shared", SecretString="cross", KmsKeyId=key["Arn"])["ARN"]
        managed_arn = self.sm.create_secret(Name="shared-managed", SecretString="m")["ARN"]
        test_iam = self.lc.client("iam", "test")
        test_iam.create_role(RoleName="consumer", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{TEST}:root"))
        test_iam.put_role_policy(RoleName="consumer", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "kms:Decrypt"], "Resource": "*"}))
        test_iam.create_role(RoleName="bystander", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{TEST}:root"))
        consumer = self.lc.client("secretsmanager", **self.lc.assume("test", f"arn:aws:iam::{TEST}:role/consumer"))
        bystander = self.lc.client("secretsmanager", **self.lc.assume("test", f"arn:aws:iam::{TEST}:role/bystander"))
        e = self.error(consumer.get_secret_value, SecretId=arn)
        self.assertEqual(e["Code"], "AccessDeniedException")
        self.assertIn("no resource-based policy allows", e["Message"])
        resource_policy = policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{TEST}:root"},
                                  "Action": "secretsmanager:GetSecretValue", "Resource": "*"})
        e = self.error(self.sm.put_resource_policy, SecretId="shared", ResourcePolicy="{not json")
        self.assertEqual(e["Code"], "MalformedPolicyDocumentException")
        e = self.error(self.sm.put_resource_policy, SecretId="shared", BlockPublicPolicy=True, ResourcePolicy=policy(
            {"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
        self.assertEqual(e["Code"], "PublicPolicyException")
        self.sm.put_resource_policy(SecretId="shared", ResourcePolicy=resource_policy, BlockPublicPolicy=True)
        self.sm.put_resource_policy(SecretId="shared-managed", ResourcePolicy=resource_policy)
        self.assertEqual(json.loads(self.sm.get_resource_policy(SecretId="shared")["ResourcePolicy"]),
                         json.loads(resource_policy))
        # both sides allow, and the key grants: the value crosses
        self.assertEqual(consumer.get_secret_value(SecretId=arn)["SecretString"], "cross")
        self.assertEqual(consumer.get_secret_value(SecretId=arn[:-7])["SecretString"], "cross")  # partial ARN
        # the resource policy alone is not enough across accounts
        e = self.error(bystander.get_secret_value, SecretId=arn)
        self.assertIn("no identity-based policy allows", e["Message"])
        # the account's aws/secretsmanager key cannot be used from another account
        e = self.error(consumer.get_secret_value, SecretId=managed_arn)
        self.assertIn("kms:Decrypt", e["Message"])
        # a name only resolves in the caller's own account
        e = self.error(consumer.get_secret_value, SecretId="shared")
        self.assertEqual(e["Code"], "ResourceNotFoundException")
        # a stack in the other account reads it through a dynamic reference, as its caller
        cfn = self.lc.client("cloudformation", "test")
        cfn.create_stack(StackName="cross-reader", TemplateBody=json.dumps({"Resources": {"P": {
            "Type": "AWS::SSM::Parameter", "Properties": {
                "Name": "/from/dev", "Type": "String", "Value": "{{resolve:secretsmanager:%s}}" % arn}}}}))
        self.assertEqual(wait_stack(cfn, "cross-reader")["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(self.lc.client("ssm", "test").get_parameter(Name="/from/dev")["Parameter"]["Value"], "cross")
        self.sm.delete_resource_policy(SecretId="shared")
        self.assertNotIn("ResourcePolicy", self.sm.get_resource_policy(SecretId="shared"))
        self.assertEqual(self.error(consumer.get_secret_value, SecretId=arn)["Code"], "AccessDeniedException")

    def test_tags_and_list_filters(self):
        self.sm.create_secret(Name="filter/alpha", SecretString="1", Description="Primary database",
                              Tags=[{"Key": "team", "Value": "blue"}])
        self.sm.create_secret(Name="filter/beta", SecretString="2", Tags=[{"Key": "team", "Value": "red"}])
        self.sm.create_secret(Name="other/gamma", SecretString="3")

        def names(**kw):
            return sorted(s["Name"] for s in self.sm.list_secrets(**kw)["SecretList"] if "/" in s["Name"] and
                          s["Name"].split("/")[0] in ("filter", "other"))

        self.assertEqual(names(Filters=[{"Key": "name", "Values": ["FILTER/"]}]), ["filter/alpha", "filter/beta"])
        self.assertEqual(names(Filters=[{"Key": "name", "Values": ["!filter/"]}]), ["other/gamma"])
        self.assertEqual(names(Filters=[{"Key": "tag-value", "Values": ["blue"]}]), ["filter/alpha"])
        self.assertEqual(names(Filters=[{"Key": "description", "Values": ["primary"]}]), ["filter/alpha"])
        self.assertEqual(names(Filters=[{"Key": "tag-key", "Values": ["team"]}, {"Key": "name", "Values": ["filter/b"]}]),
                         ["filter/beta"])
        self.sm.tag_resource(SecretId="other/gamma", Tags=[{"Key": "team", "Value": "blue"}])
        self.assertEqual(names(Filters=[{"Key": "tag-value", "Values": ["blue"]}]), ["filter/alpha", "other/gamma"])
        self.sm.untag_resource(SecretId="other/gamma", TagKeys=["team"])
        self.assertNotIn("Tags", self.sm.describe_secret(SecretId="other/gamma"))
        page = self.sm.list_secrets(MaxResults=1)
        self.assertEqual(len(page["SecretList"]), 1)
        self.assertIn("NextToken", page)
        _, out, _ = self.lc.aws("dev", "secretsmanager", "list-secrets", "--page-size", "1")
        self.assertGreaterEqual(len(out["SecretList"]), 3)
        # not in the model's enum of filter keys: ValidationException from the protocol layer
        e = self.error(self.sm.list_secrets, Filters=[{"Key": "bogus", "Values": ["x"]}])
        self.assertEqual(e["Code"], "ValidationException")

    def test_hostile_input_is_refused_and_nothing_breaks(self):
        self.sm.create_secret(Name="hostile-policy", SecretString="p")
        raw = Signer(self.lc, "dev")

        def call(op, body):
            return raw.json("secretsmanager", "secretsmanager." + op, body)

        cases = [
            ("GetSecretValue", b'{"SecretId":"' + b"a" * 3000 + b'"}'),
            ("CreateSecret", b'{"Name":"h1","SecretString":"x","ClientRequestToken":"short"}'),
            ("CreateSecret", b'{"Name":"h2","SecretString":' + b"[" * 48000 + b"]" * 48000 + b"}"),
            ("CreateSecret", b'{"Name":"h3","SecretString":"' + b"x" * 70000 + b'"}'),
            ("CreateSecret", b'{"Name":"h4","SecretBinary":"not base64!"}'),
            ("DeleteSecret", b'{"SecretId":"h1","RecoveryWindowInDays":100000000000000000000}'),
            ("GetRandomPassword", b'{"PasswordLength":-1}'),
            ("ListSecrets", b'{"NextToken":"o/99999999999999999999"}'),
            ("ListSecrets", b'{"Filters":[{"Key":"name","Values":[7]}]}'),
            ("PutResourcePolicy", b'{"SecretId":"hostile-policy","ResourcePolicy":"'
             + b'{\\"a\\":' * 5000 + b"1" + b"}" * 5000 + b'"}'),  # a policy nested past the parse limits
            ("GetSecretValue", b'{"SecretId":"arn:aws:secretsmanager:::secret:"}'),
        ]
        self.assert_refused(call, cases)
        for name in ("h1", "h2", "h3", "h4"):
            self.assertEqual(self.error(self.sm.describe_secret, SecretId=name)["Code"], "ResourceNotFoundException")
        valid = json.dumps({"Name": "fuzz", "SecretString": '{"k":"v"}', "Tags": [{"Key": "a", "Value": "b"}],
                            "ClientRequestToken": "b" * 32}).encode()
        self.assert_no_server_error(call, "CreateSecret", mutations(valid, 150, seed=23))
        self.assertNotIn("ResourcePolicy", self.sm.get_resource_policy(SecretId="hostile-policy"))  # nothing stored
        self.sm.create_secret(Name="after-fuzz", SecretString="ok")
        self.assertEqual(self.sm.get_secret_value(SecretId="after-fuzz")["SecretString"], "ok")

    def test_secret_provider_and_dynamic_references(self):
        cfn = self.lc.client("cloudformation", "dev")
        ssm = self.lc.client("ssm", "dev")
        ssm.put_parameter(Name="/plain", Value="plain-v1", Type="String")
        ssm.put_parameter(Name="/plain", Value="plain-v2", Type="String", Overwrite=True)
        ssm.put_parameter(Name="/secure", Value="secure-value-42", Type="SecureString")
        versioned = self.sm.create_secret(Name="versioned", SecretString="first")["ARN"]
        second = self.sm.put_secret_value(SecretId="versioned", SecretString="second")["VersionId"]
        self.sm.put_secret_value(SecretId="versioned", SecretString="third")
        template = {"Resources": {
            "Db": {"Type": "AWS::SecretsManager::Secret", "Properties": {
                "Name": "stack/db", "Description": "from a stack",
                "GenerateSecretString": {"SecretStringTemplate": '{"username":"admin"}', "GenerateStringKey": "password",
                                         "PasswordLength": 24, "ExcludeCharacters": "\"@/\\", "ExcludePunctuation": True}}},
            "Plain": {"Type": "AWS::SecretsManager::Secret", "Properties": {"SecretString": "literal"}},
            "Copy": {"Type": "AWS::SSM::Parameter", "DependsOn": "Db", "Properties": {
                "Name": "/copy/password", "Type": "String",
                "Value": "pw={{resolve:secretsmanager:stack/db:SecretString:password}};"
                         "user={{resolve:secretsmanager:stack/db:SecretString:username::}}"}},
            "FromSsm": {"Type": "AWS::SSM::Parameter", "Properties": {
                "Name": "/copy/ssm", "Type": "String",
                "Value": "{{resolve:ssm:/plain:1}}|{{resolve:ssm:/plain}}"}},
            "Versions": {"Type": "AWS::SSM::Parameter", "Properties": {
                "Name": "/copy/versions", "Type": "String",
                "Value": "{{resolve:secretsmanager:versioned}},{{resolve:secretsmanager:versioned:SecretString::AWSPREVIOUS}},"
                         "{{resolve:secretsmanager:%s:SecretString:::%s}},{{resolve:secretsmanager:%s}}"
                         % (versioned, second, versioned[:-7])}},
            "FromSecure": {"Type": "AWS::SecretsManager::Secret", "Properties": {
                "SecretString": "{{resolve:ssm-secure:/secure}}"}}},
            "Outputs": {"DbArn": {"Value": {"Ref": "Db"}}}}
        cfn.create_stack(StackName="secrets", TemplateBody=json.dumps(template))
        s = wait_stack(cfn, "secrets")
        self.assertEqual(s["StackStatus"], "CREATE_COMPLETE", cfn.describe_stack_events(StackName="secrets"))
        db_arn = s["Outputs"][0]["OutputValue"]
        self.assertRegex(db_arn, r":secret:stack/db-[A-Za-z0-9]{6}$")
        value = json.loads(self.sm.get_secret_value(SecretId=db_arn)["SecretString"])
        self.assertEqual(value["username"], "admin")
        self.assertEqual(len(value["password"]), 24)
        self.assertTrue(re.fullmatch(r"[A-Za-z0-9]+", value["password"]), value["password"])
        self.assertEqual(self.sm.describe_secret(SecretId=db_arn)["Description"], "from a stack")
        plain_arn = cfn.describe_stack_resource(StackName="secrets", LogicalResourceId="Plain")[
            "StackResourceDetail"]["PhysicalResourceId"]
        self.assertEqual(self.sm.get_secret_value(SecretId=plain_arn)["SecretString"], "literal")
        copy = ssm.get_parameter(Name="/copy/password")["Parameter"]["Value"]
        self.assertEqual(copy, f"pw={value['password']};user=admin")
        self.assertEqual(ssm.get_parameter(Name="/copy/ssm")["Parameter"]["Value"], "plain-v1|plain-v2")
        self.assertEqual(ssm.get_parameter(Name="/copy/versions")["Parameter"]["Value"], "third,second,second,third")
        from_secure = cfn.describe_stack_resource(StackName="secrets", LogicalResourceId="FromSecure")[
            "StackResourceDetail"]["PhysicalResourceId"]
        self.assertEqual(self.sm.get_secret_value(SecretId=from_secure)["SecretString"], "secure-value-42")
        # nothing the API returns holds a resolved value
        shown = json.dumps([cfn.describe_stack_events(StackName="secrets"), cfn.get_template(StackName="secrets"),
                            cfn.describe_stacks(StackName="secrets"),
                            cfn.describe_stack_resources(StackName="secrets"),
                            cfn.describe_stack_resource(StackName="secrets", LogicalResourceId="Copy"),
                            cfn.get_template_summary(StackName="secrets")], default=str)
        for secret in (value["password"], "secure-value-42", "plain-v1"):
            self.assertNotIn(secret, shown)
        self.assertIn("{{resolve:secretsmanager:stack/db:SecretString:password}}", shown)
        # nor in anything stored in cleartext: the stack's records keep the reference, the secret its ciphertext
        stored = self.stored_bytes()
        self.assertIn(b"{{resolve:ssm-secure:/secure}}", stored)
        self.assertNotIn(b"secure-value-42", stored)
        # a missing secret fails the resource with Secrets Manager's message
        bad = {"Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {
            "Type": "String", "Value": "{{resolve:secretsmanager:no-such-secret}}"}}}}
        cfn.create_stack(StackName="missing", TemplateBody=json.dumps(bad))
        self.assertEqual(wait_stack(cfn, "missing")["StackStatus"], "ROLLBACK_COMPLETE")
        reasons = [e.get("ResourceStatusReason", "") for e in cfn.describe_stack_events(StackName="missing")["StackEvents"]
                   if e["LogicalResourceId"] == "P" and e["ResourceStatus"] == "CREATE_FAILED"]
        self.assertEqual(len(reasons), 1)
        self.assertTrue(reasons[0].startswith("Secrets Manager can't find the specified secret. (Service: "
                                              "AWSSecretsManager; Status Code: 400; Error Code: "
                                              "ResourceNotFoundException;"), reasons[0])
        # a missing JSON key and a wrong reference kind fail too
        bad["Resources"]["P"]["Properties"]["Value"] = "{{resolve:secretsmanager:stack/db:SecretString:nokey}}"
        cfn.create_stack(StackName="nokey", TemplateBody=json.dumps(bad))
        self.assertEqual(wait_stack(cfn, "nokey")["StackStatus"], "ROLLBACK_COMPLETE")
        bad["Resources"]["P"]["Properties"]["Value"] = "{{resolve:ssm:/secure}}"
        cfn.create_stack(StackName="notsecure", TemplateBody=json.dumps(bad))
        self.assertEqual(wait_stack(cfn, "notsecure")["StackStatus"], "ROLLBACK_COMPLETE")

        # resolved as the stack's role: a role without secretsmanager:GetSecretValue fails the resource
        iam = self.lc.client("iam", "dev")
        iam.create_role(RoleName="cfn-limited", AssumeRolePolicyDocument=CFN_TRUST)
        iam.put_role_policy(RoleName="cfn-limited", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "ssm:*", "Resource": "*"}))
        role_stack = {"Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {
            "Type": "String", "Value": "{{resolve:secretsmanager:stack/db:SecretString:password}}"}}}}
        cfn.create_stack(StackName="as-role", TemplateBody=json.dumps(role_stack),
                         RoleARN=f"arn:aws:iam::{DEV}:role/cfn-limited")
        self.assertEqual(wait_stack(cfn, "as-role")["StackStatus"], "ROLLBACK_COMPLETE")
        reason = [e.get("ResourceStatusReason", "") for e in cfn.describe_stack_events(StackName="as-role")["StackEvents"]
                  if e["ResourceStatus"] == "CREATE_FAILED"][0]
        self.assertIn("cfn-limited", reason)
        self.assertIn("secretsmanager:GetSecretValue", reason)

        # update: the secret's new value and tags; delete removes the secrets without a recovery window
        template["Resources"]["Plain"]["Properties"] = {"SecretString": "literal-2", "Tags": [{"Key": "k", "Value": "v"}]}
        cfn.update_stack(StackName="secrets", TemplateBody=json.dumps(template))
        self.assertEqual(wait_stack(cfn, "secrets")["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(self.sm.get_secret_value(SecretId=plain_arn)["SecretString"], "literal-2")
        self.assertEqual(self.sm.describe_secret(SecretId=plain_arn)["Tags"], [{"Key": "k", "Value": "v"}])
        cfn.delete_stack(StackName="secrets")
        wait_stack(cfn, s["StackId"])
        self.assertEqual(self.error(self.sm.describe_secret, SecretId="stack/db")["Code"], "ResourceNotFoundException")


class RestartTest(unittest.TestCase):
    def test_secrets_survive_a_restart(self):
        first = LocalCloud().start()
        try:
            sm = first.client("secretsmanager", "dev")
            arn = sm.create_secret(Name="durable", SecretString="v1")["ARN"]
            sm.put_secret_value(SecretId="durable", SecretString="v2")
            first.stop()
            second = LocalCloud(data_dir=first.data_dir).start()
            try:
                sm = second.client("secretsmanager", "dev")
                self.assertEqual(sm.get_secret_value(SecretId=arn)["SecretString"], "v2")
                self.assertEqual(sm.get_secret_value(SecretId=arn, VersionStage="AWSPREVIOUS")["SecretString"], "v1")
            finally:
                second.cleanup()
        finally:
            first.cleanup()


if __name__ == "__main__":
    unittest.main()
