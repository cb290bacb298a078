#include "localcloud/iam/aws_managed_policies.hpp"

namespace cdk::localcloud::iam {

std::optional<Json> find_aws_managed_policy(std::string_view arn) {
    static const Json kPolicies = Json::parse(aws_managed_policies_json());
    const std::size_t slash = arn.rfind('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string name(arn.substr(slash + 1));
    const auto it = kPolicies.find(name);
    if (it == kPolicies.end()) return std::nullopt;
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

} // namespace cdk::localcloud::iam
