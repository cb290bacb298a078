"""Read-after-write consistency under load (issue 21): processes GET and PUT the same S3 keys at once.
S3 is strongly consistent: every GET returns one whole object that some PUT wrote, with the Content-Length
it announces. Before the fix a GET racing a PUT of the same key returned a body shorter than its
Content-Length (15-18 per 12,000 requests at 8 clients): the GET opened the object file after the PUT had
removed it. The clients are separate processes (the server is measured, not Python's GIL); the bodies say
what they must be (`<tag>|` repeated to a length the tag names), so a torn or mixed body is seen.

LC_CONSISTENCY_OPS (per client, default 1000 at 8 clients and 100 at 64) sets the size of the run; the
`slow` ctest variant runs 12,000 requests at each client count."""
import http.client
import multiprocessing
import os
import random
import time
import unittest

from lc_fixture import LocalCloud
from lc_raw import sign

KEYS = ["same", "same-too"]  # two hot keys: every PUT replaces a key that other clients are reading
BUCKET = "consistency-bucket"


def make_body(tag, length):
    unit = (tag + "|").encode()
    return (unit * (length // len(unit) + 1))[:length]


def check_body(body, content_length):
    """'' when `body` is one whole object as make_body wrote it, else what is wrong."""
    if content_length is not None and len(body) != content_length:
        return f"body of {len(body)} bytes, Content-Length {content_length}"
    head = body.split(b"|", 1)[0].decode(errors="replace")
    try:
        length = int(head.rsplit("-L", 1)[1])
    except (IndexError, ValueError):
        return f"unrecognisable body starting {body[:40]!r}"
    if len(body) != length:
        return f"body of {len(body)} bytes, tag {head} says {length}"
    if body != make_body(head, length):
        return f"body of {head} is mixed with other bytes"
    return ""


def client(args):
    """One client process: `ops` requests, 60% GET and 40% PUT; returns (counts, errors)."""
    index, port, key, secret, region, ops, seed = args
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    counts = {"GET": 0, "PUT": 0}
    errors = []
    for n in range(ops):
        k = rng.choice(KEYS)
        path = f"/{BUCKET}/{k}"
        method = "GET" if rng.random() < 0.6 else "PUT"
        body = b""
        if method == "PUT":
            length = rng.choice([64, 100, 4096, 20000, 65536, 200000])  # each holds its tag
            body = make_body(f"c{index}-n{n}-L{length}", length)
        headers = sign(method, path, "", {"host": f"127.0.0.1:{port}"}, body, key, secret, region, "s3")
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()  # raises IncompleteRead when the body is shorter than Content-Length
            counts[method] += 1
            if r.status != 200:
                errors.append(f"{method} {k}: {r.status} {data[:200]!r}")
            elif method == "GET":
                cl = r.getheader("Content-Length")
                why = check_body(data, int(cl) if cl is not None else None)
                if why:
                    errors.append(f"GET {k}: {why}")
        except (http.client.HTTPException, OSError) as e:
            errors.append(f"{method} {k}: {e!r}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()
    return counts, errors


def run(lc, clients, ops):
    c = lc.credentials["dev"]
    s3 = lc.client("s3", "dev")
    for k in KEYS:
        s3.put_object(Bucket=BUCKET, Key=k, Body=make_body("seed-L10", 10))
    args = [(i, lc.port, c["aws_access_key_id"], c["aws_secret_access_key"], "ap-southeast-2", ops, 1000 + i)
            for i in range(clients)]
    start = time.time()
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = pool.map(client, args)
    elapsed = time.time() - start
    gets = sum(r[0]["GET"] for r in results)
    puts = sum(r[0]["PUT"] for r in results)
    errors = [e for r in results for e in r[1]]
    print(f"consistency: {clients} client processes, {gets} GET + {puts} PUT of {len(KEYS)} keys in "
          f"{elapsed:.1f} s ({(gets + puts) / elapsed:.0f} req/s), {len(errors)} errors")
    return errors


class ConsistencyTest(unittest.TestCase):
    def setUp(self):
        self.lc = LocalCloud().start()
        self.lc.client("s3", "dev").create_bucket(Bucket=BUCKET,
                                                   CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"})

    def tearDown(self):
        self.lc.cleanup()

    def check(self, clients, default_ops):
        ops = int(os.environ.get("LC_CONSISTENCY_OPS", "0")) or default_ops
        if os.environ.get("LC_CONSISTENCY_SLOW"):
            ops = 12000 // clients
        errors = run(self.lc, clients, ops)
        self.assertEqual(errors[:20], [], f"{len(errors)} errors")
        self.assertIsNone(self.lc.proc.poll(), "localcloud died")

    def test_get_put_same_key_8_clients(self):
        self.check(8, 1000)

    def test_get_put_same_key_64_clients(self):
        self.check(64, 100)


if __name__ == "__main__":
    unittest.main(verbosity=2)
