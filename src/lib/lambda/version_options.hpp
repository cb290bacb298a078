#pragma once

#include "cfn/cfn_resource.hpp"
#include "cfn/duration.hpp"

#include <optional>
#include <string>

namespace cdk::lambda {

/// Asynchronous-invocation settings of a function, version or alias (CDK: EventInvokeConfigOptions), rendered
/// as an `AWS::Lambda::EventInvokeConfig` child `EventInvokeConfig`. Destinations are not supported yet.
struct EventInvokeConfigOptions {
    /// How long Lambda keeps an event for retries: 60 s to 6 h (default 6 h on AWS).
    std::optional<Duration> max_event_age;
    /// Retries after a failed asynchronous invocation: 0 to 2 (default 2 on AWS).
    std::optional<double> retry_attempts;
};

/// Options of a published version (CDK: VersionOptions), also `FunctionProps::current_version_options`.
struct VersionOptions {
    /// SHA-256 of the deployment package; the deployment fails when the function's code differs.
    std::string code_sha256;
    std::string description;
    /// Provisioned concurrency of the version (at least 1).
    std::optional<double> provisioned_concurrent_executions;
    /// Unset renders no DeletionPolicy (CloudFormation deletes the version), as aws-cdk-lib does.
    std::optional<RemovalPolicy> removal_policy;
    /// Asynchronous invocation of the version (an `EventInvokeConfig` child).
    EventInvokeConfigOptions event_invoke_config;
};

} // namespace cdk::lambda
