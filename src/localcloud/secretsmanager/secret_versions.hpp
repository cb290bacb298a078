#pragma once

#include "core/json.hpp"

#include <cstddef>
#include <string>
#include <vector>

/// A secret's versions and staging labels, on its stored record: `Versions` (id → {Stages, …}) and
/// `VersionOrder` (ids in creation order).
namespace cdk::localcloud::secretsmanager {

inline constexpr const char* kCurrent = "AWSCURRENT";
inline constexpr const char* kPrevious = "AWSPREVIOUS";
/// How many versions a secret keeps at most (unlabelled ones beyond it are dropped).
inline constexpr std::size_t kMaxVersions = 100;

/// The secret's versions in creation order.
[[nodiscard]] std::vector<std::string> version_order(const Json& secret);
[[nodiscard]] bool has_stage(const Json& version, const std::string& stage);
/// Removes `stage` from every version.
void remove_stage(Json& secret, const std::string& stage);
/// The version holding `stage`, or "".
[[nodiscard]] std::string version_with(const Json& secret, const std::string& stage);
/// Attaches `stage` to version `id`; AWSCURRENT moving on makes the old current AWSPREVIOUS.
void attach_stage(Json& secret, const std::string& id, const std::string& stage);
/// Drops the oldest versions without a label beyond `kMaxVersions`, as Secrets Manager does.
void prune(Json& secret);
/// Version id → its labels, for the versions that have any (DescribeSecret's VersionIdsToStages).
[[nodiscard]] Json versions_to_stages(const Json& secret);

} // namespace cdk::localcloud::secretsmanager
