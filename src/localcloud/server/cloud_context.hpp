#pragma once

#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/state/store.hpp"

#include <filesystem>
#include <string>

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
};

} // namespace cdk::localcloud
