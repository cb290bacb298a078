#pragma once

#include <string>
#include <vector>

namespace cdk {

/// The CDK's logical-id algorithm (aws-cdk-lib core/lib/private/uniqueid.ts, makeUniqueId):
/// drop `Default` components; a single component is kept (alphanumerics only) when it fits in 255
/// characters; otherwise the human part (consecutive duplicates removed, `Resource` hidden,
/// non-alphanumerics removed, cut at 240) is followed by the first 8 hex digits, upper case, of the
/// MD5 of the components joined by `/`. Throws ValidationError on no components or on tokens.
[[nodiscard]] std::string make_unique_id(std::vector<std::string> components);

/// The CDK's makeUniqueResourceName (used for stack names and artifact ids): like make_unique_id
/// but with `allowed_special` characters kept, a prefix, and the human part cut in the middle.
[[nodiscard]] std::string make_unique_resource_name(std::vector<std::string> components,
                                                    std::size_t max_length, const std::string& prefix = "",
                                                    const std::string& allowed_special = "");

/// Lower-case hex MD5 (the CDK hashes paths with MD5).
[[nodiscard]] std::string md5_hex(const std::string& data);

} // namespace cdk
