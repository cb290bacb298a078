#pragma once

#include "core/json.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk {

/// CloudFormation intrinsic functions (CDK: Fn). String-valued functions return string tokens,
/// list-valued ones list tokens, condition functions a Json token resolving to the expression;
/// all may be embedded anywhere in property values. Literal inputs are folded where the CDK does
/// (`split` of a literal string, `select` from a literal list, `join` of literals).
struct Fn {
    [[nodiscard]] static std::string ref(const std::string& logical_name);
    [[nodiscard]] static std::string get_att(const std::string& logical_name, const std::string& attribute);
    /// `Fn::Join`; literals and nested joins with the same delimiter are merged. Throws on an empty list.
    [[nodiscard]] static std::string join(const std::string& delimiter,
                                          const std::vector<std::string>& values);
    [[nodiscard]] static std::vector<std::string> split(const std::string& delimiter,
                                                        const std::string& source,
                                                        std::optional<int> assumed_length = std::nullopt);
    [[nodiscard]] static std::string select(int index, const std::vector<std::string>& array);
    [[nodiscard]] static std::string sub(const std::string& body,
                                         const std::map<std::string, std::string>& variables = {});
    [[nodiscard]] static std::string base64(const std::string& data);
    /// `Fn::Cidr`; count must be in [1, 256].
    [[nodiscard]] static std::vector<std::string> cidr(const std::string& ip_block, int count,
                                                       const std::string& size_mask = "");
    [[nodiscard]] static std::vector<std::string> get_azs(const std::string& region = "");
    [[nodiscard]] static std::string import_value(const std::string& shared_value_to_import);
    [[nodiscard]] static std::string find_in_map(const std::string& map_name,
                                                 const std::string& top_level_key,
                                                 const std::string& second_level_key,
                                                 std::optional<std::string> default_value = std::nullopt);
    /// `Fn::ToJsonString` (adds the AWS::LanguageExtensions transform); a literal is serialized directly.
    [[nodiscard]] static std::string to_json_string(const Json& object);
    /// `Fn::Length` as a number token (a literal array yields its size).
    [[nodiscard]] static double len(const Json& array);
    [[nodiscard]] static std::string transform(const std::string& macro_name, const Json& parameters);

    [[nodiscard]] static Json condition_equals(const Json& lhs, const Json& rhs);
    [[nodiscard]] static Json condition_and(const std::vector<Json>& conditions);
    [[nodiscard]] static Json condition_or(const std::vector<Json>& conditions);
    [[nodiscard]] static Json condition_not(const Json& condition);
    /// `Fn::If` on the named condition.
    [[nodiscard]] static Json condition_if(const std::string& condition_id, const Json& value_if_true,
                                           const Json& value_if_false);
    [[nodiscard]] static Json condition_contains(const std::vector<std::string>& list_of_strings,
                                                 const std::string& value);
    [[nodiscard]] static Json condition_each_member_equals(const std::vector<std::string>& list_of_strings,
                                                           const std::string& value);
    [[nodiscard]] static Json condition_each_member_in(const std::vector<std::string>& strings_to_check,
                                                       const std::vector<std::string>& strings_to_match);
};

} // namespace cdk
