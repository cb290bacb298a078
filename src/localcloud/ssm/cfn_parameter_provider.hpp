#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::ssm {

/// AWS::SSM::Parameter (String, StringList): ssm:PutParameter / ssm:DeleteParameter through the SSM backend.
/// Ref = parameter name; attributes Type, Value.
CDK_CFN_PROVIDER(CfnParameterProvider);

} // namespace cdk::localcloud::ssm
