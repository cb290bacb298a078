#include "lib/iam/resource_policy.hpp"

#include "lib/iam/feature_flags.hpp"

namespace cdk::iam {

ResourcePolicy::ResourcePolicy(Construct& scope, std::string_view id, PolicyDocument document)
    : Construct(scope, id), document_(std::move(document)) {
    detail::warn_if_flag_enabled(*this, "@aws-cdk/aws-iam:minimizePolicies");
    node().add_validation([this] { return document_.validate_for_resource_policy(); });
}

} // namespace cdk::iam
