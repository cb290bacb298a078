#pragma once

#include "toolkit/actions/bootstrap.hpp"

#include <ostream>
#include <vector>

namespace cdk::cli {

/// One line per environment (bootstrapped, no changes, or the error), or a JSON array with `json`.
void render_bootstrap(std::ostream& out, std::ostream& err,
                      const std::vector<toolkit::BootstrapResult>& results, bool json);

} // namespace cdk::cli
