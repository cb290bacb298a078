#include "core/json_flat.hpp"

#include "core/detail/json_scan.hpp"

#include <type_traits>
#include <unordered_set>

namespace cdk::json {
namespace {

constexpr int kMaxDepth = 256;
/// Objects up to this size look for a repeated key pairwise; larger ones with a hash set.
constexpr std::uint32_t kPairwiseLimit = 8;

template <typename J> J build(const FlatDocument& doc, std::uint32_t i) {
    using Kind = FlatDocument::Kind;
    const auto& n = doc.node(i);
    switch (n.kind) {
    case Kind::Null: return J(nullptr);
    case Kind::Boolean: return J(n.boolean);
    case Kind::Integer: return J(static_cast<typename J::number_integer_t>(doc.integer(i)));
    case Kind::Unsigned: return J(static_cast<typename J::number_unsigned_t>(n.number));
    case Kind::String: return J(std::string(n.string));
    case Kind::Array: {
        J out = J::array();
        auto& elements = out.template get_ref<typename J::array_t&>();
        elements.reserve(n.count);
        for (std::uint32_t c = i + 1; c < n.next; c = doc.node(c).next)
            elements.push_back(build<J>(doc, c));
        return out;
    }
    case Kind::Object: {
        J out = J::object();
        auto& members = out.template get_ref<typename J::object_t&>();
        for (std::uint32_t c = i + 1; c < n.next; c = doc.node(c).next) {
            if constexpr (std::is_same_v<J, nlohmann::ordered_json>) {
                // Keys are unique (parse() refuses a repeated one): appended without ordered_map's search.
                static_cast<typename J::object_t::Container&>(members).emplace_back(
                    std::string(doc.node(c).key), build<J>(doc, c));
            } else {
                members.emplace(std::string(doc.node(c).key), build<J>(doc, c));
            }
        }
        return out;
    }
    }
    return J();
}

} // namespace

bool FlatDocument::parse(std::string_view text) {
    p_ = text.data();
    end_ = text.data() + text.size();
    nodes_.clear();
    decoded_.clear();
    nodes_.reserve(64 + text.size() / 24);
    p_ = detail::skip_whitespace(p_, end_);
    if (!value(0)) return false;
    p_ = detail::skip_whitespace(p_, end_);
    return p_ == end_;
}

const char* FlatDocument::type_name(std::uint32_t i) const {
    switch (nodes_[i].kind) {
    case Kind::Null: return "null";
    case Kind::Boolean: return "boolean";
    case Kind::Integer:
    case Kind::Unsigned: return "number";
    case Kind::String: return "string";
    case Kind::Object: return "object";
    case Kind::Array: return "array";
    }
    return "null";
}

std::uint32_t FlatDocument::find(std::uint32_t i, std::string_view key) const {
    const Node& n = nodes_[i];
    if (n.kind != Kind::Object) return 0;
    for (std::uint32_t c = i + 1; c < n.next; c = nodes_[c].next) {
        if (nodes_[c].key == key) return c;
    }
    return 0;
}

nlohmann::ordered_json FlatDocument::to_ordered_json(std::uint32_t i) const {
    return build<nlohmann::ordered_json>(*this, i);
}

Json FlatDocument::to_json(std::uint32_t i) const {
    return build<Json>(*this, i);
}

bool FlatDocument::value(int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
    case '{': return object(depth);
    case '[': return array(depth);
    case '"': {
        std::string_view s;
        if (!string(s)) return false;
        nodes_.push_back(Node{Kind::String, false, 0, 0, {}, s, 0});
        nodes_.back().next = static_cast<std::uint32_t>(nodes_.size());
        return true;
    }
    case 't': return literal("true", Kind::Boolean, true);
    case 'f': return literal("false", Kind::Boolean, false);
    case 'n': return literal("null", Kind::Null, false);
    default: return number();
    }
}

bool FlatDocument::literal(std::string_view word, Kind kind, bool b) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
        return false;
    p_ += word.size();
    nodes_.push_back(Node{kind, b, static_cast<std::uint32_t>(nodes_.size() + 1), 0, {}, {}, 0});
    return true;
}

bool FlatDocument::number() {
    bool negative = false;
    std::uint64_t v = 0;
    if (!detail::scan_integer(p_, end_, negative, v)) return false; // a float or malformed: parse_ordered's
    Node n{negative ? Kind::Integer : Kind::Unsigned,
           false,
           static_cast<std::uint32_t>(nodes_.size() + 1),
           0,
           {},
           {},
           v};
    // "-0" is the integer 0, as nlohmann reads it.
    if (negative) n.number = static_cast<std::uint64_t>(-static_cast<std::int64_t>(v));
    nodes_.push_back(n);
    return true;
}

bool FlatDocument::string(std::string_view& out) {
    ++p_; // '"'
    const char* start = p_;
    std::string* decoded = nullptr;
    while (true) {
        const char* run = p_;
        p_ = detail::string_run_end(p_, end_);
        if (decoded != nullptr) decoded->append(run, static_cast<std::size_t>(p_ - run));
        if (p_ == end_) return false;
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"') {
            out = decoded != nullptr ? std::string_view(*decoded)
                                     : std::string_view(start, static_cast<std::size_t>(p_ - start));
            ++p_;
            return true;
        }
        if (c == '\\') {
            if (decoded == nullptr)
                decoded = &decoded_.emplace_back(start, static_cast<std::size_t>(p_ - start));
            ++p_;
            if (!detail::decode_escape(p_, end_, *decoded)) return false;
        } else if (c >= 0x80) {
            const std::size_t n = detail::utf8_sequence_length(p_, end_);
            if (n == 0) return false;
            if (decoded != nullptr) decoded->append(p_, n);
            p_ += n;
        } else {
            return false; // a control character: malformed
        }
    }
}

bool FlatDocument::object(int depth) {
    if (depth >= kMaxDepth) return false;
    ++p_; // '{'
    const auto self = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(Node{Kind::Object, false, 0, 0, {}, {}, 0});
    p_ = detail::skip_whitespace(p_, end_);
    if (p_ != end_ && *p_ == '}') {
        ++p_;
        nodes_[self].next = self + 1;
        return true;
    }
    std::uint32_t count = 0;
    while (true) {
        p_ = detail::skip_whitespace(p_, end_);
        if (p_ == end_ || *p_ != '"') return false;
        std::string_view key;
        if (!string(key)) return false;
        p_ = detail::skip_whitespace(p_, end_);
        if (p_ == end_ || *p_ != ':') return false;
        ++p_;
        p_ = detail::skip_whitespace(p_, end_);
        const auto member = static_cast<std::uint32_t>(nodes_.size());
        if (!value(depth + 1)) return false;
        nodes_[member].key = key;
        ++count;
        p_ = detail::skip_whitespace(p_, end_);
        if (p_ == end_) return false;
        if (*p_ == '}') {
            ++p_;
            break;
        }
        if (*p_ != ',') return false;
        ++p_;
    }
    nodes_[self].next = static_cast<std::uint32_t>(nodes_.size());
    nodes_[self].count = count;
    return !has_repeated_key(self);
}

bool FlatDocument::array(int depth) {
    if (depth >= kMaxDepth) return false;
    ++p_; // '['
    const auto self = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(Node{Kind::Array, false, 0, 0, {}, {}, 0});
    p_ = detail::skip_whitespace(p_, end_);
    if (p_ != end_ && *p_ == ']') {
        ++p_;
        nodes_[self].next = self + 1;
        return true;
    }
    std::uint32_t count = 0;
    while (true) {
        p_ = detail::skip_whitespace(p_, end_);
        if (!value(depth + 1)) return false;
        ++count;
        p_ = detail::skip_whitespace(p_, end_);
        if (p_ == end_) return false;
        if (*p_ == ']') {
            ++p_;
            break;
        }
        if (*p_ != ',') return false;
        ++p_;
    }
    nodes_[self].next = static_cast<std::uint32_t>(nodes_.size());
    nodes_[self].count = count;
    return true;
}

bool FlatDocument::has_repeated_key(std::uint32_t object) const {
    const Node& n = nodes_[object];
    if (n.count <= kPairwiseLimit) {
        for (std::uint32_t c = object + 1; c < n.next; c = nodes_[c].next) {
            for (std::uint32_t d = object + 1; d != c; d = nodes_[d].next) {
                if (nodes_[d].key == nodes_[c].key) return true;
            }
        }
        return false;
    }
    std::unordered_set<std::string_view> seen;
    seen.reserve(n.count);
    for (std::uint32_t c = object + 1; c < n.next; c = nodes_[c].next) {
        if (!seen.insert(nodes_[c].key).second) return true;
    }
    return false;
}

} // namespace cdk::json
