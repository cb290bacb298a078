#include "lib/logs_destinations/lambda_destination.hpp"

namespace cdk::logs_destinations {

logs::LogSubscriptionDestinationConfig LambdaDestination::bind(Construct& scope,
                                                               logs::ILogGroup& log_group) const {
    if (options_.add_permissions && function_.can_create_permissions()) {
        // aws-cdk-lib: fn.addPermission('CanInvokeLambda', {principal, sourceArn, scope}), i.e. the
        // permission is created in the filter's scope, and the filter depends on it.
        auto& permission =
            make<lambda::CfnPermission>(scope, "CanInvokeLambda",
                                        lambda::CfnPermissionProps{.action = "lambda:InvokeFunction",
                                                                   .function_name = function_.function_arn(),
                                                                   .principal = "logs.amazonaws.com",
                                                                   .source_arn = log_group.log_group_arn()});
        scope.node().add_dependency(permission);
    }
    return {.arn = function_.function_arn()};
}

} // namespace cdk::logs_destinations
