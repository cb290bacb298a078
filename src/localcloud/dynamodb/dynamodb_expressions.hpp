#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::localcloud::dynamodb {

/// DynamoDB expressions (condition, filter, key condition, update, projection) parsed from hostile input:
/// at most kMaxExpressionBytes bytes (AWS's 4 KB), kMaxDepth nested parentheses/functions and kMaxTokens
/// tokens; anything else is a ValidationException, never a crash. Attribute values are DynamoDB's JSON form
/// (`{"S": "x"}`, `{"N": "1"}`, ...); `#names` and `:values` come from ExpressionAttributeNames/Values.
constexpr std::size_t kMaxExpressionBytes = 4096;
constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxTokens = 1024;

/// A document path: top-level name, then `.name` / `[index]` elements.
struct PathElement {
    std::string name; ///< empty for an index
    long index = -1;
};
using Path = std::vector<PathElement>;

struct Node;
using NodePtr = std::shared_ptr<const Node>;

/// One node of a parsed expression.
struct Node {
    enum class Kind { Attribute, Value, Compare, Between, In, And, Or, Not, Function };
    Kind kind = Kind::Value;
    Path path;                 ///< Attribute
    Json value;                ///< Value (an attribute value)
    std::string op;            ///< Compare: = <> < <= > >=; Function: its name
    std::vector<NodePtr> args; ///< operands
};

/// The names and values an expression may reference; each used one is marked, so that unused ones can be
/// refused as AWS does.
struct ExpressionContext {
    Json names = Json::object();
    Json values = Json::object();
};

[[nodiscard]] Result<NodePtr> parse_condition(const std::string& text, const ExpressionContext& ctx);

/// One action of an update expression.
struct UpdateAction {
    enum class Kind { Set, Remove, Add, Delete };
    Kind kind = Kind::Set;
    Path path;
    NodePtr value; ///< Set: the operand (possibly `a + b`, functions); Add/Delete: the value
};
[[nodiscard]] Result<std::vector<UpdateAction>> parse_update(const std::string& text,
                                                             const ExpressionContext& ctx);
[[nodiscard]] Result<std::vector<Path>> parse_projection(const std::string& text,
                                                         const ExpressionContext& ctx);

/// Whether `item` (an attribute map) satisfies `condition`.
[[nodiscard]] Result<bool> evaluate_condition(const Node& condition, const Json& item);
/// Applies `actions` to `item`; the top-level names touched go to `touched`.
[[nodiscard]] Result<void> apply_update(const std::vector<UpdateAction>& actions, Json& item,
                                        std::vector<std::string>& touched);
/// The attributes of `item` the paths select (top-level names and nested elements).
[[nodiscard]] Json project(const Json& item, const std::vector<Path>& paths);

/// Whether an upper-case word is one of DynamoDB's reserved words (dynamodb_reserved_words.cpp).
[[nodiscard]] bool is_reserved_word(std::string_view upper_case_word);
/// The first path element's name of a path (for key checks).
[[nodiscard]] std::string top_name(const Path& path);
/// Orders two scalar attribute values of the same type (N numerically, S and B bytewise): <0, 0, >0.
[[nodiscard]] int compare_values(const Json& a, const Json& b);
/// A DynamoDB number's normalized text (`1.50` is `1.5`, `1E1` is `10`).
[[nodiscard]] std::string normalize_number(const std::string& text);
/// The type letter of an attribute value (`S`, `N`, ...), or empty.
[[nodiscard]] std::string type_of(const Json& value);

} // namespace cdk::localcloud::dynamodb
