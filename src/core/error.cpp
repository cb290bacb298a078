#include "core/error.hpp"

namespace cdk {

std::string Error::to_string() const {
    if (code.empty()) return message;
    if (message.empty()) return code;
    return code + ": " + message;
}

Error make_error(std::string code, std::string message, int http_status) {
    return Error{std::move(code), std::move(message), http_status, {}};
}

} // namespace cdk
