#pragma once

#include "core/error.hpp"

#include <string>

namespace cdk::localcloud::sqs {

/// SQS error codes (JSON protocol).
inline Error queue_does_not_exist() {
    return make_error("QueueDoesNotExist", "The specified queue does not exist.", 400);
}
inline Error queue_name_exists(const std::string& name) {
    return make_error("QueueNameExists",
                      "A queue already exists with the same name and a different value for "
                      "attribute(s): " +
                          name,
                      400);
}
inline Error invalid_attribute(std::string message) {
    return make_error("InvalidAttributeValue", std::move(message), 400);
}

} // namespace cdk::localcloud::sqs
