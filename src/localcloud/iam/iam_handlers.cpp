#include "core/strings.hpp"
#include "localcloud/iam/cfn_role_provider.hpp"
#include "localcloud/iam/iam_errors.hpp"
#include "localcloud/iam/iam_routes.hpp"
#include "localcloud/protocol/query_input.hpp"
#include "localcloud/protocol/xml_writer.hpp"

#include <functional>
#include <map>

namespace cdk::localcloud::iam {

namespace {

constexpr std::string_view kXmlns = "https://iam.amazonaws.com/doc/2010-05-08/";

void write_tags(XmlWriter& w, const Json& tags) {
    w.open("Tags");
    for (const auto& t : tags) w.open("member").leaf("Key", t.value("Key", "")).leaf("Value", t.value("Value", "")).close();
    w.close();
}

void write_user(XmlWriter& w, const Json& u, std::string_view tag = "User") {
    w.open(tag)
        .leaf("Path", u.value("Path", "/"))
        .leaf("UserName", u.value("UserName", ""))
        .leaf("UserId", u.value("UserId", ""))
        .leaf("Arn", u.value("Arn", ""))
        .leaf("CreateDate", u.value("CreateDate", ""));
    if (!u["Tags"].empty()) write_tags(w, u["Tags"]);
    w.close();
}

void write_role(XmlWriter& w, const Json& r, std::string_view tag = "Role") {
    w.open(tag)
        .leaf("Path", r.value("Path", "/"))
        .leaf("RoleName", r.value("RoleName", ""))
        .leaf("RoleId", r.value("RoleId", ""))
        .leaf("Arn", r.value("Arn", ""))
        .leaf("CreateDate", r.value("CreateDate", ""))
        .leaf("AssumeRolePolicyDocument", url_encode(r["AssumeRolePolicyDocument"].dump()))
        .leaf("MaxSessionDuration", std::to_string(r.value("MaxSessionDuration", 3600)));
    if (!r.value("Description", "").empty()) w.leaf("Description", r.value("Description", ""));
    if (!r["Tags"].empty()) write_tags(w, r["Tags"]);
    w.close();
}

void write_policy(XmlWriter& w, const Json& p, std::string_view tag = "Policy") {
    w.open(tag)
        .leaf("PolicyName", p.value("PolicyName", ""))
        .leaf("PolicyId", p.value("PolicyId", ""))
        .leaf("Arn", p.value("Arn", ""))
        .leaf("Path", p.value("Path", "/"))
        .leaf("DefaultVersionId", p.value("DefaultVersionId", "v1"))
        .leaf("AttachmentCount", "0")
        .leaf("IsAttachable", "true")
        .leaf("CreateDate", p.value("CreateDate", ""))
        .leaf("UpdateDate", p.value("UpdateDate", p.value("CreateDate", "")))
        .close();
}

/// IAM over the Query protocol. Every action is authorized as `iam:<Action>` on the entity's ARN.
class IamService final : public Service {
public:
    explicit IamService(CloudContext& cloud) : cloud_(cloud), iam_(cloud.iam) {}

    [[nodiscard]] std::string_view name() const override { return "iam"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Query; }
    [[nodiscard]] std::string_view xmlns() const override { return kXmlns; }

    Result<HttpResponse> handle(RequestContext& ctx) override {
        auto input = parse_query_input(ctx.http);
        if (!input) return input.error();
        ctx.params = std::move(*input);
        const std::string action = ctx.params["Action"];
        const std::string account = ctx.caller.account();
        auto& p = ctx.params;
        const bool mutating = !(strings::starts_with(action, "Get") || strings::starts_with(action, "List"));
        const std::string resource = resource_arn(action, account, p);
        auto run = [&](Tx& tx) -> Result<std::string> {
            auto allowed = iam_.authorize(tx, ctx.caller, "iam:" + action, resource, account, std::nullopt,
                                          ResourcePolicyMode::None, ctx.condition_context);
            if (!allowed) return allowed.error();
            return dispatch(tx, action, account, p);
        };
        auto inner = mutating ? cloud_.store.write<std::string>(run) : cloud_.store.read<std::string>(run);
        if (!inner) return inner.error();
        return render_query_result(action, *inner, kXmlns, ctx.request_id);
    }

private:
    static std::string resource_arn(const std::string& action, const std::string& account,
                                    std::map<std::string, std::string>& p) {
        if (!p["RoleName"].empty()) return "arn:aws:iam::" + account + ":role/" + p["RoleName"];
        if (!p["UserName"].empty()) return "arn:aws:iam::" + account + ":user/" + p["UserName"];
        if (!p["PolicyArn"].empty()) return p["PolicyArn"];
        if (action == "CreatePolicy") return "arn:aws:iam::" + account + ":policy/" + p["PolicyName"];
        return "*";
    }

    Result<std::string> dispatch(Tx& tx, const std::string& action, const std::string& account,
                                 std::map<std::string, std::string>& p) {
        XmlWriter w(false);
        const EntityKind kind = !p["RoleName"].empty() ? EntityKind::Role : EntityKind::User;
        const std::string entity_name = kind == EntityKind::Role ? p["RoleName"] : p["UserName"];
        auto done = [&](Result<void> r) -> Result<std::string> {
            if (!r) return r.error();
            return w.str();
        };
        if (action == "CreateRole") {
            const auto max = parse_max_session_duration(p["MaxSessionDuration"]);
            if (!max) return max.error();
            auto role = iam_.create_role(tx, account, p["RoleName"], p["Path"], p["AssumeRolePolicyDocument"],
                                         *max, p["Description"], query_tags(p));
            if (!role) return role.error();
            write_role(w, *role);
            return w.str();
        }
        if (action == "CreateUser") {
            auto user = iam_.create_user(tx, account, p["UserName"], p["Path"], query_tags(p));
            if (!user) return user.error();
            write_user(w, *user);
            return w.str();
        }
        if (action == "GetRole" || action == "GetUser") {
            if (action == "GetUser" && entity_name.empty()) return make_error("ValidationError", "UserName is required", 400);
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            kind == EntityKind::Role ? write_role(w, *e) : write_user(w, *e);
            return w.str();
        }
        if (action == "ListRoles" || action == "ListUsers") {
            const EntityKind k = action == "ListRoles" ? EntityKind::Role : EntityKind::User;
            auto all = iam_.list(tx, k, account, p["PathPrefix"]);
            if (!all) return all.error();
            w.open(k == EntityKind::Role ? "Roles" : "Users");
            for (const auto& e : *all) k == EntityKind::Role ? write_role(w, e, "member") : write_user(w, e, "member");
            w.close().leaf("IsTruncated", "false");
            return w.str();
        }
        if (action == "DeleteRole" || action == "DeleteUser") return done(iam_.remove(tx, kind, account, entity_name));
        if (action == "UpdateAssumeRolePolicy") {
            auto role = iam_.get(tx, EntityKind::Role, account, p["RoleName"]);
            if (!role) return role.error();
            auto doc = parse_policy_document(p["PolicyDocument"]);
            if (!doc) return doc.error();
            (*role)["AssumeRolePolicyDocument"] = *doc;
            return done(iam_.update(tx, EntityKind::Role, account, *role));
        }
        if (action == "UpdateRole") {
            auto role = iam_.get(tx, EntityKind::Role, account, p["RoleName"]);
            if (!role) return role.error();
            if (p.count("Description") != 0) (*role)["Description"] = p["Description"];
            if (!p["MaxSessionDuration"].empty()) {
                const auto max = parse_max_session_duration(p["MaxSessionDuration"]);
                if (!max) return max.error();
                (*role)["MaxSessionDuration"] = *max;
            }
            return done(iam_.update(tx, EntityKind::Role, account, *role));
        }
        if (action == "PutRolePolicy" || action == "PutUserPolicy") {
            return done(iam_.put_inline_policy(tx, kind, account, entity_name, p["PolicyName"], p["PolicyDocument"]));
        }
        if (action == "DeleteRolePolicy" || action == "DeleteUserPolicy") {
            return done(iam_.delete_inline_policy(tx, kind, account, entity_name, p["PolicyName"]));
        }
        if (action == "GetRolePolicy" || action == "GetUserPolicy") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            if (!(*e)["InlinePolicies"].contains(p["PolicyName"])) {
                return no_such_entity("The " + to_string(kind) + " policy with name " + p["PolicyName"] +
                                      " cannot be found.");
            }
            w.leaf(kind == EntityKind::Role ? "RoleName" : "UserName", entity_name)
                .leaf("PolicyName", p["PolicyName"])
                .leaf("PolicyDocument", url_encode((*e)["InlinePolicies"][p["PolicyName"]].dump()));
            return w.str();
        }
        if (action == "ListRolePolicies" || action == "ListUserPolicies") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            w.open("PolicyNames");
            for (const auto& [n, d] : (*e)["InlinePolicies"].items()) {
                (void)d;
                w.leaf("member", n);
            }
            w.close().leaf("IsTruncated", "false");
            return w.str();
        }
        if (action == "AttachRolePolicy" || action == "AttachUserPolicy") {
            return done(iam_.attach_policy(tx, kind, account, entity_name, p["PolicyArn"]));
        }
        if (action == "DetachRolePolicy" || action == "DetachUserPolicy") {
            return done(iam_.detach_policy(tx, kind, account, entity_name, p["PolicyArn"]));
        }
        if (action == "ListAttachedRolePolicies" || action == "ListAttachedUserPolicies") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            w.open("AttachedPolicies");
            for (const auto& arn : (*e)["AttachedPolicies"]) {
                const std::string a = arn.get<std::string>();
                w.open("member").leaf("PolicyArn", a).leaf("PolicyName", a.substr(a.rfind('/') + 1)).close();
            }
            w.close().leaf("IsTruncated", "false");
            return w.str();
        }
        if (action == "TagRole" || action == "TagUser") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            for (const auto& t : query_tags(p)) {
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
            const auto keys = query_list(p, "TagKeys.member");
            Json kept = Json::array();
            for (const auto& old : (*e)["Tags"]) {
                if (std::find(keys.begin(), keys.end(), old.value("Key", "")) == keys.end()) kept.push_back(old);
            }
            (*e)["Tags"] = kept;
            return done(iam_.update(tx, kind, account, *e));
        }
        if (action == "ListRoleTags" || action == "ListUserTags") {
            auto e = iam_.get(tx, kind, account, entity_name);
            if (!e) return e.error();
            write_tags(w, (*e)["Tags"]);
            w.leaf("IsTruncated", "false");
            return w.str();
        }
        if (action == "CreatePolicy") {
            auto policy = iam_.create_policy(tx, account, p["PolicyName"], p["Path"], p["PolicyDocument"],
                                             p["Description"]);
            if (!policy) return policy.error();
            write_policy(w, *policy);
            return w.str();
        }
        if (action == "GetPolicy") {
            auto policy = iam_.get_policy(tx, p["PolicyArn"]);
            if (!policy) return policy.error();
            write_policy(w, *policy);
            return w.str();
        }
        if (action == "GetPolicyVersion") {
            auto policy = iam_.get_policy(tx, p["PolicyArn"]);
            if (!policy) return policy.error();
            w.open("PolicyVersion")
                .leaf("Document", url_encode((*policy)["Document"].dump()))
                .leaf("VersionId", (*policy).value("DefaultVersionId", "v1"))
                .leaf("IsDefaultVersion", "true")
                .leaf("CreateDate", (*policy).value("CreateDate", ""))
                .close();
            return w.str();
        }
        if (action == "DeletePolicy") return done(iam_.delete_policy(tx, p["PolicyArn"]));
        if (action == "ListPolicies") {
            auto all = iam_.list_policies(tx, account, p["Scope"].empty() ? "All" : p["Scope"]);
            if (!all) return all.error();
            w.open("Policies");
            for (const auto& policy : *all) write_policy(w, policy, "member");
            w.close().leaf("IsTruncated", "false");
            return w.str();
        }
        if (action == "CreateAccessKey") {
            const std::string user = p["UserName"];
            auto key = iam_.create_user_access_key(tx, account, user);
            if (!key) return key.error();
            w.open("AccessKey")
                .leaf("UserName", user)
                .leaf("AccessKeyId", (*key)["AccessKeyId"].get<std::string>())
                .leaf("Status", "Active")
                .leaf("SecretAccessKey", (*key)["SecretAccessKey"].get<std::string>())
                .leaf("CreateDate", (*key)["CreateDate"].get<std::string>())
                .close();
            return w.str();
        }
        if (action == "DeleteAccessKey") {
            auto key = iam_.find_access_key(tx, p["AccessKeyId"]);
            if (!key) return key.error();
            if (!key->has_value() || (**key).value("Account", "") != account) {
                return no_such_entity("The Access Key with id " + p["AccessKeyId"] + " cannot be found.");
            }
            auto erased = tx.erase(Scope{"", ""}, "accesskey", p["AccessKeyId"]);
            if (!erased) return erased.error();
            return w.str();
        }
        return make_error("InvalidAction", "IAM action '" + action + "' is not implemented by localcloud", 400);
    }

    CloudContext& cloud_;
    IamBackend& iam_;
};

} // namespace

void register_iam(CloudContext& cloud, ServiceRegistry& services, cloudformation::ProviderRegistry& providers) {
    services.add(std::make_unique<IamService>(cloud));
    providers.add(std::make_unique<CfnRoleProvider>(cloud));
    providers.add(std::make_unique<CfnPolicyProvider>(cloud));
    providers.add(std::make_unique<CfnManagedPolicyProvider>(cloud));
}

} // namespace cdk::localcloud::iam
