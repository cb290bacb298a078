#include "localcloud/iam/aws_managed_policies.hpp"

namespace cdk::localcloud::iam {

const Json& aws_managed_policies() {
    static const Json kPolicies = Json::parse(aws_managed_policies_json()); // embedded at build time, trusted
    return kPolicies;
}

std::optional<Json> find_aws_managed_policy(std::string_view arn) {
    const Json& policies = aws_managed_policies();
    const std::size_t slash = arn.rfind('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string name(arn.substr(slash + 1));
    const auto it = policies.find(name);
    if (it == policies.end()) return std::nullopt;
    const std::string path = it->value("Path", "/");
    Json out{{"PolicyName", name},
             {"PolicyId", "ANPA" + std::string("AWSMANAGED") + std::to_string(name.size())},
             {"Arn", "arn:aws:iam::aws:policy" + path + name},
             {"Path", path},
             {"DefaultVersionId", it->value("DefaultVersionId", "v1")},
             {"Document", (*it)["Document"]},
             {"CreateDate", it->value("CreateDate", "")},
             {"UpdateDate", it->value("CreateDate", "")},
             {"IsAttachable", true}};
    return out;
}

const Json* find_aws_managed_policy_document(std::string_view arn) {
    const Json& policies = aws_managed_policies();
    const std::size_t slash = arn.rfind('/');
    if (slash == std::string_view::npos) return nullptr;
    const auto it = policies.find(arn.substr(slash + 1));
    if (it == policies.end()) return nullptr;
    const auto doc = it->find("Document");
    return doc == it->end() ? nullptr : &*doc;
}

} // namespace cdk::localcloud::iam
