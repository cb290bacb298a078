#pragma once

#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/server/http_message.hpp"
#include "localcloud/state/store.hpp"

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace cdk::localcloud {

namespace kms {
class KmsBackend;
}

/// What every service shares: the store, the data directory's folders, and the backends other
/// services call (IAM for authorization, KMS for SSE-KMS and SecureString).
struct CloudContext {
    Store& store;
    std::filesystem::path data_dir;
    std::filesystem::path objects_dir;
    std::filesystem::path spool_dir;
    std::string default_region = "us-east-1";
    iam::IamBackend iam;
    kms::KmsBackend* kms = nullptr;
    /// The port localcloud listens on, set once it is bound (builds point AWS_ENDPOINT_URL at it).
    std::atomic<int> port{0};
    /// localcloud's own endpoints outside the AWS APIs, by path prefix under `/_localcloud/` (CodeBuild's
    /// container-credentials endpoint): not SigV4-signed, each handler authenticates its requests itself.
    /// Registered while the services are registered, read-only after.
    std::vector<std::pair<std::string, std::function<ServerResponse(const ServerRequest&)>>>
        internal_endpoints;
};

} // namespace cdk::localcloud
