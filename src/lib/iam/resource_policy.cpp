#include "lib/iam/resource_policy.hpp"

namespace cdk::iam {

ResourcePolicy::ResourcePolicy(Construct& scope, std::string_view id, PolicyDocument document)
    : Construct(scope, id), document_(std::move(document)) {
    node().add_validation([this] { return document_.validate_for_resource_policy(); });
}

} // namespace cdk::iam
