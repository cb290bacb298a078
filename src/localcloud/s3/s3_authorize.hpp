#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <string>

namespace cdk::localcloud::s3 {

/// Authorizes `caller` for an S3 `action` on `resource`: identity policies and, when `bucket` is given,
/// its bucket policy (same account: either may allow; cross account: both must). Used by the S3 API
/// handlers and the CloudFormation providers alike.
[[nodiscard]] Result<void> authorize_s3(CloudContext& cloud, Tx& tx, const Caller& caller,
                                        iam::Context context, const Json* bucket, const std::string& action,
                                        const std::string& resource);

} // namespace cdk::localcloud::s3
