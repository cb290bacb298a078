#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::sqs {

/// SQS error codes (JSON protocol).
inline constexpr ErrorCode queue_does_not_exist{"QueueDoesNotExist", 400,
                                                "The specified queue does not exist."};
inline Error queue_name_exists(const std::string& name) {
    return make_error("QueueNameExists",
                      "A queue already exists with the same name and a different value for "
                      "attribute(s): " +
                          name,
                      400);
}
inline constexpr ErrorCode invalid_attribute{"InvalidAttributeValue", 400};

} // namespace cdk::localcloud::sqs
