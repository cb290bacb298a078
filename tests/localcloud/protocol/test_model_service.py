"""The model-driven protocol layer (src/localcloud/protocol/model_service.cpp) over real HTTP: every service
on it refuses input its botocore model forbids (a missing required member, a wrong type, a length or
value out of range, a value outside an enum) with AWS's code and message shape in its protocol, as
botocore parses them, before anything is stored; and serves its operations through the same codec.

boto3 clients here skip botocore's own parameter validation so that the invalid input reaches the server.
"""
import json
import os
import sys
import unittest

import botocore.config
import botocore.exceptions

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import ACCOUNTS, LocalCloud  # noqa: E402

DEV = ACCOUNTS["dev"]


class ModelServiceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def raw(self, service):
        """A boto3 client without client-side validation."""
        cfg = botocore.config.Config(retries={"max_attempts": 1}, parameter_validation=False)
        return self.lc.session("dev").client(service, endpoint_url=self.lc.endpoint, config=cfg)

    def refused(self, call, **kw):
        with self.assertRaises(botocore.exceptions.ClientError) as e:
            call(**kw)
        err = e.exception.response["Error"]
        self.assertEqual(e.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400, err)
        return err["Code"], err["Message"]

    # --- JSON protocol (SSM, KMS, ECR): ValidationException, Coral's message -------------------------
    def test_ssm_validation(self):
        ssm = self.raw("ssm")
        self.assertEqual(self.refused(ssm.put_parameter, Value="v", Type="String"),
                         ("ValidationException", "1 validation error detected: Value null at 'name' failed to "
                                                 "satisfy constraint: Member must not be null"))
        self.assertEqual(self.refused(ssm.put_parameter, Name="x" * 2049, Value="v"),
                         ("ValidationException", "1 validation error detected: Value '" + "x" * 2049 +
                          "' at 'name' failed to satisfy constraint: Member must have length less than or equal "
                          "to 2048"))
        self.assertEqual(self.refused(ssm.put_parameter, Name="/p", Value="v", Type="Blob"),
                         ("ValidationException", "1 validation error detected: Value 'Blob' at 'type' failed to "
                                                 "satisfy constraint: Member must satisfy enum value set: "
                                                 "[String, StringList, SecureString]"))
        code, message = self.refused(ssm.put_parameter, Name="/p", Value="v", Overwrite="yes")
        self.assertEqual(code, "SerializationException")
        # Several violations are counted and joined, in member order.
        code, message = self.refused(ssm.put_parameter, Type="Blob")
        self.assertEqual(code, "ValidationException")
        self.assertTrue(message.startswith("3 validation errors detected: Value null at 'name' failed"), message)
        self.assertIn("; Value 'Blob' at 'type' failed", message)
        self.assertIn("; Value null at 'value' failed", message)
        # Ranges, and members of list items, are named by their path.
        self.assertIn("at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
                      self.refused(ssm.describe_parameters, MaxResults=51)[1])
        self.assertIn("at 'parameterFilters.1.member.key' failed to satisfy constraint: Member must not be null",
                      self.refused(ssm.describe_parameters, ParameterFilters=[{"Values": ["a"]}])[1])
        # Nothing refused was stored.
        with self.assertRaises(ssm.exceptions.ParameterNotFound):
            ssm.get_parameter(Name="/p")

    def test_kms_validation_and_blobs(self):
        kms = self.raw("kms")
        key = kms.create_key(Description="codec")["KeyMetadata"]
        self.assertEqual(key["Description"], "codec")
        self.assertEqual(key["KeyState"], "Enabled")
        self.assertIn("CreationDate", key)
        self.assertEqual(self.refused(kms.generate_data_key, KeyId=key["KeyId"], NumberOfBytes=2000),
                         ("ValidationException", "1 validation error detected: Value '2000' at 'numberOfBytes' "
                                                 "failed to satisfy constraint: Member must have value less than "
                                                 "or equal to 1024"))
        self.assertIn("at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to "
                      "4096", self.refused(kms.encrypt, KeyId=key["KeyId"], Plaintext=b"x" * 4097)[1])
        self.assertIn("Member must satisfy enum value set", self.refused(kms.create_key, KeyUsage="SIGN_EVERYTHING")[1])
        self.assertIn("Value null at 'keyId'", self.refused(kms.describe_key)[1])
        # Blobs are bytes on both sides of the codec: what is encrypted decrypts to the same bytes.
        blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"\x00\xffsecret")["CiphertextBlob"]
        self.assertEqual(kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"\x00\xffsecret")

    def test_ecr_operations_and_validation(self):
        ecr = self.raw("ecr")
        repo = ecr.create_repository(repositoryName="codec-repo", imageTagMutability="IMMUTABLE")["repository"]
        self.assertEqual(repo["repositoryUri"].split("/")[-1], "codec-repo")
        self.assertEqual(repo["imageTagMutability"], "IMMUTABLE")
        self.assertIn("createdAt", repo)
        names = [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]]
        self.assertIn("codec-repo", names)
        policy = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{DEV}:root"}, "Action": "ecr:*"}]})
        ecr.set_repository_policy(repositoryName="codec-repo", policyText=policy)
        self.assertEqual(json.loads(ecr.get_repository_policy(repositoryName="codec-repo")["policyText"]),
                         json.loads(policy))
        self.assertEqual(self.refused(ecr.create_repository, repositoryName="a"),
                         ("ValidationException", "1 validation error detected: Value 'a' at 'repositoryName' failed "
                                                 "to satisfy constraint: Member must have length greater than or "
                                                 "equal to 2"))
        self.assertIn("at 'imageTagMutability' failed to satisfy constraint: Member must satisfy enum value set",
                      self.refused(ecr.create_repository, repositoryName="bad-enum", imageTagMutability="SOMETIMES")[1])
        self.assertEqual(self.refused(ecr.describe_repositories, maxResults="ten")[0], "SerializationException")
        self.assertNotIn("bad-enum", [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]])
        ecr.delete_repository(repositoryName="codec-repo")

    # --- JSON with Query compatibility (SQS): MissingParameter, InvalidParameterValue ---------------
    def test_sqs_operations_and_validation(self):
        sqs = self.raw("sqs")
        url = sqs.create_queue(QueueName="codec-q", Attributes={"VisibilityTimeout": "45"},
                               tags={"team": "a"})["QueueUrl"]
        self.assertTrue(url.endswith("/codec-q"), url)
        self.assertEqual(sqs.get_queue_url(QueueName="codec-q")["QueueUrl"], url)
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]
        self.assertEqual(attrs, {"VisibilityTimeout": "45"})
        self.assertEqual(sqs.list_queue_tags(QueueUrl=url)["Tags"], {"team": "a"})
        self.assertIn(url, sqs.list_queues(QueueNamePrefix="codec")["QueueUrls"])
        self.assertEqual(self.refused(sqs.create_queue),
                         ("MissingParameter", "The request must contain the parameter QueueName."))
        code, message = self.refused(sqs.get_queue_attributes, QueueUrl=url, AttributeNames=["Colour"])
        self.assertEqual(code, "InvalidParameterValue")
        self.assertTrue(message.startswith("Value Colour for parameter AttributeNames is invalid. Reason: Member "
                                           "must satisfy enum value set: ["), message)
        self.assertEqual(self.refused(sqs.list_queues, MaxResults="ten")[0], "SerializationException")
        sqs.delete_queue(QueueUrl=url)


if __name__ == "__main__":
    unittest.main()
