#include "core/json_reader.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cdk::json {
namespace {

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
    [[nodiscard]] std::size_t position() const { return position_; }
    [[nodiscard]] const std::string& what() const { return what_; }

private:
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
    std::size_t position_ = 0;
    std::string what_;
};

} // namespace

Result<nlohmann::ordered_json> parse_ordered(std::string_view text) {
    OJson out;
    OrderedDomBuilder builder(out);
    const bool parsed = OJson::sax_parse(text, &builder, OJson::input_format_t::json, /*strict=*/true);
    if (!parsed || builder.failed()) {
        return make_error("JsonMalformed",
                          "at byte " + std::to_string(builder.position()) + ": " + builder.what());
    }
    return out;
}

} // namespace cdk::json
