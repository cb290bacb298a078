#pragma once

#include "constructs/construct.hpp"
#include "tokens/errors.hpp"

#include <string>
#include <vector>

namespace cdk::l1 {

/// Throws the synth error for required properties of a typed L1 resource that were not given,
/// naming the construct path, the resource type and every missing property.
inline void fail_if_missing(const Construct& resource, const char* type,
                            const std::vector<std::string>& missing) {
    if (missing.empty()) return;
    std::string names;
    for (const auto& name : missing)
        names += (names.empty() ? "'" : ", '") + name + "'";
    throw ValidationError(std::string(type) + " '" + resource.node().id() + "' is missing required propert" +
                              (missing.size() == 1 ? "y " : "ies ") + names,
                          resource.node().path());
}

} // namespace cdk::l1
