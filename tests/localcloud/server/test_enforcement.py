"""Negative and positive tests of every enforcement, driven with the AWS CLI v2 and boto3 only."""
import datetime
import json
import sqlite3
import unittest
import urllib.error
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.exceptions

from lc_fixture import ACCOUNTS, LocalCloud, policy, trust

DEV, TEST, BUILD = ACCOUNTS["dev"], ACCOUNTS["test"], ACCOUNTS["build"]


def code_of(call):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"].get("Message", "")
    return None, ""


class EnforcementTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        lc = cls.lc
        # A deploy role in dev trusting the build account (as `cdk bootstrap --trust 999999999999` does).
        lc.aws("dev", "iam", "create-role", "--role-name", "deploy",
               "--assume-role-policy-document", trust(f"arn:aws:iam::{BUILD}:root"))
        lc.aws("dev", "iam", "put-role-policy", "--role-name", "deploy", "--policy-name", "p",
               "--policy-document", policy({"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                                            "Resource": "*"}))
        lc.aws("dev", "s3api", "create-bucket", "--bucket", "dev-enforce",
               "--create-bucket-configuration", "LocationConstraint=ap-southeast-2")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def test_trusted_account_can_assume_role(self):
        rc, out, _ = self.lc.aws("build", "sts", "assume-role", "--role-arn", f"arn:aws:iam::{DEV}:role/deploy",
                                 "--role-session-name", "pipeline")
        self.assertEqual(rc, 0)
        self.assertTrue(out["Credentials"]["AccessKeyId"].startswith("ASIA"))
        creds = self.lc.assume("build", f"arn:aws:iam::{DEV}:role/deploy")
        who = self.lc.client("sts", **creds).get_caller_identity()
        self.assertEqual(who["Account"], DEV)
        self.assertEqual(who["Arn"], f"arn:aws:sts::{DEV}:assumed-role/deploy/test")

    def test_fails_when_untrusted_account_assumes_role(self):
        rc, _, err = self.lc.aws("test", "sts", "assume-role", "--role-arn", f"arn:aws:iam::{DEV}:role/deploy",
                                 "--role-session-name", "xx", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("AccessDenied", err)
        self.assertIn(f"arn:aws:iam::{TEST}:user/admin is not authorized to perform: sts:AssumeRole", err)

    def test_fails_when_external_id_is_sent_to_a_role_that_denies_it(self):
        self.lc.aws("dev", "iam", "create-role", "--role-name", "no-extid", "--assume-role-policy-document",
                    trust(f"arn:aws:iam::{BUILD}:root", condition={"Null": {"sts:ExternalId": "true"}}))
        arn = f"arn:aws:iam::{DEV}:role/no-extid"
        sts = self.lc.client("sts", "build")
        self.assertEqual(code_of(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="ss", ExternalId="ext-id"))[0],
                         "AccessDenied")
        self.assertIn("Credentials", sts.assume_role(RoleArn=arn, RoleSessionName="ss"))

    def test_fails_when_role_lacks_put_object(self):
        creds = self.lc.assume("build", f"arn:aws:iam::{DEV}:role/deploy")
        s3 = self.lc.client("s3", **creds)
        code, message = code_of(lambda: s3.put_object(Bucket="dev-enforce", Key="k", Body=b"x"))
        self.assertEqual(code, "AccessDenied")
        self.assertIn("s3:PutObject", message)
        self.assertIn("no identity-based policy allows", message)

    def test_fails_when_bucket_policy_deny_wins_over_admin(self):
        lc = self.lc
        lc.aws("dev", "s3api", "create-bucket", "--bucket", "dev-denied",
               "--create-bucket-configuration", "LocationConstraint=ap-southeast-2")
        s3 = lc.client("s3", "dev")
        s3.put_object(Bucket="dev-denied", Key="before", Body=b"ok")
        lc.aws("dev", "s3api", "put-bucket-policy", "--bucket", "dev-denied", "--policy", policy(
            {"Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{DEV}:root"}, "Action": "s3:PutObject",
             "Resource": "arn:aws:s3:::dev-denied/*"}))
        code, message = code_of(lambda: s3.put_object(Bucket="dev-denied", Key="after", Body=b"x"))
        self.assertEqual(code, "AccessDenied")
        self.assertIn("explicit deny in a resource-based policy", message)
        self.assertEqual(s3.get_object(Bucket="dev-denied", Key="before")["Body"].read(), b"ok")

    def test_cross_account_put_needs_the_bucket_policy(self):
        lc = self.lc
        lc.aws("dev", "s3api", "create-bucket", "--bucket", "dev-shared",
               "--create-bucket-configuration", "LocationConstraint=ap-southeast-2")
        other = lc.client("s3", "test")
        self.assertEqual(code_of(lambda: other.put_object(Bucket="dev-shared", Key="k", Body=b"x"))[0], "AccessDenied")
        lc.client("s3", "dev").put_bucket_policy(Bucket="dev-shared", Policy=policy(
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{TEST}:root"}, "Action": "s3:PutObject",
             "Resource": "arn:aws:s3:::dev-shared/*"}))
        other.put_object(Bucket="dev-shared", Key="k", Body=b"x")

    def test_fails_when_kms_key_policy_lacks_the_readers_account(self):
        lc = self.lc
        kms = lc.client("kms", "dev")
        key = kms.create_key(Description="artifacts")["KeyMetadata"]
        lc.aws("dev", "s3api", "create-bucket", "--bucket", "dev-artifacts",
               "--create-bucket-configuration", "LocationConstraint=ap-southeast-2")
        s3 = lc.client("s3", "dev")
        s3.put_bucket_policy(Bucket="dev-artifacts", Policy=policy(
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{TEST}:root"}, "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::dev-artifacts/*"}))
        put = s3.put_object(Bucket="dev-artifacts", Key="a.zip", Body=b"artifact", ServerSideEncryption="aws:kms",
                            SSEKMSKeyId=key["Arn"])
        self.assertEqual(put["ServerSideEncryption"], "aws:kms")
        reader = lc.client("s3", "test")
        code, message = code_of(lambda: reader.get_object(Bucket="dev-artifacts", Key="a.zip"))
        self.assertEqual(code, "AccessDeniedException")
        self.assertIn("kms:Decrypt", message)
        # Granting the reader's account in the key policy (as crossAccountKeys does) opens the read.
        kms.put_key_policy(KeyId=key["KeyId"], PolicyName="default", Policy=policy(
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{DEV}:root"}, "Action": "kms:*", "Resource": "*"},
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{TEST}:root"}, "Action": "kms:Decrypt",
             "Resource": "*"}))
        self.assertEqual(reader.get_object(Bucket="dev-artifacts", Key="a.zip")["Body"].read(), b"artifact")
        # Direct KMS use follows the same key policy.
        blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"s")["CiphertextBlob"]
        self.assertEqual(lc.client("kms", "test").decrypt(CiphertextBlob=blob)["Plaintext"], b"s")
        self.assertEqual(code_of(lambda: lc.client("kms", "prod").decrypt(CiphertextBlob=blob))[0],
                         "AccessDeniedException")

    def test_fails_with_wrong_secret(self):
        good = self.lc.credentials["dev"]
        sts = self.lc.client("sts", key=good["aws_access_key_id"], secret="x" * 40)
        self.assertEqual(code_of(sts.get_caller_identity)[0], "SignatureDoesNotMatch")
        s3 = self.lc.client("s3", key=good["aws_access_key_id"], secret="x" * 40)
        self.assertEqual(code_of(s3.list_buckets)[0], "SignatureDoesNotMatch")
        ssm = self.lc.client("ssm", key=good["aws_access_key_id"], secret="x" * 40)
        self.assertEqual(code_of(lambda: ssm.get_parameter(Name="x"))[0], "InvalidSignatureException")

    def test_fails_with_unknown_access_key(self):
        self.assertEqual(code_of(self.lc.client("sts", key="AKIAUNKNOWN000000000", secret="s").get_caller_identity)[0],
                         "InvalidClientTokenId")
        self.assertEqual(code_of(self.lc.client("s3", key="AKIAUNKNOWN000000000", secret="s").list_buckets)[0],
                         "InvalidAccessKeyId")
        rc, _, err = self.lc.aws("dev", "sts", "get-caller-identity", check=False)
        self.assertEqual(rc, 0, err)

    def test_fails_with_tampered_signature(self):
        c = self.lc.credentials["dev"]
        creds = botocore.credentials.Credentials(c["aws_access_key_id"], c["aws_secret_access_key"])
        req = botocore.awsrequest.AWSRequest(method="POST", url=self.lc.endpoint + "/",
                                             data="Action=GetCallerIdentity&Version=2011-06-15",
                                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        botocore.auth.SigV4Auth(creds, "sts", "ap-southeast-2").add_auth(req)
        prepared = req.prepare()

        def send(body, headers):
            r = urllib.request.Request(prepared.url, data=body.encode(), headers=headers, method="POST")
            try:
                with urllib.request.urlopen(r) as resp:
                    return resp.status, resp.read().decode()
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode()

        headers = dict(prepared.headers)
        self.assertEqual(send("Action=GetCallerIdentity&Version=2011-06-15", headers)[0], 200)
        status, body = send("Action=GetCallerIdentity&Version=2011-06-16", headers)
        self.assertEqual(status, 403)
        self.assertIn("<Code>SignatureDoesNotMatch</Code>", body)
        tampered = dict(headers)
        tampered["Authorization"] = headers["Authorization"][:-4] + "0000"
        status, body = send("Action=GetCallerIdentity&Version=2011-06-15", tampered)
        self.assertEqual(status, 403)
        self.assertIn("SignatureDoesNotMatch", body)

    def test_fails_with_expired_session_token(self):
        creds = self.lc.assume("build", f"arn:aws:iam::{DEV}:role/deploy", session_name="soon-expired")
        sts = self.lc.client("sts", **creds)
        sts.get_caller_identity()
        # Move the issued credentials' expiry into the past, as time would.
        db = sqlite3.connect(self.lc.data_dir + "/state.db", timeout=10)
        db.execute("UPDATE entities SET doc=json_set(doc, '$.Expiration', 1) WHERE kind='accesskey' AND name=?",
                   (creds["key"],))
        db.commit()
        db.close()
        self.assertEqual(code_of(sts.get_caller_identity)[0], "ExpiredToken")
        self.assertEqual(code_of(self.lc.client("s3", **creds).list_buckets)[0], "ExpiredToken")
        self.assertEqual(code_of(lambda: self.lc.client("ssm", **creds).get_parameter(Name="x"))[0],
                         "ExpiredTokenException")

    def test_fails_with_session_key_but_no_token(self):
        creds = self.lc.assume("build", f"arn:aws:iam::{DEV}:role/deploy")
        sts = self.lc.client("sts", key=creds["key"], secret=creds["secret"])
        self.assertEqual(code_of(sts.get_caller_identity)[0], "InvalidClientTokenId")

    def test_fails_when_request_time_is_skewed(self):
        original = botocore.auth.get_current_datetime
        botocore.auth.get_current_datetime = lambda *a, **k: original(*a, **k) - datetime.timedelta(minutes=20)
        try:
            self.assertEqual(code_of(self.lc.client("sts", "dev").get_caller_identity)[0], "SignatureDoesNotMatch")
            self.assertEqual(code_of(self.lc.client("s3", "dev").list_buckets)[0], "RequestTimeTooSkewed")
        finally:
            botocore.auth.get_current_datetime = original

    def test_session_duration_limits_and_role_chaining(self):
        lc = self.lc
        lc.aws("dev", "iam", "create-role", "--role-name", "chain", "--max-session-duration", "7200",
               "--assume-role-policy-document", trust(f"arn:aws:iam::{BUILD}:root", f"arn:aws:iam::{DEV}:root"))
        arn = f"arn:aws:iam::{DEV}:role/chain"
        sts = lc.client("sts", "build")
        self.assertIn("Credentials", sts.assume_role(RoleArn=arn, RoleSessionName="aa", DurationSeconds=7200))
        code, message = code_of(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="aa", DurationSeconds=7201))
        self.assertEqual(code, "ValidationError")
        self.assertIn("MaxSessionDuration", message)
        # dev's deploy role session (chained) may not ask for more than an hour.
        lc.aws("dev", "iam", "put-role-policy", "--role-name", "deploy", "--policy-name", "assume",
               "--policy-document", policy({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}))
        first = lc.assume("build", f"arn:aws:iam::{DEV}:role/deploy")
        chained = lc.client("sts", **first)
        code, message = code_of(lambda: chained.assume_role(RoleArn=arn, RoleSessionName="bb", DurationSeconds=7200))
        self.assertEqual(code, "ValidationError")
        self.assertIn("role chaining", message)
        self.assertIn("Credentials", chained.assume_role(RoleArn=arn, RoleSessionName="bb", DurationSeconds=3600))

    def test_presigned_url_works_and_tampering_fails(self):
        s3 = self.lc.client("s3", "dev", signature_version="s3v4")  # localcloud speaks SigV4 only
        s3.put_object(Bucket="dev-enforce", Key="pre/signed.txt", Body=b"presigned")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "dev-enforce", "Key": "pre/signed.txt"},
                                        ExpiresIn=300)
        with urllib.request.urlopen(url) as r:
            self.assertEqual(r.read(), b"presigned")
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(url.replace("signed.txt", "signed.TXT"))
        self.assertEqual(e.exception.code, 403)

    def test_ssm_and_iam_stay_inside_the_account(self):
        lc = self.lc
        lc.client("ssm", "dev").put_parameter(Name="/cdk-bootstrap/q/version", Value="33", Type="String")
        self.assertEqual(code_of(lambda: lc.client("ssm", "test").get_parameter(Name="/cdk-bootstrap/q/version"))[0],
                         "ParameterNotFound")
        creds = lc.assume("build", f"arn:aws:iam::{DEV}:role/deploy")
        code, message = code_of(lambda: lc.client("ssm", **creds).get_parameter(Name="/cdk-bootstrap/q/version"))
        self.assertEqual(code, "AccessDeniedException")
        self.assertIn("ssm:GetParameter", message)
        self.assertEqual(code_of(lambda: lc.client("iam", **creds).create_role(
            RoleName="x", AssumeRolePolicyDocument=trust("*")))[0], "AccessDenied")


if __name__ == "__main__":
    unittest.main(verbosity=2)
