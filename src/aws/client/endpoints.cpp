#include "aws/client/endpoints.hpp"

namespace cdk::aws {

Partition partition_of(std::string_view region) {
    if (region.starts_with("cn-")) return {"aws-cn", "amazonaws.com.cn"};
    if (region.starts_with("us-gov-")) return {"aws-us-gov", "amazonaws.com"};
    return {"aws", "amazonaws.com"};
}

Endpoint default_endpoint(const protocol::ServiceModel& model, std::string_view region) {
    const Partition partition = partition_of(region);
    const std::string prefix = model.meta("endpointPrefix");
    Endpoint e;
    e.source = "default";
    e.signing_region = std::string(region);
    if (prefix == "iam") {
        if (partition.name == "aws-cn") {
            e.url = "https://iam.cn-north-1.amazonaws.com.cn";
            e.signing_region = "cn-north-1";
        } else if (partition.name == "aws-us-gov") {
            e.url = "https://iam.us-gov.amazonaws.com";
            e.signing_region = "us-gov-west-1";
        } else {
            e.url = "https://iam.amazonaws.com";
            e.signing_region = "us-east-1";
        }
        return e;
    }
    e.url = "https://" + prefix + "." + std::string(region) + "." + partition.dns_suffix;
    e.path_style = prefix != "s3";
    return e;
}

} // namespace cdk::aws
