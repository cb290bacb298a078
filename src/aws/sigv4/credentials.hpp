#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace cdk::aws {

/// A set of AWS credentials: long-term keys, or temporary ones with a session token and an expiry.
struct Credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token; ///< empty for long-term keys
    std::optional<std::chrono::system_clock::time_point> expiration;

    [[nodiscard]] bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
};

} // namespace cdk::aws
