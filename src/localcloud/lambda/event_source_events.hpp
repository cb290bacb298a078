#pragma once

#include "core/json.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cdk::localcloud::lambda::events {

/// The events an event source mapping sends to its function, as AWS Lambda shapes them
/// (docs/localcloud-lambda.md, "Event source mappings"). Pure functions: the poller (event_source_poller.cpp)
/// feeds them what SQS and DynamoDB Streams hold.

/// One record of an SQS event from a message as SqsBackend::receive_messages returns it (ReceiveMessage's
/// Message shape, system and message attributes asked as "All"): messageId, receiptHandle, body, attributes
/// (ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp, and the FIFO ones),
/// messageAttributes ({stringValue | binaryValue (base64), stringListValues, binaryListValues, dataType}),
/// md5OfMessageAttributes when there are message attributes, md5OfBody, eventSource `aws:sqs`,
/// eventSourceARN, awsRegion.
[[nodiscard]] Json sqs_record(const Json& message, const std::string& queue_arn, const std::string& region);

/// One record of a DynamoDB Streams event from a stream record as dynamodb::streams::read returns it (the
/// Streams API's Record shape, items with raw bytes in B/BS): eventID, eventName (INSERT/MODIFY/REMOVE),
/// eventVersion, eventSource `aws:dynamodb`, awsRegion, dynamodb {ApproximateCreationDateTime (epoch
/// seconds), Keys, NewImage, OldImage, SequenceNumber, SizeBytes, StreamViewType} with blobs in base64,
/// userIdentity for TTL deletions, and eventSourceARN.
[[nodiscard]] Json dynamodb_record(const Json& record, const std::string& stream_arn);

/// `{"Records": records}`.
[[nodiscard]] Json event_of(std::vector<Json> records);

/// What a function answered to a batch with `ReportBatchItemFailures` on: the item identifiers it reported
/// failed (`{"batchItemFailures": [{"itemIdentifier": id}, …]}`). An answer that is not such an object, or an
/// empty or null list, reports none (the batch succeeded). nullopt when the answer names an identifier that
/// is empty, not a string, or not one of `batch` (AWS then treats the whole batch as failed).
[[nodiscard]] std::optional<std::set<std::string>> batch_item_failures(const std::string& payload,
                                                                       const std::set<std::string>& batch);

} // namespace cdk::localcloud::lambda::events
