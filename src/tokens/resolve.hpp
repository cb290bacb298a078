#pragma once

#include "core/json.hpp"
#include "tokens/resolvable.hpp"

#include <string>
#include <vector>

namespace cdk {

/// Resolves every token in `value` into CloudFormation (CDK: Tokenization.resolve with the
/// CloudFormation concatenator): strings with embedded tokens become `Fn::Join` with adjacent
/// literals merged, list and number tokens are replaced by their values, and "undefined"
/// (Json discarded) entries are dropped from objects and arrays.
[[nodiscard]] Json resolve(const Json& value, const ResolveOptions& options = {});
/// The same, resolving a value the caller gives up in place: only the parts holding tokens are rebuilt.
[[nodiscard]] Json resolve(Json&& value, const ResolveOptions& options = {});

/// Calls `fn` for every token `value` contains, resolving it (CDK: findTokens).
void find_tokens(const Json& value, const ResolveOptions& options,
                 const std::function<void(const IResolvable&)>& fn);

namespace detail {

/// CDK's minimalCloudFormationJoin: splices nested `Fn::Join`s with the same delimiter and merges
/// adjacent literals (strings and numbers) with the delimiter.
[[nodiscard]] std::vector<Json> minimal_cloudformation_join(const std::string& delimiter,
                                                            std::vector<Json> values);
/// CDK's CloudFormationLang.concat of two resolved fragments.
[[nodiscard]] Json cloudformation_concat(const Json& left, const Json& right);
/// JavaScript's rendering of a number inside a string (`1`, `0.5`).
[[nodiscard]] std::string js_number_to_string(const Json& number);

} // namespace detail
} // namespace cdk
