#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::ecr {

/// AWS::ECR::Repository: ecr:CreateRepository, ecr:SetRepositoryPolicy, ecr:PutLifecyclePolicy,
/// ecr:TagResource, ecr:DeleteRepository. Ref = repository name; attributes Arn, RepositoryUri.
CDK_CFN_PROVIDER(CfnRepositoryProvider);

} // namespace cdk::localcloud::ecr
