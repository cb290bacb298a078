#pragma once

#include "localcloud/server/http_message.hpp"

#include <string>

namespace cdk::localcloud {

/// Which service a request is for: `X-Amz-Target` prefix (AmazonSSM., TrentService.), else the SigV4
/// credential scope's service, else the Host (`sts.…`, `iam.…`, `s3.…`, `<bucket>.s3.…`), else a Query
/// `Action` body's API version, else S3 (whose requests carry no other marker).
/// `scope_service` is the service from the request's signature, "" when unsigned.
[[nodiscard]] std::string route_service(const ServerRequest& request, const std::string& scope_service);

} // namespace cdk::localcloud
