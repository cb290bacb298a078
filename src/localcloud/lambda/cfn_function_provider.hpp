#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::lambda {

#define LOCALCLOUD_LAMBDA_PROVIDER(Class, Type)                                                                  \
    class Class final : public cloudformation::ResourceProvider {                                                \
    public:                                                                                                      \
        explicit Class(CloudContext& cloud) : cloud_(cloud) {}                                                   \
        [[nodiscard]] std::string type_name() const override { return Type; }                                   \
        [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override; \
        [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override; \
        [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;                    \
                                                                                                                 \
    private:                                                                                                     \
        CloudContext& cloud_;                                                                                    \
    }

/// AWS::Lambda::Function: lambda:CreateFunction + iam:PassRole on its role (which must trust
/// lambda.amazonaws.com); inline `Code.ZipFile` is written as index.js / index.py. Ref = function name;
/// attribute Arn.
LOCALCLOUD_LAMBDA_PROVIDER(CfnFunctionProvider, "AWS::Lambda::Function");
/// AWS::Lambda::Permission: lambda:AddPermission (a statement in the function's resource policy). Ref = statement id.
LOCALCLOUD_LAMBDA_PROVIDER(CfnPermissionProvider, "AWS::Lambda::Permission");
/// AWS::Lambda::Version: lambda:PublishVersion. Ref = version ARN; attributes Version, FunctionArn.
LOCALCLOUD_LAMBDA_PROVIDER(CfnVersionProvider, "AWS::Lambda::Version");
/// AWS::Lambda::Url: lambda:CreateFunctionUrlConfig. Ref = function ARN; attributes FunctionUrl, FunctionArn.
LOCALCLOUD_LAMBDA_PROVIDER(CfnUrlProvider, "AWS::Lambda::Url");

#undef LOCALCLOUD_LAMBDA_PROVIDER

} // namespace cdk::localcloud::lambda
