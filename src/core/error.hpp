#pragma once

#include <string>

namespace cdk {

/// A failure caused by the outside world (network, AWS error, file, parse of external input).
/// `code` is stable and machine-readable (an AWS error code such as `AccessDenied`, or one of
/// ours such as `FileNotFound`); `message` is for the user; `http_status` is set for AWS errors.
struct Error {
    std::string code;
    std::string message;
    int http_status = 0;
    std::string request_id;

    /// "code: message", the form every log line and diagnostic uses.
    [[nodiscard]] std::string to_string() const;
};

/// Convenience constructor.
[[nodiscard]] Error make_error(std::string code, std::string message, int http_status = 0);

} // namespace cdk
