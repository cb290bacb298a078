#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/http_message.hpp"

#include <map>
#include <string>
#include <vector>

namespace cdk::localcloud {

/// Decoded Query-protocol input: the form body's and the query string's parameters. A name or value that
/// does not decode to UTF-8 (`%FF`) is `MalformedQueryString` (400): nothing downstream can store or render
/// it.
[[nodiscard]] Result<std::map<std::string, std::string>> parse_query_input(const HttpRequest& request);

/// `prefix.member.N` values in order (e.g. "PolicyArns.member" → ["a", "b"]).
[[nodiscard]] std::vector<std::string> query_list(const std::map<std::string, std::string>& params,
                                                  const std::string& prefix);

/// Tags from `prefix.member.N.Key/Value` as a JSON array of {Key, Value}.
[[nodiscard]] Json query_tags(const std::map<std::string, std::string>& params, const std::string& prefix = "Tags");

} // namespace cdk::localcloud
