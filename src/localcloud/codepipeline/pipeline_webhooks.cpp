#include "localcloud/codepipeline/pipeline_webhooks.hpp"

#include "core/parse_int.hpp"
#include "localcloud/codepipeline/codepipeline_errors.hpp"
#include "localcloud/codepipeline/pipeline_records.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace cdk::localcloud::codepipeline::webhooks {

using namespace records;

namespace {

std::string text(const Json& j, const char* key) {
    if (!j.is_object() || !j.contains(key)) return "";
    return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

bool valid_name(const std::string& s) {
    static const std::regex re("[A-Za-z0-9.@\\-_]{1,100}");
    return std::regex_match(s, re);
}

Result<void> authorize(CloudContext& cloud, Tx& tx, const PipelineCall& call, const std::string& action,
                       const std::string& resource) {
    return cloud.iam.authorize(tx, call.caller, action, resource, call.caller.account(), std::nullopt,
                               iam::ResourcePolicyMode::None, call.context, "AccessDeniedException");
}

/// CodePipeline's checks of a WebhookDefinition, with its messages.
Result<void> validate(const Json& d) {
    for (const char* k : {"name", "targetPipeline", "targetAction"}) {
        if (!valid_name(text(d, k))) {
            return validation(
                std::string("1 validation error detected: Value '") + text(d, k) + "' at 'webhook." + k +
                "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                "[A-Za-z0-9.@\\-_]+ and have length between 1 and 100");
        }
    }
    const std::string auth = text(d, "authentication");
    if (auth != "GITHUB_HMAC" && auth != "IP" && auth != "UNAUTHENTICATED") {
        return validation(constraint_message("webhook.authentication", auth,
                                             "satisfy enum value set: [GITHUB_HMAC, IP, UNAUTHENTICATED]"));
    }
    const Json config = d.value("authenticationConfiguration", Json::object());
    if (auth == "GITHUB_HMAC" && text(config, "SecretToken").empty()) {
        return cp_error(
            "InvalidWebhookAuthenticationParametersException",
            "Webhook authentication GITHUB_HMAC requires authenticationConfiguration.SecretToken");
    }
    if (auth == "IP" && text(config, "AllowedIPRange").empty()) {
        return cp_error("InvalidWebhookAuthenticationParametersException",
                        "Webhook authentication IP requires authenticationConfiguration.AllowedIPRange");
    }
    if (auth == "UNAUTHENTICATED" && config.is_object() && !config.empty()) {
        return cp_error(
            "InvalidWebhookAuthenticationParametersException",
            "Webhook authentication UNAUTHENTICATED takes no authenticationConfiguration properties");
    }
    const Json filters = d.value("filters", Json::array());
    if (!filters.is_array() || filters.size() > 5) {
        return validation("webhook.filters must be a list of at most 5 filters");
    }
    for (const auto& f : filters) {
        const std::string path = text(f, "jsonPath");
        if (path.empty() || path.size() > 150 || path[0] != '$') {
            return cp_error("InvalidWebhookFilterPatternException",
                            "Webhook filter JsonPath '" + path +
                                "' is not a JsonPath expression (it starts with $, at most 150 characters)");
        }
        if (f.contains("matchEquals") &&
            (text(f, "matchEquals").empty() || text(f, "matchEquals").size() > 150)) {
            return validation(
                "1 validation error detected: Value at 'webhook.filters.member.matchEquals' failed to "
                "satisfy constraint: Member must have length between 1 and 150");
        }
    }
    return ok();
}

/// The segments of a JsonPath as far as webhook filters use it: `$.a.b`, `$['a'].b`, `$.a[0]`.
std::optional<std::vector<std::string>> path_segments(const std::string& path) {
    std::vector<std::string> out;
    std::size_t i = 1;
    while (i < path.size()) {
        if (path[i] == '.') {
            std::size_t j = i + 1;
            while (j < path.size() && path[j] != '.' && path[j] != '[')
                ++j;
            if (j == i + 1) return std::nullopt;
            out.push_back(path.substr(i + 1, j - i - 1));
            i = j;
        } else if (path[i] == '[') {
            const std::size_t close = path.find(']', i);
            if (close == std::string::npos) return std::nullopt;
            std::string inner = path.substr(i + 1, close - i - 1);
            if (inner.size() >= 2 && (inner.front() == '\'' || inner.front() == '"'))
                inner = inner.substr(1, inner.size() - 2);
            out.push_back(inner);
            i = close + 1;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::optional<Json> select(const Json& event, const std::string& path) {
    auto segments = path_segments(path);
    if (!segments) return std::nullopt;
    const Json* at = &event;
    for (const auto& s : *segments) {
        if (at->is_object() && at->contains(s)) {
            at = &(*at)[s];
            continue;
        }
        const auto index = at->is_array() ? parse_int<std::size_t>(s) : std::nullopt;
        if (!index || *index >= at->size()) return std::nullopt;
        at = &(*at)[*index];
    }
    return *at;
}

/// MatchEquals with `{Key}` replaced by the target action's configuration value of Key.
std::string expand(const std::string& match, const Json& configuration) {
    std::string out;
    for (std::size_t i = 0; i < match.size(); ++i) {
        const std::size_t close = match[i] == '{' ? match.find('}', i) : std::string::npos;
        if (close != std::string::npos && configuration.contains(match.substr(i + 1, close - i - 1))) {
            out += text(configuration, match.substr(i + 1, close - i - 1).c_str());
            i = close;
        } else {
            out += match[i];
        }
    }
    return out;
}

} // namespace

std::string webhook_arn(const std::string& region, const std::string& account, const std::string& name) {
    return "arn:aws:codepipeline:" + region + ":" + account + ":webhook:" + name;
}

Result<Json> put_webhook(CloudContext& cloud, const PipelineCall& call, const Json& definition,
                         const Json& tags) {
    if (auto v = validate(definition); !v) return v.error();
    if (tags.is_array()) {
        if (tags.size() > 50) return cp_error("TooManyTagsException", "A resource can have at most 50 tags");
        for (const auto& t : tags) {
            if (text(t, "key").rfind("aws:", 0) == 0)
                return cp_error("InvalidTagsException", "Tag keys cannot start with 'aws:'");
        }
    }
    const std::string account = call.caller.account();
    const std::string name = text(definition, "name");
    const std::string arn = webhook_arn(call.region, account, name);
    return cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(cloud, tx, call, "codepipeline:PutWebhook", arn); !a) return a.error();
        const std::string pipeline = text(definition, "targetPipeline");
        auto found = tx.get(scope(account, call.region), kPipelineKind, pipeline);
        if (!found) return found.error();
        if (!found->has_value()) return pipeline_not_found(pipeline);
        const Json& stages = (**found)["declaration"]["stages"];
        bool is_source = false;
        if (stages.is_array() && !stages.empty()) {
            for (const auto& a : stages[0]["actions"]) {
                if (a.value("name", "") == text(definition, "targetAction")) is_source = true;
            }
        }
        if (!is_source) {
            return cp_error("ActionNotFoundException", "Webhook " + name + ": pipeline " + pipeline +
                                                           " has no source action named '" +
                                                           text(definition, "targetAction") + "'");
        }
        auto previous = tx.get(scope(account, call.region), kWebhookKind, name);
        if (!previous) return previous.error();
        Json record = previous->has_value() ? **previous : Json::object();
        record["definition"] = definition;
        record["arn"] = arn;
        if (tags.is_array()) record["tags"] = tags;
        if (!record.contains("url")) {
            // AWS's form; nothing calls it here (the linked repository's watcher stands for GitHub's push).
            record["url"] =
                "https://" + call.region + ".webhooks.aws/trigger?t=" + random_id("", 40) + "&v=1";
        }
        if (auto p = tx.put(scope(account, call.region), kWebhookKind, name, record); !p) return p.error();
        return record;
    });
}

Result<void> delete_webhook(CloudContext& cloud, const PipelineCall& call, const std::string& name) {
    const std::string account = call.caller.account();
    auto erased = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = authorize(cloud, tx, call, "codepipeline:DeleteWebhook",
                               webhook_arn(call.region, account, name));
            !a) {
            return a.error();
        }
        return tx.erase(scope(account, call.region), kWebhookKind, name);
    });
    if (!erased) return erased.error();
    return ok();
}

Result<Json> list_webhooks(CloudContext& cloud, const PipelineCall& call, const Json& input) {
    // 1..100, checked against the model before the call.
    const long long max = input.value("MaxResults", 100LL);
    const std::string after = text(input, "NextToken");
    return cloud.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(cloud, tx, call, "codepipeline:ListWebhooks", "*"); !a) return a.error();
        // The token is the name of the last webhook of the previous page.
        if (!after.empty() && !valid_name(after)) {
            return cp_error("InvalidNextTokenException", "The next token is not valid: " + after);
        }
        auto rows = tx.list(scope(call.caller.account(), call.region), kWebhookKind, "", after,
                            static_cast<std::size_t>(max) + 1);
        if (!rows) return rows.error();
        Json out{{"webhooks", Json::array()}};
        for (std::size_t i = 0; i < rows->size(); ++i) {
            if (i == static_cast<std::size_t>(max)) {
                out["NextToken"] = (*rows)[i - 1].first;
                break;
            }
            out["webhooks"].push_back(redacted((*rows)[i].second));
        }
        return out;
    });
}

Result<void> set_registered(CloudContext& cloud, const PipelineCall& call, const std::string& name,
                            bool registered) {
    const std::string account = call.caller.account();
    const char* action = registered ? "codepipeline:RegisterWebhookWithThirdParty"
                                    : "codepipeline:DeregisterWebhookWithThirdParty";
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = authorize(cloud, tx, call, action, webhook_arn(call.region, account, name)); !a)
            return a.error();
        auto found = tx.get(scope(account, call.region), kWebhookKind, name);
        if (!found) return found.error();
        if (!found->has_value()) {
            return cp_error("WebhookNotFoundException",
                            "The specified webhook was entered in an invalid format or "
                            "cannot be found: " +
                                name);
        }
        Json record = std::move(**found);
        record["registered"] = registered;
        if (auto p = tx.put(scope(account, call.region), kWebhookKind, name, record); !p) return p.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

Json redacted(const Json& record) {
    Json item{{"definition", record.value("definition", Json::object())},
              {"url", record.value("url", "")},
              {"arn", record.value("arn", "")}};
    Json& config = item["definition"]["authenticationConfiguration"];
    if (config.is_object() && config.contains("SecretToken")) config["SecretToken"] = "****";
    if (record.contains("lastTriggered")) item["lastTriggered"] = record["lastTriggered"];
    if (record.contains("tags") && !record["tags"].empty()) item["tags"] = record["tags"];
    return item;
}

Json push_event(const std::string& repo, const std::string& branch, const std::string& commit) {
    const auto slash = repo.find('/');
    const std::string owner = slash == std::string::npos ? repo : repo.substr(0, slash);
    const std::string name = slash == std::string::npos ? repo : repo.substr(slash + 1);
    return Json{{"ref", "refs/heads/" + branch},
                {"after", commit},
                {"head_commit", {{"id", commit}}},
                {"repository",
                 {{"name", name}, {"full_name", repo}, {"owner", {{"name", owner}, {"login", owner}}}}}};
}

bool filters_match(const Json& filters, const Json& event, const Json& action_configuration) {
    for (const auto& f : filters) {
        auto value = select(event, text(f, "jsonPath"));
        if (!value) return false;
        if (!f.contains("matchEquals")) continue; // present is enough
        const std::string want = expand(text(f, "matchEquals"), action_configuration);
        const std::string got = value->is_string() ? value->get<std::string>() : value->dump();
        if (got != want) return false;
    }
    return true;
}

std::optional<Json> matching_webhook(CloudContext& cloud, const std::string& account,
                                     const std::string& region, const std::string& pipeline,
                                     const std::string& action, const Json& action_configuration,
                                     const Json& event) {
    auto found = cloud.store.write<std::optional<Json>>([&](Tx& tx) -> Result<std::optional<Json>> {
        auto all = tx.list(scope(account, region), kWebhookKind);
        if (!all) return all.error();
        for (auto& [name, record] : *all) {
            const Json& d = record["definition"];
            if (text(d, "targetPipeline") != pipeline || text(d, "targetAction") != action) continue;
            if (!filters_match(d.value("filters", Json::array()), event, action_configuration)) continue;
            record["lastTriggered"] = now_iso();
            if (auto p = tx.put(scope(account, region), kWebhookKind, name, record); !p) return p.error();
            return std::optional<Json>(record);
        }
        return std::optional<Json>();
    });
    if (!found) return std::nullopt;
    return *found;
}

} // namespace cdk::localcloud::codepipeline::webhooks
