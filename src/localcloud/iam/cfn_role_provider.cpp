#include "localcloud/iam/cfn_role_provider.hpp"

#include "localcloud/iam/iam_errors.hpp"
#include "localcloud/server/cfn_support.hpp"

#include <set>

namespace cdk::localcloud::iam {

namespace {

/// Ref = role name; attributes Arn, RoleId.
ResourceResponse role_response(const Json& role) {
    return ResourceResponse{role["RoleName"].get<std::string>(),
                            Json{{"Arn", role["Arn"]}, {"RoleId", role["RoleId"]}}};
}

/// Brings a role's policies, boundary, tags and settings from `before` to `p`, authorizing each change.
Result<void> reconcile_role(CloudContext& cloud, Tx& tx, cfn::Authorizer& allow, const std::string& account,
                            const std::string& name, const Json& p, const Json& before, bool creating) {
    auto role = cloud.iam.get(tx, EntityKind::Role, account, name);
    if (!role) return role.error();
    const std::string arn = (*role)["Arn"].get<std::string>();
    // settings
    if (!creating && p.contains("AssumeRolePolicyDocument") &&
        before.value("AssumeRolePolicyDocument", Json()) != p["AssumeRolePolicyDocument"]) {
        if (auto a = allow("iam:UpdateAssumeRolePolicy", arn); !a) return a;
        auto doc = parse_policy_document(cfn::document_text(p["AssumeRolePolicyDocument"]));
        if (!doc) return doc.error();
        (*role)["AssumeRolePolicyDocument"] = *doc;
    }
    const auto parsed_max =
        parse_max_session_duration(p.contains("MaxSessionDuration") ? cfn::str(p, "MaxSessionDuration") : "");
    if (!parsed_max) return parsed_max.error();
    const int max = *parsed_max;
    const std::string description = cfn::str(p, "Description");
    if (!creating && (max != (*role).value("MaxSessionDuration", 3600) ||
                      description != (*role).value("Description", ""))) {
        if (auto a = allow("iam:UpdateRole", arn); !a) return a;
        if (max < 3600 || max > 43200) {
            return validation_error(
                "1 validation error detected: Value '" + std::to_string(max) +
                "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value "
                "between 3600 and 43200");
        }
        (*role)["MaxSessionDuration"] = max;
        (*role)["Description"] = description;
    }
    const Json tags = cfn::tags(p);
    if (tags != (*role).value("Tags", Json::array())) {
        if (!tags.empty()) {
            if (auto a = allow("iam:TagRole", arn); !a) return a;
        }
        if ((*role).value("Tags", Json::array()).size() > 0) {
            if (auto a = allow("iam:UntagRole", arn); !a) return a;
        }
        (*role)["Tags"] = tags;
    }
    const std::string boundary = cfn::str(p, "PermissionsBoundary");
    if (boundary !=
        (*role).value("PermissionsBoundary", Json::object()).value("PermissionsBoundaryArn", "")) {
        if (boundary.empty()) {
            if (auto a = allow("iam:DeleteRolePermissionsBoundary", arn); !a) return a;
            role->erase("PermissionsBoundary");
        } else {
            if (auto a = allow("iam:PutRolePermissionsBoundary", arn); !a) return a;
            if (auto exists = cloud.iam.get_policy(tx, boundary); !exists) return exists.error();
            (*role)["PermissionsBoundary"] =
                Json{{"PermissionsBoundaryType", "Policy"}, {"PermissionsBoundaryArn", boundary}};
        }
    }
    if (auto u = cloud.iam.update(tx, EntityKind::Role, account, *role); !u) return u;
    // inline policies
    const auto now = cfn::inline_policies(p);
    for (const auto& [policy_name, doc] : cfn::inline_policies(before)) {
        if (now.count(policy_name) != 0) continue;
        if (auto a = allow("iam:DeleteRolePolicy", arn); !a) return a;
        auto d = cloud.iam.delete_inline_policy(tx, EntityKind::Role, account, name, policy_name);
        if (!d && !cfn::is_not_found(d.error())) return d;
    }
    const auto old = cfn::inline_policies(before);
    for (const auto& [policy_name, doc] : now) {
        const auto it = old.find(policy_name);
        if (it != old.end() && it->second == doc) continue;
        if (auto a = allow("iam:PutRolePolicy", arn); !a) return a;
        if (auto put = cloud.iam.put_inline_policy(tx, EntityKind::Role, account, name, policy_name, doc);
            !put) {
            return put;
        }
    }
    // managed policies
    const auto managed = cfn::string_set(p, "ManagedPolicyArns");
    for (const auto& policy_arn : cfn::string_set(before, "ManagedPolicyArns")) {
        if (managed.count(policy_arn) != 0) continue;
        if (auto a = allow("iam:DetachRolePolicy", arn); !a) return a;
        auto d = cloud.iam.detach_policy(tx, EntityKind::Role, account, name, policy_arn);
        if (!d && !cfn::is_not_found(d.error())) return d;
    }
    const auto old_managed = cfn::string_set(before, "ManagedPolicyArns");
    for (const auto& policy_arn : managed) {
        if (old_managed.count(policy_arn) != 0) continue;
        if (auto a = allow("iam:AttachRolePolicy", arn); !a) return a;
        if (auto at = cloud.iam.attach_policy(tx, EntityKind::Role, account, name, policy_arn); !at)
            return at;
    }
    return ok();
}

Result<ResourceResponse> create_role(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    std::string name = cfn::name_or_generated(request, "RoleName", 64);
    std::string path = cfn::str(p, "Path");
    if (path.empty()) path = "/";
    const std::string account = request.caller.account();
    auto role = cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        cfn::Authorizer allow{cloud, tx, request};
        if (auto a = allow("iam:CreateRole", "arn:aws:iam::" + account + ":role" + path + name); !a)
            return a.error();
        const auto max = parse_max_session_duration(
            p.contains("MaxSessionDuration") ? cfn::str(p, "MaxSessionDuration") : "");
        if (!max) return max.error();
        auto created = cloud.iam.create_role(tx, account, name, path,
                                             cfn::document_text(p.value("AssumeRolePolicyDocument", Json())),
                                             *max, cfn::str(p, "Description"), Json::array());
        if (!created) return created.error();
        if (auto r = reconcile_role(cloud, tx, allow, account, name, p, Json::object(), true); !r)
            return r.error();
        return cloud.iam.get(tx, EntityKind::Role, account, name);
    });
    if (!role) return role.error();
    return role_response(*role);
}

Result<ResourceResponse> update_role(CloudContext& cloud, const ResourceRequest& request) {
    const std::string account = request.caller.account();
    auto role = cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        cfn::Authorizer allow{cloud, tx, request};
        const Json before =
            request.previous_properties.is_object() ? request.previous_properties : Json::object();
        if (auto r = reconcile_role(cloud, tx, allow, account, request.physical_id, cfn::props(request),
                                    before, false);
            !r) {
            return r.error();
        }
        return cloud.iam.get(tx, EntityKind::Role, account, request.physical_id);
    });
    if (!role) return role.error();
    return role_response(*role);
}

Result<void> remove_role(CloudContext& cloud, const ResourceRequest& request) {
    const std::string account = request.caller.account();
    const std::string name = request.physical_id;
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto role = cloud.iam.get(tx, EntityKind::Role, account, name);
        if (!role) return cfn::gone_or_error(role.error());
        cfn::Authorizer allow{cloud, tx, request};
        const std::string arn = (*role)["Arn"].get<std::string>();
        if (auto a = allow("iam:DeleteRole", arn); !a) return a.error();
        for (const auto& [policy_name, doc] : (*role)["InlinePolicies"].items()) {
            (void)doc;
            if (auto a = allow("iam:DeleteRolePolicy", arn); !a) return a.error();
        }
        if (!(*role)["AttachedPolicies"].empty()) {
            if (auto a = allow("iam:DetachRolePolicy", arn); !a) return a.error();
        }
        (*role)["InlinePolicies"] = Json::object();
        (*role)["AttachedPolicies"] = Json::array();
        if (auto u = cloud.iam.update(tx, EntityKind::Role, account, *role); !u) return u.error();
        if (auto r = cloud.iam.remove(tx, EntityKind::Role, account, name); !r) return r.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

/// The roles, users and groups a policy resource names (Roles, Users, Groups).
struct Attachments {
    std::set<std::string> roles;
    std::set<std::string> users;
    std::set<std::string> groups;
    [[nodiscard]] const std::set<std::string>& of(EntityKind kind) const {
        return kind == EntityKind::Role ? roles : kind == EntityKind::User ? users : groups;
    }
};

Result<Attachments> attachments(const Json& p, const std::string& /*type*/) {
    Attachments a{cfn::string_set(p, "Roles"), cfn::string_set(p, "Users"), cfn::string_set(p, "Groups")};
    // Role ARNs are accepted where names are expected, as CloudFormation does.
    std::set<std::string> roles;
    for (const auto& r : a.roles)
        roles.insert(r.rfind('/') == std::string::npos ? r : r.substr(r.rfind('/') + 1));
    a.roles = roles;
    return a;
}

std::string entity_arn(CloudContext& cloud, Tx& tx, EntityKind kind, const std::string& account,
                       const std::string& name) {
    auto e = cloud.iam.get(tx, kind, account, name);
    if (e) return (*e)["Arn"].get<std::string>();
    return "arn:aws:iam::" + account + ":" + to_string(kind) + "/" + name;
}

/// Calls `fn(kind, name)` for each role, user and group `on` names that `keep` does not name too.
Result<void> each_entity(const Attachments& on, const Attachments* keep,
                         const std::function<Result<void>(EntityKind kind, const std::string& name)>& fn) {
    for (const EntityKind kind : {EntityKind::Role, EntityKind::User, EntityKind::Group}) {
        for (const auto& n : on.of(kind)) {
            if (keep != nullptr && keep->of(kind).count(n) != 0) continue;
            if (auto r = fn(kind, n); !r) return r;
        }
    }
    return ok();
}

/// `iam:<Verb>RolePolicy` or `iam:<Verb>UserPolicy`, authorized on the entity.
Result<void> allow_on_entity(CloudContext& cloud, Tx& tx, cfn::Authorizer& allow, const std::string& verb,
                             EntityKind kind, const std::string& account, const std::string& name) {
    const std::string action = "iam:" + verb +
                               (kind == EntityKind::Role   ? "RolePolicy"
                                : kind == EntityKind::User ? "UserPolicy"
                                                           : "GroupPolicy");
    return allow(action, entity_arn(cloud, tx, kind, account, name));
}

Result<void> put_inline_everywhere(CloudContext& cloud, Tx& tx, cfn::Authorizer& allow,
                                   const std::string& account, const Attachments& on,
                                   const std::string& policy_name, const std::string& doc) {
    return each_entity(on, nullptr, [&](EntityKind kind, const std::string& n) -> Result<void> {
        if (auto a = allow_on_entity(cloud, tx, allow, "Put", kind, account, n); !a) return a;
        return cloud.iam.put_inline_policy(tx, kind, account, n, policy_name, doc);
    });
}

Result<void> delete_inline_everywhere(CloudContext& cloud, Tx& tx, cfn::Authorizer& allow,
                                      const std::string& account, const Attachments& on,
                                      const std::string& policy_name, const Attachments* keep = nullptr) {
    return each_entity(on, keep, [&](EntityKind kind, const std::string& n) -> Result<void> {
        if (auto a = allow_on_entity(cloud, tx, allow, "Delete", kind, account, n); !a) return a;
        auto r = cloud.iam.delete_inline_policy(tx, kind, account, n, policy_name);
        if (!r && !cfn::is_not_found(r.error())) return r;
        return ok();
    });
}

/// Runs `fn` in one transaction with the provider call's authorizer (so a later denial leaves nothing
/// behind).
template <class T>
Result<T> authorized_write(CloudContext& cloud, const ResourceRequest& request,
                           const std::function<Result<T>(Tx& tx, cfn::Authorizer& allow)>& fn) {
    return cloud.store.write<T>([&](Tx& tx) -> Result<T> {
        cfn::Authorizer allow{cloud, tx, request};
        return fn(tx, allow);
    });
}

/// A policy resource's attachments now and before an update.
struct AttachmentChange {
    Attachments now;
    Attachments before;
};

Result<AttachmentChange> attachment_change(const ResourceRequest& request, const std::string& type) {
    auto on = attachments(cfn::props(request), type);
    if (!on) return on.error();
    auto old = attachments(
        request.previous_properties.is_object() ? request.previous_properties : Json::object(), type);
    return AttachmentChange{std::move(*on), old ? std::move(*old) : Attachments{}};
}

Result<ResourceResponse> create_policy(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    auto on = attachments(p, "AWS::IAM::Policy");
    if (!on) return on.error();
    auto done = authorized_write<void>(cloud, request, [&](Tx& tx, cfn::Authorizer& allow) {
        return put_inline_everywhere(cloud, tx, allow, request.caller.account(), *on,
                                     cfn::str(p, "PolicyName"),
                                     cfn::document_text(p.value("PolicyDocument", Json())));
    });
    if (!done) return done.error();
    return cfn::self_response(cfn::generated_name(request, 128), "Id");
}

Result<ResourceResponse> update_policy(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    auto change = attachment_change(request, "AWS::IAM::Policy");
    if (!change) return change.error();
    const std::string name = cfn::str(p, "PolicyName");
    const std::string old_name = cfn::str(request.previous_properties, "PolicyName");
    auto done = authorized_write<void>(cloud, request, [&](Tx& tx, cfn::Authorizer& allow) -> Result<void> {
        const std::string account = request.caller.account();
        if (auto r = delete_inline_everywhere(cloud, tx, allow, account, change->before, old_name,
                                              old_name == name ? &change->now : nullptr);
            !r) {
            return r;
        }
        return put_inline_everywhere(cloud, tx, allow, account, change->now, name,
                                     cfn::document_text(p.value("PolicyDocument", Json())));
    });
    if (!done) return done.error();
    return cfn::self_response(request.physical_id, "Id");
}

Result<void> remove_policy(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    auto on = attachments(p, "AWS::IAM::Policy");
    if (!on) return ok();
    return authorized_write<void>(cloud, request, [&](Tx& tx, cfn::Authorizer& allow) {
        return delete_inline_everywhere(cloud, tx, allow, request.caller.account(), *on,
                                        cfn::str(p, "PolicyName"));
    });
}

ResourceResponse managed_response(const Json& policy) {
    return ResourceResponse{policy["Arn"].get<std::string>(),
                            Json{{"PolicyArn", policy["Arn"]},
                                 {"PolicyId", policy["PolicyId"]},
                                 {"DefaultVersionId", policy["DefaultVersionId"]},
                                 {"CreateDate", policy["CreateDate"]},
                                 {"UpdateDate", policy.value("UpdateDate", "")},
                                 {"IsAttachable", true},
                                 {"AttachmentCount", 0},
                                 {"PermissionsBoundaryUsageCount", 0}}};
}

Result<void> attach_everywhere(CloudContext& cloud, Tx& tx, cfn::Authorizer& allow,
                               const std::string& account, const Attachments& on,
                               const std::string& policy_arn, bool attach,
                               const Attachments* keep = nullptr) {
    return each_entity(on, keep, [&](EntityKind kind, const std::string& n) -> Result<void> {
        if (auto a = allow_on_entity(cloud, tx, allow, attach ? "Attach" : "Detach", kind, account, n); !a)
            return a;
        auto r = attach ? cloud.iam.attach_policy(tx, kind, account, n, policy_arn)
                        : cloud.iam.detach_policy(tx, kind, account, n, policy_arn);
        if (!r && (attach || !cfn::is_not_found(r.error()))) return r;
        return ok();
    });
}

Result<ResourceResponse> create_managed_policy(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    auto on = attachments(p, "AWS::IAM::ManagedPolicy");
    if (!on) return on.error();
    std::string name = cfn::name_or_generated(request, "ManagedPolicyName", 128);
    std::string path = cfn::str(p, "Path");
    if (path.empty()) path = "/";
    const std::string account = request.caller.account();
    auto policy = authorized_write<Json>(cloud, request, [&](Tx& tx, cfn::Authorizer& allow) -> Result<Json> {
        if (auto a = allow("iam:CreatePolicy", "arn:aws:iam::" + account + ":policy" + path + name); !a) {
            return a.error();
        }
        auto created = cloud.iam.create_policy(tx, account, name, path,
                                               cfn::document_text(p.value("PolicyDocument", Json())),
                                               cfn::str(p, "Description"));
        if (!created) return created.error();
        if (auto r = attach_everywhere(cloud, tx, allow, account, *on, (*created)["Arn"], true); !r) {
            return r.error();
        }
        return created;
    });
    if (!policy) return policy.error();
    return managed_response(*policy);
}

Result<ResourceResponse> update_managed_policy(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    auto change = attachment_change(request, "AWS::IAM::ManagedPolicy");
    if (!change) return change.error();
    const std::string arn = request.physical_id;
    const std::string account = request.caller.account();
    auto policy = authorized_write<Json>(cloud, request, [&](Tx& tx, cfn::Authorizer& allow) -> Result<Json> {
        auto current = cloud.iam.get_policy(tx, arn);
        if (!current) return current.error();
        const std::string doc = cfn::document_text(p.value("PolicyDocument", Json()));
        auto parsed = parse_policy_document(doc);
        if (!parsed) return parsed.error();
        if (*parsed != (*current)["Document"]) {
            if (auto a = allow("iam:CreatePolicyVersion", arn); !a) return a.error();
            current = cloud.iam.set_policy_document(tx, arn, doc);
            if (!current) return current.error();
        }
        if (auto r = attach_everywhere(cloud, tx, allow, account, change->before, arn, false, &change->now);
            !r) {
            return r.error();
        }
        if (auto r = attach_everywhere(cloud, tx, allow, account, change->now, arn, true, &change->before);
            !r) {
            return r.error();
        }
        return current;
    });
    if (!policy) return policy.error();
    return managed_response(*policy);
}

Result<void> remove_managed_policy(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    auto on = attachments(p, "AWS::IAM::ManagedPolicy");
    if (!on) on = Attachments{};
    const std::string arn = request.physical_id;
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto current = cloud.iam.get_policy(tx, arn);
        if (!current) return cfn::gone_or_error(current.error());
        cfn::Authorizer allow{cloud, tx, request};
        if (auto r = attach_everywhere(cloud, tx, allow, request.caller.account(), *on, arn, false); !r) {
            return r.error();
        }
        if (auto a = allow("iam:DeletePolicy", arn); !a) return a.error();
        if (auto d = cloud.iam.delete_policy(tx, arn); !d) return d.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

} // namespace

CfnRoleProvider::CfnRoleProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::IAM::Role", {create_role, update_role, remove_role}) {}

CfnPolicyProvider::CfnPolicyProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::IAM::Policy", {create_policy, update_policy, remove_policy}) {}

CfnManagedPolicyProvider::CfnManagedPolicyProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::IAM::ManagedPolicy",
               {create_managed_policy, update_managed_policy, remove_managed_policy}) {}

} // namespace cdk::localcloud::iam
