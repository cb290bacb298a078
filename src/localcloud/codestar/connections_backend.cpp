#include "localcloud/codestar/connections_backend.hpp"

#include "core/random.hpp"
#include "core/strings.hpp"
#include "localcloud/codestar/connections_errors.hpp"
#include "localcloud/iam/iam_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace cdk::localcloud::codestar {

namespace {

constexpr std::string_view kKind = "codestar-connection";
constexpr std::size_t kMaxTags = 200;
const std::set<std::string> kProviderTypes{"Bitbucket", "GitHub", "GitHubEnterpriseServer", "GitLab",
                                           "GitLabSelfManaged"};

/// The parts of a connection ARN.
struct ConnectionRef {
    std::string region;
    std::string account;
    std::string id;
};

std::optional<ConnectionRef> parse_arn(const std::string& arn) {
    const auto parts = strings::split(arn, ":");
    if (parts.size() != 6 || parts[0] != "arn" || parts[1] != "aws" || parts[2] != "codestar-connections" ||
        parts[3].empty() || parts[4].size() != 12 || !strings::starts_with(parts[5], "connection/")) {
        return std::nullopt;
    }
    ConnectionRef ref{parts[3], parts[4], parts[5].substr(11)};
    if (ref.id.empty() || ref.id.size() > 64) return std::nullopt;
    return ref;
}

Result<ConnectionRef> require_arn(const std::string& arn, std::string_view member) {
    if (arn.size() > 256) return length_error(member, arn, "less than or equal to 256");
    auto ref = parse_arn(arn);
    if (!ref) return connection_not_found(arn);
    return *ref;
}

Result<void> validate_tags(const Json& tags) {
    if (!tags.is_array()) return ok();
    if (tags.size() > kMaxTags) return length_error("tags", "", "less than or equal to 200");
    for (const auto& t : tags) {
        const std::string key = t.value("Key", "");
        const std::string value = t.value("Value", "");
        if (key.empty() || key.size() > 128) return length_error("tags.member.key", key, "between 1 and 128");
        if (value.size() > 256) return length_error("tags.member.value", value, "less than or equal to 256");
    }
    return ok();
}

/// `tags` merged into `into` (a later key replaces an earlier one).
void merge_tags(Json& into, const Json& tags) {
    if (!into.is_array()) into = Json::array();
    for (const auto& t : tags) {
        const std::string key = t.value("Key", "");
        auto same =
            std::find_if(into.begin(), into.end(), [&](const Json& e) { return e.value("Key", "") == key; });
        if (same != into.end())
            (*same)["Value"] = t.value("Value", "");
        else
            into.push_back(Json{{"Key", key}, {"Value", t.value("Value", "")}});
    }
}

/// What GetConnection and ListConnections show of a stored connection.
Json view(const Json& stored) {
    Json out{{"ConnectionArn", stored["ConnectionArn"]},
             {"ConnectionName", stored["ConnectionName"]},
             {"ConnectionStatus", stored["ConnectionStatus"]},
             {"OwnerAccountId", stored["OwnerAccountId"]},
             {"ProviderType", stored["ProviderType"]}};
    if (!stored.value("HostArn", "").empty()) out["HostArn"] = stored["HostArn"];
    return out;
}

} // namespace

std::string ConnectionsBackend::arn(const std::string& region, const std::string& account,
                                    const std::string& id) {
    return fmt::format("arn:aws:codestar-connections:{}:{}:connection/{}", region, account, id);
}

Result<void> ConnectionsBackend::authorize(Tx& tx, const ConnectionsCall& call, const std::string& action,
                                           const std::string& resource, const std::string& account,
                                           const iam::Context& extra) {
    iam::Context context = call.context;
    for (const auto& [k, v] : extra)
        context[iam::context_key(k)] = v;
    return cloud_.iam.authorize(tx, call.caller, action, resource, account, std::nullopt,
                                iam::ResourcePolicyMode::None, context, "AccessDeniedException");
}

Result<Json> ConnectionsBackend::load(Tx& tx, const ConnectionsCall& call, const std::string& connection_arn,
                                      const std::string& action, const iam::Context& extra) {
    auto ref = require_arn(connection_arn, "connectionArn");
    if (!ref) return ref.error();
    if (auto a = authorize(tx, call, action, connection_arn, ref->account, extra); !a) return a.error();
    auto found = tx.get(Scope{ref->account, ref->region}, kKind, ref->id);
    if (!found) return found.error();
    if (!*found) return connection_not_found(connection_arn);
    return std::move(**found);
}

Result<Json> ConnectionsBackend::create(const ConnectionsCall& call, const std::string& name,
                                        const std::string& provider_type, const std::string& host_arn,
                                        const Json& tags) {
    if (name.empty() || name.size() > 32) return length_error("connectionName", name, "between 1 and 32");
    if (!provider_type.empty() && kProviderTypes.count(provider_type) == 0) {
        return enum_error("providerType", provider_type, kProviderTypes);
    }
    if (provider_type.empty() && host_arn.empty()) {
        return validation_error("either ProviderType or HostArn must be provided");
    }
    if (!host_arn.empty()) {
        // Hosts (GitHub Enterprise Server, GitLab self-managed) are not served: no CreateHost.
        return resource_not_found(
            fmt::format("Host {} does not exist: localcloud serves no hosts", host_arn));
    }
    if (auto t = validate_tags(tags); !t) return t.error();
    const std::string account = call.caller.account();
    const std::string id = random_uuid();
    const std::string connection_arn = arn(call.region, account, id);
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, call, "codestar-connections:CreateConnection", connection_arn, account,
                               {{"codestar-connections:ProviderType", {provider_type}}});
            !a) {
            return a.error();
        }
        Json stored{{"ConnectionArn", connection_arn}, {"ConnectionName", name},
                    {"ConnectionStatus", "AVAILABLE"}, {"OwnerAccountId", account},
                    {"ProviderType", provider_type},   {"Tags", Json::array()}};
        merge_tags(stored["Tags"], tags.is_array() ? tags : Json::array());
        if (auto p = tx.put(Scope{account, call.region}, kKind, id, stored); !p) return p.error();
        return stored;
    });
}

Result<Json> ConnectionsBackend::get(const ConnectionsCall& call, const std::string& connection_arn) {
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto c = load(tx, call, connection_arn, "codestar-connections:GetConnection");
        if (!c) return c.error();
        return view(*c);
    });
}

Result<Json> ConnectionsBackend::list(const ConnectionsCall& call, const std::string& provider_type_filter,
                                      const std::string& host_arn_filter,
                                      std::optional<long long> max_results, const std::string& next_token) {
    if (max_results && (*max_results < 0 || *max_results > 100)) {
        return validation_error(
            fmt::format("1 validation error detected: Value '{}' at 'maxResults' failed to satisfy "
                        "constraint: Member must have value less than or equal to 100",
                        *max_results));
    }
    if (!provider_type_filter.empty() && kProviderTypes.count(provider_type_filter) == 0) {
        return enum_error("providerTypeFilter", provider_type_filter, kProviderTypes);
    }
    if (next_token.size() > 1024) return length_error("nextToken", next_token, "between 1 and 1024");
    const std::size_t limit = max_results && *max_results > 0 ? static_cast<std::size_t>(*max_results) : 100;
    const std::string account = call.caller.account();
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, call, "codestar-connections:ListConnections", "*", account); !a)
            return a.error();
        auto rows = tx.list(Scope{account, call.region}, kKind, "", next_token);
        if (!rows) return rows.error();
        Json page = Json::array();
        std::string last;
        bool more = false;
        for (const auto& [id, stored] : *rows) {
            if (!provider_type_filter.empty() && stored.value("ProviderType", "") != provider_type_filter)
                continue;
            if (!host_arn_filter.empty() && stored.value("HostArn", "") != host_arn_filter) continue;
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.push_back(view(stored));
            last = id;
        }
        Json out{{"Connections", page}};
        if (more) out["NextToken"] = last;
        return out;
    });
}

Result<void> ConnectionsBackend::remove(const ConnectionsCall& call, const std::string& connection_arn) {
    return cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto c = load(tx, call, connection_arn, "codestar-connections:DeleteConnection");
        if (!c) return c.error();
        const auto ref = parse_arn(connection_arn);
        auto e = tx.erase(Scope{ref->account, ref->region}, kKind, ref->id);
        if (!e) return e.error();
        return ok();
    });
}

Result<void> ConnectionsBackend::tag(const ConnectionsCall& call, const std::string& resource_arn,
                                     const Json& tags) {
    if (auto t = validate_tags(tags); !t) return t.error();
    return cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto c = load(tx, call, resource_arn, "codestar-connections:TagResource");
        if (!c) return c.error();
        merge_tags((*c)["Tags"], tags);
        if ((*c)["Tags"].size() > kMaxTags) return limit_exceeded("a connection has at most 200 tags");
        const auto ref = parse_arn(resource_arn);
        return tx.put(Scope{ref->account, ref->region}, kKind, ref->id, *c);
    });
}

Result<void> ConnectionsBackend::untag(const ConnectionsCall& call, const std::string& resource_arn,
                                       const Json& keys) {
    return cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto c = load(tx, call, resource_arn, "codestar-connections:UntagResource");
        if (!c) return c.error();
        Json kept = Json::array();
        for (const auto& t : (*c)["Tags"]) {
            const std::string key = t.value("Key", "");
            if (std::none_of(keys.begin(), keys.end(),
                             [&](const Json& k) { return k.is_string() && k == key; })) {
                kept.push_back(t);
            }
        }
        (*c)["Tags"] = std::move(kept);
        const auto ref = parse_arn(resource_arn);
        return tx.put(Scope{ref->account, ref->region}, kKind, ref->id, *c);
    });
}

Result<Json> ConnectionsBackend::list_tags(const ConnectionsCall& call, const std::string& resource_arn) {
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto c = load(tx, call, resource_arn, "codestar-connections:ListTagsForResource");
        if (!c) return c.error();
        return (*c)["Tags"];
    });
}

Result<Json> ConnectionsBackend::authorize_use(Tx& tx, const ConnectionsCall& call,
                                               const ConnectionUse& use) {
    if (auto v = repos::validate_owner_repo(use.full_repository_id); !v) return v.error();
    const std::string& full = use.full_repository_id;
    const auto slash = full.find('/');
    iam::Context keys{{"codestar-connections:FullRepositoryId", {full}},
                      {"codestar-connections:OwnerId", {full.substr(0, slash)}},
                      {"codestar-connections:RepositoryName", {full.substr(slash + 1)}},
                      {"codestar-connections:ProviderAction", {use.provider_action}}};
    if (!use.branch.empty()) keys["codestar-connections:BranchName"] = {use.branch};
    auto ref = require_arn(use.connection_arn, "connectionArn");
    if (!ref) return ref.error();
    // Looked up first so that its provider type is a condition key too.
    auto found = tx.get(Scope{ref->account, ref->region}, kKind, ref->id);
    if (!found) return found.error();
    if (*found) keys["codestar-connections:ProviderType"] = {(**found).value("ProviderType", "")};
    if (auto a =
            authorize(tx, call, "codestar-connections:UseConnection", use.connection_arn, ref->account, keys);
        !a) {
        return a.error();
    }
    if (!*found) return connection_not_found(use.connection_arn);
    if ((**found).value("ConnectionStatus", "") != "AVAILABLE") {
        return make_error("ResourceUnavailableException",
                          fmt::format("Connection {} is not available (status {})", use.connection_arn,
                                      (**found).value("ConnectionStatus", "")),
                          400);
    }
    return std::move(**found);
}

Result<repos::LinkedRepo> ConnectionsBackend::use_connection(const ConnectionsCall& call,
                                                             const ConnectionUse& use) {
    return cloud_.store.read<repos::LinkedRepo>([&](Tx& tx) -> Result<repos::LinkedRepo> {
        if (auto c = authorize_use(tx, call, use); !c) return c.error();
        return repos::RepoRegistry::find_in(tx, use.full_repository_id);
    });
}

} // namespace cdk::localcloud::codestar
