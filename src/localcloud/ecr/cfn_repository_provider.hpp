#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::ecr {

/// AWS::ECR::Repository: ecr:CreateRepository, ecr:SetRepositoryPolicy, ecr:PutLifecyclePolicy, ecr:TagResource,
/// ecr:DeleteRepository. Ref = repository name; attributes Arn, RepositoryUri.
class CfnRepositoryProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnRepositoryProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::ECR::Repository"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::ecr
