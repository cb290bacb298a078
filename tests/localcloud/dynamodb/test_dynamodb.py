"""DynamoDB over the wire with boto3 (docs/localcloud-dynamodb.md): each item-API case runs the same calls against
localcloud and against moto_server and compares the answers (items, counts, keys, error codes); then what only
localcloud has: IAM authorization per action and table ARN, hostile expressions, a table deployed through
CloudFormation as the stack's role (generated name, Arn and StreamArn), a global table's replica in the stack's
region, and a table created by the C++ CDK app."""
import json
import os
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

import boto3
import botocore.config
import botocore.exceptions

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import ACCOUNTS, REGION, LocalCloud, policy, trust  # noqa: E402
from lc_helpers import ClientErrors, wait_stack  # noqa: E402
from lc_raw import Signer  # noqa: E402

DEV = ACCOUNTS["dev"]
S, N = "S", "N"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """moto_server on a free port (the reference the item API is compared with)."""

    def __init__(self):
        self.port = free_port()
        self.proc = subprocess.Popen(["moto_server", "-p", str(self.port)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/moto-api/", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto_server did not start")

    def client(self, service="dynamodb"):
        return boto3.client(service, endpoint_url=f"http://127.0.0.1:{self.port}", region_name=REGION,
                            aws_access_key_id="testing", aws_secret_access_key="testing",
                            config=botocore.config.Config(retries={"max_attempts": 1}))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


def answer(client, op, **kw):
    """The call's answer without metadata, or ("error", code)."""
    try:
        out = getattr(client, op)(**kw)
    except botocore.exceptions.ClientError as e:
        return ("error", e.response["Error"]["Code"])
    out.pop("ResponseMetadata", None)
    out.pop("ConsumedCapacity", None)
    if out.get("ItemCollectionMetrics") == {}:
        out.pop("ItemCollectionMetrics")  # moto adds it empty; AWS writes it when ReturnItemCollectionMetrics asks
    return out


def key_schema(hash_name, range_name=None, hash_type=S, range_type=N):
    ks = [{"AttributeName": hash_name, "KeyType": "HASH"}]
    ad = [{"AttributeName": hash_name, "AttributeType": hash_type}]
    if range_name:
        ks.append({"AttributeName": range_name, "KeyType": "RANGE"})
        ad.append({"AttributeName": range_name, "AttributeType": range_type})
    return ks, ad


class DynamoDbTest(ClientErrors, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lc = LocalCloud().start()
        cls.moto = Moto()
        cls.ddb = cls.lc.client("dynamodb", "dev")
        cls.ref = cls.moto.client()

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()
        cls.lc.cleanup()

    def both(self, op, sort_items=False, **kw):
        """Runs op on both, asserts equal answers, returns localcloud's."""
        got, want = answer(self.ddb, op, **kw), answer(self.ref, op, **kw)
        if sort_items:
            for a in (got, want):
                if isinstance(a, dict) and "Items" in a:
                    a["Items"].sort(key=lambda i: json.dumps(i, sort_keys=True))
        self.assertEqual(got, want, f"{op} {kw}")
        return got

    def table(self, name, hash_name="pk", range_name=None, range_type=N):
        ks, ad = key_schema(hash_name, range_name, range_type=range_type)
        for c in (self.ddb, self.ref):
            c.create_table(TableName=name, KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST")

    # --- control plane ------------------------------------------------------------------------
    def test_tables_create_describe_list_delete(self):
        self.table("ctl", "id", "at")
        for c in (self.ddb, self.ref):
            d = c.describe_table(TableName="ctl")["Table"]
            self.assertEqual((d["TableName"], d["TableStatus"], d["BillingModeSummary"]["BillingMode"]),
                             ("ctl", "ACTIVE", "PAY_PER_REQUEST"))
            self.assertEqual(d["KeySchema"], key_schema("id", "at")[0])
            self.assertTrue(d["TableArn"].endswith(":table/ctl"))
        self.assertEqual(self.ddb.describe_table(TableName="ctl")["Table"]["TableArn"],
                         f"arn:aws:dynamodb:{REGION}:{DEV}:table/ctl")
        self.assertIn("ctl", self.ddb.list_tables()["TableNames"])
        ks, ad = key_schema("id")
        self.assertEqual(answer(self.ddb, "create_table", TableName="ctl", KeySchema=ks, AttributeDefinitions=ad,
                                BillingMode="PAY_PER_REQUEST"), ("error", "ResourceInUseException"))
        for c in (self.ddb, self.ref):
            c.delete_table(TableName="ctl")
        self.both("describe_table", TableName="ctl")
        self.both("get_item", TableName="ctl", Key={"id": {"S": "x"}, "at": {"N": "1"}})

    # --- items -------------------------------------------------------------------------------
    def test_put_get_delete_with_return_values_and_conditions(self):
        self.table("items", "pk", "sk")
        item = {"pk": {"S": "a"}, "sk": {"N": "1"}, "name": {"S": "first"}, "tags": {"SS": ["x", "y"]},
                "doc": {"M": {"n": {"N": "2"}, "l": {"L": [{"S": "p"}, {"BOOL": True}, {"NULL": True}]}}}}
        self.both("put_item", TableName="items", Item=item)
        self.both("get_item", TableName="items", Key={"pk": {"S": "a"}, "sk": {"N": "1"}})
        self.both("get_item", TableName="items", Key={"pk": {"S": "a"}, "sk": {"N": "1"}},
                  ProjectionExpression="#n, doc.l[0]", ExpressionAttributeNames={"#n": "name"})
        self.both("put_item", TableName="items", Item={**item, "name": {"S": "second"}}, ReturnValues="ALL_OLD")
        # conditions: each fails on both with the same code, or passes on both
        for cond, values in [("attribute_not_exists(pk)", None), ("attribute_exists(nope)", None),
                             ("#n = :v", {":v": {"S": "first"}}), ("doc.n > :v", {":v": {"N": "5"}}),
                             ("begins_with(#n, :v)", {":v": {"S": "sec"}}), ("contains(tags, :v)", {":v": {"S": "x"}}),
                             ("size(tags) = :v", {":v": {"N": "2"}}), ("#n IN (:v, :w)", {":v": {"S": "a"}, ":w": {"S": "second"}}),
                             ("NOT attribute_type(#n, :v)", {":v": {"S": "N"}})]:
            kw = dict(TableName="items", Item={**item, "name": {"S": "second"}}, ConditionExpression=cond)
            if "#n" in cond:
                kw["ExpressionAttributeNames"] = {"#n": "name"}
            if values:
                kw["ExpressionAttributeValues"] = values
            self.both("put_item", **kw)
        self.both("delete_item", TableName="items", Key={"pk": {"S": "a"}, "sk": {"N": "1"}},
                  ConditionExpression="#n = :v", ExpressionAttributeNames={"#n": "name"},
                  ExpressionAttributeValues={":v": {"S": "other"}})
        self.both("delete_item", TableName="items", Key={"pk": {"S": "a"}, "sk": {"N": "1"}}, ReturnValues="ALL_OLD")
        self.both("get_item", TableName="items", Key={"pk": {"S": "a"}, "sk": {"N": "1"}})
        # numbers are one key however they are written (1, 1.0, 1E0), as in DynamoDB
        self.ddb.put_item(TableName="items", Item={"pk": {"S": "n"}, "sk": {"N": "1.0"}, "v": {"S": "first"}})
        self.ddb.put_item(TableName="items", Item={"pk": {"S": "n"}, "sk": {"N": "1E0"}, "v": {"S": "second"}})
        self.assertEqual(self.ddb.get_item(TableName="items", Key={"pk": {"S": "n"}, "sk": {"N": "1"}})["Item"]["v"],
                         {"S": "second"})
        self.assertEqual(self.ddb.query(TableName="items", KeyConditionExpression="pk = :n",
                                        ExpressionAttributeValues={":n": {"S": "n"}})["Count"], 1)
        # invalid keys and items
        self.both("get_item", TableName="items", Key={"pk": {"S": "a"}})
        # a key of the wrong type: AWS (and localcloud) refuse it; moto answers {} (a moto difference)
        self.assertEqual(answer(self.ddb, "get_item", TableName="items", Key={"pk": {"S": "a"}, "sk": {"S": "1"}}),
                         ("error", "ValidationException"))
        self.both("put_item", TableName="items", Item={"pk": {"S": "a"}})
        self.both("put_item", TableName="items", Item={"pk": {"N": "1"}, "sk": {"N": "1"}})

    def test_update_expressions(self):
        self.table("upd", "pk")
        key = {"pk": {"S": "u"}}
        self.both("put_item", TableName="upd", Item={**key, "n": {"N": "10"}, "s": {"SS": ["a"]}, "l": {"L": [{"N": "1"}]},
                                                    "m": {"M": {"x": {"S": "1"}}}, "gone": {"S": "bye"}})
        for rv, expr, values in [
            ("UPDATED_NEW", "SET n = n + :one, #new = :s", {":one": {"N": "1"}, ":s": {"S": "hello"}}),
            ("UPDATED_OLD", "SET n = n - :one REMOVE gone", {":one": {"N": "2.5"}}),
            ("ALL_NEW", "ADD s :set, counter :one", {":set": {"SS": ["b", "c"]}, ":one": {"N": "3"}}),
            ("ALL_OLD", "DELETE s :set", {":set": {"SS": ["a"]}}),
            ("ALL_NEW", "SET l = list_append(l, :l), m.y = :s, z = if_not_exists(z, :s)",
             {":l": {"L": [{"N": "2"}]}, ":s": {"S": "z"}}),
            ("ALL_NEW", "SET z = if_not_exists(z, :s) REMOVE l[0]", {":s": {"S": "not used"}}),
            ("NONE", "SET missing.deep = :s", {":s": {"S": "x"}}),
            ("NONE", "SET pk = :s", {":s": {"S": "x"}}),
        ]:
            self.both("update_item", TableName="upd", Key=key, UpdateExpression=expr, ReturnValues=rv,
                      ExpressionAttributeValues=values, **({"ExpressionAttributeNames": {"#new": "new"}} if "#new" in expr else {}))
        self.both("get_item", TableName="upd", Key=key)
        # an update of a missing item creates it; a failed condition changes nothing
        self.both("update_item", TableName="upd", Key={"pk": {"S": "fresh"}}, UpdateExpression="SET a = :v",
                  ExpressionAttributeValues={":v": {"N": "1"}}, ReturnValues="ALL_NEW")
        self.both("update_item", TableName="upd", Key={"pk": {"S": "fresh"}}, UpdateExpression="SET a = :v",
                  ConditionExpression="a > :v", ExpressionAttributeValues={":v": {"N": "1"}})
        self.both("get_item", TableName="upd", Key={"pk": {"S": "fresh"}})

    def test_query_sort_key_operators_order_and_pages(self):
        self.table("qry", "pk", "sk")
        for i in range(12):
            for c in (self.ddb, self.ref):
                c.put_item(TableName="qry", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}, "odd": {"BOOL": i % 2 == 1}})
        for c in (self.ddb, self.ref):
            c.put_item(TableName="qry", Item={"pk": {"S": "other"}, "sk": {"N": "1"}})
        v = {":p": {"S": "p"}, ":a": {"N": "3"}, ":b": {"N": "7"}}
        for cond in ["pk = :p", "pk = :p AND sk = :a", "pk = :p AND sk < :a", "pk = :p AND sk <= :a",
                     "pk = :p AND sk > :b", "pk = :p AND sk >= :b", "pk = :p AND sk BETWEEN :a AND :b"]:
            used = {k: x for k, x in v.items() if k in cond}
            for forward in (True, False):
                self.both("query", TableName="qry", KeyConditionExpression=cond, ExpressionAttributeValues=used,
                          ScanIndexForward=forward)
        self.both("query", TableName="qry", KeyConditionExpression="pk = :p AND sk > :a", FilterExpression="odd = :t",
                  ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"N": "3"}, ":t": {"BOOL": True}})
        # pages of 5: the same pages and keys on both, and together every item once
        seen, start = [], None
        while True:
            kw = dict(TableName="qry", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
                      Limit=5, ScanIndexForward=False)
            if start:
                kw["ExclusiveStartKey"] = start
            page = self.both("query", **kw)
            seen += [int(i["sk"]["N"]) for i in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        self.assertEqual(seen, list(range(11, -1, -1)))
        # a key condition without the partition key, or with another operator, is refused on both
        self.both("query", TableName="qry", KeyConditionExpression="sk = :a", ExpressionAttributeValues={":a": {"N": "1"}})
        # <> is not a key condition operator: AWS and localcloud refuse it (moto answers 500)
        self.assertEqual(answer(self.ddb, "query", TableName="qry", KeyConditionExpression="pk = :p AND sk <> :a",
                                ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"N": "1"}}),
                         ("error", "ValidationException"))

    def test_begins_with_on_string_sort_keys_and_scan(self):
        self.table("str", "pk", "sk", range_type=S)
        for name in ["order#1", "order#2", "order#10", "user#1", "ord"]:
            for c in (self.ddb, self.ref):
                c.put_item(TableName="str", Item={"pk": {"S": "t"}, "sk": {"S": name}, "len": {"N": str(len(name))}})
        self.both("query", TableName="str", KeyConditionExpression="pk = :p AND begins_with(sk, :o)",
                  ExpressionAttributeValues={":p": {"S": "t"}, ":o": {"S": "order#"}})
        self.both("scan", TableName="str", sort_items=True)
        self.both("scan", TableName="str", sort_items=True, FilterExpression="#l > :n",
                  ExpressionAttributeNames={"#l": "len"}, ExpressionAttributeValues={":n": {"N": "5"}})
        self.assertEqual(self.ddb.scan(TableName="str", Select="COUNT")["Count"], 5)

    def test_batch_write_and_get(self):
        self.table("bat", "pk")
        puts = [{"PutRequest": {"Item": {"pk": {"S": f"k{i}"}, "v": {"N": str(i)}}}} for i in range(10)]
        self.both("batch_write_item", RequestItems={"bat": puts})
        self.both("batch_write_item", RequestItems={"bat": [{"DeleteRequest": {"Key": {"pk": {"S": "k0"}}}}]})
        got = self.both("batch_get_item", RequestItems={"bat": {"Keys": [{"pk": {"S": f"k{i}"}} for i in range(4)]}})
        for a in (got,):
            self.assertEqual(sorted(i["pk"]["S"] for i in a["Responses"]["bat"]), ["k1", "k2", "k3"])
        # more than 25 writes: AWS (and localcloud) refuse the batch; moto writes them
        too_many = [{"PutRequest": {"Item": {"pk": {"S": f"x{i}"}}}} for i in range(26)]
        self.assertEqual(answer(self.ddb, "batch_write_item", RequestItems={"bat": too_many}),
                         ("error", "ValidationException"))

    def test_global_secondary_index_query(self):
        ks, ad = key_schema("pk", "sk")
        ad += [{"AttributeName": "owner", "AttributeType": "S"}, {"AttributeName": "created", "AttributeType": "N"}]
        gsi = [{"IndexName": "byOwner", "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"},
                                                      {"AttributeName": "created", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"}}]
        for c in (self.ddb, self.ref):
            c.create_table(TableName="gsi", KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST",
                           GlobalSecondaryIndexes=gsi)
            for i in range(6):
                item = {"pk": {"S": f"p{i}"}, "sk": {"N": "0"}, "created": {"N": str(100 - i)}}
                if i != 3:
                    item["owner"] = {"S": "ann" if i % 2 else "bob"}
                c.put_item(TableName="gsi", Item=item)
        self.both("query", TableName="gsi", IndexName="byOwner", KeyConditionExpression="#o = :o",
                  ExpressionAttributeNames={"#o": "owner"}, ExpressionAttributeValues={":o": {"S": "ann"}})
        self.both("query", TableName="gsi", IndexName="byOwner", KeyConditionExpression="#o = :o AND created > :c",
                  ExpressionAttributeNames={"#o": "owner"}, ExpressionAttributeValues={":o": {"S": "bob"}, ":c": {"N": "96"}},
                  ScanIndexForward=False)

    # --- localcloud only -----------------------------------------------------------------------
    def test_iam_authorizes_each_action_on_the_table_arn(self):
        ks, ad = key_schema("pk")
        for name in ("open", "closed"):
            self.ddb.create_table(TableName=name, KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST")
        iam = self.lc.client("iam", "dev")
        iam.create_role(RoleName="reader", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="reader", PolicyName="r", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
             "Resource": [f"arn:aws:dynamodb:{REGION}:{DEV}:table/open", f"arn:aws:dynamodb:{REGION}:{DEV}:table/open/index/*"]}))
        reader = self.lc.client("dynamodb", **self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/reader"))
        self.assertEqual(reader.get_item(TableName="open", Key={"pk": {"S": "x"}}).get("Item"), None)
        for call, kw in [(reader.put_item, dict(TableName="open", Item={"pk": {"S": "x"}})),
                         (reader.get_item, dict(TableName="closed", Key={"pk": {"S": "x"}})),
                         (reader.scan, dict(TableName="open"))]:
            err = self.error(call, **kw)
            self.assertEqual(err["Code"], "AccessDeniedException")
        # the batch calls are authorized as themselves, as on AWS
        iam.create_role(RoleName="batcher", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{DEV}:root"))
        iam.put_role_policy(RoleName="batcher", PolicyName="b", PolicyDocument=policy(
            {"Effect": "Allow", "Action": ["dynamodb:BatchWriteItem", "dynamodb:BatchGetItem"],
             "Resource": f"arn:aws:dynamodb:{REGION}:{DEV}:table/open"}))
        batcher = self.lc.client("dynamodb", **self.lc.assume("dev", f"arn:aws:iam::{DEV}:role/batcher"))
        batcher.batch_write_item(RequestItems={"open": [{"PutRequest": {"Item": {"pk": {"S": "b"}}}}]})
        got = batcher.batch_get_item(RequestItems={"open": {"Keys": [{"pk": {"S": "b"}}]}})
        self.assertEqual(got["Responses"]["open"], [{"pk": {"S": "b"}}])
        self.assertEqual(self.error(batcher.put_item, TableName="open", Item={"pk": {"S": "c"}})["Code"],
                         "AccessDeniedException")
        # another account does not see dev's tables
        other = self.lc.client("dynamodb", "test")
        self.assertEqual(self.error(other.describe_table, TableName="open")["Code"], "ResourceNotFoundException")

    def test_hostile_expressions_are_refused_not_crashing(self):
        ks, ad = key_schema("pk")
        self.ddb.create_table(TableName="hostile", KeySchema=ks, AttributeDefinitions=ad, BillingMode="PAY_PER_REQUEST")
        vals = {":v": {"S": "x"}}
        cases = ["(" * 5000 + "a = :v" + ")" * 5000, "NOT " * 2000 + "a = :v", "a = :v AND " * 400 + "a = :v",
                 "a" + ".b" * 3000 + " = :v", "a[99999999999999999999] = :v", "a = :undefined", "#x = :v",
                 "a = = :v", "size(", "attribute_exists(:v)", "a BETWEEN :v", "a IN ()", "\x00 = :v", "a = :v)"]
        for expr in cases:
            err = self.error(self.ddb.put_item, TableName="hostile", Item={"pk": {"S": "x"}}, ConditionExpression=expr,
                             ExpressionAttributeValues=vals)
            self.assertEqual(err["Code"], "ValidationException", expr[:40])
        for expr in ["SET " + "a = :v, " * 2000 + "b = :v", "SET a = :v SET b = :v", "SET a = a + a + a",
                     "ADD a :v", "SET a = :v, a = :v", "REMOVE", "SET a.b = :v, a = :v"]:
            err = self.error(self.ddb.update_item, TableName="hostile", Key={"pk": {"S": "x"}}, UpdateExpression=expr,
                             ExpressionAttributeValues=vals)
            self.assertEqual(err["Code"], "ValidationException", expr[:40])
        # a create without key schema, a start key of another type or without the key: refused or answered, no crash
        self.assertEqual(self.error(self.ddb.create_table, TableName="nokeys")["Code"], "ValidationException")
        for start in ({"pk": {"N": "1"}}, {"other": {"S": "x"}}, {"pk": {"L": []}}):
            try:
                self.ddb.scan(TableName="hostile", ExclusiveStartKey=start)
            except botocore.exceptions.ClientError as e:
                self.assertLess(e.response["ResponseMetadata"]["HTTPStatusCode"], 500)
        # the legacy parameters are refused, never ignored (a dropped condition would write)
        err = self.error(self.ddb.put_item, TableName="hostile", Item={"pk": {"S": "x"}},
                         Expected={"pk": {"Exists": False}})
        self.assertEqual(err["Code"], "ValidationException")
        # deep attribute values (the model's decoder bounds nesting) and the server still answers
        deep = {"S": "x"}
        for _ in range(200):
            deep = {"L": [deep]}
        signer = Signer(self.lc, "dev")
        status, _ = signer.json("dynamodb", "DynamoDB_20120810.PutItem",
                                json.dumps({"TableName": "hostile", "Item": {"pk": {"S": "d"}, "deep": deep}}), version="1.0")
        self.assertIsNotNone(status)
        self.assertLess(status, 500)
        self.assertEqual(self.ddb.describe_table(TableName="hostile")["Table"]["TableStatus"], "ACTIVE")

    def test_cloudformation_deploys_tables_as_the_stack_role(self):
        iam = self.lc.client("iam", "dev")
        cfn_trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
        iam.create_role(RoleName="ddb-exec", AssumeRolePolicyDocument=cfn_trust)
        iam.put_role_policy(RoleName="ddb-exec", PolicyName="ddb", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}))
        iam.create_role(RoleName="no-ddb", AssumeRolePolicyDocument=cfn_trust)
        iam.put_role_policy(RoleName="no-ddb", PolicyName="none", PolicyDocument=policy(
            {"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}))
        template = {"Resources": {
            "Named": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Delete", "Properties": {
                "TableName": "cfn-named", "KeySchema": key_schema("id")[0], "AttributeDefinitions": key_schema("id")[1],
                "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": "5"},
                "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"}}},
            "Generated": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Delete", "Properties": {
                "KeySchema": key_schema("pk", "sk")[0], "AttributeDefinitions": key_schema("pk", "sk")[1],
                "BillingMode": "PAY_PER_REQUEST", "SSESpecification": {"SSEEnabled": True}}}},
            "Outputs": {"Name": {"Value": {"Ref": "Generated"}}, "Arn": {"Value": {"Fn::GetAtt": ["Named", "Arn"]}},
                        "Stream": {"Value": {"Fn::GetAtt": ["Named", "StreamArn"]}}}}
        cfn = self.lc.client("cloudformation", "dev")
        cfn.create_stack(StackName="denied", TemplateBody=json.dumps(template), RoleARN=f"arn:aws:iam::{DEV}:role/no-ddb")
        self.assertEqual(wait_stack(cfn, "denied")["StackStatus"], "ROLLBACK_COMPLETE")
        cfn.create_stack(StackName="tables", TemplateBody=json.dumps(template), RoleARN=f"arn:aws:iam::{DEV}:role/ddb-exec")
        stack = wait_stack(cfn, "tables")
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE", stack.get("StackStatusReason"))
        out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        self.assertEqual(out["Arn"], f"arn:aws:dynamodb:{REGION}:{DEV}:table/cfn-named")
        self.assertTrue(out["Stream"].startswith(out["Arn"] + "/stream/"))
        self.assertRegex(out["Name"], r"^tables-Generated-[A-Z0-9]+$")
        d = self.ddb.describe_table(TableName="cfn-named")["Table"]
        self.assertEqual(d["ProvisionedThroughput"]["WriteCapacityUnits"], 5)
        self.ddb.put_item(TableName=out["Name"], Item={"pk": {"S": "a"}, "sk": {"N": "1"}})
        # an update in place: the stream is turned off
        template["Resources"]["Named"]["Properties"].pop("StreamSpecification")
        template["Outputs"].pop("Stream")
        cfn.update_stack(StackName="tables", TemplateBody=json.dumps(template), RoleARN=f"arn:aws:iam::{DEV}:role/ddb-exec")
        self.assertEqual(wait_stack(cfn, "tables")["StackStatus"], "UPDATE_COMPLETE")
        # the stream is off (DescribeTable keeps naming the last stream, LatestStreamArn, as on AWS)
        self.assertNotIn("StreamSpecification", self.ddb.describe_table(TableName="cfn-named")["Table"])
        cfn.delete_stack(StackName="tables")
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if not wait_stack(cfn, "tables")["StackStatus"].endswith("_IN_PROGRESS"):
                    break
            except botocore.exceptions.ClientError:
                break
        for name in ("cfn-named", out["Name"]):
            self.assertEqual(self.error(self.ddb.describe_table, TableName=name)["Code"], "ResourceNotFoundException")

    def test_cloudformation_deploys_a_global_tables_replica_in_the_stacks_region(self):
        """AWS::DynamoDB::GlobalTable as an environment-agnostic TableV2 renders it: the replica in the stack's region
        is a table (Ref, Arn, StreamArn, TableId); a replica in another region fails the stack with the reason."""
        ks, ad = key_schema("pk", "sk")
        table = {"Type": "AWS::DynamoDB::GlobalTable", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
                 "Properties": {
                     "KeySchema": ks, "AttributeDefinitions": ad, "BillingMode": "PAY_PER_REQUEST",
                     "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
                     "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS"},
                     "TimeToLiveSpecification": {"AttributeName": "expires", "Enabled": True},
                     "Replicas": [{"Region": {"Ref": "AWS::Region"}, "TableClass": "STANDARD_INFREQUENT_ACCESS",
                                   "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}}]}}
        template = {"Resources": {"Global": table}, "Outputs": {
            "Name": {"Value": {"Ref": "Global"}}, "Arn": {"Value": {"Fn::GetAtt": ["Global", "Arn"]}},
            "Stream": {"Value": {"Fn::GetAtt": ["Global", "StreamArn"]}},
            "Id": {"Value": {"Fn::GetAtt": ["Global", "TableId"]}}}}
        cfn = self.lc.client("cloudformation", "dev")
        cfn.create_stack(StackName="global", TemplateBody=json.dumps(template))
        stack = wait_stack(cfn, "global")
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE", stack.get("StackStatusReason"))
        out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        self.assertRegex(out["Name"], r"^global-Global-[A-Z0-9]+$")
        self.assertEqual(out["Arn"], f"arn:aws:dynamodb:{REGION}:{DEV}:table/{out['Name']}")
        self.assertTrue(out["Stream"].startswith(out["Arn"] + "/stream/"))
        d = self.ddb.describe_table(TableName=out["Name"])["Table"]
        self.assertEqual(d["TableId"], out["Id"])
        self.assertEqual(d["TableClassSummary"]["TableClass"], "STANDARD_INFREQUENT_ACCESS")
        self.ddb.put_item(TableName=out["Name"], Item={"pk": {"S": "a"}, "sk": {"N": "1"}})
        self.assertEqual(self.ddb.get_item(TableName=out["Name"], Key={"pk": {"S": "a"}, "sk": {"N": "1"}})["Item"]["pk"],
                         {"S": "a"})
        # a replica in another region: refused with the reason
        table["Properties"]["Replicas"].insert(0, {"Region": "eu-west-1"})
        cfn.create_stack(StackName="global-two", TemplateBody=json.dumps(template))
        self.assertEqual(wait_stack(cfn, "global-two")["StackStatus"], "ROLLBACK_COMPLETE")
        reasons = [e.get("ResourceStatusReason", "") for e in cfn.describe_stack_events(StackName="global-two")["StackEvents"]
                   if e["ResourceStatus"] == "CREATE_FAILED"]
        self.assertTrue(any("eu-west-1" in r for r in reasons), reasons)
        cfn.delete_stack(StackName="global")

    def test_the_cpp_integ_app_deploys(self):
        """aws-cdk's integ.dynamodb.sse app written with cdkpp (tests/golden/synth/integ_dynamodb_sse), synthesized by
        its C++ binary and deployed: four tables (GSIs, LSIs, stream, customer-managed keys), two keys, a role and its
        policy."""
        app = os.environ.get("DDB_APP_BIN")
        if not app:
            self.skipTest("DDB_APP_BIN not set")
        out = os.path.join(self.lc.tmp, "cdk.out")
        subprocess.run([app], check=True, env=dict(os.environ, CDK_OUTDIR=out), capture_output=True)
        template = open(os.path.join(out, "aws-cdk-dynamodb.template.json")).read()
        self.lc.client("ssm", "dev").put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="30", Type="String")
        cfn = self.lc.client("cloudformation", "dev")
        cfn.create_stack(StackName="aws-cdk-dynamodb", TemplateBody=template, Capabilities=["CAPABILITY_IAM"])
        stack = wait_stack(cfn, "aws-cdk-dynamodb", timeout=60)
        failed = [e.get("ResourceStatusReason") for e in cfn.describe_stack_events(StackName="aws-cdk-dynamodb")["StackEvents"]
                  if e["ResourceStatus"].endswith("FAILED")]
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE", failed)
        resources = cfn.describe_stack_resources(StackName="aws-cdk-dynamodb")["StackResources"]
        tables = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources
                  if r["ResourceType"] == "AWS::DynamoDB::Table"}
        self.assertEqual(len(tables), 4)
        both = self.ddb.describe_table(TableName=tables["TableWithGlobalAndLocalSecondaryIndexBC540710"])["Table"]
        self.assertEqual(len(both["GlobalSecondaryIndexes"]), 5)
        self.assertEqual(len(both["LocalSecondaryIndexes"]), 4)
        self.assertIn("LatestStreamArn", both)
        cmk = self.ddb.describe_table(TableName=tables["TableWithGlobalSecondaryIndexCC8E841E"])["Table"]
        self.assertTrue(cmk["SSEDescription"]["KMSMasterKeyArn"].startswith(f"arn:aws:kms:{REGION}:{DEV}:key/"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
