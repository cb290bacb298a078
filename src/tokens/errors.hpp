#pragma once

#include <stdexcept>
#include <string>

namespace cdk {

/// A mistake in the user's app (CDK: ValidationError). Thrown eagerly or at synthesis; carries the
/// construct path (empty when no construct is involved) and the offending value.
/// what() reads "<message> (at path [<path>])" so the user sees where it happened.
class ValidationError : public std::runtime_error {
public:
    ValidationError(const std::string& message, std::string path = {}, std::string value = {});

    /// The path of the construct the error is about, e.g. `MyStack/MyBucket` (may be empty).
    [[nodiscard]] const std::string& path() const { return path_; }
    /// The offending value, as given by the user (may be empty).
    [[nodiscard]] const std::string& value() const { return value_; }
    /// The message without the path suffix.
    [[nodiscard]] const std::string& message() const { return message_; }

private:
    std::string message_;
    std::string path_;
    std::string value_;
};

} // namespace cdk
