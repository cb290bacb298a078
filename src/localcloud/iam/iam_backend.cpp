#include "localcloud/iam/iam_backend.hpp"

#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/iam/aws_managed_policies.hpp"
#include "localcloud/iam/iam_errors.hpp"
#include "localcloud/server/http_message.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>
#include <chrono>

namespace cdk::localcloud::iam {

namespace {

const Scope kGlobal{"", ""};

Scope account_scope(const std::string& account) {
    return Scope{account, ""};
}

std::string kind_name(EntityKind kind) {
    return "iam:" + to_string(kind);
}

const char* name_member(EntityKind kind) {
    switch (kind) {
    case EntityKind::User: return "UserName";
    case EntityKind::Role: return "RoleName";
    case EntityKind::Group: return "GroupName";
    }
    return "UserName";
}

std::string normalise_path(const std::string& path) {
    return path.empty() ? "/" : path;
}

} // namespace

std::string to_string(EntityKind kind) {
    switch (kind) {
    case EntityKind::User: return "user";
    case EntityKind::Role: return "role";
    case EntityKind::Group: return "group";
    }
    return "user";
}

void add_role_tag_context(Context& context, const Json& role) {
    for (const auto& tag : role.value("Tags", Json::array())) {
        const std::string key = tag.value("Key", "");
        const std::string value = tag.value("Value", "");
        context[context_key("iam:ResourceTag/" + key)] = {value};
        context[context_key("aws:ResourceTag/" + key)] = {value};
    }
}

Result<int> parse_max_session_duration(std::string_view text) {
    if (text.empty()) return 3600;
    const auto n = parse_int<long long>(text);
    if (!n || *n < 0 || *n > 1'000'000) { // any int; create_role and the provider check IAM's range
        return validation_error(
            "1 validation error detected: Value '" + strings::to_valid_utf8(text) +
            "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value "
            "between 3600 and 43200");
    }
    return static_cast<int>(*n);
}

Result<Json> parse_policy_json(std::string_view text) {
    return json::parse(text, kPolicyLimits);
}

Result<Json> parse_policy_document(const std::string& text) {
    std::string body = text;
    if (!body.empty() && body.front() == '%') body = strings::percent_decode(body);
    auto doc = parse_policy_json(body);
    if (!doc) return malformed_policy("syntax errors in policy: " + doc.error().message);
    if (!doc->is_object() || !doc->contains("Statement")) {
        return malformed_policy("policy document must be a JSON object with a Statement");
    }
    return doc;
}

Result<Json> IamBackend::create_user(Tx& tx, const std::string& account, const std::string& name,
                                     const std::string& path, const Json& tags) {
    auto existing = tx.get(account_scope(account), "iam:user", name);
    if (!existing) return existing.error();
    if (existing->has_value()) return entity_already_exists("User with name " + name + " already exists.");
    const std::string p = normalise_path(path);
    Json user{{"UserName", name},
              {"UserId", random_id("AIDA", 21)},
              {"Arn", "arn:aws:iam::" + account + ":user" + p + name},
              {"Path", p},
              {"CreateDate", iso8601(std::chrono::system_clock::now())},
              {"Tags", tags.is_array() ? tags : Json::array()},
              {"InlinePolicies", Json::object()},
              {"AttachedPolicies", Json::array()}};
    if (auto r = tx.put(account_scope(account), "iam:user", name, user); !r) return r.error();
    return user;
}

Result<Json> IamBackend::create_group(Tx& tx, const std::string& account, const std::string& name,
                                      const std::string& path) {
    auto existing = tx.get(account_scope(account), "iam:group", name);
    if (!existing) return existing.error();
    if (existing->has_value()) return entity_already_exists("Group with name " + name + " already exists.");
    const std::string p = normalise_path(path);
    Json group{{"GroupName", name},
               {"GroupId", random_id("AGPA", 21)},
               {"Arn", "arn:aws:iam::" + account + ":group" + p + name},
               {"Path", p},
               {"CreateDate", iso8601(std::chrono::system_clock::now())},
               {"InlinePolicies", Json::object()},
               {"AttachedPolicies", Json::array()}};
    if (auto r = tx.put(account_scope(account), "iam:group", name, group); !r) return r.error();
    return group;
}

Result<void> IamBackend::add_user_to_group(Tx& tx, const std::string& account, const std::string& group,
                                           const std::string& user) {
    auto g = get(tx, EntityKind::Group, account, group);
    if (!g) return g.error();
    auto u = get(tx, EntityKind::User, account, user);
    if (!u) return u.error();
    Json groups = u->value("Groups", Json::array());
    if (std::find(groups.begin(), groups.end(), Json(group)) != groups.end()) return ok();
    groups.push_back(group);
    (*u)["Groups"] = groups;
    return update(tx, EntityKind::User, account, *u);
}

Result<void> IamBackend::remove_user_from_group(Tx& tx, const std::string& account, const std::string& group,
                                                const std::string& user) {
    auto g = get(tx, EntityKind::Group, account, group);
    if (!g) return g.error();
    auto u = get(tx, EntityKind::User, account, user);
    if (!u) return u.error();
    Json kept = Json::array();
    bool member = false;
    for (const auto& n : u->value("Groups", Json::array())) {
        if (n == group) {
            member = true;
        } else {
            kept.push_back(n);
        }
    }
    if (!member) {
        return no_such_entity("The user with name " + user + " cannot be found in group " + group + ".");
    }
    (*u)["Groups"] = kept;
    return update(tx, EntityKind::User, account, *u);
}

Result<std::vector<Json>> IamBackend::group_members(Tx& tx, const std::string& account,
                                                    const std::string& group) {
    auto users = list(tx, EntityKind::User, account, "");
    if (!users) return users.error();
    std::vector<Json> out;
    for (auto& u : *users) {
        const Json groups = u.value("Groups", Json::array());
        if (std::find(groups.begin(), groups.end(), Json(group)) != groups.end()) out.push_back(std::move(u));
    }
    return out;
}

Result<Json> IamBackend::create_role(Tx& tx, const std::string& account, const std::string& name,
                                     const std::string& path, const std::string& trust_policy,
                                     int max_session_duration, const std::string& description,
                                     const Json& tags) {
    auto existing = tx.get(account_scope(account), "iam:role", name);
    if (!existing) return existing.error();
    if (existing->has_value()) return entity_already_exists("Role with name " + name + " already exists.");
    auto trust = parse_policy_document(trust_policy);
    if (!trust) return trust.error();
    if (max_session_duration < 3600 || max_session_duration > 43200) {
        return validation_error(
            "1 validation error detected: Value '" + std::to_string(max_session_duration) +
            "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value "
            "between 3600 and 43200");
    }
    const std::string p = normalise_path(path);
    Json role{{"RoleName", name},
              {"RoleId", random_id("AROA", 21)},
              {"Arn", "arn:aws:iam::" + account + ":role" + p + name},
              {"Path", p},
              {"CreateDate", iso8601(std::chrono::system_clock::now())},
              {"AssumeRolePolicyDocument", *trust},
              {"MaxSessionDuration", max_session_duration},
              {"Description", description},
              {"Tags", tags.is_array() ? tags : Json::array()},
              {"InlinePolicies", Json::object()},
              {"AttachedPolicies", Json::array()}};
    if (auto r = tx.put(account_scope(account), "iam:role", name, role); !r) return r.error();
    return role;
}

Result<Json> IamBackend::get(Tx& tx, EntityKind kind, const std::string& account, const std::string& name) {
    auto found = tx.get(account_scope(account), kind_name(kind), name);
    if (!found) return found.error();
    if (!found->has_value()) {
        return no_such_entity("The " + to_string(kind) + " with name " + name + " cannot be found.");
    }
    return std::move(**found);
}

Result<std::vector<Json>> IamBackend::list(Tx& tx, EntityKind kind, const std::string& account,
                                           const std::string& path_prefix) {
    auto rows = tx.list(account_scope(account), kind_name(kind));
    if (!rows) return rows.error();
    std::vector<Json> out;
    for (auto& [name, doc] : *rows) {
        if (path_prefix.empty() || strings::starts_with(doc.value("Path", "/"), path_prefix))
            out.push_back(doc);
    }
    return out;
}

Result<void> IamBackend::remove(Tx& tx, EntityKind kind, const std::string& account,
                                const std::string& name) {
    auto entity = get(tx, kind, account, name);
    if (!entity) return entity.error();
    // As IAM: a user still in a group, or a group that still has users, cannot be deleted.
    if (kind == EntityKind::User && !entity->value("Groups", Json::array()).empty()) {
        return delete_conflict("Cannot delete entity, must remove user from all groups first.");
    }
    if (kind == EntityKind::Group) {
        auto members = group_members(tx, account, name);
        if (!members) return members.error();
        if (!members->empty())
            return delete_conflict("Cannot delete entity, must remove users from group first.");
    }
    if (!(*entity)["InlinePolicies"].empty() || !(*entity)["AttachedPolicies"].empty()) {
        return delete_conflict(
            "Cannot delete entity, must " +
            std::string((*entity)["InlinePolicies"].empty() ? "detach all policies" : "delete policies") +
            " first.");
    }
    auto r = tx.erase(account_scope(account), kind_name(kind), name);
    if (!r) return r.error();
    return ok();
}

Result<void> IamBackend::update(Tx& tx, EntityKind kind, const std::string& account, const Json& entity) {
    const std::string name = entity.value(name_member(kind), "");
    return tx.put(account_scope(account), kind_name(kind), name, entity);
}

Result<void> IamBackend::put_inline_policy(Tx& tx, EntityKind kind, const std::string& account,
                                           const std::string& name, const std::string& policy_name,
                                           const std::string& document) {
    auto entity = get(tx, kind, account, name);
    if (!entity) return entity.error();
    auto doc = parse_policy_document(document);
    if (!doc) return doc.error();
    (*entity)["InlinePolicies"][policy_name] = *doc;
    return update(tx, kind, account, *entity);
}

Result<void> IamBackend::delete_inline_policy(Tx& tx, EntityKind kind, const std::string& account,
                                              const std::string& name, const std::string& policy_name) {
    auto entity = get(tx, kind, account, name);
    if (!entity) return entity.error();
    if (!(*entity)["InlinePolicies"].contains(policy_name)) {
        return no_such_entity("The " + to_string(kind) + " policy with name " + policy_name +
                              " cannot be found.");
    }
    (*entity)["InlinePolicies"].erase(policy_name);
    return update(tx, kind, account, *entity);
}

Result<void> IamBackend::attach_policy(Tx& tx, EntityKind kind, const std::string& account,
                                       const std::string& name, const std::string& policy_arn) {
    auto entity = get(tx, kind, account, name);
    if (!entity) return entity.error();
    auto policy = get_policy(tx, policy_arn);
    if (!policy) return policy.error();
    auto& attached = (*entity)["AttachedPolicies"];
    for (const auto& a : attached) {
        if (a == policy_arn) return ok();
    }
    attached.push_back(policy_arn);
    return update(tx, kind, account, *entity);
}

Result<void> IamBackend::detach_policy(Tx& tx, EntityKind kind, const std::string& account,
                                       const std::string& name, const std::string& policy_arn) {
    auto entity = get(tx, kind, account, name);
    if (!entity) return entity.error();
    Json kept = Json::array();
    bool found = false;
    for (const auto& a : (*entity)["AttachedPolicies"]) {
        if (a == policy_arn)
            found = true;
        else
            kept.push_back(a);
    }
    if (!found) return no_such_entity("Policy " + policy_arn + " was not found.");
    (*entity)["AttachedPolicies"] = kept;
    return update(tx, kind, account, *entity);
}

Result<Json> IamBackend::create_policy(Tx& tx, const std::string& account, const std::string& name,
                                       const std::string& path, const std::string& document,
                                       const std::string& description) {
    auto existing = tx.get(account_scope(account), "iam:policy", name);
    if (!existing) return existing.error();
    const std::string p = normalise_path(path);
    const std::string arn = "arn:aws:iam::" + account + ":policy" + p + name;
    if (existing->has_value())
        return entity_already_exists("A policy called " + name +
                                     " already exists. Duplicate names are not allowed.");
    auto doc = parse_policy_document(document);
    if (!doc) return doc.error();
    const std::string now = iso8601(std::chrono::system_clock::now());
    Json policy{{"PolicyName", name},
                {"PolicyId", random_id("ANPA", 21)},
                {"Arn", arn},
                {"Path", p},
                {"DefaultVersionId", "v1"},
                {"Document", *doc},
                {"Description", description},
                {"CreateDate", now},
                {"UpdateDate", now},
                {"IsAttachable", true}};
    if (auto r = tx.put(account_scope(account), "iam:policy", name, policy); !r) return r.error();
    return policy;
}

Result<Json> IamBackend::get_policy(Tx& tx, const std::string& arn) {
    if (strings::starts_with(arn, "arn:aws:iam::aws:policy/")) {
        if (auto managed = find_aws_managed_policy(arn)) return *managed;
        return no_such_entity("Policy " + arn + " does not exist or is not attachable.");
    }
    const auto parts = strings::split(arn, ":");
    if (parts.size() < 6 || !strings::starts_with(parts[5], "policy/")) {
        return validation_error("ARN " + arn + " is not valid.");
    }
    const std::string name = parts[5].substr(parts[5].rfind('/') + 1);
    auto found = tx.get(account_scope(parts[4]), "iam:policy", name);
    if (!found) return found.error();
    if (!found->has_value()) return no_such_entity("Policy " + arn + " does not exist or is not attachable.");
    return std::move(**found);
}

Result<void> IamBackend::delete_policy(Tx& tx, const std::string& arn) {
    auto policy = get_policy(tx, arn);
    if (!policy) return policy.error();
    const auto parts = strings::split(arn, ":");
    auto r = tx.erase(account_scope(parts[4]), "iam:policy", (*policy)["PolicyName"].get<std::string>());
    if (!r) return r.error();
    return ok();
}

Result<Json> IamBackend::set_policy_document(Tx& tx, const std::string& arn, const std::string& document) {
    auto policy = get_policy(tx, arn);
    if (!policy) return policy.error();
    if (strings::starts_with(arn, "arn:aws:iam::aws:"))
        return validation_error("AWS managed policy " + arn + " cannot be changed");
    auto doc = parse_policy_document(document);
    if (!doc) return doc.error();
    const std::string version = (*policy).value("DefaultVersionId", "v1");
    // Version ids are ours ("v1", "v2", ...); a stored one that is not restarts the count.
    const int previous =
        parse_int<int>(std::string_view(version).substr(std::min<std::size_t>(1, version.size())))
            .value_or(0);
    (*policy)["DefaultVersionId"] = "v" + std::to_string(previous + 1);
    (*policy)["Document"] = *doc;
    (*policy)["UpdateDate"] = iso8601(std::chrono::system_clock::now());
    const auto parts = strings::split(arn, ":");
    if (auto r = tx.put(account_scope(parts[4]), "iam:policy", (*policy)["PolicyName"].get<std::string>(),
                        *policy);
        !r) {
        return r.error();
    }
    return policy;
}

Result<std::vector<Json>> IamBackend::list_policies(Tx& tx, const std::string& account,
                                                    const std::string& scope) {
    std::vector<Json> out;
    if (scope != "Local") {
        for (const auto& [name, p] : aws_managed_policies().items()) {
            (void)name;
            if (auto full =
                    find_aws_managed_policy("arn:aws:iam::aws:policy" + p.value("Path", "/") + name)) {
                out.push_back(*full);
            }
        }
    }
    if (scope != "AWS") {
        auto rows = tx.list(account_scope(account), "iam:policy");
        if (!rows) return rows.error();
        for (auto& [name, doc] : *rows)
            out.push_back(doc);
    }
    return out;
}

Result<void> IamBackend::put_access_key(Tx& tx, const std::string& access_key_id, const Json& record) {
    return tx.put(kGlobal, "accesskey", access_key_id, record);
}

Result<std::optional<Json>> IamBackend::find_access_key(Tx& tx, const std::string& access_key_id) {
    return tx.get(kGlobal, "accesskey", access_key_id);
}

Result<Json> IamBackend::create_user_access_key(Tx& tx, const std::string& account, const std::string& user) {
    auto entity = get(tx, EntityKind::User, account, user);
    if (!entity) return entity.error();
    const std::string key = random_id("AKIA", 20);
    Json record{{"AccessKeyId", key},
                {"SecretAccessKey", random_secret()},
                {"Account", account},
                {"Type", "user"},
                {"UserName", user},
                {"UserId", (*entity)["UserId"]},
                {"Arn", (*entity)["Arn"]},
                {"Status", "Active"},
                {"CreateDate", iso8601(std::chrono::system_clock::now())}};
    if (auto r = put_access_key(tx, key, record); !r) return r.error();
    return record;
}

Result<std::vector<Json>> IamBackend::identity_policies(Tx& tx, const Caller& caller) {
    std::vector<Json> out;
    if (caller.type == "root") return out;
    auto entity = caller.type == "user" ? get(tx, EntityKind::User, caller.account(), caller.user_name)
                                        : get(tx, EntityKind::Role, caller.account(), caller.role_name);
    if (!entity) {
        if (entity.error().code == "NoSuchEntity") return out; // deleted since the key was issued: no rights
        return entity.error();
    }
    for (const auto& [name, doc] : (*entity)["InlinePolicies"].items()) {
        (void)name;
        out.push_back(doc);
    }
    // An AWS managed policy's document is read where it is (get_policy would build the whole policy around a
    // copy of it); a customer managed one from the store.
    const auto attached = [&](const Json& arns) {
        for (const auto& arn : arns) {
            const std::string& name = arn.get_ref<const std::string&>();
            if (strings::starts_with(name, "arn:aws:iam::aws:policy/")) {
                if (const Json* doc = find_aws_managed_policy_document(name)) out.push_back(*doc);
                continue;
            }
            auto policy = get_policy(tx, name);
            if (policy) out.push_back((*policy)["Document"]);
        }
    };
    attached((*entity)["AttachedPolicies"]);
    // A user's groups' inline and attached policies count as the user's own.
    for (const auto& group : entity->value("Groups", Json::array())) {
        auto g = get(tx, EntityKind::Group, caller.account(), group.get<std::string>());
        if (!g) continue;
        for (const auto& [name, doc] : (*g)["InlinePolicies"].items()) {
            (void)name;
            out.push_back(doc);
        }
        attached((*g)["AttachedPolicies"]);
    }
    return out;
}

Result<void> IamBackend::authorize(Tx& tx, const Caller& caller, const std::string& action,
                                   const std::string& resource, const std::string& resource_account,
                                   const std::optional<Json>& resource_policy, ResourcePolicyMode mode,
                                   const Context& context, const std::string& denied_code) {
    AuthorizationRequest request;
    request.principal = caller.principal;
    request.action = action;
    request.resource = resource;
    request.resource_account = resource_account;
    request.resource_policy = resource_policy;
    request.mode = mode;
    request.context = context;
    add_principal_context(request.context, caller.principal);
    auto policies = identity_policies(tx, caller);
    if (!policies) return policies.error();
    request.identity_policies = std::move(*policies);
    const auto decision = iam::authorize(request);
    if (decision.allowed) return ok();
    return access_denied(decision.message, denied_code);
}

Result<void> IamBackend::authorize_pass_role(Tx& tx, const Caller& caller, const std::string& role_arn,
                                             const Context& context) {
    const auto parts = strings::split(role_arn, ":");
    if (parts.size() < 6 || !strings::starts_with(parts[5], "role/")) {
        return validation_error("'" + role_arn + "' is not a role ARN");
    }
    const std::string account = parts[4];
    const std::string name = parts[5].substr(parts[5].rfind('/') + 1);
    auto role = get(tx, EntityKind::Role, account, name);
    Context ctx = context;
    if (role) add_role_tag_context(ctx, *role);
    if (auto allowed = authorize(tx, caller, "iam:PassRole", role_arn, account, std::nullopt,
                                 ResourcePolicyMode::None, ctx);
        !allowed) {
        return allowed;
    }
    if (!role)
        return access_denied("User: " + caller.arn() +
                             " is not authorized to perform: iam:PassRole on "
                             "resource: " +
                             role_arn + " because the role does not exist");
    return ok();
}

Result<bool> IamBackend::trusts_service(Tx& tx, const std::string& role_arn, const std::string& service,
                                        const Context& context) {
    const auto parts = strings::split(role_arn, ":");
    if (parts.size() < 6 || !strings::starts_with(parts[5], "role/")) return false;
    auto role = get(tx, EntityKind::Role, parts[4], parts[5].substr(parts[5].rfind('/') + 1));
    if (!role) {
        if (role.error().code == "NoSuchEntity") return false;
        return role.error();
    }
    if ((*role)["Arn"] != role_arn) return false;
    Principal principal;
    principal.service = service;
    const auto verdict =
        evaluate_policy((*role)["AssumeRolePolicyDocument"], "sts:AssumeRole", role_arn, context, &principal);
    return verdict.effect == Effect::Allow;
}

} // namespace cdk::localcloud::iam
