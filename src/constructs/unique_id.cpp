#include "constructs/unique_id.hpp"

#include "core/strings.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace cdk {
namespace {

constexpr std::size_t kHashLen = 8;
constexpr std::size_t kMaxHumanLen = 240;
constexpr std::size_t kMaxIdLen = 255;

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string keep_chars(const std::string& s, const std::string& allowed_special) {
    std::string out;
    for (const char c : s) {
        if (is_alnum(c) || allowed_special.find(c) != std::string::npos) {
            out += c;
        }
    }
    return out;
}

std::string path_hash(const std::vector<std::string>& components) {
    return strings::to_upper(md5_hex(strings::join(components, "/")).substr(0, kHashLen));
}

std::vector<std::string> remove_dupes(const std::vector<std::string>& path) {
    std::vector<std::string> out;
    for (const auto& c : path) {
        if (out.empty() || !strings::ends_with(out.back(), c)) {
            out.push_back(c);
        }
    }
    return out;
}

void drop_default(std::vector<std::string>& components) {
    components.erase(std::remove(components.begin(), components.end(), "Default"), components.end());
}

} // namespace

std::string md5_hex(const std::string& data) {
    // Fetched once: EVP_md5() makes OpenSSL 3 look the algorithm up in its provider on every digest,
    // which cost more than the digest itself (one per logical id). Never freed: it lives as long as the process.
    static EVP_MD* const md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), digest, &len, md5 != nullptr ? md5 : EVP_md5(), nullptr);
    return strings::to_hex(std::string_view(reinterpret_cast<const char*>(digest), len));
}

std::string make_unique_id(std::vector<std::string> components) {
    drop_default(components);
    if (components.empty()) {
        throw ValidationError("unable to calculate a unique id for an empty set of components");
    }
    for (const auto& c : components) {
        if (Token::is_unresolved(c)) {
            throw ValidationError("id components may not include unresolved tokens", {}, c);
        }
    }
    if (components.size() == 1) {
        std::string candidate = keep_chars(components[0], "");
        if (candidate.size() <= kMaxIdLen) {
            return candidate;
        }
    }
    const std::string hash = path_hash(components);
    std::string human;
    for (const auto& c : remove_dupes(components)) {
        if (c != "Resource") {
            human += keep_chars(c, "");
        }
    }
    return human.substr(0, kMaxHumanLen) + hash;
}

std::string make_unique_resource_name(std::vector<std::string> components, std::size_t max_length,
                                      const std::string& prefix, const std::string& allowed_special) {
    drop_default(components);
    if (components.empty()) {
        throw ValidationError("unable to calculate a unique resource name for an empty set of components");
    }
    if (components.size() == 1) {
        std::string top = prefix + keep_chars(components[0], allowed_special);
        if (top.size() <= max_length) {
            return top;
        }
    }
    const std::string hash = path_hash(components);
    std::string human = prefix;
    for (const auto& c : remove_dupes(components)) {
        if (c == "Resource") {
            continue;
        }
        human += keep_chars(c, allowed_special);
    }
    const std::size_t max_human = max_length - kHashLen;
    if (human.size() > max_human) {
        const std::size_t half = max_human / 2;
        human = human.substr(0, half) + human.substr(human.size() - half);
    }
    return human + hash;
}

} // namespace cdk
