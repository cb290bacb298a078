#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

struct evp_pkey_st; // OpenSSL's EVP_PKEY

namespace cdk::localcloud::sns {

/// The key SNS signs its messages with: an RSA-2048 key and a self-signed certificate, created on first use
/// in
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
    /// The key, parsed once: OpenSSL 3's PEM decoding (a decoder lookup under locks, the RSA Montgomery
    /// set-up) cost more than the signature itself when it ran for every message.
    std::shared_ptr<evp_pkey_st> key_;
};

} // namespace cdk::localcloud::sns
