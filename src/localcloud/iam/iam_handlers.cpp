#include "core/strings.hpp"
#include "localcloud/iam/cfn_role_provider.hpp"
#include "localcloud/iam/cfn_user_provider.hpp"
#include "localcloud/iam/iam_errors.hpp"
#include "localcloud/iam/iam_routes.hpp"
#include "localcloud/protocol/model_service.hpp"

#include <algorithm>

namespace cdk::localcloud::iam {

namespace {

/// The IAM model's Tag list, omitted (as IAM omits it) when empty.
void put_tags(Json& out, const Json& entity) {
    if (entity.contains("Tags") && !entity["Tags"].empty()) out["Tags"] = entity["Tags"];
}

/// What IAM shows of every user, role and group: Path, `<Kind>Name`, `<Kind>Id`, Arn and CreateDate.
Json entity_view(const Json& e, const std::string& kind) {
    return Json{{"Path", e.value("Path", "/")},
                {kind + "Name", e.value(kind + "Name", "")},
                {kind + "Id", e.value(kind + "Id", "")},
                {"Arn", e.value("Arn", "")},
                {"CreateDate", e.value("CreateDate", "")}};
}

Json user_view(const Json& u) {
    Json out = entity_view(u, "User");
    put_tags(out, u);
    return out;
}

Json role_view(const Json& r) {
    // IAM returns policy documents URL-encoded.
    Json out = entity_view(r, "Role");
    out["AssumeRolePolicyDocument"] = strings::percent_encode(r["AssumeRolePolicyDocument"].dump());
    out["MaxSessionDuration"] = r.value("MaxSessionDuration", 3600);
    if (!r.value("Description", "").empty()) out["Description"] = r["Description"];
    put_tags(out, r);
    return out;
}

Json group_view(const Json& g) {
    return entity_view(g, "Group");
}

/// Whether the action is about a group (its GroupName names the entity): the group actions, but not
/// ListGroupsForUser (about a user).
bool group_action(const std::string& action) {
    return action.find("Group") != std::string::npos && action != "ListGroupsForUser";
}

Json policy_view(const Json& p) {
    return Json{{"PolicyName", p.value("PolicyName", "")},
                {"PolicyId", p.value("PolicyId", "")},
                {"Arn", p.value("Arn", "")},
                {"Path", p.value("Path", "/")},
                {"DefaultVersionId", p.value("DefaultVersionId", "v1")},
                {"AttachmentCount", 0},
                {"IsAttachable", true},
                {"CreateDate", p.value("CreateDate", "")},
                {"UpdateDate", p.value("UpdateDate", p.value("CreateDate", ""))}};
}

/// A list output: `{<field>: items, IsTruncated: false}` (localcloud does not paginate IAM).
Json listing(const char* field, Json items) {
    return Json{{field, std::move(items)}, {"IsTruncated", false}};
}

/// IAM over the Query protocol, decoded, validated and encoded by the IAM model. Every action is
/// authorized as `iam:<Action>` on the entity's ARN.
class IamService final : public ModelService {
public:
    explicit IamService(CloudContext& cloud) : ModelService("iam"), cloud_(cloud), iam_(cloud.iam) {}

protected:
    Result<Json> call(RequestContext& ctx, const std::string& action, const Json& in) override {
        const std::string account = ctx.caller.account();
        const bool mutating = !(strings::starts_with(action, "Get") || strings::starts_with(action, "List"));
        const std::string resource = resource_arn(action, account, in);
        auto run = [&](Tx& tx) -> Result<Json> {
            auto allowed = iam_.authorize(tx, ctx.caller, "iam:" + action, resource, account, std::nullopt,
                                          ResourcePolicyMode::None, ctx.condition_context);
            if (!allowed) return allowed.error();
            return dispatch(tx, action, account, in);
        };
        return mutating ? cloud_.store.write<Json>(run) : cloud_.store.read<Json>(run);
    }

private:
    static std::string text(const Json& in, const char* member) { return in.value(member, ""); }

    static std::string resource_arn(const std::string& action, const std::string& account, const Json& in) {
        if (group_action(action) && !text(in, "GroupName").empty())
            return "arn:aws:iam::" + account + ":group/" + text(in, "GroupName");
        if (!text(in, "RoleName").empty()) return "arn:aws:iam::" + account + ":role/" + text(in, "RoleName");
        if (!text(in, "UserName").empty()) return "arn:aws:iam::" + account + ":user/" + text(in, "UserName");
        if (!text(in, "PolicyArn").empty()) return text(in, "PolicyArn");
        if (action == "CreatePolicy") return "arn:aws:iam::" + account + ":policy/" + text(in, "PolicyName");
        return "*";
    }

    Result<Json> dispatch(Tx& tx, const std::string& action, const std::string& account, const Json& in) {
        const EntityKind kind = group_action(action)            ? EntityKind::Group
                                : !text(in, "RoleName").empty() ? EntityKind::Role
                                                                : EntityKind::User;
        const std::string entity_name = kind == EntityKind::Group  ? text(in, "GroupName")
                                        : kind == EntityKind::Role ? text(in, "RoleName")
                                                                   : text(in, "UserName");
        const Json tags = in.value("Tags", Json::array());
        auto done = [](Result<void> r) -> Result<Json> {
            if (!r) return r.error();
            return Json::object();
        };
        if (action == "CreateRole") {
            // MaxSessionDuration is 3600..43200 by the model.
            auto role = iam_.create_role(tx, account, text(in, "RoleName"), text(in, "Path"),
                                         text(in, "AssumeRolePolicyDocument"),
                                         in.value("MaxSessionDuration", 3600), text(in, "Description"), tags);
            if (!role) return role.error();
            return Json{{"Role", role_view(*role)}};
        }
        if (action == "CreateUser") {
            auto user = iam_.create_user(tx, account, text(in, "UserName"), text(in, "Path"), tags);
            if (!user) return user.error();
            return Json{{"User", user_view(*user)}};
        }
        if (action == "GetRole" || action == "GetUser") {
            if (action == "GetUser" && entity_name.empty())
                return make_error("ValidationError", "UserName is required", 400);
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            if (kind == EntityKind::Role) return Json{{"Role", role_view(*e)}};
            return Json{{"User", user_view(*e)}};
        }
        if (action == "ListRoles" || action == "ListUsers") {
            const EntityKind k = action == "ListRoles" ? EntityKind::Role : EntityKind::User;
            auto all = iam_.list(tx, k, account, text(in, "PathPrefix"));
            if (!all) return all.error();
            Json items = Json::array();
            for (const auto& e : *all)
                items.push_back(k == EntityKind::Role ? role_view(e) : user_view(e));
            return listing(k == EntityKind::Role ? "Roles" : "Users", std::move(items));
        }
        if (action == "DeleteRole" || action == "DeleteUser")
            return done(iam_.remove(tx, kind, account, entity_name));
        if (action == "UpdateAssumeRolePolicy") {
            auto role = iam_.get(tx, EntityKind::Role, account, entity_name);
            if (!role) return role.error();
            auto doc = parse_policy_document(text(in, "PolicyDocument"));
            if (!doc) return doc.error();
            (*role)["AssumeRolePolicyDocument"] = *doc;
            return done(iam_.update(tx, EntityKind::Role, account, *role));
        }
        if (action == "UpdateRole") {
            auto role = iam_.get(tx, EntityKind::Role, account, entity_name);
            if (!role) return role.error();
            if (in.contains("Description")) (*role)["Description"] = in["Description"];
            if (in.contains("MaxSessionDuration")) (*role)["MaxSessionDuration"] = in["MaxSessionDuration"];
            return done(iam_.update(tx, EntityKind::Role, account, *role));
        }
        if (action == "CreateGroup") {
            auto group = iam_.create_group(tx, account, entity_name, text(in, "Path"));
            if (!group) return group.error();
            return Json{{"Group", group_view(*group)}};
        }
        if (action == "GetGroup") {
            auto group = iam_.get(tx, EntityKind::Group, account, entity_name);
            if (!group) return group.error();
            auto members = iam_.group_members(tx, account, entity_name);
            if (!members) return members.error();
            Json users = Json::array();
            for (const auto& u : *members)
                users.push_back(user_view(u));
            return Json{{"Group", group_view(*group)}, {"Users", users}, {"IsTruncated", false}};
        }
        if (action == "DeleteGroup") return done(iam_.remove(tx, EntityKind::Group, account, entity_name));
        if (action == "ListGroups") {
            auto all = iam_.list(tx, EntityKind::Group, account, text(in, "PathPrefix"));
            if (!all) return all.error();
            Json items = Json::array();
            for (const auto& g : *all)
                items.push_back(group_view(g));
            return listing("Groups", std::move(items));
        }
        if (action == "ListGroupsForUser") {
            auto user = iam_.get(tx, EntityKind::User, account, text(in, "UserName"));
            if (!user) return user.error();
            Json items = Json::array();
            for (const auto& n : user->value("Groups", Json::array())) {
                auto g = iam_.get(tx, EntityKind::Group, account, n.get<std::string>());
                if (g) items.push_back(group_view(*g));
            }
            return listing("Groups", std::move(items));
        }
        if (action == "AddUserToGroup")
            return done(iam_.add_user_to_group(tx, account, entity_name, text(in, "UserName")));
        if (action == "RemoveUserFromGroup")
            return done(iam_.remove_user_from_group(tx, account, entity_name, text(in, "UserName")));
        const std::string policy_name = text(in, "PolicyName");
        if (action == "PutRolePolicy" || action == "PutUserPolicy" || action == "PutGroupPolicy") {
            return done(iam_.put_inline_policy(tx, kind, account, entity_name, policy_name,
                                               text(in, "PolicyDocument")));
        }
        if (action == "DeleteRolePolicy" || action == "DeleteUserPolicy" || action == "DeleteGroupPolicy") {
            return done(iam_.delete_inline_policy(tx, kind, account, entity_name, policy_name));
        }
        if (action == "GetRolePolicy" || action == "GetUserPolicy" || action == "GetGroupPolicy") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            if (!(*e)["InlinePolicies"].contains(policy_name)) {
                return no_such_entity("The " + to_string(kind) + " policy with name " + policy_name +
                                      " cannot be found.");
            }
            return Json{
                {kind == EntityKind::Role    ? "RoleName"
                 : kind == EntityKind::Group ? "GroupName"
                                             : "UserName",
                 entity_name},
                {"PolicyName", policy_name},
                {"PolicyDocument", strings::percent_encode((*e)["InlinePolicies"][policy_name].dump())}};
        }
        if (action == "ListRolePolicies" || action == "ListUserPolicies" || action == "ListGroupPolicies") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            Json names = Json::array();
            for (const auto& [n, d] : (*e)["InlinePolicies"].items()) {
                (void)d;
                names.push_back(n);
            }
            return listing("PolicyNames", std::move(names));
        }
        if (action == "AttachRolePolicy" || action == "AttachUserPolicy" || action == "AttachGroupPolicy") {
            return done(iam_.attach_policy(tx, kind, account, entity_name, text(in, "PolicyArn")));
        }
        if (action == "DetachRolePolicy" || action == "DetachUserPolicy" || action == "DetachGroupPolicy") {
            return done(iam_.detach_policy(tx, kind, account, entity_name, text(in, "PolicyArn")));
        }
        if (action == "ListAttachedRolePolicies" || action == "ListAttachedUserPolicies" ||
            action == "ListAttachedGroupPolicies") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            Json attached = Json::array();
            for (const auto& arn : (*e)["AttachedPolicies"]) {
                const std::string a = arn.get<std::string>();
                attached.push_back({{"PolicyArn", a}, {"PolicyName", a.substr(a.rfind('/') + 1)}});
            }
            return listing("AttachedPolicies", std::move(attached));
        }
        if (action == "TagRole" || action == "TagUser") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            for (const auto& t : tags) {
                Json kept = Json::array();
                for (const auto& old : (*e)["Tags"]) {
                    if (old["Key"] != t["Key"]) kept.push_back(old);
                }
                kept.push_back(t);
                (*e)["Tags"] = kept;
            }
            return done(iam_.update(tx, kind, account, *e));
        }
        if (action == "UntagRole" || action == "UntagUser") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            const Json keys = in.value("TagKeys", Json::array());
            Json kept = Json::array();
            for (const auto& old : (*e)["Tags"]) {
                if (std::find(keys.begin(), keys.end(), old.value("Key", "")) == keys.end())
                    kept.push_back(old);
            }
            (*e)["Tags"] = kept;
            return done(iam_.update(tx, kind, account, *e));
        }
        if (action == "ListRoleTags" || action == "ListUserTags") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            return listing("Tags", (*e)["Tags"]);
        }
        if (action == "CreatePolicy") {
            auto policy = iam_.create_policy(tx, account, policy_name, text(in, "Path"),
                                             text(in, "PolicyDocument"), text(in, "Description"));
            if (!policy) return policy.error();
            return Json{{"Policy", policy_view(*policy)}};
        }
        if (action == "GetPolicy") {
            auto policy = iam_.get_policy(tx, text(in, "PolicyArn"));
            if (!policy) return policy.error();
            return Json{{"Policy", policy_view(*policy)}};
        }
        if (action == "GetPolicyVersion") {
            auto policy = iam_.get_policy(tx, text(in, "PolicyArn"));
            if (!policy) return policy.error();
            return Json{{"PolicyVersion",
                         {{"Document", strings::percent_encode((*policy)["Document"].dump())},
                          {"VersionId", (*policy).value("DefaultVersionId", "v1")},
                          {"IsDefaultVersion", true},
                          {"CreateDate", (*policy).value("CreateDate", "")}}}};
        }
        if (action == "DeletePolicy") return done(iam_.delete_policy(tx, text(in, "PolicyArn")));
        if (action == "ListPolicies") {
            auto all = iam_.list_policies(tx, account, in.value("Scope", "All"));
            if (!all) return all.error();
            Json items = Json::array();
            for (const auto& policy : *all)
                items.push_back(policy_view(policy));
            return listing("Policies", std::move(items));
        }
        if (action == "CreateAccessKey") {
            const std::string user = text(in, "UserName");
            auto key = iam_.create_user_access_key(tx, account, user);
            if (!key) return key.error();
            return Json{{"AccessKey",
                         {{"UserName", user},
                          {"AccessKeyId", (*key)["AccessKeyId"]},
                          {"Status", "Active"},
                          {"SecretAccessKey", (*key)["SecretAccessKey"]},
                          {"CreateDate", (*key)["CreateDate"]}}}};
        }
        if (action == "DeleteAccessKey") {
            const std::string id = text(in, "AccessKeyId");
            auto key = iam_.find_access_key(tx, id);
            if (!key) return key.error();
            if (!key->has_value() || (**key).value("Account", "") != account) {
                return no_such_entity("The Access Key with id " + id + " cannot be found.");
            }
            auto erased = tx.erase(Scope{"", ""}, "accesskey", id);
            if (!erased) return erased.error();
            return Json::object();
        }
        return not_implemented(action);
    }

    CloudContext& cloud_;
    IamBackend& iam_;
};

} // namespace

void register_iam(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers) {
    add_service<IamService, CfnRoleProvider, CfnPolicyProvider, CfnManagedPolicyProvider, CfnUserProvider,
                CfnGroupProvider, CfnUserToGroupAdditionProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::iam
