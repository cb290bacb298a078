#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::lambda {

/// AWS::Lambda::Function: lambda:CreateFunction + iam:PassRole on its role (which must trust
/// lambda.amazonaws.com); inline `Code.ZipFile` is written as index.js / index.py;
/// ReservedConcurrentExecutions through PutFunctionConcurrency, DeadLetterConfig as CreateFunction's. Ref =
/// function name; attribute Arn.
struct CfnFunctionProvider final : cfn::Provider {
    explicit CfnFunctionProvider(CloudContext& cloud);
};

/// AWS::Lambda::Permission: lambda:AddPermission (a statement in the function's resource policy). Ref =
/// statement id.
struct CfnPermissionProvider final : cfn::Provider {
    explicit CfnPermissionProvider(CloudContext& cloud);
};

/// AWS::Lambda::Version: lambda:PublishVersion. Ref = version ARN; attributes Version, FunctionArn.
struct CfnVersionProvider final : cfn::Provider {
    explicit CfnVersionProvider(CloudContext& cloud);
};

/// AWS::Lambda::EventInvokeConfig: lambda:PutFunctionEventInvokeConfig (retries, maximum event age and the
/// destinations of Event invocations). Ref = `<FunctionName>:<Qualifier>`.
struct CfnEventInvokeConfigProvider final : cfn::Provider {
    explicit CfnEventInvokeConfigProvider(CloudContext& cloud);
};

/// AWS::Lambda::Alias: lambda:CreateAlias / UpdateAlias (FunctionVersion, Description, RoutingConfig's
/// AdditionalVersionWeights) / DeleteAlias. Ref = alias ARN; attribute AliasArn. Name and FunctionName are
/// create-only (a change replaces the alias).
struct CfnAliasProvider final : cfn::Provider {
    explicit CfnAliasProvider(CloudContext& cloud);
};

/// AWS::Lambda::Url: lambda:CreateFunctionUrlConfig. Ref = function ARN; attributes FunctionUrl, FunctionArn.
struct CfnUrlProvider final : cfn::Provider {
    explicit CfnUrlProvider(CloudContext& cloud);
};

} // namespace cdk::localcloud::lambda
