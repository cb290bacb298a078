#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <mutex>
#include <string>

namespace cdk::localcloud::sns {

/// The key SNS signs its messages with: an RSA-2048 key and a self-signed certificate, created on first use in
/// `<data dir>/sns/` and kept there (the certificate is what SigningCertURL serves).
class MessageSigner {
public:
    explicit MessageSigner(std::filesystem::path dir) : dir_(std::move(dir)) {}

    /// Base64 RSA signature of `text`: SHA1withRSA for SignatureVersion "1", SHA256withRSA for "2".
    [[nodiscard]] Result<std::string> sign(const std::string& text, const std::string& signature_version);
    /// The certificate (PEM).
    [[nodiscard]] Result<std::string> certificate();

private:
    Result<void> ensure();

    std::filesystem::path dir_;
    std::mutex mutex_;
    std::string key_pem_;
    std::string cert_pem_;
};

} // namespace cdk::localcloud::sns
