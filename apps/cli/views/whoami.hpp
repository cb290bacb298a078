#pragma once

#include "aws/sts/whoami.hpp"

#include <ostream>

namespace cdk::cli {

/// Prints the identity (account, ARN, user id) and where credentials, region and endpoint came from;
/// `json` prints the same as one JSON object.
void render_whoami(std::ostream& out, const aws::sts::WhoAmI& who, bool json);

} // namespace cdk::cli
