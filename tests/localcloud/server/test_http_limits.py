"""The HTTP layer under hostile clients, over real loopback sockets: malformed framing answers 400 and the server
lives on; header injection is refused; idle and slowloris connections do not keep valid clients out; SIGTERM
stops the server within about a second with slow clients connected; header floods and large unsigned bodies
are refused before they cost memory or disk (RSS read from /proc)."""
import os
import resource
import socket
import threading
import time
import unittest

import botocore.auth
import botocore.awsrequest
import botocore.credentials

from lc_fixture import REGION, LocalCloud

SLOW = os.environ.get("LC_HTTP_SLOW") == "1"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        lines = f.read().splitlines()
    for line in lines:
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def raw(port, data, timeout=5.0):
    """Sends `data` on a fresh connection and returns what the server answers until it closes or times out."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        out = b""
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                out += b
                if b"\r\n\r\n" in out and b"Connection: close" not in out:
                    break
        except (socket.timeout, ConnectionResetError):
            pass
        return out


def status_of(response):
    try:
        return int(response.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


class HttpLimitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def healthy(self, timeout=5.0):
        return status_of(raw(self.lc.port, b"GET /_localcloud/health HTTP/1.1\r\nHost: x\r\n\r\n", timeout)) == 200

    def signed_chunked_put(self):
        """The head of an S3 PUT signed (UNSIGNED-PAYLOAD) by dev, with a chunked body to follow."""
        c = self.lc.credentials["dev"]
        creds = botocore.credentials.Credentials(c["aws_access_key_id"], c["aws_secret_access_key"])
        req = botocore.awsrequest.AWSRequest(method="PUT", url=f"{self.lc.endpoint}/b/k",
                                             headers={"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
        botocore.auth.SigV4Auth(creds, "s3", REGION).add_auth(req)
        head = f"PUT /b/k HTTP/1.1\r\nHost: 127.0.0.1:{self.lc.port}\r\nTransfer-Encoding: chunked\r\n"
        for k, v in req.headers.items():
            head += f"{k}: {v}\r\n"
        return (head + "\r\n").encode()

    def test_malformed_chunk_sizes_answer_400_and_the_server_lives(self):
        for size in (b"zz", b"1ffffffffffffffffffff", b"-1", b" ", b"0x10"):
            r = raw(self.lc.port, self.signed_chunked_put() + size + b"\r\nabc\r\n0\r\n\r\n")
            self.assertEqual(status_of(r), 400, (size, r[:200]))
            self.assertIsNone(self.lc.proc.poll(), f"server died on chunk size {size!r}")
        self.assertTrue(self.healthy())

    def test_malformed_content_length_answers_400(self):
        for value in (b"abc", b"-5", b"99999999999999999999999", b"1, 2"):
            r = raw(self.lc.port, b"PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: " + value + b"\r\n\r\nxx")
            self.assertEqual(status_of(r), 400, (value, r[:200]))
        self.assertTrue(self.healthy())

    def test_bare_lf_in_a_header_value_is_refused_not_echoed(self):
        r = raw(self.lc.port, b"GET /b/k HTTP/1.1\r\nHost: x\r\nx-amz-meta-a: v\nX-Injected: yes\r\n\r\n")
        self.assertEqual(status_of(r), 400, r[:300])
        self.assertNotIn(b"\nX-Injected", r)
        r = raw(self.lc.port, b"GET /b/k HTTP/1.1\r\nHost: x\r\nx-amz-meta-a: v\rX-Injected: yes\r\n\r\n")
        self.assertEqual(status_of(r), 400, r[:300])

    def test_header_limits(self):
        many = b"".join(b"x-h%d: v\r\n" % i for i in range(400))
        r = raw(self.lc.port, b"GET / HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
        self.assertEqual(status_of(r), 431, r[:200])
        r = raw(self.lc.port, b"GET / HTTP/1.1\r\nHost: x\r\nx-long: " + b"a" * 100000 + b"\r\n\r\n")
        self.assertEqual(status_of(r), 431, r[:200])
        r = raw(self.lc.port, b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertIn(status_of(r), (414, 431), r[:200])
        self.assertTrue(self.healthy())

    def test_header_flood_is_cut_early_with_bounded_memory(self):
        before = rss_kib(self.lc.proc.pid)
        sent = 0
        with socket.create_connection(("127.0.0.1", self.lc.port), timeout=5) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            # Many header lines, each short: no single line is long, the block is.
            block = b"".join(b"x-flood-%d: %s\r\n" % (i, b"a" * 1000) for i in range(64))
            try:
                while sent < 200 * 1024 * 1024:
                    s.sendall(block)
                    sent += len(block)
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                pass
        grown = rss_kib(self.lc.proc.pid) - before
        print(f"header flood: cut after {sent / 1048576:.1f} MiB sent; server RSS grew {grown} KiB")
        self.assertLess(sent, 200 * 1024 * 1024, "the server read a 200 MB header block")
        self.assertLess(grown, 32 * 1024)
        self.assertTrue(self.healthy())

    def test_big_unsigned_body_is_refused_before_it_is_read(self):
        before = rss_kib(self.lc.proc.pid)
        tmp = os.path.join(self.lc.data_dir, "tmp")
        size = 1024 * 1024 * 1024
        sent = 0
        spooled = 0
        with socket.create_connection(("127.0.0.1", self.lc.port), timeout=5) as s:
            s.sendall(b"PUT /bucket/key HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % size)
            block = b"b" * (1024 * 1024)
            answer = b""
            try:
                while sent < size:
                    s.sendall(block)
                    sent += len(block)
                    if sent % (64 * 1024 * 1024) == 0:
                        spooled = max(spooled, sum(os.path.getsize(os.path.join(tmp, f)) for f in os.listdir(tmp)))
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                pass
            try:
                answer = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                pass
        grown = rss_kib(self.lc.proc.pid) - before
        print(f"unsigned 1 GiB PUT: cut after {sent / 1048576:.0f} MiB; spooled {spooled} bytes; RSS grew {grown} KiB")
        self.assertLess(sent, size, "the server read the whole unsigned body")
        self.assertEqual(spooled, 0)
        self.assertLess(grown, 32 * 1024)
        if answer:
            self.assertEqual(status_of(answer), 403, answer[:200])
        # A form body as big: refused as early.
        before = rss_kib(self.lc.proc.pid)
        sent = 0
        with socket.create_connection(("127.0.0.1", self.lc.port), timeout=5) as s:
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: %d\r\n\r\n" % (300 * 1024 * 1024))
            try:
                while sent < 300 * 1024 * 1024:
                    s.sendall(b"Action=" + b"a" * (1024 * 1024 - 7))
                    sent += 1024 * 1024
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                pass
        grown = rss_kib(self.lc.proc.pid) - before
        print(f"unsigned 300 MB form POST: cut after {sent / 1048576:.0f} MiB; RSS grew {grown} KiB")
        self.assertLess(sent, 300 * 1024 * 1024)
        self.assertLess(grown, 32 * 1024)
        self.assertTrue(self.healthy())

    def test_idle_connection_wave_does_not_refuse_valid_clients(self):
        idle = []
        try:
            for _ in range(600):
                idle.append(socket.create_connection(("127.0.0.1", self.lc.port), timeout=5))
            start = time.time()
            for _ in range(5):
                self.assertTrue(self.healthy(timeout=3.0), "a valid client was refused with 600 idle connections")
            elapsed = time.time() - start
            print(f"600 idle connections: 5 valid requests served in {elapsed:.2f} s")
            self.assertLess(elapsed, 5.0)
        finally:
            for s in idle:
                s.close()

    def test_beyond_the_connection_cap_the_oldest_idle_connection_makes_room(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard < 2400:
            self.skipTest(f"needs 2400 descriptors, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2400) if hard == resource.RLIM_INFINITY
                                                    else min(hard, max(soft, 2400)), hard))
        idle = []
        try:
            for _ in range(2100):  # above the server's cap of 2048
                idle.append(socket.create_connection(("127.0.0.1", self.lc.port), timeout=5))
            start = time.time()
            for _ in range(5):
                self.assertTrue(self.healthy(timeout=3.0), "a valid client was refused beyond the connection cap")
            print(f"2100 idle connections: 5 valid requests served in {time.time() - start:.2f} s")
            closed = 0
            for s in idle[:10]:  # the oldest: the first to make room
                s.settimeout(0.2)
                try:
                    closed += s.recv(1) == b""
                except (socket.timeout, ConnectionResetError):
                    pass
            self.assertGreater(closed, 0, "no idle connection was closed to make room")
        finally:
            for s in idle:
                s.close()

    def slowloris(self, count, seconds):
        stop = threading.Event()
        socks = []
        for _ in range(count):
            try:
                s = socket.create_connection(("127.0.0.1", self.lc.port), timeout=5)
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
                socks.append(s)
            except OSError:
                pass

        def drip():
            while not stop.is_set():
                for s in socks:
                    try:
                        s.send(b"x-a: b\r\n")
                    except OSError:
                        pass
                stop.wait(0.5)

        t = threading.Thread(target=drip)
        t.start()
        worst = 0.0
        served = 0
        try:
            deadline = time.time() + seconds
            while time.time() < deadline:
                start = time.time()
                self.assertTrue(self.healthy(timeout=5.0), "a valid client was refused during the slowloris")
                worst = max(worst, time.time() - start)
                served += 1
                time.sleep(0.2)
        finally:
            stop.set()
            t.join()
            for s in socks:
                s.close()
        print(f"slowloris {len(socks)} connections for {seconds} s: {served} valid requests served, "
              f"worst {worst * 1000:.0f} ms")
        self.assertLess(worst, 1.0)

    def test_slowloris_does_not_keep_valid_clients_out(self):
        self.slowloris(512, 40 if SLOW else 12)

    def test_zz_sigterm_with_slow_clients_stops_within_a_second(self):
        lc = LocalCloud().start()
        try:
            socks = []
            for i in range(5):
                s = socket.create_connection(("127.0.0.1", lc.port), timeout=5)
                # Some mid-header, some mid-body.
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n" if i % 2 else
                          b"PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nabc")
                socks.append(s)
            time.sleep(0.3)
            start = time.time()
            lc.proc.send_signal(15)
            try:
                lc.proc.wait(timeout=10)
            except Exception:  # noqa: BLE001 - report the time below
                pass
            elapsed = time.time() - start
            print(f"SIGTERM with 5 slow clients: stopped in {elapsed:.2f} s")
            self.assertIsNotNone(lc.proc.poll(), "the server did not stop within 10 s")
            self.assertLess(elapsed, 1.5)
            self.assertEqual(lc.proc.returncode, 0)
            for s in socks:
                s.close()
        finally:
            lc.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
