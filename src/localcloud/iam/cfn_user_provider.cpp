#include "localcloud/iam/cfn_user_provider.hpp"

#include "localcloud/iam/iam_errors.hpp"
#include "localcloud/server/cfn_support.hpp"

#include <map>
#include <set>

namespace cdk::localcloud::iam {

namespace {

/// `User` or `Group`, as the IAM actions spell the kind.
std::string kind_word(EntityKind kind) {
    return kind == EntityKind::User ? "User" : "Group";
}

/// Brings the inline (`Policies`) and managed (`ManagedPolicyArns`) policies of a user or group from `before`
/// to `p`, authorizing each change.
Result<void> reconcile_policies(cfn::Authorizer& allow, EntityKind kind, const std::string& name,
                                const std::string& arn, const Json& p, const Json& before) {
    IamBackend& backend = allow.cloud.iam;
    const std::string account = allow.request.caller.account();
    const std::string word = kind_word(kind);
    const auto now = cfn::inline_policies(p);
    const auto old = cfn::inline_policies(before);
    for (const auto& [policy_name, doc] : old) {
        if (now.count(policy_name) != 0) continue;
        if (auto a = allow("iam:Delete" + word + "Policy", arn); !a) return a;
        auto d = backend.delete_inline_policy(allow.tx, kind, account, name, policy_name);
        if (!d && !cfn::is_not_found(d.error())) return d;
    }
    for (const auto& [policy_name, doc] : now) {
        const auto it = old.find(policy_name);
        if (it != old.end() && it->second == doc) continue;
        if (auto a = allow("iam:Put" + word + "Policy", arn); !a) return a;
        if (auto put = backend.put_inline_policy(allow.tx, kind, account, name, policy_name, doc); !put)
            return put;
    }
    const auto managed = cfn::string_set(p, "ManagedPolicyArns");
    const auto old_managed = cfn::string_set(before, "ManagedPolicyArns");
    for (const auto& policy_arn : old_managed) {
        if (managed.count(policy_arn) != 0) continue;
        if (auto a = allow("iam:Detach" + word + "Policy", arn); !a) return a;
        auto d = backend.detach_policy(allow.tx, kind, account, name, policy_arn);
        if (!d && !cfn::is_not_found(d.error())) return d;
    }
    for (const auto& policy_arn : managed) {
        if (old_managed.count(policy_arn) != 0) continue;
        if (auto a = allow("iam:Attach" + word + "Policy", arn); !a) return a;
        if (auto at = backend.attach_policy(allow.tx, kind, account, name, policy_arn); !at) return at;
    }
    return ok();
}

/// Group membership of a user from `before` to `p` (`Groups`: names), as AddUserToGroup and
/// RemoveUserFromGroup, authorized on each group.
Result<void> reconcile_groups(cfn::Authorizer& allow, const std::string& user, const Json& p,
                              const Json& before) {
    IamBackend& backend = allow.cloud.iam;
    const std::string account = allow.request.caller.account();
    const auto now = cfn::string_set(p, "Groups");
    const auto old = cfn::string_set(before, "Groups");
    auto group_arn = [&](const std::string& group) {
        auto g = backend.get(allow.tx, EntityKind::Group, account, group);
        return g ? (*g)["Arn"].get<std::string>() : "arn:aws:iam::" + account + ":group/" + group;
    };
    for (const auto& group : old) {
        if (now.count(group) != 0) continue;
        if (auto a = allow("iam:RemoveUserFromGroup", group_arn(group)); !a) return a;
        auto r = backend.remove_user_from_group(allow.tx, account, group, user);
        if (!r && !cfn::is_not_found(r.error())) return r;
    }
    for (const auto& group : now) {
        if (old.count(group) != 0) continue;
        if (auto a = allow("iam:AddUserToGroup", group_arn(group)); !a) return a;
        if (auto r = backend.add_user_to_group(allow.tx, account, group, user); !r) return r;
    }
    return ok();
}

Result<void> reconcile_tags(cfn::Authorizer& allow, const std::string& name, const Json& p) {
    IamBackend& backend = allow.cloud.iam;
    const std::string account = allow.request.caller.account();
    auto user = backend.get(allow.tx, EntityKind::User, account, name);
    if (!user) return user.error();
    const Json tags = cfn::tags(p);
    const Json old = user->value("Tags", Json::array());
    if (tags == old) return ok();
    const std::string arn = (*user)["Arn"].get<std::string>();
    if (!tags.empty()) {
        if (auto a = allow("iam:TagUser", arn); !a) return a;
    }
    if (!old.empty()) {
        if (auto a = allow("iam:UntagUser", arn); !a) return a;
    }
    (*user)["Tags"] = tags;
    return backend.update(allow.tx, EntityKind::User, account, *user);
}

/// The response for a written user or group: Ref its name (`name_member`), attribute Arn.
Result<ResourceResponse> arn_response(const Result<Json>& entity, const char* name_member) {
    if (!entity) return entity.error();
    return ResourceResponse{(*entity)[name_member].get<std::string>(), Json{{"Arn", (*entity)["Arn"]}}};
}

Json previous(const ResourceRequest& request) {
    return request.previous_properties.is_object() ? request.previous_properties : Json::object();
}

Result<Json> write_user(CloudContext& cloud, const ResourceRequest& request, bool creating) {
    const Json& p = cfn::props(request);
    if (p.contains("LoginProfile")) {
        return make_error("InvalidRequest",
                          "AWS::IAM::User: LoginProfile (console passwords) is not supported by localcloud",
                          400);
    }
    const std::string account = request.caller.account();
    std::string name = creating ? cfn::str(p, "UserName") : request.physical_id;
    if (name.empty()) name = cfn::generated_name(request, 64);
    std::string path = cfn::str(p, "Path");
    if (path.empty()) path = "/";
    return cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        cfn::Authorizer allow{cloud, tx, request};
        const Json before = creating ? Json::object() : previous(request);
        if (creating) {
            if (auto a = allow("iam:CreateUser", "arn:aws:iam::" + account + ":user" + path + name); !a)
                return a.error();
            auto created = cloud.iam.create_user(tx, account, name, path, Json::array());
            if (!created) return created.error();
        }
        auto user = cloud.iam.get(tx, EntityKind::User, account, name);
        if (!user) return user.error();
        const std::string arn = (*user)["Arn"].get<std::string>();
        if (auto r = reconcile_tags(allow, name, p); !r) return r.error();
        if (auto r = reconcile_groups(allow, name, p, before); !r) return r.error();
        if (auto r = reconcile_policies(allow, EntityKind::User, name, arn, p, before); !r) return r.error();
        return cloud.iam.get(tx, EntityKind::User, account, name);
    });
}

Result<ResourceResponse> create_user(CloudContext& cloud, const ResourceRequest& request) {
    return arn_response(write_user(cloud, request, true), "UserName");
}

Result<ResourceResponse> update_user(CloudContext& cloud, const ResourceRequest& request) {
    return arn_response(write_user(cloud, request, false), "UserName");
}

/// Empties a user or group (its policies; a user's groups and access keys) and deletes it, authorizing each
/// step as the IAM calls CloudFormation makes.
Result<void> remove_entity(CloudContext& cloud, const ResourceRequest& request, EntityKind kind) {
    const std::string account = request.caller.account();
    const std::string name = request.physical_id;
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto entity = cloud.iam.get(tx, kind, account, name);
        if (!entity) return cfn::gone_or_error(entity.error());
        cfn::Authorizer allow{cloud, tx, request};
        const std::string arn = (*entity)["Arn"].get<std::string>();
        const std::string word = kind_word(kind);
        if (auto a = allow("iam:Delete" + word, arn); !a) return a.error();
        if (!(*entity)["InlinePolicies"].empty()) {
            if (auto a = allow("iam:Delete" + word + "Policy", arn); !a) return a.error();
        }
        if (!(*entity)["AttachedPolicies"].empty()) {
            if (auto a = allow("iam:Detach" + word + "Policy", arn); !a) return a.error();
        }
        (*entity)["InlinePolicies"] = Json::object();
        (*entity)["AttachedPolicies"] = Json::array();
        if (kind == EntityKind::User) {
            for (const auto& group : entity->value("Groups", Json::array())) {
                if (auto a = allow("iam:RemoveUserFromGroup",
                                   "arn:aws:iam::" + account + ":group/" + group.get<std::string>());
                    !a) {
                    return a.error();
                }
            }
            (*entity)["Groups"] = Json::array();
        } else {
            auto members = cloud.iam.group_members(tx, account, name);
            if (!members) return members.error();
            if (!members->empty()) {
                return delete_conflict("Cannot delete entity, must remove users from group first.");
            }
        }
        if (auto u = cloud.iam.update(tx, kind, account, *entity); !u) return u.error();
        if (auto r = cloud.iam.remove(tx, kind, account, name); !r) return r.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

Result<void> remove_user(CloudContext& cloud, const ResourceRequest& request) {
    return remove_entity(cloud, request, EntityKind::User);
}

Result<Json> write_group(CloudContext& cloud, const ResourceRequest& request, bool creating) {
    const Json& p = cfn::props(request);
    const std::string account = request.caller.account();
    std::string name = creating ? cfn::str(p, "GroupName") : request.physical_id;
    if (name.empty()) name = cfn::generated_name(request, 128);
    std::string path = cfn::str(p, "Path");
    if (path.empty()) path = "/";
    return cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        cfn::Authorizer allow{cloud, tx, request};
        if (creating) {
            if (auto a = allow("iam:CreateGroup", "arn:aws:iam::" + account + ":group" + path + name); !a)
                return a.error();
            auto created = cloud.iam.create_group(tx, account, name, path);
            if (!created) return created.error();
        }
        auto group = cloud.iam.get(tx, EntityKind::Group, account, name);
        if (!group) return group.error();
        if (auto r = reconcile_policies(allow, EntityKind::Group, name, (*group)["Arn"].get<std::string>(), p,
                                        creating ? Json::object() : previous(request));
            !r) {
            return r.error();
        }
        return cloud.iam.get(tx, EntityKind::Group, account, name);
    });
}

Result<ResourceResponse> create_group(CloudContext& cloud, const ResourceRequest& request) {
    return arn_response(write_group(cloud, request, true), "GroupName");
}

Result<ResourceResponse> update_group(CloudContext& cloud, const ResourceRequest& request) {
    return arn_response(write_group(cloud, request, false), "GroupName");
}

Result<void> remove_group(CloudContext& cloud, const ResourceRequest& request) {
    return remove_entity(cloud, request, EntityKind::Group);
}

/// Adds (or, with `add` false, removes) the addition's users to its group.
Result<void> apply_addition(CloudContext& cloud, const ResourceRequest& request, const Json& p,
                            const Json* keep, bool add) {
    const std::string account = request.caller.account();
    const std::string group = cfn::str(p, "GroupName");
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        cfn::Authorizer allow{cloud, tx, request};
        auto g = cloud.iam.get(tx, EntityKind::Group, account, group);
        if (!g && (add || !cfn::is_not_found(g.error()))) return g.error();
        const std::string arn =
            g ? (*g)["Arn"].get<std::string>() : "arn:aws:iam::" + account + ":group/" + group;
        const std::set<std::string> kept = keep != nullptr && cfn::str(*keep, "GroupName") == group
                                               ? cfn::string_set(*keep, "Users")
                                               : std::set<std::string>{};
        for (const auto& user : cfn::string_set(p, "Users")) {
            if (kept.count(user) != 0) continue;
            if (add) {
                if (auto a = allow("iam:AddUserToGroup", arn); !a) return a.error();
                if (auto r = cloud.iam.add_user_to_group(tx, account, group, user); !r) return r.error();
            } else if (g) {
                if (auto a = allow("iam:RemoveUserFromGroup", arn); !a) return a.error();
                auto r = cloud.iam.remove_user_from_group(tx, account, group, user);
                if (!r && !cfn::is_not_found(r.error())) return r.error();
            }
        }
        return true;
    });
    if (!done) return done.error();
    return ok();
}

Result<ResourceResponse> create_addition(CloudContext& cloud, const ResourceRequest& request) {
    if (auto r = apply_addition(cloud, request, cfn::props(request), nullptr, true); !r) return r.error();
    return cfn::self_response(cfn::generated_name(request, 128), "Id");
}

Result<ResourceResponse> update_addition(CloudContext& cloud, const ResourceRequest& request) {
    const Json before = previous(request);
    const Json& now = cfn::props(request);
    if (auto r = apply_addition(cloud, request, before, &now, false); !r) return r.error();
    if (auto r = apply_addition(cloud, request, now, &before, true); !r) return r.error();
    return cfn::self_response(request.physical_id, "Id");
}

Result<void> remove_addition(CloudContext& cloud, const ResourceRequest& request) {
    return apply_addition(cloud, request, cfn::props(request), nullptr, false);
}

} // namespace

CfnUserProvider::CfnUserProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::IAM::User", {create_user, update_user, remove_user}) {}

CfnGroupProvider::CfnGroupProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::IAM::Group", {create_group, update_group, remove_group}) {}

CfnUserToGroupAdditionProvider::CfnUserToGroupAdditionProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::IAM::UserToGroupAddition", {create_addition, update_addition, remove_addition}) {}

} // namespace cdk::localcloud::iam
