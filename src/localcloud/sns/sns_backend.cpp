#include "localcloud/sns/sns_backend.hpp"

#include "core/strings.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/state/ids.hpp"

#include <optional>
#include <regex>

namespace cdk::localcloud::sns {

namespace {

constexpr const char* kKind = "sns:topic";

Error not_found() { return make_error("NotFound", "Topic does not exist", 404); }

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
        if (existing->has_value()) return std::move(**existing);  // CreateTopic is idempotent
        Json attrs{{"TopicArn", arn}, {"Owner", account}, {"DisplayName", ""}};
        for (const auto& [k, v] : attributes.items()) attrs[k] = v.is_string() ? v.get<std::string>() : v.dump();
        Json topic{{"TopicArn", arn}, {"Name", name}, {"Account", account}, {"Attributes", attrs},
                   {"Tags", tags.is_array() ? tags : Json::array()}, {"Subscriptions", Json::object()}};
        if (auto p = tx.put(Scope{account, call.region}, kKind, name, topic); !p) return p.error();
        return topic;
    });
}

Result<Json> SnsBackend::get_topic(const SnsCall& call, const std::string& arn, const std::string& action) {
    const auto ref = parse(arn);
    if (!ref) return not_found();
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto found = tx.get(Scope{ref->account, ref->region}, kKind, ref->name);
        if (!found) return found.error();
        if (!found->has_value()) return not_found();
        if (auto a = authorize_topic(cloud_, tx, call, **found, action); !a) return a.error();
        return std::move(**found);
    });
}

namespace {

/// Loads, authorizes, changes and stores one topic.
template <typename Fn>
Result<void> modify(CloudContext& cloud, const SnsCall& call, const std::string& arn, const std::string& action,
                    Fn&& change) {
    const auto ref = parse(arn);
    if (!ref) return not_found();
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto found = tx.get(Scope{ref->account, ref->region}, kKind, ref->name);
        if (!found) return found.error();
        if (!found->has_value()) return not_found();
        Json topic = std::move(**found);
        if (auto a = authorize_topic(cloud, tx, call, topic, action); !a) return a.error();
        bool erase = false;
        if (auto c = change(topic, erase); !c) return c.error();
        auto r = erase ? Result<void>(ok()) : tx.put(Scope{ref->account, ref->region}, kKind, ref->name, topic);
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
        if (value.empty() && name == "Policy") topic["Attributes"].erase(name);
        else topic["Attributes"][name] = value;
        return ok();
    });
}

Result<void> SnsBackend::delete_topic(const SnsCall& call, const std::string& arn) {
    auto r = modify(cloud_, call, arn, "sns:DeleteTopic", [&](Json&, bool& erase) -> Result<void> {
        erase = true;
        return ok();
    });
    if (!r && r.error().code == "NotFound") return ok();  // DeleteTopic of a missing topic succeeds on AWS
    return r;
}

Result<std::vector<Json>> SnsBackend::list_topics(const SnsCall& call) {
    return cloud_.store.read<std::vector<Json>>([&](Tx& tx) -> Result<std::vector<Json>> {
        const std::string account = call.caller.account();
        if (auto a = cloud_.iam.authorize(tx, call.caller, "sns:ListTopics", "*", account, std::nullopt,
                                          iam::ResourcePolicyMode::None, call.context, "AuthorizationError");
            !a) {
            return a.error();
        }
        auto rows = tx.list(Scope{account, call.region}, kKind);
        if (!rows) return rows.error();
        std::vector<Json> out;
        for (auto& [n, t] : *rows) out.push_back(std::move(t));
        return out;
    });
}

Result<std::string> SnsBackend::subscribe(const SnsCall& call, const std::string& topic_arn, const std::string& protocol,
                                          const std::string& endpoint, const Json& attributes) {
    std::string arn;
    auto r = modify(cloud_, call, topic_arn, "sns:Subscribe", [&](Json& topic, bool&) -> Result<void> {
        for (const auto& [sub_arn, sub] : topic["Subscriptions"].items()) {
            if (sub.value("Protocol", "") == protocol && sub.value("Endpoint", "") == endpoint) {
                arn = sub_arn;
                return ok();
            }
        }
        arn = topic_arn + ":" + random_uuid();
        Json sub{{"Protocol", protocol}, {"Endpoint", endpoint}, {"Owner", call.caller.account()},
                 {"Attributes", attributes.is_object() ? attributes : Json::object()}};
        topic["Subscriptions"][arn] = sub;
        return ok();
    });
    if (!r) return r.error();
    return arn;
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
