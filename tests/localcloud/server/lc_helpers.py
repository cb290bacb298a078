"""Helpers shared by the service tests: waiting for a stack and catching an AWS error."""
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
    """unittest.TestCase mixin: `error(fn, **kw)` asserts that the call fails and returns its Error."""

    def error(self, fn, **kw):
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            fn(**kw)
        return cm.exception.response["Error"]


def mutations(body, count, seed):
    """`count` variants of `body` (bytes) with one to four bytes replaced, deterministically from `seed`."""
    import random
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        b = bytearray(body)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        out.append(bytes(b))
    return out
