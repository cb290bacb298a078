"""SigV4 as strict as AWS, over real HTTP: each request below is signed correctly except for the one thing AWS
refuses, and must fail with AWS's code; the correct variants (a signed aws-chunked upload, a 7-day presigned
URL) must keep working."""
import base64
import datetime
import hashlib
import hmac
import http.client
import unittest
import urllib.error
import urllib.request
import zlib

from lc_fixture import REGION, LocalCloud

EMPTY_SHA = hashlib.sha256(b"").hexdigest()
STREAMING = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"


def now_amz():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def hmac256(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signing_key(secret, date, region, service):
    k = hmac256(("AWS4" + secret).encode(), date)
    for part in (region, service, "aws4_request"):
        k = hmac256(k, part)
    return k


class Signer:
    """A minimal SigV4 header signer whose every input can be made wrong on purpose."""

    def __init__(self, lc, profile="dev"):
        c = lc.credentials[profile]
        self.key, self.secret = c["aws_access_key_id"], c["aws_secret_access_key"]
        self.host = f"127.0.0.1:{lc.port}"
        self.port = lc.port

    def sign(self, method, path, headers, body=b"", service="s3", amz_date=None, scope_date=None,
             scope_service=None, payload_hash=None):
        amz_date = amz_date or now_amz()
        scope_date = scope_date or amz_date[:8]
        headers = {k.lower(): v for k, v in headers.items()}
        headers["host"] = self.host
        headers["x-amz-date"] = amz_date
        if payload_hash is None:
            payload_hash = headers.get("x-amz-content-sha256") or hashlib.sha256(body).hexdigest()
        names = sorted(headers)
        canonical = "".join(f"{n}:{' '.join(str(headers[n]).split())}\n" for n in names)
        creq = "\n".join([method, path, "", canonical, ";".join(names), payload_hash])
        scope = f"{scope_date}/{REGION}/{scope_service or service}/aws4_request"
        sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(creq.encode()).hexdigest()])
        key = signing_key(self.secret, scope_date, REGION, scope_service or service)
        sig = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
        headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={self.key}/{scope}, "
                                    f"SignedHeaders={';'.join(names)}, Signature={sig}")
        return headers, dict(key=key, scope=scope, amz_date=amz_date, seed=sig)

    def send(self, method, path, headers, body=b""):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            return r.status, r.read().decode(errors="replace")
        finally:
            conn.close()

    def query(self, service, body, extra=None, **kw):
        """A Query-protocol POST (STS)."""
        h = {"content-type": "application/x-www-form-urlencoded; charset=utf-8", **(extra or {})}
        headers, _ = self.sign("POST", "/", h, body.encode(), service=service, **kw)
        return self.send("POST", "/", headers, body.encode())

    def json(self, target, body, extra=None, service="ssm", **kw):
        h = {"content-type": "application/x-amz-json-1.1", "x-amz-target": target, **(extra or {})}
        headers, _ = self.sign("POST", "/", h, body.encode(), service=service, **kw)
        return self.send("POST", "/", headers, body.encode())


def aws_chunked(payload, info, chunk=8192, zero_signatures=False):
    """Encodes `payload` as an aws-chunked body whose chunk signatures chain from the seed signature."""
    out = b""
    prev = info["seed"]
    pieces = [payload[i:i + chunk] for i in range(0, len(payload), chunk)] + [b""]
    for piece in pieces:
        sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", info["amz_date"], info["scope"], prev, EMPTY_SHA,
                         hashlib.sha256(piece).hexdigest()])
        sig = hmac.new(info["key"], sts.encode(), hashlib.sha256).hexdigest()
        if zero_signatures:
            sig = "0" * 64
        out += f"{len(piece):x};chunk-signature={sig}\r\n".encode() + piece + b"\r\n"
        prev = sig
    return out


def aws_chunked_with_trailer(payload, info, trailer_value, tamper=False):
    """The STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER form: signed chunks, then a CRC32 trailer whose
    x-amz-trailer-signature chains from the final chunk's signature (`tamper` changes the value after signing)."""
    body = aws_chunked(payload, info)[:-2]  # the trailer takes the place of the final CRLF
    final = body.rsplit(b"chunk-signature=", 1)[1][:64].decode()
    canonical = f"x-amz-checksum-crc32:{trailer_value}\n"
    sts = "\n".join(["AWS4-HMAC-SHA256-TRAILER", info["amz_date"], info["scope"], final,
                     hashlib.sha256(canonical.encode()).hexdigest()])
    sig = hmac.new(info["key"], sts.encode(), hashlib.sha256).hexdigest()
    sent = "AAAAAA==" if tamper else trailer_value
    return body + f"x-amz-checksum-crc32:{sent}\r\nx-amz-trailer-signature:{sig}\r\n\r\n".encode()


def code(body):
    for start, end in (("<Code>", "</Code>"), ('"__type":"', '"')):
        if start in body:
            return body.split(start, 1)[1].split(end, 1)[0]
    return body[:200]


class SigV4StrictTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.s = Signer(cls.lc)
        cls.lc.client("s3", "dev").create_bucket(Bucket="strict",
                                                  CreateBucketConfiguration={"LocationConstraint": REGION})
        cls.lc.client("s3", "dev").put_object(Bucket="strict", Key="secret", Body=b"the other object")

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def get(self, key):
        return self.lc.client("s3", "dev").get_object(Bucket="strict", Key=key)["Body"].read()

    def test_the_signer_itself_is_right(self):
        status, body = self.s.query("sts", "Action=GetCallerIdentity&Version=2011-06-15")
        self.assertEqual(status, 200, body)
        status, body = self.s.json("AmazonSSM.DescribeParameters", "{}")
        self.assertEqual(status, 200, body)
        h, _ = self.s.sign("PUT", "/strict/plain", {"x-amz-content-sha256": hashlib.sha256(b"x").hexdigest()}, b"x")
        self.assertEqual(self.s.send("PUT", "/strict/plain", h, b"x")[0], 200)

    def test_scope_date_other_than_x_amz_date(self):
        yesterday = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)).strftime("%Y%m%d")
        status, body = self.s.query("sts", "Action=GetCallerIdentity&Version=2011-06-15", scope_date=yesterday)
        self.assertEqual((status, code(body)), (403, "SignatureDoesNotMatch"), body)
        self.assertIn("Date in Credential scope does not match", body)
        status, body = self.s.json("AmazonSSM.DescribeParameters", "{}", scope_date=yesterday)
        self.assertEqual((status, code(body)), (400, "InvalidSignatureException"), body)
        h, _ = self.s.sign("GET", "/strict/secret", {"x-amz-content-sha256": EMPTY_SHA}, scope_date=yesterday)
        status, body = self.s.send("GET", "/strict/secret", h)
        self.assertEqual((status, code(body)), (400, "AuthorizationHeaderMalformed"), body)

    def test_scope_naming_another_service(self):
        status, body = self.s.json("AmazonSSM.DescribeParameters", "{}", scope_service="kms")
        self.assertEqual((status, code(body)), (400, "InvalidSignatureException"), body)
        self.assertIn("Credential should be scoped to correct service: 'ssm'", body)

    def test_unsigned_x_amz_header_on_s3(self):
        body = b"my own bytes"
        h, _ = self.s.sign("PUT", "/strict/target", {"x-amz-content-sha256": hashlib.sha256(body).hexdigest()}, body)
        h["x-amz-copy-source"] = "/strict/secret"  # added after signing: the captured PUT would become a copy
        status, text = self.s.send("PUT", "/strict/target", h, body)
        self.assertEqual((status, code(text)), (403, "AccessDenied"), text)
        self.assertIn("not signed", text)
        with self.assertRaises(Exception):
            self.get("target")

    def test_unsigned_payload_outside_s3(self):
        status, body = self.s.query("sts", "Action=GetCallerIdentity&Version=2011-06-15",
                                    extra={"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
        self.assertEqual((status, code(body)), (403, "SignatureDoesNotMatch"), body)
        status, body = self.s.json("AmazonSSM.DescribeParameters", "{}",
                                   extra={"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
        self.assertEqual((status, code(body)), (400, "InvalidSignatureException"), body)

    def streaming_put(self, key, payload, zero_signatures=False):
        h, info = self.s.sign("PUT", f"/strict/{key}", {"x-amz-content-sha256": STREAMING,
                                                         "content-encoding": "aws-chunked",
                                                         "x-amz-decoded-content-length": str(len(payload))})
        return self.s.send("PUT", f"/strict/{key}", h, aws_chunked(payload, info, zero_signatures=zero_signatures))

    def test_aws_chunked_signatures_are_checked(self):
        payload = bytes(range(256)) * 100
        status, body = self.streaming_put("chunked-good", payload)
        self.assertEqual(status, 200, body)
        self.assertEqual(self.get("chunked-good"), payload)
        status, body = self.streaming_put("chunked-zero", payload, zero_signatures=True)
        self.assertEqual((status, code(body)), (403, "SignatureDoesNotMatch"), body)
        with self.assertRaises(Exception):
            self.get("chunked-zero")

    def test_aws_chunked_trailer_signature_and_checksum_are_checked(self):
        payload = bytes(range(256)) * 100
        crc = base64.b64encode(zlib.crc32(payload).to_bytes(4, "big")).decode()

        def put(key, value, tamper=False):
            h, info = self.s.sign("PUT", f"/strict/{key}", {
                "x-amz-content-sha256": STREAMING + "-TRAILER", "content-encoding": "aws-chunked",
                "x-amz-trailer": "x-amz-checksum-crc32", "x-amz-decoded-content-length": str(len(payload))})
            return self.s.send("PUT", f"/strict/{key}", h, aws_chunked_with_trailer(payload, info, value, tamper))

        status, body = put("trailer-good", crc)
        self.assertEqual(status, 200, body)
        self.assertEqual(self.get("trailer-good"), payload)
        # A trailer changed after it was signed: the signature fails, as any other.
        status, body = put("trailer-tampered", crc, tamper=True)
        self.assertEqual((status, code(body)), (403, "SignatureDoesNotMatch"), body)
        # Signed correctly, but the checksum is not the body's: S3's BadDigest.
        status, body = put("trailer-wrong-crc", "AAAAAA==")
        self.assertEqual((status, code(body)), (400, "BadDigest"), body)
        for key in ("trailer-tampered", "trailer-wrong-crc"):
            with self.assertRaises(Exception):
                self.get(key)

    def head_only(self, method, path, headers, length):
        """Sends a signed head announcing `length` body bytes, and reads the answer without sending them."""
        conn = http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=10)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for k, v in headers.items():
                conn.putheader(k, v)
            conn.putheader("content-length", str(length))
            conn.endheaders()
            r = conn.getresponse()
            return r.status, r.read().decode(errors="replace")
        finally:
            conn.close()

    def test_bodies_over_the_service_limit_are_refused_from_the_head(self):
        started = datetime.datetime.now()
        body_hash = hashlib.sha256(b"never sent").hexdigest()
        h, _ = self.s.sign("PUT", "/strict/huge", {"x-amz-content-sha256": body_hash})
        status, text = self.head_only("PUT", "/strict/huge", h, 6 * 1024 ** 3)  # over S3's 5 GiB single PUT
        self.assertEqual((status, code(text)), (400, "EntityTooLarge"), text)
        h, _ = self.s.sign("POST", "/", {"content-type": "application/x-www-form-urlencoded"}, b"never sent",
                           service="sts")
        status, text = self.head_only("POST", "/", h, 300 * 1024 ** 2)  # a 300 MB Query body
        self.assertEqual((status, code(text)), (413, "RequestEntityTooLarge"), text)
        self.assertLess((datetime.datetime.now() - started).total_seconds(), 5)

    def test_presigned_url_over_seven_days(self):
        s3 = self.lc.client("s3", "dev", signature_version="s3v4")
        ok = s3.generate_presigned_url("get_object", Params={"Bucket": "strict", "Key": "secret"}, ExpiresIn=604800)
        with urllib.request.urlopen(ok) as r:
            self.assertEqual(r.read(), b"the other object")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "strict", "Key": "secret"}, ExpiresIn=604801)
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(url)
        text = e.exception.read().decode()
        self.assertEqual((e.exception.code, code(text)), (400, "AuthorizationQueryParametersError"), text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
