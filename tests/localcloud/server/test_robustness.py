"""Robustness over real HTTP (issue 21): requests that used to kill or wedge the whole server. Each must be
answered with that request's AWS error, the server must keep serving every account, and a failed request
must leave the state as it was."""
import json
import time
import unittest

import botocore.exceptions

from lc_fixture import LocalCloud, trust
from lc_raw import Signer, body_of, request_bytes, send_raw

DEEP = 48000  # ~95 KB of brackets: overflowed the stack (SIGSEGV) of whatever walked the parsed document


def deep_json():
    return "[" * DEEP + "]" * DEEP


class RobustnessTest(unittest.TestCase):
    # One server per test, so that each defect is shown on its own (a wedged store fails every later test).
    def setUp(self):
        self.lc = LocalCloud().start()
        self.dev = Signer(self.lc, "dev")
        self.lc.client("s3", "dev").create_bucket(Bucket="robust-bucket",
                                                   CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"})

    def tearDown(self):
        self.lc.cleanup()

    def assert_alive(self):
        """The server is up and serves every account (nothing wedged: no 500 StoreError)."""
        self.assertIsNone(self.lc.proc.poll(), "localcloud died")
        for profile in ("dev", "test", "prod"):
            ssm = self.lc.client("ssm", profile)
            ssm.put_parameter(Name="/alive", Value=profile, Type="String", Overwrite=True)
            self.assertEqual(ssm.get_parameter(Name="/alive")["Parameter"]["Value"], profile)
        self.lc.client("s3", "dev").put_object(Bucket="robust-bucket", Key="alive", Body=b"ok")

    def assert_code(self, raw, status, code):
        self.assertIn(f"HTTP/1.1 {status} ".encode(), raw[:16], raw[:400])
        self.assertIn(code.encode(), raw, raw[:400])

    def test_invalid_utf8_in_authorization_header_to_a_json_service(self):
        for target in ("AmazonSSM.GetParameter", "TrentService.ListKeys"):
            data = request_bytes("POST", "/", {"host": f"127.0.0.1:{self.lc.port}",
                                               "content-type": "application/x-amz-json-1.1", "x-amz-target": target,
                                               "authorization": b"AWS4-HMAC-SHA256 Credential=\xff\xfe/x, Sig\xc0"},
                                 b"{}")
            status, raw = send_raw(self.lc.port, data)
            self.assertEqual(status, 400, raw[:300])
            json.loads(body_of(raw))  # a well-formed JSON error body
        self.assert_alive()

    def test_deeply_nested_json_in_ssm_tags(self):
        body = '{"Name":"/deep","Value":"v","Type":"String","Tags":' + deep_json() + "}"
        status, raw = self.dev.json("ssm", "AmazonSSM.PutParameter", body)
        self.assert_code(raw, 400, "SerializationException")
        self.assert_alive()

    def test_deeply_nested_policies(self):
        s3 = self.lc.client("s3", "dev")
        with self.assertRaises(botocore.exceptions.ClientError) as e:
            s3.put_bucket_policy(Bucket="robust-bucket", Policy='{"Statement":' + deep_json() + "}")
        self.assertEqual(e.exception.response["Error"]["Code"], "MalformedPolicy")
        with self.assertRaises(botocore.exceptions.ClientError) as e:
            self.lc.client("kms", "dev").create_key(Policy='{"Statement":' + deep_json() + "}")
        self.assertEqual(e.exception.response["Error"]["Code"], "MalformedPolicyDocumentException")
        with self.assertRaises(botocore.exceptions.ClientError) as e:
            self.lc.client("iam", "dev").create_policy(PolicyName="deep",
                                                       PolicyDocument='{"Statement":' + deep_json() + "}")
        self.assertEqual(e.exception.response["Error"]["Code"], "MalformedPolicyDocument")
        self.assert_alive()

    def test_deeply_nested_template(self):
        cfn = self.lc.client("cloudformation", "dev")
        template = '{"Resources":{"A":{"Type":"AWS::SSM::Parameter","Properties":{"Value":' + deep_json() + "}}}}"
        # As a TemplateBody (boto3 checks no length) and, deeper than YAML's own guard, as flow YAML.
        for body in (template, "Resources:\n  A:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: " +
                     deep_json() + "\n"):
            with self.assertRaises(botocore.exceptions.ClientError) as e:
                cfn.create_stack(StackName="deep", TemplateBody=body)
            self.assertEqual(e.exception.response["Error"]["Code"], "ValidationError")
        self.assert_alive()

    def test_s3_key_that_is_not_utf8_is_refused_and_wedges_nothing(self):
        status, raw = self.dev.send("s3", "PUT", "/robust-bucket/a%FFb", body=b"x")
        self.assert_code(raw, 400, "InvalidURI")
        status, raw = self.dev.send("s3", "GET", "/robust-bucket/a%FFb")
        self.assert_code(raw, 400, "InvalidURI")
        self.assert_alive()

    def test_bad_character_reference_in_delete_objects_deletes_nothing(self):
        s3 = self.lc.client("s3", "dev")
        s3.put_object(Bucket="robust-bucket", Key="keep", Body=b"kept")
        body = (b'<?xml version="1.0" encoding="UTF-8"?><Delete><Object><Key>keep</Key></Object>'
                b"<Object><Key>a&#zz;b</Key></Object></Delete>")
        import base64
        import hashlib
        md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
        status, raw = self.dev.send("s3", "POST", "/robust-bucket", query="delete=",
                                    headers={"content-md5": md5, "content-type": "application/xml"}, body=body)
        self.assert_code(raw, 400, "MalformedXML")
        self.assertEqual(s3.get_object(Bucket="robust-bucket", Key="keep")["Body"].read(), b"kept")
        self.assert_alive()

    def test_template_property_that_is_no_integer_fails_the_stack_not_the_server(self):
        # MaxSessionDuration "abc" made std::stoi throw on a CloudFormation worker thread: std::terminate.
        cfn = self.lc.client("cloudformation", "dev")
        role = {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": json.loads(trust("arn:aws:iam::111111111111:root")),
            "MaxSessionDuration": "abc"}}
        cfn.create_stack(StackName="bad-int", TemplateBody=json.dumps({"Resources": {"R": role}}),
                         Capabilities=["CAPABILITY_IAM"])
        deadline = time.time() + 30
        status = "CREATE_IN_PROGRESS"
        while status.endswith("IN_PROGRESS") and time.time() < deadline:
            self.assertIsNone(self.lc.proc.poll(), "localcloud died")
            time.sleep(0.2)
            status = cfn.describe_stacks(StackName="bad-int")["Stacks"][0]["StackStatus"]
        self.assertEqual(status, "ROLLBACK_COMPLETE")
        events = cfn.describe_stack_events(StackName="bad-int")["StackEvents"]
        reasons = [e.get("ResourceStatusReason", "") for e in events if e["LogicalResourceId"] == "R"]
        self.assertTrue(any("maxSessionDuration" in r for r in reasons), reasons)
        self.assert_alive()

    def test_query_parameter_that_is_not_utf8(self):
        status, raw = self.dev.query("iam", b"Action=CreateUser&Version=2010-05-08&UserName=a%FFb")
        self.assert_code(raw, 400, "MalformedQueryString")
        self.assert_alive()


if __name__ == "__main__":
    unittest.main(verbosity=2)
