"""Load test: N concurrent boto3 clients for a bounded time against one localcloud; reports requests per
second and requires zero errors."""
import os
import threading
import time
import unittest

from lc_fixture import ACCOUNTS, LocalCloud, trust

CLIENTS = int(os.environ.get("LC_LOAD_CLIENTS", "16"))
SECONDS = float(os.environ.get("LC_LOAD_SECONDS", "5"))


class LoadTest(unittest.TestCase):
    def test_concurrent_clients_without_errors(self):
        lc = LocalCloud().start()
        try:
            lc.client("s3", "dev").create_bucket(Bucket="load-bucket",
                                                  CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"})
            lc.client("iam", "dev").create_role(RoleName="load", AssumeRolePolicyDocument=trust(
                f"arn:aws:iam::{ACCOUNTS['build']}:root"))
            counts = [0] * CLIENTS
            errors = []
            # boto3 client creation is slow (model loading): make them all before the clock starts.
            clients = [(lc.client("s3", "dev"), lc.client("ssm", "dev"), lc.client("sts", "build"))
                       for _ in range(CLIENTS)]
            deadline = time.time() + SECONDS

            def client(i):
                s3, ssm, sts = clients[i]
                n = 0
                try:
                    while time.time() < deadline:
                        n += 1
                        k = f"c{i}/{n % 20}"
                        s3.put_object(Bucket="load-bucket", Key=k, Body=b"x" * 1024)
                        s3.get_object(Bucket="load-bucket", Key=k)["Body"].read()
                        ssm.put_parameter(Name=f"/load/{k}", Value=str(n), Type="String", Overwrite=True)
                        ssm.get_parameter(Name=f"/load/{k}")
                        if n % 5 == 0:
                            sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNTS['dev']}:role/load", RoleSessionName="load")
                            counts[i] += 1
                        sts.get_caller_identity()
                        counts[i] += 5
                except Exception as e:  # noqa: BLE001 - any failure is an error to report
                    errors.append(repr(e))

            start = time.time()
            threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.time() - start
            total = sum(counts)
            print(f"load test: {CLIENTS} clients, {elapsed:.1f} s, {total} requests, {total / elapsed:.0f} req/s, "
                  f"{len(errors)} errors")
            self.assertEqual(errors, [])
            self.assertGreater(total, CLIENTS * 10)
        finally:
            lc.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
