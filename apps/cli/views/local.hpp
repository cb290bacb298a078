#pragma once

#include "localcloud/control/control.hpp"

#include <ostream>

namespace cdk::cli {

/// One line per field (`running`, `pid`, `port`, `data dir`), or one JSON object with `json`.
void render_local_status(std::ostream& out, const localcloud::control::Status& status, bool json);

} // namespace cdk::cli
