#pragma once

#include <optional>
#include <string>

namespace cdk {

/// The ARN formats services use (CDK: ArnFormat).
enum class ArnFormat {
    NoResourceName,    ///< arn:aws:service:region:account:resource (S3 buckets, SNS topics)
    ColonResourceName, ///< arn:aws:service:region:account:resource:resourceName (Lambda functions)
    SlashResourceName, ///< arn:aws:service:region:account:resource/resourceName (IAM roles, KMS keys)
    SlashResourceSlashResourceName, ///< arn:aws:service:region:account:/resource/resourceName
};

/// The parts of an ARN (CDK: ArnComponents). For an ARN that is a token, each part is a token
/// (`Fn::Select` of `Fn::Split`).
struct ArnComponents {
    std::string partition;
    std::string service;
    std::string region;
    std::string account;
    std::string resource;
    std::optional<std::string> resource_name;
    std::optional<std::string> sep; ///< between resource and resource name: "/" or ":"
    ArnFormat arn_format = ArnFormat::NoResourceName;
};

/// Splitting ARNs, once for every construct library module (CDK: Arn in aws-cdk-lib core).
struct Arn {
    /// CDK Arn.split. A literal ARN is split at its colons and its format is detected from it (a slash in the
    /// resource part, unless `format` is NoResourceName; else a seventh component); it must start with `arn:`
    /// and have a partition, a service and a resource, or ValidationError. An unresolved ARN (a token) is
    /// split as `format` says, into `Fn::Select` tokens of `Fn::Split(":", arn)` (and of `Fn::Split("/", …)`
    /// of its sixth part for the slash formats).
    [[nodiscard]] static ArnComponents split(const std::string& arn, ArnFormat format);
    /// CDK Arn.extractResourceName: the full resource name (a path may hold slashes) of an ARN whose resource
    /// type is `resource_type` (`role` in `arn:aws:iam::1:role/path/name` gives `path/name`); ValidationError
    /// when the type differs or there is no name. A token gives `Fn::Select(1, Fn::Split(":<type>/", arn))`.
    [[nodiscard]] static std::string extract_resource_name(const std::string& arn,
                                                           const std::string& resource_type);
};

} // namespace cdk
