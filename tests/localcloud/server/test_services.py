"""Service behaviour over the wire with the AWS CLI v2 and boto3: S3 addressing styles and features,
SSM, IAM (users, groups and the golden integ_iam_users_and_groups app deployed), KMS, persistence across a restart,
and the control commands."""
import base64
import hashlib
import json
import os
import subprocess
import unittest
import urllib.error
import urllib.request
import zlib

import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials
import botocore.exceptions

from lc_fixture import ACCOUNTS, BIN, LocalCloud, trust

DEV = ACCOUNTS["dev"]


class ServicesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.s3 = cls.lc.client("s3", "dev")
        cls.s3.create_bucket(Bucket="svc-bucket", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"})

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def signed_get(self, host, path):
        c = self.lc.credentials["dev"]
        creds = botocore.credentials.Credentials(c["aws_access_key_id"], c["aws_secret_access_key"])
        req = botocore.awsrequest.AWSRequest(method="GET", url=f"http://{host}{path}")
        botocore.auth.S3SigV4Auth(creds, "s3", "ap-southeast-2").add_auth(req)
        headers = dict(req.prepare().headers)
        headers["Host"] = host
        r = urllib.request.Request(self.lc.endpoint + path, headers=headers)
        with urllib.request.urlopen(r) as resp:
            return resp.read()

    def test_s3_cli_copy_list_and_addressing_styles(self):
        lc = self.lc
        src = os.path.join(lc.tmp, "f.txt")
        with open(src, "w") as f:
            f.write("cli body")
        lc.aws("dev", "s3", "cp", src, "s3://svc-bucket/dir/f.txt", "--only-show-errors")
        _, out, _ = lc.aws("dev", "s3api", "list-objects-v2", "--bucket", "svc-bucket", "--prefix", "dir/")
        self.assertEqual([o["Key"] for o in out["Contents"]], ["dir/f.txt"])
        # virtual-hosted style and the https://s3.<region>.amazonaws.com/<bucket>/<key> form CloudFormation uses
        self.assertEqual(self.signed_get("svc-bucket.s3.ap-southeast-2.amazonaws.com", "/dir/f.txt"), b"cli body")
        self.assertEqual(self.signed_get("s3.ap-southeast-2.amazonaws.com", "/svc-bucket/dir/f.txt"), b"cli body")

    def chunked_put(self, key, payload, trailer):
        body = f"{len(payload):x}\r\n".encode() + payload + b"\r\n0\r\n" + trailer + b"\r\n"
        headers = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(payload)),
                   "x-amz-trailer": "x-amz-checksum-crc32", "Content-Length": str(len(body))}
        checksum = {"request_algorithm": {"in": "trailer", "algorithm": "crc32"}}
        return self.signed("PUT", f"/svc-bucket/{key}", body, headers, checksum,
                           expect_sha256="STREAMING-UNSIGNED-PAYLOAD-TRAILER")

    def signed(self, method, path, body=b"", headers=None, checksum=None, expect_sha256=None):
        """A path-style request signed as dev; returns (status, headers, body) whatever the status."""
        c = self.lc.credentials["dev"]
        creds = botocore.credentials.Credentials(c["aws_access_key_id"], c["aws_secret_access_key"])
        req = botocore.awsrequest.AWSRequest(method=method, url=f"{self.lc.endpoint}{path}", data=body,
                                             headers=headers or {})
        if checksum:
            req.context["checksum"] = checksum
        botocore.auth.S3SigV4Auth(creds, "s3", "ap-southeast-2").add_auth(req)
        prepared = req.prepare()
        if expect_sha256:
            self.assertEqual(prepared.headers["X-Amz-Content-SHA256"], expect_sha256)
        r = urllib.request.Request(prepared.url, data=body or None, headers=dict(prepared.headers), method=method)
        try:
            with urllib.request.urlopen(r) as resp:
                return resp.status, dict(resp.headers), resp.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    def test_s3_aws_chunked_upload_with_trailing_checksum(self):
        # What newer SDKs (the JS SDK v3 in the stock cdk) send: aws-chunked body, checksum in a trailer.
        payload = b"chunked-" * 1000
        crc = base64.b64encode(zlib.crc32(payload).to_bytes(4, "big"))
        status, headers, body = self.chunked_put("chunked.bin", payload, b"x-amz-checksum-crc32:" + crc + b"\r\n")
        self.assertEqual(status, 200, body)
        self.assertEqual(headers.get("x-amz-checksum-crc32"), crc.decode())
        got = self.s3.get_object(Bucket="svc-bucket", Key="chunked.bin", ChecksumMode="ENABLED")
        self.assertEqual((got["Body"].read(), got["ChecksumCRC32"]), (payload, crc.decode()))
        # The trailer's checksum is compared with the body's, as S3 compares it: nothing is stored on a mismatch.
        status, _, body = self.chunked_put("chunked-bad.bin", payload, b"x-amz-checksum-crc32:AAAAAA==\r\n")
        self.assertEqual(status, 400, body)
        self.assertIn("<Code>BadDigest</Code>", body)
        self.assertIn("The CRC32 you specified did not match the calculated checksum.", body)
        status, _, body = self.chunked_put("chunked-none.bin", payload, b"")
        self.assertEqual(status, 400, body)
        self.assertIn("<Code>InvalidRequest</Code>", body)
        for missing in ("chunked-bad.bin", "chunked-none.bin"):
            with self.assertRaises(self.s3.exceptions.NoSuchKey):
                self.s3.get_object(Bucket="svc-bucket", Key=missing)

    def test_s3_additional_checksums_as_s3(self):
        s3 = self.s3
        body = b"checksummed body " * 100
        expected = {"CRC32": base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode(),
                    "SHA1": base64.b64encode(hashlib.sha1(body).digest()).decode(),
                    "SHA256": base64.b64encode(hashlib.sha256(body).digest()).decode()}
        # boto3 asks for the checksum on every GET (response_checksum_validation "when_supported"); this one
        # does not.
        plain_s3 = self.lc.session("dev").client("s3", endpoint_url=self.lc.endpoint, config=botocore.config.Config(
            s3={"addressing_style": "path"}, response_checksum_validation="when_required"))
        for algorithm, value in expected.items():
            with self.subTest(algorithm=algorithm):
                key = f"sum-{algorithm}"
                out = s3.put_object(Bucket="svc-bucket", Key=key, Body=body, ChecksumAlgorithm=algorithm)
                self.assertEqual(out[f"Checksum{algorithm}"], value)
                # Returned on GET and HEAD only when asked (boto3 then checks the body against it).
                plain = plain_s3.get_object(Bucket="svc-bucket", Key=key)
                self.assertNotIn(f"Checksum{algorithm}", plain)
                got = s3.get_object(Bucket="svc-bucket", Key=key, ChecksumMode="ENABLED")
                self.assertEqual((got["Body"].read(), got[f"Checksum{algorithm}"]), (body, value))
                head = s3.head_object(Bucket="svc-bucket", Key=key, ChecksumMode="ENABLED")
                self.assertEqual(head[f"Checksum{algorithm}"], value)
        # A checksum that does not match the body is BadDigest, and nothing is stored.
        with self.assertRaises(s3.exceptions.ClientError) as e:
            s3.put_object(Bucket="svc-bucket", Key="sum-wrong", Body=body, ChecksumSHA256=base64.b64encode(hashlib.sha256(b"other").digest()).decode())
        self.assertEqual(e.exception.response["Error"]["Code"], "BadDigest")
        self.assertEqual(e.exception.response["Error"]["Message"],
                         "The SHA256 you specified did not match the calculated checksum.")
        with self.assertRaises(s3.exceptions.NoSuchKey):
            s3.get_object(Bucket="svc-bucket", Key="sum-wrong")
        # The stock AWS CLI: the same checksum, and a part of a multipart upload checked as its own body.
        src = os.path.join(self.lc.tmp, "sum.bin")
        with open(src, "wb") as f:
            f.write(body)
        _, out, _ = self.lc.aws("dev", "s3api", "put-object", "--bucket", "svc-bucket", "--key", "sum-cli",
                                "--body", src, "--checksum-algorithm", "SHA1")
        self.assertEqual(out["ChecksumSHA1"], expected["SHA1"])
        upload = s3.create_multipart_upload(Bucket="svc-bucket", Key="sum-mpu")["UploadId"]
        part = s3.upload_part(Bucket="svc-bucket", Key="sum-mpu", UploadId=upload, PartNumber=1, Body=body,
                              ChecksumAlgorithm="CRC32")
        self.assertEqual(part["ChecksumCRC32"], expected["CRC32"])
        with self.assertRaises(s3.exceptions.ClientError) as e:
            s3.upload_part(Bucket="svc-bucket", Key="sum-mpu", UploadId=upload, PartNumber=2, Body=body,
                           ChecksumCRC32="AAAAAA==")
        self.assertEqual(e.exception.response["Error"]["Code"], "BadDigest")
        s3.abort_multipart_upload(Bucket="svc-bucket", Key="sum-mpu", UploadId=upload)

    def test_s3_listing_with_delimiter_and_pagination(self):
        for k in ["p/a/1", "p/a/2", "p/b/1", "p/c", "p/d", "q/x"]:
            self.s3.put_object(Bucket="svc-bucket", Key=k, Body=k.encode())
        out = self.s3.list_objects_v2(Bucket="svc-bucket", Prefix="p/", Delimiter="/")
        self.assertEqual([p["Prefix"] for p in out["CommonPrefixes"]], ["p/a/", "p/b/"])
        self.assertEqual([o["Key"] for o in out["Contents"]], ["p/c", "p/d"])
        keys = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket="svc-bucket", Prefix="p/",
                                                                      PaginationConfig={"PageSize": 2}):
            keys += [o["Key"] for o in page.get("Contents", [])]
        self.assertEqual(keys, ["p/a/1", "p/a/2", "p/b/1", "p/c", "p/d"])

    def test_s3_range_copy_head_delete(self):
        s3 = self.s3
        s3.put_object(Bucket="svc-bucket", Key="r.bin", Body=b"0123456789", Metadata={"m": "v"},
                      ContentType="text/plain")
        self.assertEqual(s3.get_object(Bucket="svc-bucket", Key="r.bin", Range="bytes=2-4")["Body"].read(), b"234")
        self.assertEqual(s3.get_object(Bucket="svc-bucket", Key="r.bin", Range="bytes=-3")["Body"].read(), b"789")
        clamped = s3.get_object(Bucket="svc-bucket", Key="r.bin", Range="bytes=7-100")
        self.assertEqual((clamped["Body"].read(), clamped["ContentRange"]), (b"789", "bytes 7-9/10"))
        # As S3: a Range that is not one well-formed byte range is ignored (the whole object, 200); one that
        # starts past the end is 416 InvalidRange.
        for ignored in ("bytes=5x-", "bytes=3-1", "bytes=0-1,4-5", "bytes=7", "items=0-1", "bytes=-"):
            whole = s3.get_object(Bucket="svc-bucket", Key="r.bin", Range=ignored)
            self.assertEqual((whole["ResponseMetadata"]["HTTPStatusCode"], whole["Body"].read()),
                             (200, b"0123456789"), ignored)
        for unsatisfiable in ("bytes=10-", "bytes=10-12", "bytes=-0"):
            with self.assertRaises(s3.exceptions.ClientError) as e:
                s3.get_object(Bucket="svc-bucket", Key="r.bin", Range=unsatisfiable)
            self.assertEqual(e.exception.response["Error"]["Code"], "InvalidRange", unsatisfiable)
        s3.copy_object(Bucket="svc-bucket", Key="r2.bin", CopySource={"Bucket": "svc-bucket", "Key": "r.bin"})
        head = s3.head_object(Bucket="svc-bucket", Key="r2.bin")
        self.assertEqual((head["ContentLength"], head["Metadata"], head["ContentType"]), (10, {"m": "v"}, "text/plain"))
        s3.delete_object(Bucket="svc-bucket", Key="r2.bin")
        with self.assertRaises(s3.exceptions.ClientError) as e:
            s3.head_object(Bucket="svc-bucket", Key="r2.bin")
        self.assertEqual(e.exception.response["Error"]["Code"], "404")

    def test_s3_bucket_configuration_is_stored(self):
        s3 = self.s3
        s3.put_bucket_versioning(Bucket="svc-bucket", VersioningConfiguration={"Status": "Enabled"})
        self.assertEqual(s3.get_bucket_versioning(Bucket="svc-bucket")["Status"], "Enabled")
        s3.put_public_access_block(Bucket="svc-bucket", PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
        self.assertTrue(s3.get_public_access_block(Bucket="svc-bucket")["PublicAccessBlockConfiguration"]
                        ["BlockPublicPolicy"])
        s3.put_bucket_encryption(Bucket="svc-bucket", ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})
        rules = s3.get_bucket_encryption(Bucket="svc-bucket")["ServerSideEncryptionConfiguration"]["Rules"]
        self.assertEqual(rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "aws:kms")
        put = s3.put_object(Bucket="svc-bucket", Key="enc", Body=b"e")
        self.assertEqual(put["ServerSideEncryption"], "aws:kms")
        s3.put_bucket_tagging(Bucket="svc-bucket", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
        self.assertEqual(s3.get_bucket_tagging(Bucket="svc-bucket")["TagSet"], [{"Key": "k", "Value": "v"}])
        s3.put_bucket_lifecycle_configuration(Bucket="svc-bucket", LifecycleConfiguration={"Rules": [
            {"ID": "r", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 30}}]})
        self.assertEqual(s3.get_bucket_lifecycle_configuration(Bucket="svc-bucket")["Rules"][0]["ID"], "r")
        self.assertEqual(s3.get_bucket_location(Bucket="svc-bucket")["LocationConstraint"], "ap-southeast-2")
        s3.delete_bucket_encryption(Bucket="svc-bucket")

    def test_s3_responses_are_rendered_from_the_model(self):
        s3 = self.s3
        ns = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
        millis = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z"
        s3.put_object(Bucket="svc-bucket", Key="wire/a.txt", Body=b"a")
        status, _, body = self.signed("GET", "/svc-bucket?list-type=2&prefix=wire%2F")
        self.assertEqual(status, 200)
        self.assertIn(f"<ListBucketResult {ns}>", body)
        self.assertRegex(body, f"<LastModified>{millis}</LastModified>")
        self.assertIn("<KeyCount>1</KeyCount>", body)
        _, _, body = self.signed("GET", "/")
        self.assertIn(f"<ListAllMyBucketsResult {ns}>", body)
        self.assertRegex(body, f"<CreationDate>{millis}</CreationDate>")
        _, _, body = self.signed("GET", "/svc-bucket?acl")
        self.assertIn('<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">',
                      body)
        grants = s3.get_bucket_acl(Bucket="svc-bucket")["Grants"]
        self.assertEqual(grants, [{"Grantee": {"ID": DEV, "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}])
        _, _, body = self.signed("GET", "/svc-bucket?location")
        self.assertIn(f"<LocationConstraint {ns}>ap-southeast-2</LocationConstraint>", body)
        copied = s3.copy_object(Bucket="svc-bucket", Key="wire/b.txt",
                                CopySource={"Bucket": "svc-bucket", "Key": "wire/a.txt"})
        self.assertEqual(copied["CopyObjectResult"]["ETag"], '"0cc175b9c0f1b6a831c399e269772661"')
        s3.put_object(Bucket="svc-bucket", Key="wire/c.txt", Body=b"")
        status, headers, body = self.signed("GET", "/svc-bucket/wire/missing")
        self.assertEqual(status, 404)
        self.assertIn("<Error><Code>NoSuchKey</Code>", body)
        self.assertEqual(headers["Content-Type"], "application/xml")
        # ListObjectVersions: the one version localcloud keeps, as S3 lists an unversioned bucket's objects.
        versions = s3.list_object_versions(Bucket="svc-bucket", Prefix="wire/")["Versions"]
        self.assertEqual(sorted((v["Key"], v["VersionId"], v["IsLatest"]) for v in versions),
                         [("wire/a.txt", "null", True), ("wire/b.txt", "null", True), ("wire/c.txt", "null", True)])
        deleted = s3.delete_objects(Bucket="svc-bucket", Delete={"Objects": [{"Key": "wire/b.txt"}, {"Key": "wire/c.txt"}]})
        self.assertEqual(sorted(d["Key"] for d in deleted["Deleted"]), ["wire/b.txt", "wire/c.txt"])
        # Subresources S3 has no DELETE for.
        self.assertEqual(self.signed("DELETE", "/svc-bucket?versioning")[0], 405)
        # Defaults of subresources never written.
        self.assertEqual(s3.get_bucket_request_payment(Bucket="svc-bucket")["Payer"], "BucketOwner")
        self.assertNotIn("LoggingEnabled", s3.get_bucket_logging(Bucket="svc-bucket"))

    def test_s3_request_bodies_are_decoded_by_the_model(self):
        s3 = self.s3
        s3.create_bucket(Bucket="svc-bodies", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"})
        s3.put_bucket_versioning(Bucket="svc-bodies", VersioningConfiguration={"Status": "Suspended"})
        for body in (b"", b"not xml", b"<VersioningConfiguration><Status>Bogus</Status></VersioningConfiguration>",
                     b"<Versioning><Status>Enabled</Status></Versioning>",
                     b"<VersioningConfiguration><Status>Enabled</Status>"):
            status, _, text = self.signed("PUT", "/svc-bodies?versioning", body)
            self.assertEqual((status, "<Code>MalformedXML</Code>" in text), (400, True), (body, text))
        # Nothing was stored by the refused bodies.
        self.assertEqual(s3.get_bucket_versioning(Bucket="svc-bodies")["Status"], "Suspended")
        status, _, text = self.signed("PUT", "/svc-bodies?encryption", b"<ServerSideEncryptionConfiguration><Rule>"
                                      b"<ApplyServerSideEncryptionByDefault><SSEAlgorithm>rot13</SSEAlgorithm>"
                                      b"</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>")
        self.assertEqual((status, "<Code>MalformedXML</Code>" in text), (400, True), text)
        with self.assertRaises(s3.exceptions.ClientError) as e:
            s3.get_bucket_encryption(Bucket="svc-bodies")
        self.assertEqual(e.exception.response["Error"]["Code"], "ServerSideEncryptionConfigurationNotFoundError")
        with self.assertRaises(s3.exceptions.ClientError) as e:
            s3.put_bucket_tagging(Bucket="svc-bodies", Tagging={"TagSet": [{"Key": "k", "Value": "1"},
                                                                           {"Key": "k", "Value": "2"}]})
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidTag")
        with self.assertRaises(s3.exceptions.ClientError) as e:
            s3.put_bucket_lifecycle_configuration(Bucket="svc-bodies", LifecycleConfiguration={"Rules": [
                {"ID": "r", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 0}}]})
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidArgument")
        s3.put_object(Bucket="svc-bodies", Key="o", Body=b"o")
        with self.assertRaises(s3.exceptions.ClientError) as e:
            s3.put_object_tagging(Bucket="svc-bodies", Key="o", Tagging={"TagSet": [
                {"Key": f"k{i}", "Value": "v"} for i in range(11)]})
        self.assertEqual(e.exception.response["Error"]["Code"], "BadRequest")
        status, _, text = self.signed("POST", "/svc-bodies?delete", b"<Remove><Object><Key>o</Key></Object></Remove>")
        self.assertEqual((status, "<Code>MalformedXML</Code>" in text), (400, True), text)
        self.assertEqual(s3.get_object(Bucket="svc-bodies", Key="o")["Body"].read(), b"o")
        # Well-formed configurations round-trip through the stored value.
        cors = [{"AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["*"], "MaxAgeSeconds": 60}]
        s3.put_bucket_cors(Bucket="svc-bodies", CORSConfiguration={"CORSRules": cors})
        self.assertEqual(s3.get_bucket_cors(Bucket="svc-bodies")["CORSRules"], cors)
        s3.put_bucket_website(Bucket="svc-bodies", WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
        self.assertEqual(s3.get_bucket_website(Bucket="svc-bodies")["IndexDocument"], {"Suffix": "index.html"})
        s3.delete_bucket_website(Bucket="svc-bodies")
        with self.assertRaises(s3.exceptions.ClientError) as e:
            s3.get_bucket_website(Bucket="svc-bodies")
        self.assertEqual(e.exception.response["Error"]["Code"], "NoSuchWebsiteConfiguration")

    def test_ssm_parameters(self):
        lc = self.lc
        lc.aws("dev", "ssm", "put-parameter", "--name", "/app/a", "--value", "1", "--type", "String")
        _, _, err = lc.aws("dev", "ssm", "put-parameter", "--name", "/app/a", "--value", "2", "--type", "String",
                           check=False)
        self.assertIn("ParameterAlreadyExists", err)
        lc.aws("dev", "ssm", "put-parameter", "--name", "/app/a", "--value", "2", "--type", "String", "--overwrite")
        ssm = lc.client("ssm", "dev")
        ssm.put_parameter(Name="/app/list", Value="x,y", Type="StringList")
        ssm.put_parameter(Name="/app/deep/s", Value="pw", Type="SecureString")
        self.assertNotEqual(ssm.get_parameter(Name="/app/deep/s")["Parameter"]["Value"], "pw")
        _, out, _ = lc.aws("dev", "ssm", "get-parameter", "--name", "/app/deep/s", "--with-decryption")
        self.assertEqual(out["Parameter"]["Value"], "pw")
        out = ssm.get_parameters_by_path(Path="/app")
        self.assertEqual(sorted(p["Name"] for p in out["Parameters"]), ["/app/a", "/app/list"])
        self.assertEqual(len(ssm.get_parameters_by_path(Path="/app", Recursive=True)["Parameters"]), 3)
        out = ssm.get_parameter_history(Name="/app/a")
        self.assertEqual([p["Value"] for p in out["Parameters"]], ["1", "2"])
        self.assertEqual(ssm.get_parameter(Name="/app/a:1")["Parameter"]["Value"], "1")
        self.assertEqual(ssm.get_parameters(Names=["/app/a", "/nope"])["InvalidParameters"], ["/nope"])
        out = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Option": "BeginsWith",
                                                         "Values": ["/app/l"]}])
        self.assertEqual([p["Name"] for p in out["Parameters"]], ["/app/list"])
        ssm.delete_parameter(Name="/app/list")
        with self.assertRaises(ssm.exceptions.ParameterNotFound):
            ssm.get_parameter(Name="/app/list")

    def test_iam_roles_and_managed_policies(self):
        lc = self.lc
        lc.aws("dev", "iam", "create-role", "--role-name", "cfn-exec", "--assume-role-policy-document",
               json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                                   "Principal": {"Service": "cloudformation.amazonaws.com"}}]}),
               "--tags", "Key=team,Value=platform")
        lc.aws("dev", "iam", "attach-role-policy", "--role-name", "cfn-exec", "--policy-arn",
               "arn:aws:iam::aws:policy/AdministratorAccess")
        iam = lc.client("iam", "dev")
        out = iam.list_attached_role_policies(RoleName="cfn-exec")
        self.assertEqual(out["AttachedPolicies"][0]["PolicyName"], "AdministratorAccess")
        out = iam.get_policy_version(PolicyArn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                                     VersionId="v1")
        self.assertIn("logs:CreateLogGroup", json.dumps(out["PolicyVersion"]["Document"]))
        self.assertEqual(iam.get_role(RoleName="cfn-exec")["Role"]["Tags"], [{"Key": "team", "Value": "platform"}])
        _, _, err = lc.aws("dev", "iam", "delete-role", "--role-name", "cfn-exec", check=False)
        self.assertIn("DeleteConflict", err)
        iam.detach_role_policy(RoleName="cfn-exec", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        iam.delete_role(RoleName="cfn-exec")
        with self.assertRaises(iam.exceptions.NoSuchEntityException):
            iam.get_role(RoleName="cfn-exec")
        # A customer managed policy grants through attachment.
        arn = iam.create_policy(PolicyName="read-params", PolicyDocument=json.dumps({"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"}]}))["Policy"]["Arn"]
        iam.create_role(RoleName="reader", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        lc.client("ssm", "dev").put_parameter(Name="/iam-test", Value="v", Type="String")
        creds = lc.assume("dev", f"arn:aws:iam::{DEV}:role/reader")
        with self.assertRaises(Exception):
            lc.client("ssm", **creds).get_parameter(Name="/iam-test")
        iam.attach_role_policy(RoleName="reader", PolicyArn=arn)
        self.assertEqual(lc.client("ssm", **creds).get_parameter(Name="/iam-test")["Parameter"]["Value"], "v")

    def test_iam_groups_count_for_their_users_access_keys(self):
        iam = self.lc.client("iam", "dev")
        iam.create_group(GroupName="readers", Path="/teams/")
        self.assertEqual(iam.get_group(GroupName="readers")["Group"]["Arn"], f"arn:aws:iam::{DEV}:group/teams/readers")
        iam.create_user(UserName="carol")
        key = iam.create_access_key(UserName="carol")["AccessKey"]
        carol = dict(key=key["AccessKeyId"], secret=key["SecretAccessKey"])
        self.lc.client("ssm", "dev").put_parameter(Name="/group-test", Value="g", Type="String")
        with self.assertRaises(Exception):
            self.lc.client("ssm", **carol).get_parameter(Name="/group-test")
        iam.add_user_to_group(GroupName="readers", UserName="carol")
        iam.put_group_policy(GroupName="readers", PolicyName="ssm", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"}]}))
        self.assertEqual(self.lc.client("ssm", **carol).get_parameter(Name="/group-test")["Parameter"]["Value"], "g")
        self.assertEqual([u["UserName"] for u in iam.get_group(GroupName="readers")["Users"]], ["carol"])
        self.assertEqual([g["GroupName"] for g in iam.list_groups_for_user(UserName="carol")["Groups"]], ["readers"])
        self.assertEqual(iam.list_group_policies(GroupName="readers")["PolicyNames"], ["ssm"])
        iam.attach_group_policy(GroupName="readers", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        self.assertEqual(len(iam.list_attached_group_policies(GroupName="readers")["AttachedPolicies"]), 1)
        with self.assertRaises(iam.exceptions.DeleteConflictException):
            iam.delete_group(GroupName="readers")
        with self.assertRaises(iam.exceptions.DeleteConflictException):
            iam.delete_user(UserName="carol")
        iam.remove_user_from_group(GroupName="readers", UserName="carol")
        with self.assertRaises(Exception):
            self.lc.client("ssm", **carol).get_parameter(Name="/group-test")
        with self.assertRaises(iam.exceptions.NoSuchEntityException):
            iam.remove_user_from_group(GroupName="readers", UserName="carol")
        iam.delete_group_policy(GroupName="readers", PolicyName="ssm")
        iam.detach_group_policy(GroupName="readers", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        iam.delete_group(GroupName="readers")
        self.assertNotIn("readers", [g["GroupName"] for g in iam.list_groups()["Groups"]])

    def test_the_cpp_users_and_groups_app_deploys(self):
        """aws-cdk's integ.users-and-groups app written with cdkpp (tests/golden/synth/integ_iam_users_and_groups),
        synthesized by its C++ binary and deployed: two groups, five users in both, a policy on one group."""
        app = os.environ.get("IAM_APP_BIN")
        if not app:
            self.skipTest("IAM_APP_BIN not set")
        from lc_helpers import wait_stack
        out = os.path.join(self.lc.tmp, "cdk.out.iam")
        subprocess.run([app], check=True, env=dict(os.environ, CDK_OUTDIR=out), capture_output=True)
        template = open(os.path.join(out, "integ-iam-role-1.template.json")).read()
        self.lc.client("ssm", "dev").put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="30", Type="String",
                                                   Overwrite=True)
        cfn = self.lc.client("cloudformation", "dev")
        cfn.create_stack(StackName="integ-iam-role-1", TemplateBody=template, Capabilities=["CAPABILITY_IAM"])
        stack = wait_stack(cfn, "integ-iam-role-1", timeout=60)
        failed = [e.get("ResourceStatusReason") for e in cfn.describe_stack_events(StackName="integ-iam-role-1")["StackEvents"]
                  if e["ResourceStatus"].endswith("FAILED")]
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE", failed)
        resources = {r["LogicalResourceId"]: r["PhysicalResourceId"]
                     for r in cfn.describe_stack_resources(StackName="integ-iam-role-1")["StackResources"]}
        iam = self.lc.client("iam", "dev")
        for group in ("MyGroupCBA54B1B", "YourGroup1005140B"):
            self.assertEqual(len(iam.get_group(GroupName=resources[group])["Users"]), 5)
        self.assertEqual(iam.list_group_policies(GroupName=resources["MyGroupCBA54B1B"])["PolicyNames"],
                         ["MyPolicy39D66CF6"])
        cfn.delete_stack(StackName="integ-iam-role-1")
        try:
            self.assertEqual(wait_stack(cfn, "integ-iam-role-1", timeout=60)["StackStatus"], "DELETE_COMPLETE")
        except botocore.exceptions.ClientError:
            pass  # already gone from DescribeStacks
        self.assertEqual([g["GroupName"] for g in iam.list_groups()["Groups"]
                          if g["GroupName"] in (resources["MyGroupCBA54B1B"], resources["YourGroup1005140B"])], [])

    def test_kms_aliases_and_data_keys(self):
        kms = self.lc.client("kms", "dev")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName="alias/app", TargetKeyId=key)
        dk = kms.generate_data_key(KeyId="alias/app", KeySpec="AES_256", EncryptionContext={"a": "b"})
        self.assertEqual(len(dk["Plaintext"]), 32)
        self.assertEqual(kms.decrypt(CiphertextBlob=dk["CiphertextBlob"], EncryptionContext={"a": "b"})["Plaintext"],
                         dk["Plaintext"])
        with self.assertRaises(kms.exceptions.InvalidCiphertextException):
            kms.decrypt(CiphertextBlob=dk["CiphertextBlob"], EncryptionContext={"a": "c"})
        self.assertIn("alias/app", [a["AliasName"] for a in kms.list_aliases()["Aliases"]])
        self.assertEqual(kms.describe_key(KeyId=f"arn:aws:kms:ap-southeast-2:{DEV}:alias/app")["KeyMetadata"]["KeyId"],
                         key)


class ControlTest(unittest.TestCase):
    def test_start_status_stop_reset_and_persistence(self):
        lc = LocalCloud()
        try:
            run = lambda *a: subprocess.run([BIN, *a, "--data-dir", lc.data_dir, "--port", str(lc.port)],
                                            capture_output=True, text=True, timeout=60)
            started = run("start")
            self.assertEqual(started.returncode, 0, started.stderr)
            self.assertIn(f"port {lc.port}", started.stdout)
            self.assertIn("running", run("status").stdout)
            lc.env = dict(os.environ, AWS_CONFIG_FILE=lc.config_file, AWS_SHARED_CREDENTIALS_FILE=lc.credentials_file)
            self.assertEqual(subprocess.run([BIN, "profiles", "--write", "--data-dir", lc.data_dir, "--port",
                                             str(lc.port)], env=lc.env, capture_output=True).returncode, 0)
            lc.aws("prod", "ssm", "put-parameter", "--name", "/kept", "--value", "yes", "--type", "String")
            self.assertEqual(run("stop").returncode, 0)
            self.assertEqual(run("status").returncode, 3)
            self.assertEqual(run("start").returncode, 0)
            _, out, _ = lc.aws("prod", "ssm", "get-parameter", "--name", "/kept")
            self.assertEqual(out["Parameter"]["Value"], "yes")
            config = open(lc.config_file).read()
            self.assertIn("[profile dev]", config)
            self.assertIn(f"endpoint_url = http://127.0.0.1:{lc.port}", config)
            self.assertEqual(run("reset").returncode, 0)
            self.assertFalse(os.path.exists(os.path.join(lc.data_dir, "state.db")))
        finally:
            run("stop")
            lc.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
