#pragma once

#include <nlohmann/json.hpp>

namespace cdk {

/// The JSON value type used across the project (templates, manifests, AWS JSON protocols).
/// Object keys are kept sorted, which makes every file we write deterministic.
using Json = nlohmann::json;

} // namespace cdk
