#pragma once
// Helpers shared by the events_targets tests.
#include "core/json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace events_targets_test {

/// The one resource of `type` in the template (fails the test when there is not exactly one).
inline cdk::Json only_of_type(const cdk::Json& tmpl, const std::string& type) {
    cdk::Json found;
    int n = 0;
    for (const auto& [id, r] : tmpl["Resources"].items()) {
        if (r["Type"] == type) {
            found = r;
            ++n;
        }
    }
    EXPECT_EQ(n, 1) << type;
    return found;
}

/// The number of resources of `type`.
inline int count_of_type(const cdk::Json& tmpl, const std::string& type) {
    int n = 0;
    for (const auto& [id, r] : tmpl["Resources"].items())
        n += r["Type"] == type ? 1 : 0;
    return n;
}

} // namespace events_targets_test
