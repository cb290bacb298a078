"""Raw HTTP for the robustness tests: a small SigV4 signer (the algorithm as AWS documents it) and a
one-request-per-connection sender that writes exact bytes, so that tests can send what the stock clients
refuse to (invalid UTF-8, `%FF` keys, deeply nested JSON, mutated bodies). Loopback only."""
import datetime
import hashlib
import hmac
import socket
import urllib.parse


def _hmac(key, msg):
    return hmac.new(key, msg.encode() if isinstance(msg, str) else msg, hashlib.sha256).digest()


def _encode(b):
    """RFC 3986 encoding of bytes, unreserved characters and '/' kept (SigV4's UriEncode of a path)."""
    return urllib.parse.quote(b, safe="/-_.~")


def sign(method, path, query, headers, body, key, secret, region, service, token=None):
    """Returns `headers` plus host-independent SigV4 headers (x-amz-date, x-amz-content-sha256, Authorization).
    `path` is the raw path as sent; the canonical URI is it decoded once and encoded once (S3's rule, and
    the same for '/')."""
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    body = body if isinstance(body, bytes) else body.encode()
    out = dict(headers)
    out["x-amz-date"] = amz_date
    out["x-amz-content-sha256"] = hashlib.sha256(body).hexdigest()
    if token:
        out["x-amz-security-token"] = token
    lower = {k.lower(): (v if isinstance(v, bytes) else str(v).encode()) for k, v in out.items()}
    names = sorted(lower)
    canonical_headers = b"".join(n.encode() + b":" + b" ".join(lower[n].strip().split()) + b"\n" for n in names)
    signed = ";".join(names)
    pairs = []
    for piece in query.split("&") if query else []:
        k, _, v = piece.partition("=")
        pairs.append((_encode(urllib.parse.unquote_to_bytes(k)).replace("/", "%2F"),
                      _encode(urllib.parse.unquote_to_bytes(v)).replace("/", "%2F")))
    canonical_query = "&".join(f"{k}={v}" for k, v in sorted(pairs))
    canonical_uri = _encode(urllib.parse.unquote_to_bytes(path)) or "/"
    canonical = (method.encode() + b"\n" + canonical_uri.encode() + b"\n" + canonical_query.encode() + b"\n" +
                 canonical_headers + b"\n" + signed.encode() + b"\n" + out["x-amz-content-sha256"].encode())
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{hashlib.sha256(canonical).hexdigest()}"
    k = _hmac(_hmac(_hmac(_hmac(("AWS4" + secret).encode(), day), region), service), "aws4_request")
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    out["Authorization"] = f"AWS4-HMAC-SHA256 Credential={key}/{scope}, SignedHeaders={signed}, Signature={signature}"
    return out


def request_bytes(method, target, headers, body):
    """The exact bytes of one HTTP/1.1 request (Connection: close, Content-Length from the body)."""
    body = body if isinstance(body, bytes) else body.encode()
    head = (method.encode() if isinstance(method, str) else method) + b" " + \
        (target.encode() if isinstance(target, str) else target) + b" HTTP/1.1\r\n"
    for k, v in headers.items():
        head += k.encode() + b": " + (v if isinstance(v, bytes) else str(v).encode()) + b"\r\n"
    head += b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n"
    return head + body


def send_raw(port, data, timeout=15):
    """Sends bytes, reads to end of stream; returns (status or None, raw response bytes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except OSError:
            pass  # the server may answer and close before reading everything
        chunks = []
        try:
            while True:
                c = s.recv(65536)
                if not c:
                    break
                chunks.append(c)
        except OSError:
            pass
    raw = b"".join(chunks)
    status = None
    if raw.startswith(b"HTTP/1.1 "):
        try:
            status = int(raw[9:12])
        except ValueError:
            status = None
    return status, raw


class Signer:
    """Signs and sends requests for one account's credentials against one localcloud."""

    def __init__(self, lc, profile, region="ap-southeast-2"):
        c = lc.credentials[profile]
        self.port = lc.port
        self.key, self.secret = c["aws_access_key_id"], c["aws_secret_access_key"]
        self.region = region

    def build(self, service, method, path, query="", headers=None, body=b""):
        h = {"host": f"127.0.0.1:{self.port}"}
        h.update(headers or {})
        signed = sign(method, path, query, h, body, self.key, self.secret, self.region, service)
        target = path + ("?" + query if query else "")
        return request_bytes(method, target, signed, body)

    def send(self, service, method, path, query="", headers=None, body=b""):
        return send_raw(self.port, self.build(service, method, path, query, headers, body))

    def json(self, service, target, body, version="1.1"):
        return self.send(service, "POST", "/", headers={"content-type": f"application/x-amz-json-{version}",
                                                        "x-amz-target": target}, body=body)

    def query(self, service, body):
        return self.send(service, "POST", "/", headers={"content-type": "application/x-www-form-urlencoded"},
                         body=body)


def body_of(raw):
    return raw.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in raw else b""
