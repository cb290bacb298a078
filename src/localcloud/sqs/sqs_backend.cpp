#include "localcloud/sqs/sqs_backend.hpp"

#include "core/strings.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/sqs/sqs_errors.hpp"
#include "localcloud/sqs/sqs_queue_ref.hpp"
#include "localcloud/state/ids.hpp"

#include <chrono>
#include <optional>
#include <regex>

namespace cdk::localcloud::sqs {

namespace {

constexpr const char* kKind = detail::kQueueKind;
using detail::parse_queue_ref;
using detail::queue_arn;

Json default_attributes(bool fifo) {
    Json a{{"DelaySeconds", "0"},
           {"MaximumMessageSize", "262144"},
           {"MessageRetentionPeriod", "345600"},
           {"ReceiveMessageWaitTimeSeconds", "0"},
           {"VisibilityTimeout", "30"},
           {"SqsManagedSseEnabled", "true"}};
    if (fifo) {
        a["FifoQueue"] = "true";
        a["ContentBasedDeduplication"] = "false";
    }
    return a;
}

Json stringify(const Json& attributes) {
    Json out = Json::object();
    for (const auto& [k, v] : attributes.items())
        out[k] = v.is_string() ? v.get<std::string>() : v.dump();
    return out;
}

} // namespace

std::string SqsBackend::url(const std::string& region, const std::string& account, const std::string& name) {
    return "https://sqs." + region + ".amazonaws.com/" + account + "/" + name;
}

Result<Json> SqsBackend::create_queue(const SqsCall& call, const std::string& name, const Json& attributes,
                                      const Json& tags) {
    static const std::regex kName(R"(^[A-Za-z0-9_-]{1,80}(\.fifo)?$)");
    if (!std::regex_match(name, kName)) {
        return make_error("InvalidParameterValue",
                          "Can only include alphanumeric characters, hyphens, or underscores. "
                          "1 to 80 in length (got '" +
                              name + "')",
                          400);
    }
    const bool fifo = strings::ends_with(name, ".fifo");
    if (attributes.value("FifoQueue", "false") == "true" && !fifo) {
        return invalid_attribute(
            "The name of a FIFO queue can only include alphanumeric characters, hyphens, or "
            "underscores, must end with .fifo suffix.");
    }
    const std::string account = call.caller.account();
    const std::string arn = queue_arn(call.region, account, name);
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = cloud_.iam.authorize(tx, call.caller, "sqs:CreateQueue", arn, account, std::nullopt,
                                          iam::ResourcePolicyMode::None, call.context, "AccessDenied");
            !a) {
            return a.error();
        }
        Json attrs = default_attributes(fifo);
        const Json given = stringify(attributes);
        for (const auto& [k, v] : given.items())
            attrs[k] = v;
        auto existing = tx.get(Scope{account, call.region}, kKind, name);
        if (!existing) return existing.error();
        if (existing->has_value()) {
            for (const auto& [k, v] : given.items()) {
                if ((**existing)["Attributes"].value(k, "") != v) return queue_name_exists(name);
            }
            return std::move(**existing);
        }
        const long long now = epoch_seconds(std::chrono::system_clock::now());
        attrs["QueueArn"] = arn;
        attrs["CreatedTimestamp"] = std::to_string(now);
        attrs["LastModifiedTimestamp"] = std::to_string(now);
        Json queue{{"QueueName", name},   {"QueueUrl", url(call.region, account, name)},
                   {"Account", account},  {"Region", call.region},
                   {"Attributes", attrs}, {"Tags", tags.is_object() ? tags : Json::object()}};
        if (auto p = tx.put(Scope{account, call.region}, kKind, name, queue); !p) return p.error();
        return queue;
    });
}

namespace detail {

QueueRef parse_queue_ref(const std::string& url_or_name, const std::string& account) {
    if (url_or_name.find('/') == std::string::npos) return {account, url_or_name};
    const auto parts = strings::split(url_or_name, "/");
    if (parts.size() < 2) return {account, url_or_name};
    return {parts[parts.size() - 2], parts.back()};
}

std::string queue_arn(const std::string& region, const std::string& account, const std::string& name) {
    return "arn:aws:sqs:" + region + ":" + account + ":" + name;
}

Result<void> authorize_queue(CloudContext& cloud, Tx& tx, const SqsCall& call, const Json& queue,
                             const std::string& action) {
    std::optional<Json> policy;
    const Json& attrs = queue["Attributes"];
    if (attrs.contains("Policy") && !attrs["Policy"].get<std::string>().empty()) {
        if (auto parsed = iam::parse_policy_json(attrs["Policy"].get<std::string>()))
            policy = std::move(*parsed);
    }
    return cloud.iam.authorize(tx, call.caller, action, attrs["QueueArn"].get<std::string>(),
                               queue["Account"].get<std::string>(), policy, iam::ResourcePolicyMode::Optional,
                               call.context, "AccessDenied");
}

} // namespace detail

using detail::authorize_queue;

Result<Json> SqsBackend::get_queue(const SqsCall& call, const std::string& url_or_name,
                                   const std::string& action) {
    const detail::QueueRef ref = parse_queue_ref(url_or_name, call.caller.account());
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto found = tx.get(Scope{ref.account, call.region}, kKind, ref.name);
        if (!found) return found.error();
        if (!found->has_value()) return queue_does_not_exist();
        if (auto a = authorize_queue(cloud_, tx, call, **found, action); !a) return a.error();
        return std::move(**found);
    });
}

Result<Json> SqsBackend::set_attributes(const SqsCall& call, const std::string& url_text,
                                        const Json& attributes) {
    const detail::QueueRef ref = parse_queue_ref(url_text, call.caller.account());
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto found = tx.get(Scope{ref.account, call.region}, kKind, ref.name);
        if (!found) return found.error();
        if (!found->has_value()) return queue_does_not_exist();
        Json queue = std::move(**found);
        if (auto a = authorize_queue(cloud_, tx, call, queue, "sqs:SetQueueAttributes"); !a) return a.error();
        const Json given = stringify(attributes);
        for (const auto& [k, v] : given.items()) {
            if (k == "FifoQueue" && v != queue["Attributes"].value("FifoQueue", "false")) {
                return invalid_attribute(
                    "Invalid value for the parameter FifoQueue. Reason: Modifying queue type "
                    "is not supported.");
            }
            if (v.get<std::string>().empty())
                queue["Attributes"].erase(k);
            else
                queue["Attributes"][k] = v;
        }
        queue["Attributes"]["LastModifiedTimestamp"] =
            std::to_string(epoch_seconds(std::chrono::system_clock::now()));
        if (auto p = tx.put(Scope{ref.account, call.region}, kKind, ref.name, queue); !p) return p.error();
        return queue;
    });
}

Result<void> SqsBackend::delete_queue(const SqsCall& call, const std::string& url_text) {
    const detail::QueueRef ref = parse_queue_ref(url_text, call.caller.account());
    auto done = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto found = tx.get(Scope{ref.account, call.region}, kKind, ref.name);
        if (!found) return found.error();
        if (!found->has_value()) return queue_does_not_exist();
        if (auto a = authorize_queue(cloud_, tx, call, **found, "sqs:DeleteQueue"); !a) return a.error();
        const Scope scope{ref.account, call.region};
        auto erased = tx.erase(scope, kKind, ref.name);
        if (!erased) return erased.error();
        // Its messages, counters and deduplication ids go with it.
        for (const char* kind : {detail::kMessageKind, detail::kDedupKind}) {
            if (auto e = tx.erase_prefix(scope, kind, ref.name + "/"); !e) return e.error();
        }
        if (auto e = tx.erase(scope, detail::kCounterKind, ref.name); !e) return e.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

Result<std::vector<Json>> SqsBackend::list_queues(const SqsCall& call, const std::string& prefix) {
    return cloud_.store.read<std::vector<Json>>([&](Tx& tx) -> Result<std::vector<Json>> {
        const std::string account = call.caller.account();
        if (auto a = cloud_.iam.authorize(tx, call.caller, "sqs:ListQueues",
                                          "arn:aws:sqs:" + call.region + ":" + account + ":*", account,
                                          std::nullopt, iam::ResourcePolicyMode::None, call.context);
            !a) {
            return a.error();
        }
        auto rows = tx.list(Scope{account, call.region}, kKind, prefix);
        if (!rows) return rows.error();
        std::vector<Json> out;
        for (auto& [n, q] : *rows)
            out.push_back(std::move(q));
        return out;
    });
}

} // namespace cdk::localcloud::sqs
