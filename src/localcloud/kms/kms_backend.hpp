#pragma once

namespace cdk::localcloud::kms {

/// KMS keys, aliases and authenticated encryption (AES-256-GCM).
class KmsBackend {
public:
};

} // namespace cdk::localcloud::kms
