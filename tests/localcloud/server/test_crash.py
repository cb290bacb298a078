"""Crash test: concurrent writers, `kill -9` mid-flight, restart: every acknowledged write is there and
nothing half-written is visible."""
import threading
import time
import unittest

import botocore.exceptions

from lc_fixture import LocalCloud

WRITERS = 8
RUN_SECONDS = 3.0


class CrashTest(unittest.TestCase):
    def test_every_acknowledged_write_survives_kill_9(self):
        lc = LocalCloud().start()
        try:
            lc.client("s3", "dev").create_bucket(Bucket="crash-bucket",
                                                  CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"})
            acked_params, acked_objects = [], []
            lock = threading.Lock()
            stop = threading.Event()

            clients = [(lc.client("ssm", "dev"), lc.client("s3", "dev")) for _ in range(WRITERS)]

            def writer(i):
                ssm, s3 = clients[i]
                n = 0
                while not stop.is_set():
                    n += 1
                    try:
                        ssm.put_parameter(Name=f"/crash/w{i}/p{n}", Value=f"value-{i}-{n}", Type="String")
                        with lock:
                            acked_params.append((f"/crash/w{i}/p{n}", f"value-{i}-{n}"))
                        body = (f"object-{i}-{n}-" * 200).encode()
                        s3.put_object(Bucket="crash-bucket", Key=f"w{i}/o{n}", Body=body)
                        with lock:
                            acked_objects.append((f"w{i}/o{n}", body))
                    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError):
                        return  # the server is gone

            threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
            for t in threads:
                t.start()
            time.sleep(RUN_SECONDS)
            lc.kill9()  # while the writers are mid-request
            stop.set()
            for t in threads:
                t.join()
            self.assertGreater(len(acked_params), 20, "too few writes before the kill to prove anything")

            restarted = LocalCloud(data_dir=lc.data_dir)
            restarted.tmp = lc.tmp
            restarted.start()
            lc.proc = restarted.proc
            ssm = restarted.client("ssm", "dev")
            s3 = restarted.client("s3", "dev")
            for name, value in acked_params:
                self.assertEqual(ssm.get_parameter(Name=name)["Parameter"]["Value"], value)
            for key, body in acked_objects:
                self.assertEqual(s3.get_object(Bucket="crash-bucket", Key=key)["Body"].read(), body)
            # Nothing half-written: every listed object reads back whole.
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket="crash-bucket")
            listed = [o for p in pages for o in p.get("Contents", [])]
            self.assertGreaterEqual(len(listed), len(acked_objects))
            for o in listed:
                data = s3.get_object(Bucket="crash-bucket", Key=o["Key"])["Body"].read()
                self.assertEqual(len(data), o["Size"])
                i, n = o["Key"][1:].split("/o")
                self.assertEqual(data, (f"object-{i}-{n}-" * 200).encode())
            print(f"crash test: {len(acked_params)} parameters and {len(acked_objects)} objects acknowledged "
                  f"before kill -9; all present after restart")
            self.assertEqual(restarted.stop(), 0, "clean shutdown on SIGTERM exits 0")
        finally:
            lc.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
