#include "tokens/errors.hpp"

namespace cdk {

ValidationError::ValidationError(const std::string& message, std::string path, std::string value)
    : std::runtime_error(path.empty() ? message : message + " (at path [" + path + "])"), message_(message),
      path_(std::move(path)), value_(std::move(value)) {}

} // namespace cdk
