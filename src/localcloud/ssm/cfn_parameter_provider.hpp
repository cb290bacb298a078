#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::ssm {

/// AWS::SSM::Parameter (String, StringList): ssm:PutParameter / ssm:DeleteParameter through the SSM backend.
/// Ref = parameter name; attributes Type, Value.
struct CfnParameterProvider final : cfn::Provider {
    explicit CfnParameterProvider(CloudContext& cloud);
};

} // namespace cdk::localcloud::ssm
