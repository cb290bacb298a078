#include "localcloud/sns/sns_publish.hpp"

#include "core/hash.hpp"
#include "core/json_reader.hpp"
#include "core/strings.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/server/service_calls.hpp"
#include "localcloud/sns/sns_filter.hpp"
#include "localcloud/sqs/sqs_backend.hpp"
#include "localcloud/state/ids.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <regex>
#include <set>

namespace cdk::localcloud::sns {

namespace {

constexpr const char* kTopicKind = "sns:topic";
constexpr const char* kDedupKind = "sns:dedup";
constexpr const char* kCounterKind = "sns:seq";
constexpr std::size_t kMaxMessage = 262144;

Error invalid_parameter(const std::string& what) {
    return make_error("InvalidParameter", "Invalid parameter: " + what, 400);
}

Error invalid_value(const std::string& what) {
    return make_error("ParameterValueInvalid", what, 400);
}

std::string timestamp_ms(std::chrono::system_clock::time_point t) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
    std::string s = iso8601(t); // ...:SSZ
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03lld", static_cast<long long>(ms));
    return s.substr(0, s.size() - 1) + frac + "Z";
}

long long epoch_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Checks SNS message attributes; returns their size (name, type and value bytes).
Result<std::size_t> check_attributes(const Json& attributes) {
    std::size_t size = 0;
    if (!attributes.is_object()) return size;
    static const std::regex kName(R"(^[A-Za-z0-9_.-]{1,256}$)");
    for (const auto& [name, a] : attributes.items()) {
        if (!std::regex_match(name, kName) || name.front() == '.' || name.back() == '.' ||
            name.find("..") != std::string::npos || strings::starts_with(strings::to_lower(name), "aws.") ||
            strings::starts_with(strings::to_lower(name), "amazon.")) {
            return invalid_value("The message attribute name '" + name + "' is invalid.");
        }
        const std::string type = a.value("DataType", "");
        if (type != "String" && type != "Number" && type != "Binary" && type != "String.Array" &&
            !strings::starts_with(type, "String.") && !strings::starts_with(type, "Number.") &&
            !strings::starts_with(type, "Binary.")) {
            return invalid_value("The message attribute '" + name +
                                 "' has an invalid message attribute type, the "
                                 "set of supported type prefixes is Binary, Number, and String.");
        }
        size += name.size() + type.size();
        if (strings::starts_with(type, "Binary")) {
            if (!a.contains("BinaryValue")) {
                return invalid_value("The message attribute '" + name +
                                     "' with type 'Binary' must use field 'Binary'.");
            }
            size += a["BinaryValue"].get<std::string>().size();
            continue;
        }
        if (!a.contains("StringValue")) {
            return invalid_value("The message attribute '" + name +
                                 "' must contain non-empty message attribute "
                                 "value for message attribute type '" +
                                 type + "'.");
        }
        const std::string v = a["StringValue"].get<std::string>();
        size += v.size();
        if (type == "Number") {
            static const std::regex kNumber(R"(^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$)");
            if (!std::regex_match(v, kNumber)) {
                return invalid_value("Could not cast message attribute '" + name + "' value to number.");
            }
        }
        if (type == "String.Array") {
            auto parsed = json::parse(v);
            if (!parsed || !parsed->is_array()) {
                return invalid_value("The message attribute '" + name +
                                     "' with type 'String.Array' must use a "
                                     "JSON array of strings, numbers, booleans or null.");
            }
        }
    }
    return size;
}

/// The envelope's MessageAttributes: {name: {Type, Value}}, binary values in base64.
Json envelope_attributes(const Json& attributes) {
    Json out = Json::object();
    for (const auto& [name, a] : attributes.items()) {
        const std::string type = a.value("DataType", "");
        const std::string value = strings::starts_with(type, "Binary")
                                      ? base64_encode(a.value("BinaryValue", ""))
                                      : a.value("StringValue", "");
        out[name] = {{"Type", type}, {"Value", value}};
    }
    return out;
}

/// What SNS signs (SignatureVersion 1/2): the fields' names and values, one per line, in this order.
std::string string_to_sign(const Json& envelope) {
    static const std::vector<std::string> kNotification{"Message",   "MessageId", "Subject",
                                                        "Timestamp", "TopicArn",  "Type"};
    static const std::vector<std::string> kConfirmation{"Message", "MessageId", "SubscribeURL", "Timestamp",
                                                        "Token",   "TopicArn",  "Type"};
    const bool notification = envelope.value("Type", "") == "Notification";
    std::string out;
    for (const auto& k : notification ? kNotification : kConfirmation) {
        if (!envelope.contains(k)) continue;
        out += k + "\n" + envelope[k].get<std::string>() + "\n";
    }
    return out;
}

/// SNS as a caller of SQS and Lambda: the service principal, with the topic as the source.
Caller sns_principal() {
    Caller c;
    c.type = "service";
    c.principal.service = "sns.amazonaws.com";
    c.principal.arn = "sns.amazonaws.com";
    c.user_id = "AIDAIT2UOQQY3AUEKVGXU"; // the SenderId of SNS deliveries on AWS
    return c;
}

iam::Context source_context(const Json& topic) {
    iam::Context ctx;
    const auto now = std::chrono::system_clock::now();
    ctx[iam::context_key("aws:SourceArn")] = {topic["TopicArn"].get<std::string>()};
    ctx[iam::context_key("aws:SourceAccount")] = {topic["Account"].get<std::string>()};
    ctx[iam::context_key("aws:CurrentTime")] = {iso8601(now)};
    ctx[iam::context_key("aws:EpochTime")] = {std::to_string(epoch_seconds(now))};
    ctx[iam::context_key("aws:SecureTransport")] = {"true"};
    return ctx;
}

} // namespace

struct SnsPublisher::Notification {
    std::string message_id;
    std::string message; ///< the default message
    Json per_protocol;   ///< MessageStructure=json: {protocol: text}
    std::string subject;
    Json attributes = Json::object();
    std::string timestamp;
    std::string group_id;
    std::string dedup_id;
    std::string sequence_number;

    [[nodiscard]] std::string text_for(const std::string& protocol) const {
        if (per_protocol.is_object() && per_protocol.contains(protocol) &&
            per_protocol[protocol].is_string()) {
            return per_protocol[protocol].get<std::string>();
        }
        return message;
    }
};

SnsPublisher::SnsPublisher(CloudContext& cloud, ServiceRegistry& services)
    : cloud_(cloud), services_(services), signer_(cloud.data_dir / "sns") {
    lambda_ = [this](const std::string& function_arn, const std::string& event,
                     const std::string& topic_arn) -> Result<void> {
        const auto parts = strings::split(function_arn, ":");
        ServiceCalls calls(services_, sns_principal(), parts.size() > 3 ? parts[3] : cloud_.default_region);
        iam::Context ctx;
        ctx[iam::context_key("aws:SourceArn")] = {topic_arn};
        ctx[iam::context_key("aws:SourceAccount")] = {strings::split(topic_arn, ":").at(4)};
        calls.with_context(ctx);
        auto r =
            calls.call("lambda", "Invoke",
                       Json{{"FunctionName", function_arn}, {"InvocationType", "Event"}, {"Payload", event}});
        if (!r) return r.error();
        return ok();
    };
}

std::string SnsPublisher::endpoint_base() const {
    return "http://127.0.0.1:" + std::to_string(cloud_.port.load()) + "/_localcloud/sns";
}

Result<std::vector<PublishResult>> SnsPublisher::publish(const SnsCall& call, const std::string& topic_arn,
                                                         const std::vector<Json>& entries, bool batch) {
    if (batch) {
        if (entries.empty()) {
            return make_error("EmptyBatchRequest", "The batch request doesn't contain any entries.", 400);
        }
        if (entries.size() > 10) {
            return make_error("TooManyEntriesInBatchRequest",
                              "The batch request contains more entries than "
                              "permissible.",
                              400);
        }
        std::set<std::string> ids;
        std::size_t total = 0;
        for (const auto& e : entries) {
            const std::string id = e.value("Id", "");
            static const std::regex kId(R"(^[A-Za-z0-9_-]{1,80}$)");
            if (!std::regex_match(id, kId)) {
                return make_error("InvalidBatchEntryId",
                                  "The Id of a batch entry in a batch request doesn't abide "
                                  "by the specification.",
                                  400);
            }
            if (!ids.insert(id).second) {
                return make_error("BatchEntryIdsNotDistinct",
                                  "Two or more batch entries in the request have the "
                                  "same Id.",
                                  400);
            }
            total += e.value("Message", "").size();
        }
        if (total > kMaxMessage) {
            return make_error("BatchRequestTooLong",
                              "The length of all the messages put together is more than the "
                              "limit.",
                              400);
        }
    }
    auto topic = SnsBackend(cloud_).get_topic(call, topic_arn, "sns:Publish");
    if (!topic) return topic.error();
    const bool fifo = (*topic)["Attributes"].value("FifoTopic", "false") == "true";
    const bool content_dedup = (*topic)["Attributes"].value("ContentBasedDeduplication", "false") == "true";
    const Scope scope{(*topic)["Account"].get<std::string>(), strings::split(topic_arn, ":")[3]};
    const std::string topic_name = (*topic)["Name"].get<std::string>();

    std::vector<PublishResult> results;
    std::vector<Notification> accepted;
    for (const auto& e : entries) {
        PublishResult r{e.value("Id", ""), Json::object()};
        Notification n;
        r.result = [&]() -> Result<Json> {
            n.message = e.value("Message", "");
            if (n.message.empty()) return invalid_parameter("Empty message");
            auto size = check_attributes(e.value("MessageAttributes", Json::object()));
            if (!size) return size.error();
            if (n.message.size() + *size > kMaxMessage) {
                return invalid_parameter("Message too long");
            }
            n.subject = e.value("Subject", "");
            if (e.contains("Subject")) {
                if (n.subject.empty() || n.subject.size() > 100) return invalid_parameter("Subject");
                for (const unsigned char c : n.subject) {
                    if (c < 0x20 || c == 0x7f) return invalid_parameter("Subject");
                }
            }
            if (e.value("MessageStructure", "") == "json") {
                auto parsed = json::parse(n.message);
                if (!parsed || !parsed->is_object()) {
                    return invalid_parameter("Message Structure - JSON message body failed to parse");
                }
                if (!parsed->contains("default") || !(*parsed)["default"].is_string()) {
                    return invalid_parameter("Message Structure - No default entry in JSON message body");
                }
                n.per_protocol = *parsed;
                n.message = (*parsed)["default"].get<std::string>();
            } else if (e.contains("MessageStructure")) {
                return invalid_parameter("MessageStructure");
            }
            n.attributes = e.value("MessageAttributes", Json::object());
            n.group_id = e.value("MessageGroupId", "");
            n.dedup_id = e.value("MessageDeduplicationId", "");
            if (!fifo && !n.dedup_id.empty()) {
                return invalid_parameter(
                    "MessageDeduplicationId Reason: The request includes "
                    "MessageDeduplicationId parameter that is not valid for this topic type");
            }
            n.message_id = random_uuid();
            n.timestamp = timestamp_ms(std::chrono::system_clock::now());
            if (!fifo) return Json{{"MessageId", n.message_id}};
            if (n.group_id.empty()) {
                return invalid_parameter("The MessageGroupId parameter is required for FIFO topics");
            }
            if (n.dedup_id.empty()) {
                if (!content_dedup) {
                    return invalid_parameter(
                        "The topic should either have ContentBasedDeduplication enabled or "
                        "MessageDeduplicationId provided explicitly");
                }
                n.dedup_id = hash::sha256_hex(e.value("Message", ""));
            }
            // The 5-minute deduplication window and the topic's sequence numbers, in one transaction.
            return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
                const std::string key = topic_name + "/" + n.dedup_id;
                const long long now = epoch_ms();
                auto seen = tx.get(scope, kDedupKind, key);
                if (!seen) return seen.error();
                if (seen->has_value() && (**seen).value("Expires", 0LL) > now) {
                    n.message_id.clear(); // accepted, not delivered again
                    return Json{{"MessageId", (**seen)["MessageId"]},
                                {"SequenceNumber", (**seen)["SequenceNumber"]}};
                }
                auto counter = tx.get(scope, kCounterKind, topic_name);
                if (!counter) return counter.error();
                const auto seq = counter->has_value() ? (**counter).value("Next", 1ULL) : 1ULL;
                if (auto p = tx.put(scope, kCounterKind, topic_name, Json{{"Next", seq + 1}}); !p)
                    return p.error();
                char buf[32];
                std::snprintf(buf, sizeof buf, "%020llu", static_cast<unsigned long long>(seq));
                n.sequence_number = buf;
                Json record{{"MessageId", n.message_id},
                            {"SequenceNumber", n.sequence_number},
                            {"Expires", now + 300000}};
                if (auto p = tx.put(scope, kDedupKind, key, record); !p) return p.error();
                return Json{{"MessageId", n.message_id}, {"SequenceNumber", n.sequence_number}};
            });
        }();
        if (!batch && !r.result) return r.result.error();
        if (r.result && !n.message_id.empty()) accepted.push_back(std::move(n));
        results.push_back(std::move(r));
    }
    for (const auto& n : accepted)
        deliver(*topic, n);
    return results;
}

void SnsPublisher::deliver(const Json& topic, const Notification& n) {
    const std::string topic_arn = topic["TopicArn"].get<std::string>();
    for (const auto& [arn, sub] : topic["Subscriptions"].items()) {
        if (sub.value("PendingConfirmation", false)) continue;
        const Json attrs = sub.value("Attributes", Json::object());
        if (attrs.contains("FilterPolicy")) {
            auto policy = parse_filter_policy(attrs["FilterPolicy"].get<std::string>());
            if (!policy) continue;
            Json document;
            if (attrs.value("FilterPolicyScope", "MessageAttributes") == "MessageBody") {
                auto body = json::parse(n.text_for(sub.value("Protocol", "")));
                if (!body || !body->is_object()) continue; // a body that is not JSON matches no body policy
                document = std::move(*body);
            } else {
                document = attributes_document(n.attributes);
            }
            if (!filter_matches(*policy, document)) continue;
        }
        const std::string protocol = sub.value("Protocol", "");
        Result<void> delivered = ok();
        if (protocol == "sqs") {
            delivered = deliver_sqs(topic, arn, sub, n);
        } else if (protocol == "lambda") {
            Json record{{"Type", "Notification"},
                        {"MessageId", n.message_id},
                        {"TopicArn", topic_arn},
                        {"Subject", n.subject.empty() ? Json() : Json(n.subject)},
                        {"Message", n.text_for("lambda")},
                        {"Timestamp", n.timestamp},
                        {"SignatureVersion", topic["Attributes"].value("SignatureVersion", "1")},
                        {"MessageAttributes", envelope_attributes(n.attributes)}};
            Json to_sign = record;
            if (n.subject.empty()) to_sign.erase("Subject");
            auto sig = signer_.sign(string_to_sign(to_sign), record["SignatureVersion"].get<std::string>());
            record["Signature"] = sig ? *sig : std::string();
            record["SigningCertUrl"] = endpoint_base() + "/SimpleNotificationService.pem";
            record["UnsubscribeUrl"] =
                endpoint_base() + "/unsubscribe?SubscriptionArn=" + strings::percent_encode(arn);
            const Json event{{"Records", Json::array({Json{{"EventSource", "aws:sns"},
                                                           {"EventVersion", "1.0"},
                                                           {"EventSubscriptionArn", arn},
                                                           {"Sns", record}}})}};
            delivered = lambda_(sub.value("Endpoint", ""), event.dump(), topic_arn);
        } else {
            continue; // http(s), email, sms, application, firehose: not delivered by localcloud
        }
        if (delivered) continue;
        // Refused or failed: to the subscription's dead-letter queue when it has one (its policy must admit
        // the topic too), else dropped.
        std::string dlq;
        if (attrs.contains("RedrivePolicy")) {
            auto redrive = json::parse(attrs["RedrivePolicy"].get<std::string>());
            if (redrive && redrive->is_object()) dlq = redrive->value("deadLetterTargetArn", "");
        }
        std::cerr << "localcloud: sns: delivery of " << n.message_id << " to " << sub.value("Endpoint", "")
                  << " failed: " << delivered.error().to_string() << (dlq.empty() ? "" : "; to " + dlq)
                  << "\n";
        if (dlq.empty()) continue;
        Json dead = sub;
        dead["Endpoint"] = dlq;
        if (protocol != "sqs") dead["Attributes"]["RawMessageDelivery"] = "false";
        if (auto d = deliver_sqs(topic, arn, dead, n); !d) {
            std::cerr << "localcloud: sns: the dead-letter queue " << dlq << " refused " << n.message_id
                      << ": " << d.error().to_string() << "\n";
        }
    }
}

Result<void> SnsPublisher::deliver_sqs(const Json& topic, const std::string& subscription_arn,
                                       const Json& subscription, const Notification& n) {
    const std::string queue_arn = subscription.value("Endpoint", "");
    const auto parts = strings::split(queue_arn, ":");
    if (parts.size() != 6) return invalid_parameter("SQS endpoint ARN");
    const bool raw =
        subscription.value("Attributes", Json::object()).value("RawMessageDelivery", "false") == "true";
    Json entry = Json::object();
    if (raw) {
        entry["MessageBody"] = n.text_for("sqs");
        if (!n.attributes.empty()) entry["MessageAttributes"] = n.attributes;
    } else {
        Json envelope{{"Type", "Notification"},
                      {"MessageId", n.message_id},
                      {"TopicArn", topic["TopicArn"]},
                      {"Message", n.text_for("sqs")},
                      {"Timestamp", n.timestamp},
                      {"SignatureVersion", topic["Attributes"].value("SignatureVersion", "1")}};
        if (!n.subject.empty()) envelope["Subject"] = n.subject;
        if (!n.sequence_number.empty()) envelope["SequenceNumber"] = n.sequence_number;
        auto sig = signer_.sign(string_to_sign(envelope), envelope["SignatureVersion"].get<std::string>());
        if (!sig) return sig.error();
        envelope["Signature"] = *sig;
        envelope["SigningCertURL"] = endpoint_base() + "/SimpleNotificationService.pem";
        envelope["UnsubscribeURL"] =
            endpoint_base() + "/unsubscribe?SubscriptionArn=" + strings::percent_encode(subscription_arn);
        if (!n.attributes.empty()) envelope["MessageAttributes"] = envelope_attributes(n.attributes);
        entry["MessageBody"] = envelope.dump();
    }
    if (!n.group_id.empty() && strings::ends_with(parts[5], ".fifo")) {
        entry["MessageGroupId"] = n.group_id;
        entry["MessageDeduplicationId"] = n.dedup_id;
    }
    const sqs::SqsCall call{sns_principal(), parts[3], source_context(topic)};
    auto sent = sqs::SqsBackend(cloud_).send_messages(
        call, sqs::SqsBackend::url(parts[3], parts[4], parts[5]), {entry});
    if (!sent) return sent.error();
    return ok();
}

void SnsPublisher::send_confirmation(const Json& subscription) {
    if (subscription.value("Protocol", "") != "sqs" || !subscription.value("PendingConfirmation", false))
        return;
    const std::string topic_arn = subscription["TopicArn"].get<std::string>();
    const auto topic_parts = strings::split(topic_arn, ":");
    const std::string token = subscription.value("Token", "");
    Json envelope{
        {"Type", "SubscriptionConfirmation"},
        {"MessageId", random_uuid()},
        {"Token", token},
        {"TopicArn", topic_arn},
        {"Message", "You have chosen to subscribe to the topic " + topic_arn +
                        ".\nTo confirm the subscription, visit the SubscribeURL included in this message."},
        {"SubscribeURL", endpoint_base() + "/confirm?TopicArn=" + strings::percent_encode(topic_arn) +
                             "&Token=" + strings::percent_encode(token)},
        {"Timestamp", timestamp_ms(std::chrono::system_clock::now())},
        {"SignatureVersion", "1"}};
    auto sig = signer_.sign(string_to_sign(envelope), "1");
    envelope["Signature"] = sig ? *sig : std::string();
    envelope["SigningCertURL"] = endpoint_base() + "/SimpleNotificationService.pem";
    const auto parts = strings::split(subscription.value("Endpoint", ""), ":");
    if (parts.size() != 6) return;
    Json topic{{"TopicArn", topic_arn}, {"Account", topic_parts.at(4)}};
    const sqs::SqsCall call{sns_principal(), parts[3], source_context(topic)};
    auto sent = sqs::SqsBackend(cloud_).send_messages(
        call, sqs::SqsBackend::url(parts[3], parts[4], parts[5]), {Json{{"MessageBody", envelope.dump()}}});
    if (!sent) {
        std::cerr << "localcloud: sns: the confirmation of " << subscription.value("SubscriptionArn", "")
                  << " was refused by its queue: " << sent.error().to_string() << "\n";
    }
}

} // namespace cdk::localcloud::sns
