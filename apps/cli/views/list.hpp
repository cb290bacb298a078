#pragma once

#include "toolkit/actions/list.hpp"

#include <ostream>
#include <vector>

namespace cdk::cli {

/// How `list` prints.
struct ListView {
    bool long_format = false;
    bool show_dependencies = false;
    bool json = false;
};

/// Renders stacks like `cdk ls`: one id per line; `--long` adds name and environment (YAML); with
/// `--show-dependencies` each stack's dependencies; `--json` prints the long form as JSON.
void render_list(std::ostream& out, const std::vector<toolkit::ListedStack>& stacks, const ListView& view);

} // namespace cdk::cli
