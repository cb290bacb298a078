#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace cdk::assembly {

/// The cloud assembly schema version we write: what aws-cdk-lib 2.276 writes
/// (npm @aws-cdk/cloud-assembly-schema, revision 55).
inline constexpr std::string_view kSchemaVersion = "55.0.0";
/// The highest major version we can read. Older majors are read as they are (the format only grew).
inline constexpr int kMaxSupportedMajor = 55;

/// The major component of a semantic version such as "55.0.0" (or "55"); an error when it is not one.
[[nodiscard]] Result<int> parse_major_version(std::string_view version);

/// Fails when an assembly written with `version` cannot be read by this cdkpp.
[[nodiscard]] Result<void> check_readable_version(std::string_view version, std::string_view where);

} // namespace cdk::assembly
