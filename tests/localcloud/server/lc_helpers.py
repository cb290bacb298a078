"""Helpers shared by the service tests: waiting for a stack, catching an AWS error, hostile request bodies."""
import random
import time

import botocore.exceptions


def wait_stack(cfn, name, timeout=30):
    """Polls DescribeStacks until the stack is no longer in progress; returns its description."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        s = cfn.describe_stacks(StackName=name)["Stacks"][0]
        if not s["StackStatus"].endswith("_IN_PROGRESS"):
            return s
        time.sleep(0.05)
    raise AssertionError(f"stack {name} still in progress")


class ClientErrors:
    """unittest.TestCase mixin: `error(fn, **kw)` asserts that the call fails and returns its Error;
    `assert_refused` / `assert_no_server_error` check raw requests sent by `call(op, body) -> (status, raw)`."""

    def error(self, fn, **kw):
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            fn(**kw)
        return cm.exception.response["Error"]

    def assert_refused(self, call, cases):
        """Each (op, body) of `cases` is answered with a 4xx (the connection not dropped, no 5xx)."""
        for op, body in cases:
            status, out = call(op, body)
            self.assertIsNotNone(status, op)
            self.assertTrue(400 <= status < 500, (op, status, out[-300:]))

    def assert_no_server_error(self, call, op, bodies):
        """Each of `bodies` sent to `op` is answered, with a status below 500."""
        for body in bodies:
            status, out = call(op, body)
            self.assertIsNotNone(status, body)
            self.assertLess(status, 500, out[-300:])


def mutations(body, count, seed):
    """`count` variants of `body` (bytes) with one to four bytes replaced, deterministically from `seed`."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        b = bytearray(body)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        out.append(bytes(b))
    return out
