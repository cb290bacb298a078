#pragma once

#include "assembly/cloud_assembly.hpp"
#include "assembly/environment.hpp"
#include "core/result.hpp"

#include <string>
#include <vector>

namespace cdk::toolkit {

/// One line of `list`: the id the user selects by (with the CloudFormation name when it differs).
struct ListedStack {
    std::string id; ///< `Dev/Service (Dev-Service)`, or `Root` when the names agree
    std::string hierarchical_id;
    std::string name; ///< CloudFormation stack name
    assembly::Environment environment;
    std::vector<std::string> dependencies; ///< `id`s of the listed stacks it depends on
};

/// Lists stacks like `cdk ls`: every stack when no pattern is given, nested stages included; patterns
/// also bring in what the matches depend on; a pattern matching nothing is not an error. Dependency order.
[[nodiscard]] Result<std::vector<ListedStack>> list_stacks(const assembly::CloudAssembly& assembly,
                                                           const std::vector<std::string>& patterns);

} // namespace cdk::toolkit
