#include "localcloud/sns/sns_backend.hpp"

#include "core/json_reader.hpp"
#include "core/strings.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/sns/sns_filter.hpp"
#include "localcloud/state/ids.hpp"

#include <optional>
#include <regex>
#include <set>

namespace cdk::localcloud::sns {

namespace {

constexpr const char* kKind = "sns:topic";

Error not_found() {
    return make_error("NotFound", "Topic does not exist", 404);
}

struct TopicRef {
    std::string region;
    std::string account;
    std::string name;
};

std::optional<TopicRef> parse(const std::string& arn) {
    const auto parts = strings::split(arn, ":");
    if (parts.size() < 6 || parts[2] != "sns") return std::nullopt;
    return TopicRef{parts[3], parts[4], parts[5]};
}

Result<void> authorize_topic(CloudContext& cloud, Tx& tx, const SnsCall& call, const Json& topic,
                             const std::string& action) {
    std::optional<Json> policy;
    const std::string text = topic["Attributes"].value("Policy", "");
    if (auto parsed = iam::parse_policy_json(text); !text.empty() && parsed) policy = std::move(*parsed);
    return cloud.iam.authorize(tx, call.caller, action, topic["TopicArn"].get<std::string>(),
                               topic["Account"].get<std::string>(), policy, iam::ResourcePolicyMode::Optional,
                               call.context, "AuthorizationError");
}

/// The topic row `ref` names (NotFound when there is none).
Result<Json> find_topic(Tx& tx, const TopicRef& ref) {
    auto found = tx.get(Scope{ref.account, ref.region}, kKind, ref.name);
    if (!found) return found.error();
    if (!found->has_value()) return not_found();
    return std::move(**found);
}

/// The caller's topics in the call's region, after authorizing `action` (a list action, on "*").
Result<std::vector<std::pair<std::string, Json>>>
account_topics(CloudContext& cloud, Tx& tx, const SnsCall& call, const std::string& action) {
    const std::string account = call.caller.account();
    if (auto a = cloud.iam.authorize(tx, call.caller, action, "*", account, std::nullopt,
                                     iam::ResourcePolicyMode::None, call.context, "AuthorizationError");
        !a) {
        return a.error();
    }
    return tx.list(Scope{account, call.region}, kKind);
}

} // namespace

Result<Json> SnsBackend::create_topic(const SnsCall& call, const std::string& name, const Json& attributes,
                                      const Json& tags) {
    static const std::regex kName(R"(^[A-Za-z0-9_-]{1,256}(\.fifo)?$)");
    if (!std::regex_match(name, kName)) {
        return make_error("InvalidParameter", "Invalid parameter: Topic Name", 400);
    }
    const std::string account = call.caller.account();
    const std::string arn = "arn:aws:sns:" + call.region + ":" + account + ":" + name;
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = cloud_.iam.authorize(tx, call.caller, "sns:CreateTopic", arn, account, std::nullopt,
                                          iam::ResourcePolicyMode::None, call.context, "AuthorizationError");
            !a) {
            return a.error();
        }
        auto existing = tx.get(Scope{account, call.region}, kKind, name);
        if (!existing) return existing.error();
        if (existing->has_value()) return std::move(**existing); // CreateTopic is idempotent
        Json attrs{{"TopicArn", arn}, {"Owner", account}, {"DisplayName", ""}};
        for (const auto& [k, v] : attributes.items())
            attrs[k] = v.is_string() ? v.get<std::string>() : v.dump();
        Json topic{{"TopicArn", arn},
                   {"Name", name},
                   {"Account", account},
                   {"Attributes", attrs},
                   {"Tags", tags.is_array() ? tags : Json::array()},
                   {"Subscriptions", Json::object()}};
        if (auto p = tx.put(Scope{account, call.region}, kKind, name, topic); !p) return p.error();
        return topic;
    });
}

Result<Json> SnsBackend::get_topic(const SnsCall& call, const std::string& arn, const std::string& action) {
    const auto ref = parse(arn);
    if (!ref) return not_found();
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto topic = find_topic(tx, *ref);
        if (!topic) return topic.error();
        if (auto a = authorize_topic(cloud_, tx, call, *topic, action); !a) return a.error();
        return topic;
    });
}

namespace {

/// Loads, authorizes, changes and stores one topic.
template <typename Fn>
Result<void> modify(CloudContext& cloud, const SnsCall& call, const std::string& arn,
                    const std::string& action, Fn&& change) {
    const auto ref = parse(arn);
    if (!ref) return not_found();
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto found = find_topic(tx, *ref);
        if (!found) return found.error();
        Json topic = std::move(*found);
        if (auto a = authorize_topic(cloud, tx, call, topic, action); !a) return a.error();
        bool erase = false;
        if (auto c = change(topic, erase); !c) return c.error();
        auto r =
            erase ? Result<void>(ok()) : tx.put(Scope{ref->account, ref->region}, kKind, ref->name, topic);
        if (!r) return r.error();
        if (erase) {
            auto e = tx.erase(Scope{ref->account, ref->region}, kKind, ref->name);
            if (!e) return e.error();
        }
        return true;
    });
    if (!done) return done.error();
    return ok();
}

} // namespace

Result<void> SnsBackend::set_attribute(const SnsCall& call, const std::string& arn, const std::string& name,
                                       const std::string& value) {
    return modify(cloud_, call, arn, "sns:SetTopicAttributes", [&](Json& topic, bool&) -> Result<void> {
        if (value.empty() && name == "Policy")
            topic["Attributes"].erase(name);
        else
            topic["Attributes"][name] = value;
        return ok();
    });
}

Result<void> SnsBackend::delete_topic(const SnsCall& call, const std::string& arn) {
    auto r = modify(cloud_, call, arn, "sns:DeleteTopic", [&](Json&, bool& erase) -> Result<void> {
        erase = true;
        return ok();
    });
    if (!r && r.error().code == "NotFound") return ok(); // DeleteTopic of a missing topic succeeds on AWS
    return r;
}

Result<std::vector<Json>> SnsBackend::list_topics(const SnsCall& call) {
    return cloud_.store.read<std::vector<Json>>([&](Tx& tx) -> Result<std::vector<Json>> {
        auto rows = account_topics(cloud_, tx, call, "sns:ListTopics");
        if (!rows) return rows.error();
        std::vector<Json> out;
        for (auto& [n, t] : *rows)
            out.push_back(std::move(t));
        return out;
    });
}

Error SnsBackend::topic_not_found() {
    return not_found();
}

namespace {

Error invalid_parameter(const std::string& what) {
    return make_error("InvalidParameter", "Invalid parameter: " + what, 400);
}

/// Checks a subscription attribute SNS lets Subscribe and SetSubscriptionAttributes set.
Result<void> check_subscription_attribute(const std::string& name, const std::string& value) {
    static const std::set<std::string> kNames{"DeliveryPolicy",     "FilterPolicy",  "FilterPolicyScope",
                                              "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn",
                                              "ReplayPolicy"};
    if (kNames.count(name) == 0) return invalid_parameter("AttributeName");
    if (name == "RawMessageDelivery" && value != "true" && value != "false") {
        return invalid_parameter("Attributes Reason: RawMessageDelivery: Invalid value [" + value +
                                 "]. Must be true or false.");
    }
    if (name == "FilterPolicyScope" && !value.empty() && value != "MessageAttributes" &&
        value != "MessageBody") {
        return invalid_parameter("Attributes Reason: FilterPolicyScope: Invalid value [" + value +
                                 "]. Please use either MessageBody or MessageAttributes");
    }
    if (name == "FilterPolicy" && !value.empty()) {
        if (auto p = parse_filter_policy(value); !p) return p.error();
    }
    if ((name == "RedrivePolicy" || name == "DeliveryPolicy") && !value.empty()) {
        auto parsed = json::parse(value);
        if (!parsed || !parsed->is_object()) return invalid_parameter(name + ": failed to parse JSON.");
    }
    return ok();
}

Json subscription_view(const std::string& arn, const Json& sub, const std::string& topic_arn) {
    Json out = sub;
    out["SubscriptionArn"] = arn;
    out["TopicArn"] = topic_arn;
    return out;
}

} // namespace

Result<Json> SnsBackend::subscribe_record(const SnsCall& call, const std::string& topic_arn,
                                          const std::string& protocol, const std::string& endpoint,
                                          const Json& attributes) {
    static const std::set<std::string> kProtocols{"http", "https",       "email",  "email-json", "sms",
                                                  "sqs",  "application", "lambda", "firehose"};
    if (kProtocols.count(protocol) == 0) {
        return invalid_parameter("Amazon SNS does not support this protocol string: " + protocol);
    }
    const auto endpoint_parts = strings::split(endpoint, ":");
    if (protocol == "sqs" && (endpoint_parts.size() != 6 || endpoint_parts[2] != "sqs")) {
        return invalid_parameter("SQS endpoint ARN");
    }
    if (protocol == "lambda" && (endpoint_parts.size() < 7 || endpoint_parts[2] != "lambda")) {
        return invalid_parameter("Lambda endpoint ARN");
    }
    if ((protocol == "http" || protocol == "https") && !strings::starts_with(endpoint, protocol + "://")) {
        return invalid_parameter("Endpoint must match the specified protocol");
    }
    Json attrs = Json::object();
    if (attributes.is_object()) {
        for (const auto& [k, v] : attributes.items()) {
            const std::string value = v.is_string() ? v.get<std::string>() : v.dump();
            if (auto c = check_subscription_attribute(k, value); !c) return c.error();
            if (!value.empty()) attrs[k] = value;
        }
    }
    const bool topic_fifo = strings::ends_with(topic_arn, ".fifo");
    if (protocol == "sqs" && !topic_fifo && strings::ends_with(endpoint, ".fifo")) {
        return invalid_parameter(
            "Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to "
            "standard SNS topics");
    }
    if (topic_fifo && protocol != "sqs") {
        return invalid_parameter("Invalid parameter: Endpoint Reason: Please use FIFO SQS queue");
    }
    Json record;
    auto r = modify(cloud_, call, topic_arn, "sns:Subscribe", [&](Json& topic, bool&) -> Result<void> {
        for (const auto& [sub_arn, sub] : topic["Subscriptions"].items()) {
            if (sub.value("Protocol", "") == protocol && sub.value("Endpoint", "") == endpoint) {
                if (sub.value("Attributes", Json::object()) != attrs &&
                    !sub.value("PendingConfirmation", false)) {
                    return invalid_parameter("Attributes Reason: Subscription already exists with different "
                                             "attributes");
                }
                record = subscription_view(sub_arn, sub, topic_arn);
                return ok();
            }
        }
        const std::string arn = topic_arn + ":" + random_uuid();
        // An SQS queue of another account is confirmed by its owner; anything else at once.
        const bool pending = protocol == "sqs" ? endpoint_parts[4] != call.caller.account()
                                               : !(protocol == "lambda" || protocol == "firehose");
        Json sub{{"Protocol", protocol},
                 {"Endpoint", endpoint},
                 {"Owner", call.caller.account()},
                 {"Attributes", attrs},
                 {"PendingConfirmation", pending}};
        if (pending) sub["Token"] = strings::to_hex(random_bytes(32)) + strings::to_hex(random_bytes(32));
        topic["Subscriptions"][arn] = sub;
        record = subscription_view(arn, sub, topic_arn);
        return ok();
    });
    if (!r) return r.error();
    return record;
}

Result<std::string> SnsBackend::subscribe(const SnsCall& call, const std::string& topic_arn,
                                          const std::string& protocol, const std::string& endpoint,
                                          const Json& attributes) {
    auto record = subscribe_record(call, topic_arn, protocol, endpoint, attributes);
    if (!record) return record.error();
    return (*record)["SubscriptionArn"].get<std::string>();
}

Result<std::string> SnsBackend::confirm_subscription(const SnsCall& call, const std::string& topic_arn,
                                                     const std::string& token) {
    const auto ref = parse(topic_arn);
    if (!ref) return not_found();
    return cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
        auto found = find_topic(tx, *ref);
        if (!found) return found.error();
        Json topic = std::move(*found);
        (void)call; // the token is the authority, as on AWS (AuthenticateOnUnsubscribe aside)
        for (auto it = topic["Subscriptions"].begin(); it != topic["Subscriptions"].end(); ++it) {
            Json& sub = it.value();
            if (sub.value("Token", "") == token && !token.empty()) {
                sub["PendingConfirmation"] = false;
                sub["ConfirmationWasAuthenticated"] = true;
                const std::string arn = it.key();
                if (auto p = tx.put(Scope{ref->account, ref->region}, kKind, ref->name, topic); !p)
                    return p.error();
                return arn;
            }
        }
        return invalid_parameter("Token");
    });
}

Result<std::vector<Json>> SnsBackend::list_subscriptions(const SnsCall& call) {
    return cloud_.store.read<std::vector<Json>>([&](Tx& tx) -> Result<std::vector<Json>> {
        auto rows = account_topics(cloud_, tx, call, "sns:ListSubscriptions");
        if (!rows) return rows.error();
        std::vector<Json> out;
        for (auto& [n, t] : *rows) {
            for (const auto& [arn, sub] : t["Subscriptions"].items()) {
                out.push_back(subscription_view(arn, sub, t["TopicArn"].get<std::string>()));
            }
        }
        return out;
    });
}

namespace {

std::string topic_of(const std::string& subscription_arn) {
    const auto colon = subscription_arn.rfind(':');
    return colon == std::string::npos ? std::string() : subscription_arn.substr(0, colon);
}

Error subscription_not_found() {
    return make_error("NotFound", "Subscription does not exist", 404);
}

} // namespace

Result<Json> SnsBackend::subscription_attributes(const SnsCall& call, const std::string& subscription_arn) {
    const std::string topic_arn = topic_of(subscription_arn);
    auto topic = get_topic(call, topic_arn, "sns:GetSubscriptionAttributes");
    if (!topic) {
        if (topic.error().code == "NotFound") return subscription_not_found();
        return topic.error();
    }
    if (!(*topic)["Subscriptions"].contains(subscription_arn)) return subscription_not_found();
    const Json& sub = (*topic)["Subscriptions"][subscription_arn];
    Json out{{"SubscriptionArn", subscription_arn},
             {"TopicArn", topic_arn},
             {"Owner", sub.value("Owner", "")},
             {"Protocol", sub.value("Protocol", "")},
             {"Endpoint", sub.value("Endpoint", "")},
             {"PendingConfirmation", sub.value("PendingConfirmation", false) ? "true" : "false"},
             {"ConfirmationWasAuthenticated", sub.value("PendingConfirmation", false) ? "false" : "true"},
             {"RawMessageDelivery", "false"},
             {"SubscriptionPrincipal", "arn:aws:iam::" + sub.value("Owner", "") + ":root"}};
    if (out["Protocol"] == "sqs" || out["Protocol"] == "lambda") {
        out["FilterPolicyScope"] = "MessageAttributes";
    }
    const Json attributes = sub.value("Attributes", Json::object());
    for (const auto& [k, v] : attributes.items())
        out[k] = v;
    if (out.contains("FilterPolicy") && !out.contains("FilterPolicyScope"))
        out["FilterPolicyScope"] = "MessageAttributes";
    return out;
}

Result<void> SnsBackend::set_subscription_attribute(const SnsCall& call, const std::string& subscription_arn,
                                                    const std::string& name, const std::string& value) {
    if (auto c = check_subscription_attribute(name, value); !c) return c;
    auto r = modify(cloud_, call, topic_of(subscription_arn), "sns:SetSubscriptionAttributes",
                    [&](Json& topic, bool&) -> Result<void> {
                        if (!topic["Subscriptions"].contains(subscription_arn))
                            return subscription_not_found();
                        Json& attrs = topic["Subscriptions"][subscription_arn]["Attributes"];
                        if (!attrs.is_object()) attrs = Json::object();
                        if (value.empty())
                            attrs.erase(name);
                        else
                            attrs[name] = value;
                        return ok();
                    });
    if (!r && r.error().message == "Topic does not exist") return subscription_not_found();
    return r;
}

Result<void> SnsBackend::unsubscribe(const SnsCall& call, const std::string& subscription_arn) {
    const std::string topic_arn = subscription_arn.substr(0, subscription_arn.rfind(':'));
    auto r = modify(cloud_, call, topic_arn, "sns:Unsubscribe", [&](Json& topic, bool&) -> Result<void> {
        topic["Subscriptions"].erase(subscription_arn);
        return ok();
    });
    if (!r && r.error().code == "NotFound") return ok();
    return r;
}

} // namespace cdk::localcloud::sns
