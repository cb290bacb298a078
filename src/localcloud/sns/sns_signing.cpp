#include "localcloud/sns/sns_signing.hpp"

#include "core/fs.hpp"
#include "localcloud/protocol/base64.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <memory>

namespace cdk::localcloud::sns {

namespace {

Error signing_error(const std::string& what) {
    return make_error("InternalError", "SNS message signing: " + what, 500);
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

} // namespace

Result<void> MessageSigner::ensure() {
    if (!key_pem_.empty()) return ok();
    const auto key_file = dir_ / "signing-key.pem";
    const auto cert_file = dir_ / "signing-cert.pem";
    std::error_code ec;
    if (std::filesystem::exists(key_file, ec) && std::filesystem::exists(cert_file, ec)) {
        auto k = fs::read_file(key_file);
        auto c = fs::read_file(cert_file);
        if (k && c) {
            key_pem_ = *k;
            cert_pem_ = *c;
            return ok();
        }
    }
    Key key(EVP_RSA_gen(2048), EVP_PKEY_free);
    if (!key) return signing_error("cannot generate an RSA key");
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("sns.localcloud.amazonaws.com"), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
        return signing_error("cannot sign the certificate");
    Bio kb(BIO_new(BIO_s_mem()), BIO_free);
    Bio cb(BIO_new(BIO_s_mem()), BIO_free);
    if (PEM_write_bio_PrivateKey(kb.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 0 ||
        PEM_write_bio_X509(cb.get(), cert.get()) == 0) {
        return signing_error("cannot write the key");
    }
    std::filesystem::create_directories(dir_, ec);
    if (ec) return signing_error("cannot create " + dir_.string() + ": " + ec.message());
    if (auto w = fs::write_file_atomic(key_file, bio_text(kb.get())); !w) return w.error();
    std::filesystem::permissions(
        key_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    if (auto w = fs::write_file_atomic(cert_file, bio_text(cb.get())); !w) return w.error();
    key_pem_ = bio_text(kb.get());
    cert_pem_ = bio_text(cb.get());
    return ok();
}

Result<std::string> MessageSigner::sign(const std::string& text, const std::string& signature_version) {
    std::shared_ptr<EVP_PKEY> key;
    {
        std::lock_guard lock(mutex_);
        if (auto e = ensure(); !e) return e.error();
        if (!key_) {
            Bio bio(BIO_new_mem_buf(key_pem_.data(), static_cast<int>(key_pem_.size())), BIO_free);
            key_.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
            if (!key_) return signing_error("cannot read the signing key");
        }
        key = key_;
    }
    // One EVP_PKEY may sign in several threads at once (OpenSSL locks what it caches in the key).
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    const EVP_MD* md = signature_version == "2" ? EVP_sha256() : EVP_sha1();
    std::size_t n = 0;
    if (EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key.get()) != 1 ||
        EVP_DigestSignUpdate(ctx.get(), text.data(), text.size()) != 1 ||
        EVP_DigestSignFinal(ctx.get(), nullptr, &n) != 1) {
        return signing_error("cannot sign");
    }
    std::string sig(n, '\0');
    if (EVP_DigestSignFinal(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &n) != 1) {
        return signing_error("cannot sign");
    }
    sig.resize(n);
    return base64_encode(sig);
}

Result<std::string> MessageSigner::certificate() {
    std::lock_guard lock(mutex_);
    if (auto e = ensure(); !e) return e.error();
    return cert_pem_;
}

} // namespace cdk::localcloud::sns
