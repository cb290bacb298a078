#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::lambda {

/// AWS::Lambda::Function: lambda:CreateFunction + iam:PassRole on its role (which must trust
/// lambda.amazonaws.com); inline `Code.ZipFile` is written as index.js / index.py;
/// ReservedConcurrentExecutions through PutFunctionConcurrency, DeadLetterConfig as CreateFunction's. Ref =
/// function name; attribute Arn.
CDK_CFN_PROVIDER(CfnFunctionProvider);

/// AWS::Lambda::Permission: lambda:AddPermission (a statement in the function's resource policy). Ref =
/// statement id.
CDK_CFN_PROVIDER(CfnPermissionProvider);

/// AWS::Lambda::Version: lambda:PublishVersion. Ref = version ARN; attributes Version, FunctionArn.
CDK_CFN_PROVIDER(CfnVersionProvider);

/// AWS::Lambda::EventInvokeConfig: lambda:PutFunctionEventInvokeConfig (retries, maximum event age and the
/// destinations of Event invocations). Ref = `<FunctionName>:<Qualifier>`.
CDK_CFN_PROVIDER(CfnEventInvokeConfigProvider);

/// AWS::Lambda::Alias: lambda:CreateAlias / UpdateAlias (FunctionVersion, Description, RoutingConfig's
/// AdditionalVersionWeights) / DeleteAlias. Ref = alias ARN; attribute AliasArn. Name and FunctionName are
/// create-only (a change replaces the alias).
CDK_CFN_PROVIDER(CfnAliasProvider);

/// AWS::Lambda::Url: lambda:CreateFunctionUrlConfig. Ref = function ARN; attributes FunctionUrl, FunctionArn.
CDK_CFN_PROVIDER(CfnUrlProvider);

} // namespace cdk::localcloud::lambda
