#pragma once

#include "core/json.hpp"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::json {

/// A JSON document read into one flat array of nodes (a container's members follow it; each node knows
/// where its subtree ends), with strings as views into the text: no allocation per value, for readers
/// that take a few typed fields out of a document and build nothing else (the assembly manifest).
///
/// It reads the subset of JSON parse_ordered() reads on its fast path (ASCII and valid UTF-8 strings with
/// every escape, integers of up to 18 digits, literals, objects and arrays up to 256 deep) and, in
/// addition, refuses an object with a repeated key. parse() returns false for anything else (floats,
/// malformed text, ...): the caller then parses the text with parse_ordered(), which decides and reports
/// the error. What it accepts, parse_ordered() accepts, with the same values (to_ordered_json()).
class FlatDocument {
public:
    enum class Kind : std::uint8_t { Null, Boolean, Integer, Unsigned, String, Object, Array };
    struct Node {
        Kind kind = Kind::Null;
        bool boolean = false;
        std::uint32_t next = 0;   ///< index just past this node's subtree (its next sibling)
        std::uint32_t count = 0;  ///< members or elements of a container
        std::string_view key;     ///< the member's key when the parent is an object
        std::string_view string;  ///< a string's value (decoded)
        std::uint64_t number = 0; ///< Unsigned: the value; Integer: the int64 value's bits
    };
    static constexpr std::uint32_t kRoot = 0;

    FlatDocument() = default;
    FlatDocument(const FlatDocument&) = delete; // views point into decoded_
    FlatDocument& operator=(const FlatDocument&) = delete;

    /// Reads `text`, which must outlive the document. False when it is not in the subset above.
    [[nodiscard]] bool parse(std::string_view text);

    [[nodiscard]] const Node& node(std::uint32_t i) const { return nodes_[i]; }
    /// nlohmann's type_name() of node i ("object", "number", ...).
    [[nodiscard]] const char* type_name(std::uint32_t i) const;
    /// The integer value of an Integer or Unsigned node.
    [[nodiscard]] std::int64_t integer(std::uint32_t i) const {
        return static_cast<std::int64_t>(nodes_[i].number);
    }
    /// The member `key` of object node i, or 0 (never a member's index) when it has none.
    [[nodiscard]] std::uint32_t find(std::uint32_t i, std::string_view key) const;
    /// The value of node i, as parse_ordered() builds it, and as cdk::Json.
    [[nodiscard]] nlohmann::ordered_json to_ordered_json(std::uint32_t i) const;
    [[nodiscard]] Json to_json(std::uint32_t i) const;

private:
    bool value(int depth);
    bool object(int depth);
    bool array(int depth);
    bool number();
    bool literal(std::string_view word, Kind kind, bool b);
    bool string(std::string_view& out);
    [[nodiscard]] bool has_repeated_key(std::uint32_t object) const;

    const char* p_ = nullptr;
    const char* end_ = nullptr;
    std::vector<Node> nodes_;
    std::deque<std::string> decoded_; ///< strings with escapes, decoded (stable addresses)
};

} // namespace cdk::json
