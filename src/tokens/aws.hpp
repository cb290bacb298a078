#pragma once

#include <string>
#include <vector>

namespace cdk {

/// CloudFormation pseudo parameters as tokens (CDK: Aws). Each resolves to `{"Ref": "AWS::..."}`.
/// They are initialised before main(); do not use them from other static initialisers.
struct Aws {
    static const std::string ACCOUNT_ID;
    static const std::string REGION;
    static const std::string PARTITION;
    static const std::string STACK_NAME;
    static const std::string STACK_ID;
    static const std::string URL_SUFFIX;
    static const std::string NO_VALUE;
    static const std::vector<std::string> NOTIFICATION_ARNS;
};

} // namespace cdk
