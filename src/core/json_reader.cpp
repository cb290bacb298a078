#include "core/json_reader.hpp"

#include "core/detail/json_scan.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cdk::json {
namespace {

using detail::decode_escape;
using detail::skip_whitespace;
using detail::string_run_end;
using detail::utf8_sequence_length;

using OJson = nlohmann::ordered_json;

/// Objects up to this size look for duplicate keys pairwise; larger ones with a hash set.
constexpr std::size_t kPairwiseLimit = 8;

/// ordered_map's operator[] takes a key; indexing goes through the vector it derives from.
using Members = OJson::object_t::Container;

bool has_duplicate_keys(const Members& obj) {
    if (obj.size() <= kPairwiseLimit) {
        for (std::size_t i = 1; i < obj.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (obj[i].first == obj[j].first) return true;
            }
        }
        return false;
    }
    std::unordered_set<std::string_view> seen;
    seen.reserve(obj.size());
    for (const auto& member : obj) {
        if (!seen.insert(member.first).second) return true;
    }
    return false;
}

/// Folds duplicated keys the way nlohmann's DOM parser does (ordered_map::operator[] finds the first
/// occurrence and the later value is assigned to it): first position, last value.
void fold_duplicate_keys(Members& obj) {
    std::unordered_map<std::string_view, std::size_t> first_index;
    first_index.reserve(obj.size());
    std::vector<bool> keep(obj.size(), true);
    for (std::size_t i = 0; i < obj.size(); ++i) {
        const auto [it, inserted] = first_index.try_emplace(obj[i].first, i);
        if (!inserted) {
            obj[it->second].second = std::move(obj[i].second);
            keep[i] = false;
        }
    }
    Members folded;
    folded.reserve(first_index.size());
    for (std::size_t i = 0; i < obj.size(); ++i) {
        if (keep[i]) folded.emplace_back(obj[i].first, std::move(obj[i].second));
    }
    first_index.clear(); // its keys point into obj
    obj.swap(folded);
}

/// SAX handler that builds the DOM like nlohmann::detail::json_sax_dom_parser, except that object
/// members are appended without a lookup; duplicates are folded once the object is complete.
class OrderedDomBuilder {
public:
    explicit OrderedDomBuilder(OJson& root) : root_(root) {}

    bool null() { return put(nullptr); }
    bool boolean(bool v) { return put(v); }
    bool number_integer(OJson::number_integer_t v) { return put(v); }
    bool number_unsigned(OJson::number_unsigned_t v) { return put(v); }
    bool number_float(OJson::number_float_t v, const OJson::string_t& /*text*/) { return put(v); }
    bool string(OJson::string_t& v) { return put(std::move(v)); }
    bool binary(OJson::binary_t& v) { return put(std::move(v)); }

    bool start_object(std::size_t /*size*/) {
        if (too_deep()) return false;
        stack_.push_back(slot(OJson::value_t::object));
        return true;
    }
    bool key(OJson::string_t& k) {
        auto& obj = stack_.back()->get_ref<OJson::object_t&>();
        obj.emplace_back(std::move(k), nullptr);
        element_ = &obj.back().second;
        return true;
    }
    bool end_object() {
        auto& obj = stack_.back()->get_ref<OJson::object_t&>();
        if (has_duplicate_keys(obj)) fold_duplicate_keys(obj);
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t /*size*/) {
        if (too_deep()) return false;
        stack_.push_back(slot(OJson::value_t::array));
        return true;
    }
    bool end_array() {
        stack_.pop_back();
        return true;
    }
    template <typename Exception>
    bool parse_error(std::size_t position, const std::string& /*token*/, const Exception& ex) {
        failed_ = true;
        position_ = position;
        what_ = ex.what();
        return false;
    }

    [[nodiscard]] bool failed() const { return failed_; }
    [[nodiscard]] bool deep() const { return deep_; }
    [[nodiscard]] std::size_t position() const { return position_; }
    [[nodiscard]] const std::string& what() const { return what_; }

private:
    bool too_deep() {
        if (stack_.size() < kMaxDepth) return false;
        failed_ = true;
        deep_ = true;
        what_ = "nesting deeper than " + std::to_string(kMaxDepth) + " levels";
        return true;
    }

    template <typename V> bool put(V&& v) {
        (void)slot(std::forward<V>(v));
        return true;
    }

    /// Stores a value where the parser is (root, array end or the current key) and returns its address.
    /// Addresses stay valid while the value is on the stack: its container grows only after it is complete.
    template <typename V> OJson* slot(V&& v) {
        if (stack_.empty()) {
            root_ = OJson(std::forward<V>(v));
            return &root_;
        }
        OJson& top = *stack_.back();
        if (top.is_array()) {
            auto& arr = top.get_ref<OJson::array_t&>();
            arr.emplace_back(std::forward<V>(v));
            return &arr.back();
        }
        *element_ = OJson(std::forward<V>(v));
        return element_;
    }

    OJson& root_;
    std::vector<OJson*> stack_;
    OJson* element_ = nullptr;
    bool failed_ = false;
    bool deep_ = false;
    std::size_t position_ = 0;
    std::string what_;
};

/// SAX handler for `parse`: nlohmann's own DOM builder, with a nesting bound.
class BoundedDomBuilder {
public:
    BoundedDomBuilder(Json& root, std::size_t max_depth)
        : dom_(root, /*allow_exceptions=*/false), max_(max_depth) {}

    bool null() { return dom_.null(); }
    bool boolean(bool v) { return dom_.boolean(v); }
    bool number_integer(Json::number_integer_t v) { return dom_.number_integer(v); }
    bool number_unsigned(Json::number_unsigned_t v) { return dom_.number_unsigned(v); }
    bool number_float(Json::number_float_t v, const Json::string_t& text) {
        return dom_.number_float(v, text);
    }
    bool string(Json::string_t& v) { return dom_.string(v); }
    bool binary(Json::binary_t& v) { return dom_.binary(v); }
    bool start_object(std::size_t size) { return enter() && dom_.start_object(size); }
    bool key(Json::string_t& k) { return dom_.key(k); }
    bool end_object() {
        --depth_;
        return dom_.end_object();
    }
    bool start_array(std::size_t size) { return enter() && dom_.start_array(size); }
    bool end_array() {
        --depth_;
        return dom_.end_array();
    }
    template <typename Exception>
    bool parse_error(std::size_t position, const std::string& /*token*/, const Exception& ex) {
        position_ = position;
        what_ = ex.what();
        return false;
    }

    [[nodiscard]] bool deep() const { return deep_; }
    [[nodiscard]] std::size_t position() const { return position_; }
    [[nodiscard]] const std::string& what() const { return what_; }

private:
    bool enter() {
        if (++depth_ <= max_) return true;
        deep_ = true;
        what_ = "nesting deeper than " + std::to_string(max_) + " levels";
        return false;
    }

    nlohmann::detail::json_sax_dom_parser<Json> dom_;
    std::size_t max_;
    std::size_t depth_ = 0;
    bool deep_ = false;
    std::size_t position_ = 0;
    std::string what_ = "malformed";
};

/// Parses the common subset of JSON directly (no token buffer, no SAX calls): ASCII and valid UTF-8
/// strings with every escape, integers of up to 18 digits, literals, objects and arrays up to 256 deep.
/// Anything else (floats, long integers, a byte-order mark, deeper nesting, malformed text) makes it give
/// up, and the text goes to nlohmann's parser, which then decides: the fast path only ever accepts text
/// nlohmann accepts, and builds the same value (tested against it on random documents). `J` is
/// ordered_json (`parse_ordered`: keys in file order, a repeated key at its first position with its last
/// value) or Json (`parse`: a std::map, a repeated key with its last value, as nlohmann's DOM parser).
template <typename J> class FastParser {
public:
    /// `max_depth`: containers nested deeper make it give up (nlohmann's parser then reports them).
    FastParser(std::string_view text, int max_depth)
        : p_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth) {}

    /// False: not parsed here (`out` is then unspecified).
    bool parse(J& out) {
        skip_ws();
        if (!value(out, 0)) return false;
        skip_ws();
        return p_ == end_;
    }

    /// The deepest nesting the fast path reads.
    static constexpr int kMaxDepth = 256;

private:
    void skip_ws() { p_ = skip_whitespace(p_, end_); }

    bool value(J& out, int depth) {
        if (p_ == end_) return false;
        switch (*p_) {
        case '{': return object(out, depth);
        case '[': return array(out, depth);
        case '"': {
            std::string s;
            if (!string(s)) return false;
            out = std::move(s);
            return true;
        }
        case 't': return literal("true", J(true), out);
        case 'f': return literal("false", J(false), out);
        case 'n': return literal("null", J(nullptr), out);
        default: return number(out);
        }
    }

    bool literal(std::string_view word, J v, J& out) {
        if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
            return false;
        p_ += word.size();
        out = std::move(v);
        return true;
    }

    // Members and elements are collected in scratch stacks shared by all levels and moved into the
    // container at its end with one allocation: growing an ordered_map copies its keys (they are const).
    bool object(J& out, int depth) {
        if (depth >= max_depth_) return false;
        ++p_; // '{'
        const std::size_t base = members_.size();
        skip_ws();
        if (p_ != end_ && *p_ == '}') {
            ++p_;
            out = J::object();
            return true;
        }
        while (true) {
            skip_ws();
            if (p_ == end_ || *p_ != '"') return false;
            std::string key;
            if (!string(key)) return false;
            skip_ws();
            if (p_ == end_ || *p_ != ':') return false;
            ++p_;
            skip_ws();
            J member;
            if (!value(member, depth + 1)) return false;
            members_.emplace_back(std::move(key), std::move(member));
            skip_ws();
            if (p_ == end_) return false;
            if (*p_ == '}') {
                ++p_;
                break;
            }
            if (*p_ != ',') return false;
            ++p_;
        }
        out = J::object();
        auto& members = out.template get_ref<typename J::object_t&>();
        if constexpr (std::is_same_v<J, OJson>) {
            members.reserve(members_.size() - base);
            for (std::size_t i = base; i < members_.size(); ++i)
                members.emplace_back(std::move(members_[i].first), std::move(members_[i].second));
            if (has_duplicate_keys(members)) fold_duplicate_keys(members);
        } else {
            for (std::size_t i = base; i < members_.size(); ++i) // a repeated key: the last value
                members.insert_or_assign(std::move(members_[i].first), std::move(members_[i].second));
        }
        members_.resize(base);
        return true;
    }

    bool array(J& out, int depth) {
        if (depth >= max_depth_) return false;
        ++p_; // '['
        const std::size_t base = elements_.size();
        skip_ws();
        if (p_ != end_ && *p_ == ']') {
            ++p_;
            out = J::array();
            return true;
        }
        while (true) {
            skip_ws();
            J element;
            if (!value(element, depth + 1)) return false;
            elements_.push_back(std::move(element));
            skip_ws();
            if (p_ == end_) return false;
            if (*p_ == ']') {
                ++p_;
                break;
            }
            if (*p_ != ',') return false;
            ++p_;
        }
        out = J::array();
        auto& elements = out.template get_ref<typename J::array_t&>();
        elements.assign(std::make_move_iterator(elements_.begin() + static_cast<std::ptrdiff_t>(base)),
                        std::make_move_iterator(elements_.end()));
        elements_.resize(base);
        return true;
    }

    bool number(J& out) {
        bool negative = false;
        std::uint64_t v = 0;
        if (!detail::scan_integer(p_, end_, negative, v)) return false; // a float or malformed: nlohmann's
        if (negative) {
            out =
                -static_cast<typename J::number_integer_t>(v); // "-0" is the integer 0, as nlohmann reads it
        } else {
            out = static_cast<typename J::number_unsigned_t>(v);
        }
        return true;
    }

    bool escape(std::string& out) { return decode_escape(p_, end_, out); }

    [[nodiscard]] std::size_t utf8_length() const { return utf8_sequence_length(p_, end_); }

    bool string(std::string& out) {
        ++p_; // '"'
        while (true) {
            const char* run = p_;
            p_ = string_run_end(p_, end_);
            out.append(run, static_cast<std::size_t>(p_ - run));
            if (p_ == end_) return false;
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                return true;
            }
            if (c == '\\') {
                ++p_;
                if (!escape(out)) return false;
            } else if (c >= 0x80) {
                const std::size_t n = utf8_length();
                if (n == 0) return false;
                out.append(p_, n);
                p_ += n;
            } else {
                return false; // a control character: malformed
            }
        }
    }

    const char* p_;
    const char* end_;
    int max_depth_;
    std::vector<std::pair<std::string, J>> members_; ///< members of the objects being read, innermost last
    std::vector<J> elements_;                        ///< elements of the arrays being read, innermost last
};

/// nlohmann's lexer takes a NUL byte for the end of the input, so `"a"\0garbage` would read as "a"; a NUL is
/// valid nowhere in JSON text (RFC 8259: not whitespace, and a control character inside strings).
std::optional<Error> nul_byte(std::string_view text) {
    const auto at = text.find('\0');
    if (at == std::string_view::npos) return std::nullopt;
    return make_error("JsonMalformed", "at byte " + std::to_string(at) + ": a NUL byte");
}

} // namespace

Result<nlohmann::ordered_json> parse_ordered(std::string_view text) {
    OJson out;
    if (FastParser<OJson>(text, FastParser<OJson>::kMaxDepth).parse(out)) return out;
    out = OJson();
    OrderedDomBuilder builder(out);
    const bool parsed = OJson::sax_parse(text, &builder, OJson::input_format_t::json, /*strict=*/true);
    if (!parsed || builder.failed()) {
        return make_error(builder.deep() ? "JsonTooDeep" : "JsonMalformed",
                          "at byte " + std::to_string(builder.position()) + ": " + builder.what());
    }
    return out;
}

Result<Json> parse(std::string_view text, const ParseLimits& limits) {
    if (text.size() > limits.max_bytes) {
        return make_error("JsonTooLarge", "the document has " + std::to_string(text.size()) +
                                              " bytes; at most " + std::to_string(limits.max_bytes) +
                                              " are read");
    }
    if (auto nul = nul_byte(text)) return *nul;
    Json out;
    // The common case directly; what the fast path does not read (floats, deep nesting, malformed text)
    // goes to nlohmann's parser, which then decides and words the error.
    const int fast_depth = static_cast<int>(
        std::min<std::size_t>(limits.max_depth, static_cast<std::size_t>(FastParser<Json>::kMaxDepth)));
    if (FastParser<Json>(text, fast_depth).parse(out)) return out;
    out = Json();
    BoundedDomBuilder builder(out, limits.max_depth);
    const bool parsed = Json::sax_parse(text, &builder, Json::input_format_t::json, /*strict=*/true);
    if (!parsed) {
        return make_error(builder.deep() ? "JsonTooDeep" : "JsonMalformed",
                          "at byte " + std::to_string(builder.position()) + ": " + builder.what());
    }
    return out;
}

} // namespace cdk::json
