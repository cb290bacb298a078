#include "localcloud/lambda/event_source_events.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::lambda::events {
namespace {

TEST(EventSourceEvents, SqsRecordHasTheShapeLambdaSends) {
    const Json message{{"MessageId", "m-1"},
                       {"ReceiptHandle", "rh"},
                       {"MD5OfBody", "5d41402abc4b2a76b9719d911017c592"},
                       {"Body", "hello"},
                       {"Attributes",
                        {{"ApproximateReceiveCount", "1"},
                         {"SentTimestamp", "1700000000000"},
                         {"SenderId", "AROAEXAMPLE:fn"},
                         {"ApproximateFirstReceiveTimestamp", "1700000000001"}}},
                       {"MessageAttributes",
                        {{"colour", {{"DataType", "String"}, {"StringValue", "blue"}}},
                         {"raw", {{"DataType", "Binary"}, {"BinaryValue", std::string("\x01\x02", 2)}}}}},
                       {"MD5OfMessageAttributes", "abc"}};
    const Json r = sqs_record(message, "arn:aws:sqs:ap-southeast-2:111111111111:q", "ap-southeast-2");
    EXPECT_EQ(r["messageId"], "m-1");
    EXPECT_EQ(r["receiptHandle"], "rh");
    EXPECT_EQ(r["body"], "hello");
    EXPECT_EQ(r["attributes"]["ApproximateReceiveCount"], "1");
    EXPECT_EQ(r["attributes"]["SenderId"], "AROAEXAMPLE:fn");
    EXPECT_EQ(r["messageAttributes"]["colour"], (Json{{"stringValue", "blue"},
                                                      {"stringListValues", Json::array()},
                                                      {"binaryListValues", Json::array()},
                                                      {"dataType", "String"}}));
    EXPECT_EQ(r["messageAttributes"]["raw"]["binaryValue"], "AQI=");
    EXPECT_EQ(r["md5OfMessageAttributes"], "abc");
    EXPECT_EQ(r["md5OfBody"], "5d41402abc4b2a76b9719d911017c592");
    EXPECT_EQ(r["eventSource"], "aws:sqs");
    EXPECT_EQ(r["eventSourceARN"], "arn:aws:sqs:ap-southeast-2:111111111111:q");
    EXPECT_EQ(r["awsRegion"], "ap-southeast-2");
}

TEST(EventSourceEvents, SqsRecordWithoutMessageAttributesHasAnEmptyObjectAndNoDigest) {
    const Json r = sqs_record(Json{{"MessageId", "m"}, {"Body", "b"}, {"MD5OfBody", "x"}}, "arn", "r");
    EXPECT_EQ(r["messageAttributes"], Json::object());
    EXPECT_EQ(r["attributes"], Json::object());
    EXPECT_FALSE(r.contains("md5OfMessageAttributes"));
}

TEST(EventSourceEvents, DynamoDbRecordCarriesTheStreamArnEpochTimeAndBase64Blobs) {
    const Json record{{"eventID", "e1"},
                      {"eventName", "MODIFY"},
                      {"eventVersion", "1.1"},
                      {"eventSource", "aws:dynamodb"},
                      {"awsRegion", "ap-southeast-2"},
                      {"dynamodb",
                       {{"ApproximateCreationDateTime", "2026-12-07T02:00:00.123Z"},
                        {"Keys", {{"id", {{"S", "k"}}}}},
                        {"NewImage", {{"id", {{"S", "k"}}}, {"blob", {{"B", "foobar"}}}}},
                        {"OldImage", {{"id", {{"S", "k"}}}, {"nested", {{"M", {{"b", {{"BS", {"ab"}}}}}}}}}},
                        {"SequenceNumber", "100000000000000000001"},
                        {"SizeBytes", 42},
                        {"StreamViewType", "NEW_AND_OLD_IMAGES"}}}};
    const std::string arn =
        "arn:aws:dynamodb:ap-southeast-2:111111111111:table/t/stream/2026-12-07T01:00:00.000";
    const Json r = dynamodb_record(record, arn);
    EXPECT_EQ(r["eventID"], "e1");
    EXPECT_EQ(r["eventName"], "MODIFY");
    EXPECT_EQ(r["eventSource"], "aws:dynamodb");
    EXPECT_EQ(r["eventSourceARN"], arn);
    EXPECT_EQ(r["dynamodb"]["ApproximateCreationDateTime"], 1796608800);
    EXPECT_EQ(r["dynamodb"]["Keys"], (Json{{"id", {{"S", "k"}}}}));
    EXPECT_EQ(r["dynamodb"]["NewImage"]["blob"], (Json{{"B", "Zm9vYmFy"}}));
    EXPECT_EQ(r["dynamodb"]["OldImage"]["nested"]["M"]["b"]["BS"][0], "YWI=");
    EXPECT_EQ(r["dynamodb"]["SequenceNumber"], "100000000000000000001");
    EXPECT_EQ(r["dynamodb"]["StreamViewType"], "NEW_AND_OLD_IMAGES");
}

TEST(EventSourceEvents, EventWrapsTheRecords) {
    EXPECT_EQ(event_of({Json{{"a", 1}}, Json{{"b", 2}}}), (Json{{"Records", {{{"a", 1}}, {{"b", 2}}}}}));
}

TEST(EventSourceEvents, BatchItemFailuresNameTheFailedItems) {
    const std::set<std::string> batch{"a", "b", "c"};
    EXPECT_EQ(batch_item_failures(R"({"batchItemFailures": [{"itemIdentifier": "b"}]})", batch),
              (std::set<std::string>{"b"}));
    // No list, an empty or null list, or an answer that is not an object: the batch succeeded.
    EXPECT_EQ(batch_item_failures(R"({"batchItemFailures": []})", batch), std::set<std::string>{});
    EXPECT_EQ(batch_item_failures(R"({"batchItemFailures": null})", batch), std::set<std::string>{});
    EXPECT_EQ(batch_item_failures("null", batch), std::set<std::string>{});
    EXPECT_EQ(batch_item_failures(R"("ok")", batch), std::set<std::string>{});
    // An identifier that is empty, not a string, or not in the batch fails the whole batch.
    EXPECT_FALSE(batch_item_failures(R"({"batchItemFailures": [{"itemIdentifier": ""}]})", batch));
    EXPECT_FALSE(batch_item_failures(R"({"batchItemFailures": [{"itemIdentifier": 3}]})", batch));
    EXPECT_FALSE(batch_item_failures(R"({"batchItemFailures": [{"itemIdentifier": "z"}]})", batch));
    EXPECT_FALSE(batch_item_failures(R"({"batchItemFailures": "b"})", batch));
}

} // namespace
} // namespace cdk::localcloud::lambda::events
