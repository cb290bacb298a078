#include "localcloud/server/router.hpp"

#include "core/strings.hpp"

namespace cdk::localcloud {

std::string route_service(const ServerRequest& request, const std::string& scope_service) {
    const std::string target = request.header("x-amz-target");
    if (strings::starts_with(target, "AmazonSSM.")) return "ssm";
    if (strings::starts_with(target, "TrentService.")) return "kms";
    if (strings::starts_with(target, "AmazonEC2ContainerRegistry_V20150921.")) return "ecr";
    if (strings::starts_with(target, "AmazonSQS.")) return "sqs";
    if (!scope_service.empty()) return scope_service;
    const std::string host = strings::to_lower(request.header("host"));
    if (strings::starts_with(host, "sts.")) return "sts";
    if (strings::starts_with(host, "iam.")) return "iam";
    if (strings::starts_with(host, "ssm.")) return "ssm";
    if (strings::starts_with(host, "kms.")) return "kms";
    if (request.method == "POST" &&
        strings::starts_with(request.header("content-type"), "application/x-www-form-urlencoded")) {
        const std::string body = request.body_text();
        if (body.find("Version=2011-06-15") != std::string::npos) return "sts";
        if (body.find("Version=2010-05-08") != std::string::npos) return "iam";
        if (body.find("Version=2010-03-31") != std::string::npos) return "sns";
    }
    return "s3";
}

} // namespace cdk::localcloud
