#!/usr/bin/env python3
"""Extracts the subset of the botocore API models cdkpp needs into src/aws/models/<service>.json.

The output is generated: never edit it by hand, change OPERATIONS below and re-run
    python3 tools/aws_models/extract.py
It keeps, for each listed operation, its HTTP binding, input/output/error shapes and every shape they
reach, minus documentation and other fields the codecs do not read. The files are embedded into
cdk_aws_protocol at build time (cmake/embed_files.cmake) and read by src/aws/protocol.
"""
import gzip
import json
import os
import sys

import botocore

# Operations per botocore service name. Shared by the client (cdkpp) and localcloud: add what either needs.
OPERATIONS = {
    "sts": ["GetCallerIdentity", "AssumeRole", "GetSessionToken"],
    "iam": [
        "GetRole", "ListRoles", "GetRolePolicy", "ListRolePolicies", "ListAttachedRolePolicies",
        "CreateRole", "DeleteRole", "PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy",
        "DetachRolePolicy", "UpdateAssumeRolePolicy", "TagRole", "GetPolicy", "CreatePolicy",
        "DeletePolicy", "GetUser", "CreateUser", "CreateAccessKey",
        # localcloud serves these too.
        "ListUsers", "DeleteUser", "UpdateRole", "PutUserPolicy", "DeleteUserPolicy", "GetUserPolicy",
        "ListUserPolicies", "AttachUserPolicy", "DetachUserPolicy", "ListAttachedUserPolicies", "TagUser",
        "UntagRole", "UntagUser", "ListRoleTags", "ListUserTags", "GetPolicyVersion", "ListPolicies",
        "DeleteAccessKey",
        # groups (localcloud)
        "CreateGroup", "GetGroup", "DeleteGroup", "ListGroups", "ListGroupsForUser", "AddUserToGroup",
        "RemoveUserFromGroup", "PutGroupPolicy", "GetGroupPolicy", "DeleteGroupPolicy", "ListGroupPolicies",
        "AttachGroupPolicy", "DetachGroupPolicy", "ListAttachedGroupPolicies",
    ],
    "cloudformation": [
        "DescribeStacks", "ListStacks", "CreateStack", "UpdateStack", "DeleteStack", "CreateChangeSet",
        "DescribeChangeSet", "ExecuteChangeSet", "DeleteChangeSet", "ListChangeSets", "DescribeStackEvents",
        "DescribeStackResource", "DescribeStackResources", "ListStackResources", "GetTemplate",
        "GetTemplateSummary", "ValidateTemplate", "ListExports", "ListImports", "UpdateTerminationProtection",
        "ContinueUpdateRollback", "RollbackStack", "CancelUpdateStack",
    ],
    "s3": [
        "ListBuckets", "CreateBucket", "DeleteBucket", "HeadBucket", "GetBucketLocation",
        "GetBucketEncryption", "PutBucketEncryption", "GetBucketPolicy", "PutBucketPolicy",
        "DeleteBucketPolicy", "GetBucketVersioning", "PutBucketVersioning", "GetPublicAccessBlock",
        "PutPublicAccessBlock", "GetBucketTagging", "PutBucketTagging", "PutObject", "GetObject",
        "HeadObject", "DeleteObject", "DeleteObjects", "CopyObject", "ListObjects", "ListObjectsV2",
        "ListObjectVersions", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload",
        "AbortMultipartUpload", "ListMultipartUploads", "ListParts",
        # localcloud serves these too: every response body and request payload goes through the codec.
        "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging", "GetBucketAcl", "PutBucketAcl",
        "DeleteBucketEncryption", "DeleteBucketTagging", "DeletePublicAccessBlock",
        "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle",
        "GetBucketCors", "PutBucketCors", "DeleteBucketCors", "GetBucketOwnershipControls",
        "PutBucketOwnershipControls", "DeleteBucketOwnershipControls", "GetBucketWebsite", "PutBucketWebsite",
        "DeleteBucketWebsite", "GetBucketLogging", "PutBucketLogging", "GetBucketNotificationConfiguration",
        "PutBucketNotificationConfiguration", "GetBucketReplication", "PutBucketReplication",
        "DeleteBucketReplication", "GetBucketAccelerateConfiguration", "PutBucketAccelerateConfiguration",
        "GetBucketRequestPayment", "PutBucketRequestPayment",
    ],
    "ssm": ["GetParameter", "GetParameters", "PutParameter", "DeleteParameter", "DeleteParameters",
            "GetParametersByPath", "DescribeParameters", "GetParameterHistory"],
    "kms": ["CreateKey", "DescribeKey", "ListKeys", "CreateAlias", "DeleteAlias", "ListAliases", "Encrypt",
            "Decrypt", "GenerateDataKey", "GetKeyPolicy", "PutKeyPolicy", "ScheduleKeyDeletion",
            "EnableKeyRotation", "TagResource", "DisableKeyRotation", "EnableKey", "DisableKey",
            "CancelKeyDeletion", "GetKeyRotationStatus", "ListResourceTags", "GenerateDataKeyWithoutPlaintext"],
    "ecr": ["CreateRepository", "DescribeRepositories", "DeleteRepository", "SetRepositoryPolicy",
            "DeleteRepositoryPolicy", "GetRepositoryPolicy", "PutLifecyclePolicy", "GetLifecyclePolicy",
            "DeleteLifecyclePolicy", "ListTagsForResource"],
    "sqs": ["CreateQueue", "GetQueueUrl", "GetQueueAttributes", "SetQueueAttributes", "DeleteQueue", "ListQueues",
            "ListQueueTags", "TagQueue", "UntagQueue", "SendMessage", "SendMessageBatch", "ReceiveMessage",
            "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch",
            "PurgeQueue"],
    "sns": ["CreateTopic", "DeleteTopic", "GetTopicAttributes", "SetTopicAttributes", "ListTopics", "Subscribe",
            "Unsubscribe", "ListSubscriptionsByTopic", "ListSubscriptions", "ConfirmSubscription",
            "GetSubscriptionAttributes", "SetSubscriptionAttributes", "Publish", "PublishBatch"],
    "lambda": ["CreateFunction", "GetFunction", "GetFunctionConfiguration", "Invoke", "DeleteFunction",
               "ListFunctions", "UpdateFunctionCode", "UpdateFunctionConfiguration", "AddPermission",
               "RemovePermission", "GetPolicy", "PutFunctionConcurrency", "GetFunctionConcurrency",
               "DeleteFunctionConcurrency", "PutFunctionEventInvokeConfig", "GetFunctionEventInvokeConfig",
               "DeleteFunctionEventInvokeConfig",
               # Aliases and event source mappings (issues 20 and 22).
               "CreateAlias", "GetAlias", "ListAliases", "UpdateAlias", "DeleteAlias", "PublishVersion",
               "CreateEventSourceMapping", "GetEventSourceMapping", "ListEventSourceMappings",
               "UpdateEventSourceMapping", "DeleteEventSourceMapping"],
    "codepipeline": ["CreatePipeline", "GetPipeline", "UpdatePipeline", "DeletePipeline", "ListPipelines",
                     "GetPipelineState", "GetPipelineExecution", "ListPipelineExecutions",
                     "StartPipelineExecution", "StopPipelineExecution", "ListActionExecutions",
                     "PutApprovalResult", "RetryStageExecution", "EnableStageTransition",
                     "DisableStageTransition", "TagResource", "UntagResource", "ListTagsForResource",
                     "PutWebhook", "ListWebhooks", "DeleteWebhook", "RegisterWebhookWithThirdParty",
                     "DeregisterWebhookWithThirdParty"],
    "codebuild": ["CreateProject", "UpdateProject", "BatchGetProjects", "DeleteProject", "ListProjects", "StartBuild",
                  "BatchGetBuilds", "StopBuild", "ListBuildsForProject", "RetryBuild"],
    "logs": ["CreateLogGroup", "CreateLogStream", "PutLogEvents", "GetLogEvents", "FilterLogEvents",
             "DescribeLogGroups", "DescribeLogStreams", "DeleteLogGroup", "DeleteLogStream", "PutRetentionPolicy",
             "DeleteRetentionPolicy", "TagResource", "UntagResource", "ListTagsForResource", "TagLogGroup",
             "UntagLogGroup", "ListTagsLogGroup", "PutMetricFilter", "DeleteMetricFilter", "DescribeMetricFilters",
             "PutSubscriptionFilter", "DeleteSubscriptionFilter", "DescribeSubscriptionFilters"],
    # CloudWatch (signing name `monitoring`): the alarms localcloud serves.
    "cloudwatch": ["PutMetricAlarm", "DescribeAlarms", "DeleteAlarms", "SetAlarmState"],
    "secretsmanager": ["CreateSecret", "GetSecretValue", "PutSecretValue", "UpdateSecret", "DescribeSecret",
                       "ListSecrets", "DeleteSecret", "RestoreSecret", "GetRandomPassword", "PutResourcePolicy",
                       "GetResourcePolicy", "DeleteResourcePolicy", "TagResource", "UntagResource",
                       "ListSecretVersionIds", "UpdateSecretVersionStage"],
    "dynamodb": ["CreateTable", "DescribeTable", "DeleteTable", "ListTables", "PutItem", "GetItem", "DeleteItem",
                 "UpdateItem", "Query", "Scan", "BatchWriteItem", "BatchGetItem", "UpdateTable", "UpdateTimeToLive",
                 "DescribeTimeToLive", "TransactWriteItems", "TransactGetItems"],
    "dynamodbstreams": ["ListStreams", "DescribeStream", "GetShardIterator", "GetRecords"],
    # EventBridge (issue 22): buses, rules, targets, PutEvents and TestEventPattern.
    "events": ["PutRule", "DescribeRule", "ListRules", "DeleteRule", "EnableRule", "DisableRule", "PutTargets",
               "ListTargetsByRule", "RemoveTargets", "CreateEventBus", "DescribeEventBus", "DeleteEventBus",
               "ListEventBuses", "PutEvents", "TestEventPattern"],
    "codestar-connections": ["CreateConnection", "GetConnection", "ListConnections", "DeleteConnection",
                             "TagResource", "UntagResource", "ListTagsForResource"],
}

# Models of another protocol for the same API, from the AWS CLI's own botocore (awscli v1 vendors it): the stock
# `aws` CLI still speaks the Query protocol to SQS, which current botocore describes only as JSON. Embedded as
# "<name>" (model service name -> (botocore service, its operations)); localcloud's SQS serves both.
ALTERNATE_MODELS = {
    "sqs-query": ("sqs", OPERATIONS["sqs"]),
    # The AWS CLI v2.9 speaks Query to CloudWatch (its botocore predates CloudWatch's JSON protocol).
    "cloudwatch-query": ("cloudwatch", OPERATIONS["cloudwatch"]),
}
AWSCLI_DATA = "/usr/lib/python3/dist-packages/awscli/botocore/data"

# Root element of REST-XML output bodies that have no payload member. botocore's parser ignores the root's
# name, so the models do not carry it; a server must write it (names from the Amazon S3 API reference).
# Added to the operation as "xmlRoot".
XML_ROOTS = {
    "s3": {
        "ListBuckets": "ListAllMyBucketsResult", "GetBucketLocation": "LocationConstraint",
        "GetBucketVersioning": "VersioningConfiguration", "GetBucketTagging": "Tagging",
        "DeleteObjects": "DeleteResult", "ListObjects": "ListBucketResult", "ListObjectsV2": "ListBucketResult",
        "ListObjectVersions": "ListVersionsResult", "CreateMultipartUpload": "InitiateMultipartUploadResult",
        "CompleteMultipartUpload": "CompleteMultipartUploadResult",
        "ListMultipartUploads": "ListMultipartUploadsResult", "ListParts": "ListPartsResult",
        "GetObjectTagging": "Tagging", "GetBucketAcl": "AccessControlPolicy",
        "GetBucketLifecycleConfiguration": "LifecycleConfiguration", "GetBucketCors": "CORSConfiguration",
        "GetBucketWebsite": "WebsiteConfiguration", "GetBucketLogging": "BucketLoggingStatus",
        "GetBucketNotificationConfiguration": "NotificationConfiguration",
        "GetBucketAccelerateConfiguration": "AccelerateConfiguration",
        "GetBucketRequestPayment": "RequestPaymentConfiguration",
    },
}

METADATA_KEYS = ["apiVersion", "awsQueryCompatible", "endpointPrefix", "globalEndpoint", "jsonVersion", "protocol", "serviceId",
                 "signingName", "targetPrefix", "xmlNamespace", "signatureVersion"]
OPERATION_KEYS = ["http", "input", "output", "errors", "httpChecksumRequired", "httpChecksum", "idempotent"]
SHAPE_KEYS = ["type", "members", "member", "key", "value", "required", "payload", "flattened", "locationName",
              "xmlNamespace", "timestampFormat", "error", "exception", "streaming", "enum", "event", "eventstream",
              "document", "union", "min", "max"]
MEMBER_KEYS = ["shape", "location", "locationName", "xmlNamespace", "xmlAttribute", "flattened", "queryName",
               "timestampFormat", "idempotencyToken", "jsonvalue", "streaming", "hostLabel", "eventpayload"]


def load_model(data_dir, service):
    versions = sorted(v for v in os.listdir(os.path.join(data_dir, service)) if v[:4].isdigit())
    base = os.path.join(data_dir, service, versions[-1], "service-2.json")
    if os.path.exists(base + ".gz"):
        with gzip.open(base + ".gz", "rt", encoding="utf-8") as f:
            return json.load(f)
    with open(base, encoding="utf-8") as f:
        return json.load(f)


def pick(src, keys):
    return {k: src[k] for k in keys if k in src}


def extract(service, model, operations):
    shapes = model["shapes"]
    out_shapes = {}

    def visit(name):
        if name in out_shapes:
            return
        shape = shapes[name]
        slim = pick(shape, SHAPE_KEYS)
        out_shapes[name] = slim
        if "members" in slim:
            slim["members"] = {m: pick(v, MEMBER_KEYS) for m, v in shape["members"].items()}
            for m in slim["members"].values():
                visit(m["shape"])
        for ref in ("member", "key", "value"):
            if ref in slim:
                slim[ref] = pick(shape[ref], MEMBER_KEYS)
                visit(slim[ref]["shape"])

    out_ops = {}
    for name in operations:
        op = model["operations"][name]
        slim = pick(op, OPERATION_KEYS)
        for ref in ("input", "output"):
            if ref in slim:
                visit(slim[ref]["shape"])
        if "errors" in slim:
            slim["errors"] = [e["shape"] for e in op["errors"]]
            for e in slim["errors"]:
                visit(e)
        if name in XML_ROOTS.get(service, {}):
            slim["xmlRoot"] = XML_ROOTS[service][name]
        out_ops[name] = slim
    return {
        "generated": "by tools/aws_models/extract.py from botocore %s; do not edit" % botocore.__version__,
        "metadata": pick(model["metadata"], METADATA_KEYS),
        "operations": out_ops,
        "shapes": dict(sorted(out_shapes.items())),
    }


def patch_sqs_receive(doc):
    """ReceiveMessage's AttributeNames takes message system attribute names (ApproximateReceiveCount, SentTimestamp,
    ...) on AWS, the way SDKs have always used it; botocore models it with the queue attribute enum, which would
    make localcloud's validator refuse what AWS accepts. The member gets a list of both enums."""
    shapes = doc["shapes"]
    names = set(shapes["QueueAttributeName"].get("enum", []))
    system = shapes.get("MessageSystemAttributeName", {}).get("enum") or [
        "All", "SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp",
        "SequenceNumber", "MessageDeduplicationId", "MessageGroupId", "AWSTraceHeader", "DeadLetterQueueSourceArn"]
    names.update(system)
    shapes["ReceiveAttributeName"] = {"enum": sorted(names), "type": "string"}
    receive_list = json.loads(json.dumps(shapes["AttributeNameList"]))
    receive_list["member"]["shape"] = "ReceiveAttributeName"
    shapes["ReceiveAttributeNameList"] = receive_list
    shapes["ReceiveMessageRequest"]["members"]["AttributeNames"]["shape"] = "ReceiveAttributeNameList"
    doc["shapes"] = dict(sorted(shapes.items()))


def patch_cloudwatch_protocol(doc):
    """botocore's CloudWatch model lists `protocols: [smithy-rpc-v2-cbor, json, query]`; botocore (and so boto3
    and the AWS CLI of this machine) picks the first of its PRIORITY_ORDERED_SUPPORTED_PROTOCOLS the service lists,
    which is `json` (awsJson1_0 with awsQueryCompatible errors). The extracted model says so."""
    doc["metadata"]["protocol"] = "json"


PATCHES = {"sqs": patch_sqs_receive, "sqs-query": patch_sqs_receive, "cloudwatch": patch_cloudwatch_protocol}


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out_dir = os.path.join(root, "src", "aws", "models")
    data_dir = os.path.join(os.path.dirname(botocore.__file__), "data")
    jobs = [(service, service, data_dir, operations) for service, operations in OPERATIONS.items()]
    for name, (service, operations) in ALTERNATE_MODELS.items():
        if os.path.isdir(os.path.join(AWSCLI_DATA, service)):
            jobs.append((name, service, AWSCLI_DATA, operations))
        else:
            print("%s: no %s here; kept as it is" % (name, AWSCLI_DATA), file=sys.stderr)
    for service, source, source_dir, operations in jobs:
        doc = extract(source, load_model(source_dir, source), operations)
        if service in PATCHES:
            PATCHES[service](doc)
        path = os.path.join(out_dir, service + ".json")
        with open(path, "w", encoding="utf-8") as f:
            # One operation or shape per line: compact, yet diffs stay readable.
            f.write("{\n")
            f.write('"generated":%s,\n' % json.dumps(doc["generated"]))
            f.write('"metadata":%s,\n' % json.dumps(doc["metadata"], sort_keys=True, separators=(",", ":")))
            for section in ("operations", "shapes"):
                f.write('"%s":{\n' % section)
                items = list(doc[section].items())
                for i, (k, v) in enumerate(items):
                    sep = "," if i + 1 < len(items) else ""
                    f.write("%s:%s%s\n" % (json.dumps(k), json.dumps(v, sort_keys=True, separators=(",", ":")), sep))
                f.write("}%s\n" % ("," if section == "operations" else ""))
            f.write("}\n")
        print("%s: %d operations, %d shapes -> %s" % (service, len(operations), len(doc["shapes"]), path),
              file=sys.stderr)


if __name__ == "__main__":
    main()
