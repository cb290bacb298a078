#include "localcloud/events/events_delivery.hpp"

#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/server/service_calls.hpp"
#include "localcloud/sqs/sqs_backend.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>

namespace cdk::localcloud::events {
namespace {

Caller events_principal() {
    Caller c;
    c.type = "service";
    c.principal.service = "events.amazonaws.com";
    c.principal.arn = "events.amazonaws.com";
    c.user_id = "AIDAEVENTBRIDGE";
    return c;
}

iam::Context source_context(const Delivery& d) {
    iam::Context ctx;
    ctx[iam::context_key("aws:SourceArn")] = {d.rule_arn};
    ctx[iam::context_key("aws:SourceAccount")] = {d.scope.account};
    ctx[iam::context_key("aws:SecureTransport")] = {"true"};
    return ctx;
}

/// The text of a JSON string value without its quotes (escaped as in JSON).
std::string inner_text(const Json& value) {
    if (!value.is_string()) return value.dump();
    const std::string quoted = value.dump();
    return quoted.substr(1, quoted.size() - 2);
}

/// The value of a template variable, or nullopt when the event has nothing at its path.
std::optional<Json> variable(const std::string& key, const Json& paths, const Json& event,
                             const std::string& rule_name, const std::string& rule_arn, bool& known) {
    known = true;
    if (key == "aws.events.rule-arn") return Json(rule_arn);
    if (key == "aws.events.rule-name") return Json(rule_name);
    if (key == "aws.events.event.ingestion-time") return Json(event.value("time", ""));
    if (key == "aws.events.event.json") return event;
    if (key == "aws.events.event") {
        // The event without its detail, as EventBridge defines the variable.
        Json e = event;
        e.erase("detail");
        return e;
    }
    if (paths.is_object() && paths.contains(key) && paths[key].is_string())
        return json_path(event, paths[key].get<std::string>());
    known = false;
    return std::nullopt;
}

/// Fills `<key>`s. A template that is JSON (it starts with `{`, `[` or `"`) gets a string value's text
/// (JSON-escaped) inside a JSON string and the value's JSON (`null` when missing) outside; any other template
/// is text and gets every value as text (a string without its quotes).
std::string apply_template(const std::string& tmpl, const Json& paths, const Json& event,
                           const std::string& rule_name, const std::string& rule_arn) {
    const auto first = tmpl.find_first_not_of(" \t\r\n");
    const bool json_template =
        first != std::string::npos && (tmpl[first] == '{' || tmpl[first] == '[' || tmpl[first] == '"');
    std::string out;
    bool in_string = false;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        const char c = tmpl[i];
        if (c == '\\' && in_string && i + 1 < tmpl.size()) {
            out += c;
            out += tmpl[++i];
            continue;
        }
        if (c == '"') in_string = !in_string;
        if (c == '<') {
            const auto end = tmpl.find('>', i + 1);
            if (end != std::string::npos) {
                const std::string key = tmpl.substr(i + 1, end - i - 1);
                bool known = false;
                const std::optional<Json> value = variable(key, paths, event, rule_name, rule_arn, known);
                if (known) {
                    if (!json_template) {
                        out += value ? (value->is_string() ? value->get<std::string>() : value->dump()) : "";
                    } else if (in_string) {
                        out += value ? inner_text(*value) : "";
                    } else {
                        out += value ? value->dump() : "null";
                    }
                    i = end;
                    continue;
                }
            }
        }
        out += c;
    }
    return out;
}

Result<void> send_sqs(CloudContext& cloud, const Delivery& d, const std::string& arn, const std::string& body,
                      const Json& attributes = Json::object()) {
    const auto parts = strings::split(arn, ":");
    if (parts.size() != 6) return make_error("InvalidArgument", "not an SQS queue ARN: " + arn, 400);
    Json entry{{"MessageBody", body}};
    if (!attributes.empty()) entry["MessageAttributes"] = attributes;
    if (d.target.contains("SqsParameters") && d.target["SqsParameters"].contains("MessageGroupId")) {
        entry["MessageGroupId"] = d.target["SqsParameters"]["MessageGroupId"];
        entry["MessageDeduplicationId"] = d.event.value("id", "");
    }
    const sqs::SqsCall call{events_principal(), parts[3], source_context(d)};
    auto sent = sqs::SqsBackend(cloud).send_messages(call, sqs::SqsBackend::url(parts[3], parts[4], parts[5]),
                                                     {entry});
    if (!sent) return sent.error();
    for (const auto& r : *sent) {
        if (!r.result) return r.result.error();
    }
    return ok();
}

} // namespace

std::optional<Json> json_path(const Json& document, const std::string& path) {
    if (path.empty() || path[0] != '$') return std::nullopt;
    const Json* at = &document;
    std::size_t i = 1;
    while (i < path.size()) {
        std::string key;
        bool index = false;
        if (path[i] == '.') {
            const auto end = path.find_first_of(".[", i + 1);
            key = path.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
            i = end == std::string::npos ? path.size() : end;
        } else if (path[i] == '[') {
            const auto end = path.find(']', i);
            if (end == std::string::npos) return std::nullopt;
            key = path.substr(i + 1, end - i - 1);
            if (key.size() >= 2 && (key.front() == '\'' || key.front() == '"') && key.back() == key.front()) {
                key = key.substr(1, key.size() - 2);
            } else {
                index = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
                    return std::isdigit(static_cast<unsigned char>(c));
                });
                if (!index) return std::nullopt;
            }
            i = end + 1;
        } else {
            return std::nullopt;
        }
        if (index) {
            const auto n = parse_int<std::size_t>(key);
            if (!n || !at->is_array() || *n >= at->size()) return std::nullopt;
            at = &(*at)[*n];
        } else {
            if (key.empty() || !at->is_object() || !at->contains(key)) return std::nullopt;
            at = &(*at)[key];
        }
    }
    return *at;
}

std::string target_input(const Json& target, const Json& event, const std::string& rule_name,
                         const std::string& rule_arn) {
    if (target.contains("Input")) return target["Input"].get<std::string>();
    if (target.contains("InputPath")) {
        const auto v = json_path(event, target["InputPath"].get<std::string>());
        return v ? v->dump() : "null";
    }
    if (target.contains("InputTransformer")) {
        const Json& it = target["InputTransformer"];
        return apply_template(it.value("InputTemplate", ""), it.value("InputPathsMap", Json::object()), event,
                              rule_name, rule_arn);
    }
    return event.dump();
}

Result<void> deliver(CloudContext& cloud, ServiceRegistry& services, const Delivery& d) {
    const std::string arn = d.target.value("Arn", "");
    const auto parts = strings::split(arn, ":");
    if (parts.size() < 6 || parts[4] != d.scope.account) {
        std::cerr << "localcloud: events: target " << arn << " of " << d.rule_arn
                  << " is not in the rule's account: not delivered\n";
        return ok();
    }
    const std::string body = target_input(d.target, d.event, d.rule_name, d.rule_arn);
    const std::string& service = parts[2];
    if (service != "sqs" && service != "sns" && service != "lambda") {
        std::cerr << "localcloud: events: targets of " << service << " (" << arn << ") are not delivered\n";
        return ok();
    }
    const auto send = [&]() -> Result<void> {
        if (service == "sqs") return send_sqs(cloud, d, arn, body);
        ServiceCalls calls(services, events_principal(), parts[3]);
        calls.with_context(source_context(d));
        auto r =
            service == "sns"
                ? calls.call("sns", "Publish", Json{{"TopicArn", arn}, {"Message", body}})
                : calls.call("lambda", "Invoke",
                             Json{{"FunctionName", arn}, {"InvocationType", "Event"}, {"Payload", body}});
        if (!r) return r.error();
        return ok();
    };
    auto delivered = send();
    if (delivered) return ok();
    const std::string dlq = d.target.value("DeadLetterConfig", Json::object()).value("Arn", "");
    std::cerr << "localcloud: events: delivery of " << d.event.value("id", "") << " to " << arn
              << " failed: " << delivered.error().to_string() << (dlq.empty() ? "" : "; to " + dlq) << "\n";
    if (dlq.empty()) return delivered;
    const auto text = [](const std::string& v) { return Json{{"DataType", "String"}, {"StringValue", v}}; };
    const Json attributes{{"RULE_ARN", text(d.rule_arn)},
                          {"TARGET_ARN", text(arn)},
                          {"ERROR_CODE", text(delivered.error().code)},
                          {"ERROR_MESSAGE", text(delivered.error().message)}};
    if (auto dead = send_sqs(cloud, d, dlq, body, attributes); !dead) {
        std::cerr << "localcloud: events: the dead-letter queue " << dlq
                  << " refused it: " << dead.error().to_string() << "\n";
    }
    return delivered;
}

} // namespace cdk::localcloud::events
