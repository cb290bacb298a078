#pragma once

#include "core/json.hpp"

#include <string>
#include <utility>

namespace cdk::assembly::detail {

/// Appends `key: value` at the end of the ordered object `object` without looking `key` up
/// (ordered_json's operator[] searches linearly, which makes filling an object of n keys O(n^2)).
/// The caller guarantees that `key` is not in `object` yet, e.g. because the keys come from a std::map.
inline void append_new_member(nlohmann::ordered_json& object, std::string key, nlohmann::ordered_json value) {
    object.get_ref<nlohmann::ordered_json::object_t&>().emplace_back(std::move(key), std::move(value));
}

} // namespace cdk::assembly::detail
