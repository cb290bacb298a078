#pragma once

#include "aws/protocol/model.hpp"

#include <string>
#include <string_view>

namespace cdk::aws {

/// An AWS partition: aws, aws-cn or aws-us-gov.
struct Partition {
    std::string name;
    std::string dns_suffix;
};
/// The partition a region belongs to (cn-* → aws-cn / amazonaws.com.cn, us-gov-* → aws-us-gov).
[[nodiscard]] Partition partition_of(std::string_view region);

/// Where a service client sends requests.
struct Endpoint {
    std::string url;            ///< scheme://host[:port][/base]
    std::string signing_region; ///< region in the SigV4 scope (us-east-1 for global IAM, ...)
    bool path_style = true;     ///< S3: bucket in the path (custom endpoints) or in the host (AWS)
    std::string source;         ///< how it was chosen ("default", "AWS_ENDPOINT_URL_S3", ...)
};

/// The AWS endpoint of a service in a region: https://{prefix}.{region}.{suffix}; IAM is global per
/// partition; S3 uses virtual-hosted buckets.
[[nodiscard]] Endpoint default_endpoint(const protocol::ServiceModel& model, std::string_view region);

} // namespace cdk::aws
