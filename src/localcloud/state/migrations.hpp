#pragma once

#include <vector>

namespace cdk::localcloud {

/// The schema migrations, in order; migration i brings `PRAGMA user_version` from i to i+1.
/// Append only: never edit a migration that has shipped.
[[nodiscard]] const std::vector<const char*>& migrations();

} // namespace cdk::localcloud
