#pragma once

#include "toolkit/actions/publish_assets.hpp"

#include <ostream>

namespace cdk::cli {

/// `published N, already there M (aws://account/region)`, or with `json` the same as one JSON object.
void render_publish_assets(std::ostream& out, const toolkit::PublishAssetsOutcome& outcome, bool json);

} // namespace cdk::cli
