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
from lc_fixture import ACCOUNTS, LocalCloud, trust  # noqa: E402

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

    # --- Query protocol (STS, IAM, SNS): ValidationError, InvalidParameterValue for a wrong type -----
    def test_sts_validation(self):
        sts = self.raw("sts")
        self.assertEqual(sts.get_caller_identity()["Account"], DEV)
        role = f"arn:aws:iam::{DEV}:role/codec-sts"
        self.lc.client("iam", "dev").create_role(RoleName="codec-sts", AssumeRolePolicyDocument=trust(
            f"arn:aws:iam::{DEV}:root"))
        self.assertEqual(self.refused(sts.assume_role, RoleArn=role),
                         ("ValidationError", "1 validation error detected: Value null at 'roleSessionName' failed to "
                                             "satisfy constraint: Member must not be null"))
        self.assertEqual(self.refused(sts.assume_role, RoleArn=role, RoleSessionName="ss", DurationSeconds=100),
                         ("ValidationError", "1 validation error detected: Value '100' at 'durationSeconds' failed "
                                             "to satisfy constraint: Member must have value greater than or equal "
                                             "to 900"))
        self.assertEqual(self.refused(sts.assume_role, RoleArn=role, RoleSessionName="ss", DurationSeconds="long"),
                         ("InvalidParameterValue", "Value long for parameter DurationSeconds is invalid: it is not "
                                                   "a integer."))
        self.assertIn("at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or "
                      "equal to 2", self.refused(sts.assume_role, RoleArn=role, RoleSessionName="s")[1])
        creds = sts.assume_role(RoleArn=role, RoleSessionName="codec", DurationSeconds=900)["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        self.assertIsNotNone(creds["Expiration"].tzinfo)

    def test_sns_operations_and_validation(self):
        sns = self.raw("sns")
        arn = sns.create_topic(Name="codec-topic", Attributes={"DisplayName": "Codec"},
                               Tags=[{"Key": "team", "Value": "a"}])["TopicArn"]
        self.assertEqual(arn, f"arn:aws:sns:ap-southeast-2:{DEV}:codec-topic")
        attrs = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
        self.assertEqual(attrs["DisplayName"], "Codec")
        self.assertEqual(attrs["SubscriptionsConfirmed"], "0")
        sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="Renamed")
        self.assertEqual(sns.get_topic_attributes(TopicArn=arn)["Attributes"]["DisplayName"], "Renamed")
        self.assertIn(arn, [t["TopicArn"] for t in sns.list_topics()["Topics"]])
        self.assertEqual(self.refused(sns.create_topic),
                         ("ValidationError", "1 validation error detected: Value null at 'name' failed to satisfy "
                                             "constraint: Member must not be null"))
        self.assertIn("Value null at 'protocol'", self.refused(sns.subscribe, TopicArn=arn)[1])
        self.assertIn("at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or "
                      "equal to 256", self.refused(sns.create_topic, Name="t2",
                                                   Tags=[{"Key": "k", "Value": "v" * 257}])[1])
        self.assertNotIn("t2", json.dumps(sns.list_topics()["Topics"]))
        sns.delete_topic(TopicArn=arn)

    def test_iam_validation(self):
        iam = self.raw("iam")
        self.assertEqual(self.refused(iam.get_role, RoleName="r" * 65),
                         ("ValidationError", "1 validation error detected: Value '" + "r" * 65 + "' at 'roleName' "
                                             "failed to satisfy constraint: Member must have length less than or "
                                             "equal to 64"))
        self.assertIn("Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must have value "
                      "greater than or equal to 3600",
                      self.refused(iam.create_role, RoleName="codec-short", MaxSessionDuration=100,
                                   AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))[1])
        self.assertIn("Value null at 'assumeRolePolicyDocument'", self.refused(iam.create_role, RoleName="codec-r")[1])
        self.assertIn("at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
                      self.refused(iam.list_policies, Scope="Mine")[1])
        self.assertEqual(self.refused(iam.list_roles, MaxItems="many")[0], "InvalidParameterValue")
        with self.assertRaises(iam.exceptions.NoSuchEntityException):
            iam.get_role(RoleName="codec-short")

    # --- S3 (REST-XML, routed by hand): a query parameter that is no integer -----------------------
    def test_s3_max_keys_must_be_an_integer(self):
        s3 = self.raw("s3")
        s3.create_bucket(Bucket="codec-bucket", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"})
        self.assertEqual(self.refused(s3.list_objects_v2, Bucket="codec-bucket", MaxKeys="many"),
                         ("InvalidArgument", "Provided max-keys not an integer or within integer range"))
        self.assertEqual(s3.list_objects_v2(Bucket="codec-bucket", MaxKeys=5)["KeyCount"], 0)


if __name__ == "__main__":
    unittest.main()
