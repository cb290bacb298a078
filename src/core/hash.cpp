#include "core/hash.hpp"

#include "core/strings.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>
#include <memory>

namespace cdk::hash {

namespace {
struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
} // namespace

std::string sha256(std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    const int rc = EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr);
    CDK_ASSERT(rc == 1 && "EVP_Digest failed");
    return std::string(reinterpret_cast<const char*>(out), len);
}

std::string sha256_hex(std::string_view data) { return strings::to_hex(sha256(data)); }

Result<std::string> sha256_file_hex(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("FileNotFound", "cannot open '" + path.string() + "' for hashing");
    MdCtx ctx(EVP_MD_CTX_new());
    CDK_ASSERT(ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1);
    char buf[1 << 16];
    while (in) {
        in.read(buf, sizeof buf);
        const auto got = in.gcount();
        if (got > 0) EVP_DigestUpdate(ctx.get(), buf, static_cast<size_t>(got));
    }
    if (in.bad()) return make_error("FileReadError", "error while reading '" + path.string() + "'");
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), out, &len);
    return strings::to_hex(std::string_view(reinterpret_cast<const char*>(out), len));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    const unsigned char* rc = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                                   reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
    CDK_ASSERT(rc != nullptr && "HMAC failed");
    return std::string(reinterpret_cast<const char*>(out), len);
}

} // namespace cdk::hash
