#include "aws/iam/iam_client.hpp"

#include "aws/sigv4/canonical.hpp"

namespace cdk::aws::iam {

Json decode_policy_document(const std::string& text) {
    Json doc = Json::parse(text, nullptr, false);
    if (!doc.is_discarded()) return doc;
    doc = Json::parse(sigv4::uri_decode(text), nullptr, false);
    return doc.is_discarded() ? Json(text) : doc;
}

Result<IamClient> IamClient::create(const auth::Session& session) {
    auto client = session.client("iam");
    if (!client) return client.error();
    return IamClient(std::move(*client));
}

Result<std::optional<Json>> IamClient::get_role(const std::string& name) const {
    auto out = client_.call("GetRole", {{"RoleName", name}});
    if (!out) {
        if (out.error().code == "NoSuchEntity") return std::optional<Json>();
        return out.error();
    }
    Json role = (*out)["Role"];
    if (role.contains("AssumeRolePolicyDocument") && role["AssumeRolePolicyDocument"].is_string()) {
        role["AssumeRolePolicyDocument"] =
            decode_policy_document(role["AssumeRolePolicyDocument"].get<std::string>());
    }
    return std::optional<Json>(role);
}

Result<std::vector<Json>> IamClient::list_roles(const std::string& path_prefix) const {
    std::vector<Json> all;
    Json input = Json::object();
    if (!path_prefix.empty()) input["PathPrefix"] = path_prefix;
    for (int page = 0; page < 10000; ++page) {
        auto out = client_.call("ListRoles", input);
        if (!out) return out.error();
        for (const auto& r : out->value("Roles", Json::array()))
            all.push_back(r);
        if (!out->value("IsTruncated", false)) break;
        input["Marker"] = out->value("Marker", "");
    }
    return all;
}

Result<std::vector<std::string>> IamClient::list_role_policies(const std::string& role) const {
    auto out = client_.call("ListRolePolicies", {{"RoleName", role}});
    if (!out) return out.error();
    return out->value("PolicyNames", std::vector<std::string>{});
}

Result<Json> IamClient::get_role_policy(const std::string& role, const std::string& policy) const {
    auto out = client_.call("GetRolePolicy", {{"RoleName", role}, {"PolicyName", policy}});
    if (!out) return out.error();
    return decode_policy_document(out->value("PolicyDocument", ""));
}

Result<std::vector<Json>> IamClient::list_attached_role_policies(const std::string& role) const {
    auto out = client_.call("ListAttachedRolePolicies", {{"RoleName", role}});
    if (!out) return out.error();
    return out->value("AttachedPolicies", std::vector<Json>{});
}

} // namespace cdk::aws::iam
