#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/events/events_backend.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

#include <optional>
#include <string>

namespace cdk::localcloud::events {

/// The value at a JSONPath of the simple form EventBridge takes (`$`, `$.a.b`, `$.a[0]`, `$['a-b']`), or
/// nullopt when the event has nothing there (or the path is not of that form).
[[nodiscard]] std::optional<Json> json_path(const Json& document, const std::string& path);

/// What the target receives for `event` (EventBridge's order: Input, else InputPath, else
/// InputTransformer, else the event's JSON). In an input template a `<key>` is replaced by the value at
/// its path: inside a JSON string by the string's text (JSON-escaped) or the value's JSON, elsewhere by the
/// value's JSON (`null` when missing); `<aws.events.rule-arn>`, `<aws.events.rule-name>`,
/// `<aws.events.event>` / `<aws.events.event.json>` and `<aws.events.event.ingestion-time>` are predefined.
[[nodiscard]] std::string target_input(const Json& target, const Json& event, const std::string& rule_name,
                                       const std::string& rule_arn);

/// Delivers one matched event to its target as `events.amazonaws.com` with `aws:SourceArn` = the rule and
/// `aws:SourceAccount` = its account, so the target's resource policy decides: SQS (SendMessage;
/// `SqsParameters.MessageGroupId` with the event id as deduplication id for FIFO queues), SNS (Publish),
/// Lambda (Invoke, InvocationType Event). Targets in another account or of other services are not delivered
/// (logged). A refused delivery goes to the target's dead-letter queue when it has one, else it is dropped
/// (logged), as EventBridge drops it after its retries.
Result<void> deliver(CloudContext& cloud, ServiceRegistry& services, const Delivery& delivery);

} // namespace cdk::localcloud::events
