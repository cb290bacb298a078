"""DynamoDB Streams, UpdateTable, time to live and transactions over the wire with boto3 (docs/localcloud-dynamodb.md):
the calls moto_server also serves are run against both and compared (codes, keys, images, event names); what moto
does not do as AWS does (stream records' order and sequence numbers, TTL refusals, idempotency tokens, iterator
expiry, authorization, account isolation, hostile input) is asserted on localcloud alone."""
import base64
import json
import os
import sys
import time
import unittest

import botocore.exceptions

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# The TTL sweeper deletes an item as soon as it expired (AWS: within days); set before localcloud starts.
os.environ["CDKPP_LOCALCLOUD_DYNAMODB_TTL_DELAY_S"] = "0"
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy, trust  # noqa: E402
from lc_helpers import ClientErrors  # noqa: E402
from lc_raw import Signer  # noqa: E402
from test_dynamodb import Moto, answer, key_schema  # noqa: E402

DEV = ACCOUNTS["dev"]


def records_of(streams, arn, iterator_type="TRIM_HORIZON"):
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=iterator_type)["ShardIterator"]
    return streams.get_records(ShardIterator=it)["Records"]


def summary(records):
    """What both servers must agree on: event name, keys and images of each record, in order."""
    return [(r["eventName"], r["dynamodb"]["Keys"], r["dynamodb"].get("NewImage"), r["dynamodb"].get("OldImage"))
            for r in records]


class StreamsTest(ClientErrors, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.moto = Moto()
        cls.ddb = cls.lc.client("dynamodb", "dev")
        cls.streams = cls.lc.client("dynamodbstreams", "dev")
        cls.ref = cls.moto.client()
        cls.ref_streams = cls.moto.client("dynamodbstreams")

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()
        cls.lc.cleanup()

    def both(self, op, **kw):
        got, want = answer(self.ddb, op, **kw), answer(self.ref, op, **kw)
        return got, want

    def same(self, op, **kw):
        got, want = self.both(op, **kw)
        self.assertEqual(got, want, f"{op} {kw}")
        return got

    def table(self, name, view=None, **extra):
        ks, ad = key_schema("pk")
        kw = dict(TableName=name, KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST", **extra)
        if view:
            kw["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": view}
        arns = []
        for c in (self.ddb, self.ref):
            arns.append(c.create_table(**kw)["TableDescription"].get("LatestStreamArn"))
        return arns

    # --- streams --------------------------------------------------------------------------------
    def test_stream_records_per_view_type_match_moto(self):
        for view in ("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"):
            name = "s-" + view.lower().replace("_", "-")
            arn, ref_arn = self.table(name, view)
            self.assertEqual(arn, f"arn:aws:dynamodb:{REGION}:{DEV}:table/{name}/stream/"
                             + self.ddb.describe_table(TableName=name)["Table"]["LatestStreamLabel"])
            self.same("put_item", TableName=name, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
            self.same("put_item", TableName=name, Item={"pk": {"S": "a"}, "v": {"N": "2"}})
            self.same("update_item", TableName=name, Key={"pk": {"S": "a"}}, UpdateExpression="SET w = :w",
                      ExpressionAttributeValues={":w": {"S": "x"}})
            self.same("delete_item", TableName=name, Key={"pk": {"S": "a"}})
            self.same("delete_item", TableName=name, Key={"pk": {"S": "missing"}})  # no record: nothing deleted
            got, want = records_of(self.streams, arn), records_of(self.ref_streams, ref_arn)
            self.assertEqual(summary(got), summary(want), view)
            self.assertEqual([r["eventName"] for r in got], ["INSERT", "MODIFY", "MODIFY", "REMOVE"])
            seqs = [r["dynamodb"]["SequenceNumber"] for r in got]
            self.assertEqual(seqs, sorted(seqs, key=int))
            self.assertEqual(len(set(r["eventID"] for r in got)), 4)
            for r in got:
                self.assertEqual((r["eventSource"], r["awsRegion"], r["eventVersion"]), ("aws:dynamodb", REGION, "1.1"))
                self.assertEqual(r["dynamodb"]["StreamViewType"], view)
                self.assertGreater(r["dynamodb"]["SizeBytes"], 0)
                self.assertIn("ApproximateCreationDateTime", r["dynamodb"])
                self.assertNotIn("userIdentity", r)

    def test_describe_list_iterators_and_pages(self):
        arn, _ = self.table("pages", "NEW_IMAGE")
        d = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual((d["StreamStatus"], d["StreamViewType"], d["TableName"]), ("ENABLED", "NEW_IMAGE", "pages"))
        self.assertEqual(len(d["Shards"]), 1)
        self.assertNotIn("EndingSequenceNumber", d["Shards"][0]["SequenceNumberRange"])
        shard = d["Shards"][0]["ShardId"]
        listed = self.streams.list_streams(TableName="pages")["Streams"]
        self.assertEqual([s["StreamArn"] for s in listed], [arn])
        latest = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
        for i in range(5):
            self.ddb.put_item(TableName="pages", Item={"pk": {"S": f"k{i}"}})
        # LATEST taken before the writes sees them all; pages of 2 with NextShardIterator
        seen, it = [], latest
        for _ in range(4):
            out = self.streams.get_records(ShardIterator=it, Limit=2)
            self.assertLessEqual(len(out["Records"]), 2)
            seen += out["Records"]
            it = out["NextShardIterator"]
        self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in seen], [f"k{i}" for i in range(5)])
        seqs = [r["dynamodb"]["SequenceNumber"] for r in seen]
        at = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER",
                                             SequenceNumber=seqs[2])["ShardIterator"]
        self.assertEqual([r["dynamodb"]["SequenceNumber"] for r in self.streams.get_records(ShardIterator=at)["Records"]],
                         seqs[2:])
        after = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                                                SequenceNumber=seqs[2])["ShardIterator"]
        self.assertEqual([r["dynamodb"]["SequenceNumber"] for r in self.streams.get_records(ShardIterator=after)["Records"]],
                         seqs[3:])
        # LATEST now sees nothing; a sequence number past the shard's end, a forged iterator, another shard: refused
        now = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
        self.assertEqual(self.streams.get_records(ShardIterator=now)["Records"], [])
        err = self.error(self.streams.get_shard_iterator, StreamArn=arn, ShardId=shard,
                         ShardIteratorType="AT_SEQUENCE_NUMBER", SequenceNumber="1" + "9" * 20)
        self.assertEqual(err["Code"], "ValidationException")
        for bad in ("garbage", arn + "|1|" + base64.b64encode(b"{}").decode(), arn + "|1|!!!"):
            self.assertEqual(self.error(self.streams.get_records, ShardIterator=bad)["Code"], "ValidationException")
        self.assertEqual(self.error(self.streams.get_shard_iterator, StreamArn=arn, ShardId="shardId-00000000000000000000-nope",
                                    ShardIteratorType="LATEST")["Code"], "ResourceNotFoundException")
        self.assertEqual(self.error(self.streams.describe_stream, StreamArn=arn + "x")["Code"],
                         "ResourceNotFoundException")
        # an iterator issued more than 15 minutes ago has expired (forged issue time: it carries no secret)
        prefix, _, blob = now.partition("|1|")
        doc = json.loads(base64.b64decode(blob))
        doc["t"] -= 16 * 60 * 1000
        old = prefix + "|1|" + base64.b64encode(json.dumps(doc).encode()).decode()
        self.assertEqual(self.error(self.streams.get_records, ShardIterator=old)["Code"], "ExpiredIteratorException")

    def test_disable_and_reenable_gives_a_new_label_and_closes_the_old_shard(self):
        arn, ref_arn = self.table("toggle", "KEYS_ONLY")
        self.ddb.put_item(TableName="toggle", Item={"pk": {"S": "1"}})
        for c in (self.ddb, self.ref):
            c.update_table(TableName="toggle", StreamSpecification={"StreamEnabled": False})
        d = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(d["StreamStatus"], "DISABLED")
        self.assertIn("EndingSequenceNumber", d["Shards"][0]["SequenceNumberRange"])
        # the closed shard read to its end has no next iterator; records written now go nowhere
        self.ddb.put_item(TableName="toggle", Item={"pk": {"S": "2"}})
        shard = d["Shards"][0]["ShardId"]
        it = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        out = self.streams.get_records(ShardIterator=it)
        self.assertEqual([r["dynamodb"]["Keys"] for r in out["Records"]], [{"pk": {"S": "1"}}])
        self.assertNotIn("NextShardIterator", out)
        time.sleep(0.01)
        new = self.ddb.update_table(TableName="toggle", StreamSpecification={"StreamEnabled": True,
                                                                             "StreamViewType": "NEW_IMAGE"})
        new_arn = new["TableDescription"]["LatestStreamArn"]
        self.assertNotEqual(new_arn, arn)
        self.assertEqual(new["TableDescription"]["StreamSpecification"],
                         {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        self.ddb.put_item(TableName="toggle", Item={"pk": {"S": "3"}})
        self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in records_of(self.streams, new_arn)], ["3"])
        self.assertEqual(len(self.streams.list_streams(TableName="toggle")["Streams"]), 2)
        # enabling an enabled stream is refused (AWS: ValidationException; moto answers ResourceInUseException)
        self.assertEqual(self.error(self.ddb.update_table, TableName="toggle",
                                    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})["Code"],
                         "ValidationException")
        got, want = self.both("update_table", TableName="toggle",
                              StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        self.assertEqual(got[0], "error")
        self.assertEqual(want[0], "error")

    def test_streams_are_authorized_per_action_and_isolated_per_account(self):
        arn, _ = self.table("guarded", "KEYS_ONLY")
        self.ddb.put_item(TableName="guarded", Item={"pk": {"S": "x"}})
        iam = self.lc.client("iam", "dev")
        iam.create_role(RoleName="stream-reader", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="stream-reader", PolicyName="r", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["dynamodb:DescribeStream", "dynamodb:GetShardIterator"],
             "Resource": f"arn:aws:dynamodb:{REGION}:{DEV}:table/guarded/stream/*"}))
        reader = self.lc.client("dynamodbstreams", **self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/stream-reader"))
        shard = reader.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        it = reader.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        self.assertEqual(self.error(reader.get_records, ShardIterator=it)["Code"], "AccessDeniedException")
        self.assertEqual(self.error(reader.list_streams)["Code"], "AccessDeniedException")
        other = self.lc.client("dynamodbstreams", "test")
        self.assertEqual(self.error(other.describe_stream, StreamArn=arn)["Code"], "ResourceNotFoundException")
        self.assertEqual(self.error(other.get_records, ShardIterator=it)["Code"], "ResourceNotFoundException")
        self.assertEqual(other.list_streams()["Streams"], [])

    def test_a_deleted_tables_stream_stays_readable_disabled(self):
        arn, _ = self.table("gone", "NEW_IMAGE")
        self.ddb.put_item(TableName="gone", Item={"pk": {"S": "x"}})
        self.ddb.delete_table(TableName="gone")
        d = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(d["StreamStatus"], "DISABLED")
        self.assertEqual(len(records_of(self.streams, arn)), 1)

    def test_records_survive_a_restart(self):
        arn, _ = self.table("durable", "NEW_IMAGE")
        self.ddb.put_item(TableName="durable", Item={"pk": {"S": "x"}})
        self.lc.kill9()
        self.lc.start()
        type(self).ddb = self.lc.client("dynamodb", "dev")
        type(self).streams = self.lc.client("dynamodbstreams", "dev")
        self.assertEqual([r["eventName"] for r in records_of(self.streams, arn)], ["INSERT"])

    # --- UpdateTable ------------------------------------------------------------------------------
    def test_update_table_matches_moto(self):
        self.table("upd")
        for c in (self.ddb, self.ref):
            d = c.update_table(TableName="upd", BillingMode="PROVISIONED",
                               ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 3})["TableDescription"]
            self.assertEqual((d["ProvisionedThroughput"]["ReadCapacityUnits"],
                              d["ProvisionedThroughput"]["WriteCapacityUnits"]), (5, 3))
        for c in (self.ddb, self.ref):
            d = c.update_table(TableName="upd", DeletionProtectionEnabled=True)["TableDescription"]
            self.assertTrue(d["DeletionProtectionEnabled"])
        self.assertEqual(self.both("delete_table", TableName="upd")[0], ("error", "ValidationException"))
        # a GSI created, queried, deleted
        for c in (self.ddb, self.ref):
            d = c.update_table(TableName="upd", AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
                               GlobalSecondaryIndexUpdates=[{"Create": {
                                   "IndexName": "byg", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                   "Projection": {"ProjectionType": "ALL"},
                                   "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}])
            self.assertEqual([i["IndexName"] for i in d["TableDescription"]["GlobalSecondaryIndexes"]], ["byg"])
        self.same("put_item", TableName="upd", Item={"pk": {"S": "1"}, "g": {"S": "x"}})
        self.same("query", TableName="upd", IndexName="byg", KeyConditionExpression="g = :g",
                  ExpressionAttributeValues={":g": {"S": "x"}})
        for c in (self.ddb, self.ref):
            d = c.update_table(TableName="upd", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "byg"}}])
            self.assertEqual(d["TableDescription"].get("GlobalSecondaryIndexes", []), [])
        self.assertEqual(self.error(self.ddb.query, TableName="upd", IndexName="byg", KeyConditionExpression="g = :g",
                                    ExpressionAttributeValues={":g": {"S": "x"}})["Code"], "ValidationException")
        d = self.ddb.update_table(TableName="upd", TableClass="STANDARD_INFREQUENT_ACCESS")["TableDescription"]
        self.assertEqual(d["TableClassSummary"]["TableClass"], "STANDARD_INFREQUENT_ACCESS")
        d = self.ddb.update_table(TableName="upd", BillingMode="PAY_PER_REQUEST", DeletionProtectionEnabled=False)
        self.assertEqual(d["TableDescription"]["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        # refusals: throughput with on-demand, a missing index, an index key without definition, a missing table
        for kw in (dict(ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}),
                   dict(GlobalSecondaryIndexUpdates=[{"Create": {
                       "IndexName": "nodef", "KeySchema": [{"AttributeName": "undefined", "KeyType": "HASH"}],
                       "Projection": {"ProjectionType": "ALL"}}}])):
            self.assertEqual(self.error(self.ddb.update_table, TableName="upd", **kw)["Code"], "ValidationException")
        self.assertEqual(self.error(self.ddb.update_table, TableName="upd",
                                    GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "nope"}}])["Code"],
                         "ResourceNotFoundException")
        self.assertEqual(self.both("update_table", TableName="nosuch", DeletionProtectionEnabled=True),
                         (("error", "ResourceNotFoundException"), ("error", "ResourceNotFoundException")))

    # --- time to live -------------------------------------------------------------------------------
    def test_ttl_describe_update_and_the_sweeper(self):
        arn, _ = self.table("ttl", "NEW_AND_OLD_IMAGES")
        self.same("describe_time_to_live", TableName="ttl")
        self.same("update_time_to_live", TableName="ttl",
                  TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        self.same("describe_time_to_live", TableName="ttl")
        # AWS refuses enabling twice and disabling another attribute (moto accepts both)
        self.assertEqual(self.error(self.ddb.update_time_to_live, TableName="ttl",
                                    TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})["Code"],
                         "ValidationException")
        self.assertEqual(self.error(self.ddb.update_time_to_live, TableName="ttl",
                                    TimeToLiveSpecification={"Enabled": False, "AttributeName": "other"})["Code"],
                         "ValidationException")
        now = int(time.time())
        self.ddb.put_item(TableName="ttl", Item={"pk": {"S": "past"}, "exp": {"N": str(now - 10)}})
        self.ddb.put_item(TableName="ttl", Item={"pk": {"S": "future"}, "exp": {"N": str(now + 3600)}})
        self.ddb.put_item(TableName="ttl", Item={"pk": {"S": "ancient"}, "exp": {"N": str(now - 6 * 365 * 86400)}})
        self.ddb.put_item(TableName="ttl", Item={"pk": {"S": "text"}, "exp": {"S": "0"}})
        deadline = time.time() + 15
        while time.time() < deadline and "Item" in self.ddb.get_item(TableName="ttl", Key={"pk": {"S": "past"}}):
            time.sleep(0.2)
        left = sorted(i["pk"]["S"] for i in self.ddb.scan(TableName="ttl")["Items"])
        self.assertEqual(left, ["ancient", "future", "text"])
        removes = [r for r in records_of(self.streams, arn) if r["eventName"] == "REMOVE"]
        self.assertEqual(len(removes), 1)
        self.assertEqual(removes[0]["userIdentity"], {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"})
        self.assertEqual(removes[0]["dynamodb"]["OldImage"]["pk"], {"S": "past"})
        self.same("update_time_to_live", TableName="ttl",
                  TimeToLiveSpecification={"Enabled": False, "AttributeName": "exp"})

    # --- transactions ---------------------------------------------------------------------------------
    def test_transact_write_all_or_nothing_matches_moto(self):
        self.table("txn")
        self.same("put_item", TableName="txn", Item={"pk": {"S": "a"}, "n": {"N": "1"}})
        self.same("put_item", TableName="txn", Item={"pk": {"S": "c"}})
        ok = [{"Put": {"TableName": "txn", "Item": {"pk": {"S": "b"}}}},
              {"Update": {"TableName": "txn", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET n = n + :one",
                          "ExpressionAttributeValues": {":one": {"N": "1"}}}},
              {"ConditionCheck": {"TableName": "txn", "Key": {"pk": {"S": "c"}},
                                  "ConditionExpression": "attribute_exists(pk)"}}]
        self.assertEqual(self.same("transact_write_items", TransactItems=ok), {})
        self.same("transact_get_items", TransactItems=[{"Get": {"TableName": "txn", "Key": {"pk": {"S": k}}}}
                                                        for k in ("a", "b", "zz")])
        self.assertEqual(self.ddb.get_item(TableName="txn", Key={"pk": {"S": "a"}})["Item"]["n"], {"N": "2"})
        failing = [{"Put": {"TableName": "txn", "Item": {"pk": {"S": "c"}}}},
                   {"Delete": {"TableName": "txn", "Key": {"pk": {"S": "b"}}}},
                   {"ConditionCheck": {"TableName": "txn", "Key": {"pk": {"S": "a"}},
                                       "ConditionExpression": "n = :five",
                                       "ExpressionAttributeValues": {":five": {"N": "5"}},
                                       "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}]
        errs = []
        for c in (self.ddb, self.ref):
            with self.assertRaises(botocore.exceptions.ClientError) as cm:
                c.transact_write_items(TransactItems=failing)
            errs.append((cm.exception.response["Error"]["Code"], cm.exception.response.get("CancellationReasons")))
        self.assertEqual(errs[0], errs[1])
        self.assertEqual(errs[0][0], "TransactionCanceledException")
        self.assertEqual([r["Code"] for r in errs[0][1]], ["None", "None", "ConditionalCheckFailed"])
        self.assertEqual(errs[0][1][2]["Item"], {"pk": {"S": "a"}, "n": {"N": "2"}})
        # nothing of the failed transaction was written
        self.same("scan", TableName="txn")
        self.assertEqual(len(self.ddb.scan(TableName="txn")["Items"]), 3)
        # two operations on one item; more than 100 items
        two = [{"Put": {"TableName": "txn", "Item": {"pk": {"S": "a"}}}},
               {"Delete": {"TableName": "txn", "Key": {"pk": {"S": "a"}}}}]
        self.assertEqual(self.both("transact_write_items", TransactItems=two)[0], ("error", "ValidationException"))
        many = [{"Put": {"TableName": "txn", "Item": {"pk": {"S": f"m{i}"}}}} for i in range(101)]
        self.assertEqual(self.error(self.ddb.transact_write_items, TransactItems=many)["Code"], "ValidationException")
        self.assertEqual(len(self.ddb.scan(TableName="txn")["Items"]), 3)

    def test_client_request_token_is_idempotent_for_ten_minutes(self):
        self.table("idem")
        items = [{"Update": {"TableName": "idem", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "ADD n :one",
                             "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
        for _ in range(3):
            self.ddb.transact_write_items(TransactItems=items, ClientRequestToken="token-1")
        self.assertEqual(self.ddb.get_item(TableName="idem", Key={"pk": {"S": "a"}})["Item"]["n"], {"N": "1"})
        other = [{"Put": {"TableName": "idem", "Item": {"pk": {"S": "b"}}}}]
        self.assertEqual(self.error(self.ddb.transact_write_items, TransactItems=other,
                                    ClientRequestToken="token-1")["Code"], "IdempotentParameterMismatchException")
        self.ddb.transact_write_items(TransactItems=items, ClientRequestToken="token-2")
        self.assertEqual(self.ddb.get_item(TableName="idem", Key={"pk": {"S": "a"}})["Item"]["n"], {"N": "2"})

    def test_transactions_are_authorized_per_item_action(self):
        self.ddb.create_table(TableName="txauth", KeySchema=key_schema("pk")[0],
                              AttributeDefinitions=key_schema("pk")[1], BillingMode="PAY_PER_REQUEST")
        iam = self.lc.client("iam", "dev")
        iam.create_role(RoleName="tx-putter", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="tx-putter", PolicyName="p", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": f"arn:aws:dynamodb:{REGION}:{DEV}:table/txauth"}))
        putter = self.lc.client("dynamodb", **self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/tx-putter"))
        putter.transact_write_items(TransactItems=[{"Put": {"TableName": "txauth", "Item": {"pk": {"S": "a"}}}}])
        mixed = [{"Put": {"TableName": "txauth", "Item": {"pk": {"S": "b"}}}},
                 {"Delete": {"TableName": "txauth", "Key": {"pk": {"S": "a"}}}}]
        self.assertEqual(self.error(putter.transact_write_items, TransactItems=mixed)["Code"], "AccessDeniedException")
        self.assertEqual(self.error(putter.transact_get_items, TransactItems=[
            {"Get": {"TableName": "txauth", "Key": {"pk": {"S": "a"}}}}])["Code"], "AccessDeniedException")
        self.assertEqual(sorted(i["pk"]["S"] for i in self.ddb.scan(TableName="txauth")["Items"]), ["a"])

    # --- hostile input ----------------------------------------------------------------------------------
    def test_hostile_requests_are_4xx_and_store_nothing(self):
        self.table("hostile2", "KEYS_ONLY")
        signer = Signer(self.lc, "dev")

        def ddb(op, body):
            return signer.json("dynamodb", "DynamoDB_20120810." + op, body, version="1.0")

        def streams(op, body):
            return signer.json("dynamodb", "DynamoDBStreams_20120810." + op, body, version="1.0")

        deep = {"S": "x"}
        for _ in range(300):
            deep = {"M": {"a": deep}}
        huge = {"S": "x" * (500 * 1024)}
        put = lambda item: {"Put": {"TableName": "hostile2", "Item": item}}  # noqa: E731
        self.assert_refused(ddb, [
            ("TransactWriteItems", "{"),
            ("TransactWriteItems", json.dumps({"TransactItems": "nope"})),
            ("TransactWriteItems", json.dumps({"TransactItems": [put({"pk": {"S": "d"}, "deep": deep})]})),
            ("TransactWriteItems", json.dumps({"TransactItems": [put({"pk": {"S": "h"}, "huge": huge})]})),
            ("TransactWriteItems", json.dumps({"TransactItems": [put({"pk": {"S": f"x{i}"}, "b": {"S": "y" * 300000}})
                                                                 for i in range(15)]})),
            ("TransactWriteItems", json.dumps({"TransactItems": [{"Put": {"TableName": "hostile2",
                                                                          "Item": {"pk": {"S": "p"}}},
                                                                  "Delete": {"TableName": "hostile2",
                                                                             "Key": {"pk": {"S": "q"}}}}]})),
            ("TransactGetItems", json.dumps({"TransactItems": [{"Get": {"TableName": "hostile2", "Key": {"pk": deep}}}]})),
            ("UpdateTable", json.dumps({"TableName": "hostile2", "GlobalSecondaryIndexUpdates": [{}]})),
            ("UpdateTable", json.dumps({"TableName": "hostile2", "BillingMode": "FREE"})),
            ("UpdateTimeToLive", json.dumps({"TableName": "hostile2", "TimeToLiveSpecification": {"Enabled": "yes"}})),
            ("UpdateTimeToLive", json.dumps({"TableName": "hostile2"})),
        ])
        self.assert_refused(streams, [
            ("GetRecords", "{"),
            ("GetRecords", json.dumps({"ShardIterator": "x" * 5000})),
            ("GetRecords", json.dumps({"ShardIterator": "a|1|" + base64.b64encode(b'{"s":1,"f":-1,"t":"x"}').decode()})),
            ("GetRecords", json.dumps({"ShardIterator": "a|1|" + base64.b64encode(b"[" * 10000).decode()})),
            ("GetShardIterator", json.dumps({"StreamArn": "arn:aws:dynamodb:x", "ShardId": "s" * 10,
                                             "ShardIteratorType": "LATEST"})),
            ("GetShardIterator", json.dumps({"StreamArn": "a" * 40, "ShardId": "shardId-0000000",
                                             "ShardIteratorType": "AT_SEQUENCE_NUMBER", "SequenceNumber": "9" * 40})),
            ("DescribeStream", json.dumps({"StreamArn": "arn:aws:dynamodb:" + ":" * 3000})),
            ("ListStreams", json.dumps({"Limit": 0})),
        ])
        self.assertEqual(self.ddb.scan(TableName="hostile2")["Items"], [])
        arn = self.ddb.describe_table(TableName="hostile2")["Table"]["LatestStreamArn"]
        self.assertEqual(records_of(self.streams, arn), [])


class RetentionTest(ClientErrors, unittest.TestCase):
    """Records older than the retention (here 2 seconds, AWS 24 hours) are trimmed."""

    def test_records_past_the_retention_are_trimmed(self):
        os.environ["CDKPP_LOCALCLOUD_DYNAMODB_STREAM_RETENTION_S"] = "2"
        lc = LocalCloud().start()
        try:
            ddb, streams = lc.client("dynamodb", "dev"), lc.client("dynamodbstreams", "dev")
            ks, ad = key_schema("pk")
            arn = ddb.create_table(TableName="short", KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST",
                                   StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
                                   )["TableDescription"]["LatestStreamArn"]
            ddb.put_item(TableName="short", Item={"pk": {"S": "old"}})
            shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
            old_seq = records_of(streams, arn)[0]["dynamodb"]["SequenceNumber"]
            time.sleep(3)
            ddb.put_item(TableName="short", Item={"pk": {"S": "new"}})
            self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in records_of(streams, arn)], ["new"])
            self.assertEqual(self.error(streams.get_shard_iterator, StreamArn=arn, ShardId=shard,
                                        ShardIteratorType="AT_SEQUENCE_NUMBER", SequenceNumber=old_seq)["Code"],
                             "TrimmedDataAccessException")
        finally:
            os.environ.pop("CDKPP_LOCALCLOUD_DYNAMODB_STREAM_RETENTION_S", None)
            lc.cleanup()


if __name__ == "__main__":
    unittest.main()
