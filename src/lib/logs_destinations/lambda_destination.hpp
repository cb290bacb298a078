#pragma once

#include "lib/lambda/function.hpp"
#include "lib/logs/log_group.hpp"

namespace cdk::logs_destinations {

/// Options of a LambdaDestination (CDK: LambdaDestinationOptions).
struct LambdaDestinationOptions {
    /// Whether to add the permission for CloudWatch Logs to invoke the function (default true).
    bool add_permissions = true;
};

/// A Lambda function as the destination of a subscription filter (CDK: LambdaDestination): as aws-cdk-lib,
/// an `AWS::Lambda::Permission` `CanInvokeLambda` under the filter (principal `logs.amazonaws.com`, source
/// the log group's ARN) on which the filter depends. The function must outlive synthesis.
class LambdaDestination : public logs::ILogSubscriptionDestination {
public:
    explicit LambdaDestination(lambda::IFunction& function, LambdaDestinationOptions options = {})
        : function_(function), options_(options) {}
    [[nodiscard]] logs::LogSubscriptionDestinationConfig bind(Construct& scope,
                                                              logs::ILogGroup& log_group) const override;

private:
    lambda::IFunction& function_;
    LambdaDestinationOptions options_;
};

} // namespace cdk::logs_destinations
