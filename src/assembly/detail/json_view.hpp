#pragma once

#include "core/json.hpp"
#include "core/json_flat.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cdk::assembly::detail {

// Two read-only views of a JSON value with one interface, so that the manifest reader
// (detail/manifest_read.hpp) is one piece of code, with the same checks and messages, whether the manifest
// was parsed into an ordered_json (manifest_from_json) or into a json::FlatDocument (manifest_from_text).

/// A value of an ordered_json document.
class OrderedJsonView {
public:
    explicit OrderedJsonView(const nlohmann::ordered_json& v) : v_(&v) {}

    [[nodiscard]] bool is_object() const { return v_->is_object(); }
    [[nodiscard]] bool is_array() const { return v_->is_array(); }
    [[nodiscard]] bool is_null() const { return v_->is_null(); }
    [[nodiscard]] bool is_string() const { return v_->is_string(); }
    [[nodiscard]] bool is_boolean() const { return v_->is_boolean(); }
    [[nodiscard]] bool is_number_integer() const { return v_->is_number_integer(); }
    [[nodiscard]] const char* type_name() const { return v_->type_name(); }
    [[nodiscard]] std::string dump() const { return v_->dump(); }
    [[nodiscard]] std::string string() const { return v_->get<std::string>(); }
    [[nodiscard]] bool boolean() const { return v_->get<bool>(); }
    [[nodiscard]] int integer() const { return v_->get<int>(); }
    [[nodiscard]] Json to_json() const { return Json(*v_); }
    /// Members of an object, elements of an array.
    [[nodiscard]] std::size_t count() const { return v_->size(); }
    /// The member `key` of an object.
    [[nodiscard]] std::optional<OrderedJsonView> find(const char* key) const {
        const auto it = v_->find(key);
        if (it == v_->end()) return std::nullopt;
        return OrderedJsonView(*it);
    }
    /// Calls f(key, value) for each member of an object, in order.
    template <typename F> void members(F&& f) const {
        for (const auto& [k, v] : v_->items())
            f(std::string_view(k), OrderedJsonView(v));
    }
    /// Calls f(value) for each element of an array.
    template <typename F> void elements(F&& f) const {
        for (const auto& v : *v_)
            f(OrderedJsonView(v));
    }

private:
    const nlohmann::ordered_json* v_;
};

/// A node of a json::FlatDocument.
class FlatView {
public:
    using Kind = json::FlatDocument::Kind;
    FlatView(const json::FlatDocument& doc, std::uint32_t index) : doc_(&doc), i_(index) {}

    [[nodiscard]] bool is_object() const { return kind() == Kind::Object; }
    [[nodiscard]] bool is_array() const { return kind() == Kind::Array; }
    [[nodiscard]] bool is_null() const { return kind() == Kind::Null; }
    [[nodiscard]] bool is_string() const { return kind() == Kind::String; }
    [[nodiscard]] bool is_boolean() const { return kind() == Kind::Boolean; }
    [[nodiscard]] bool is_number_integer() const {
        return kind() == Kind::Integer || kind() == Kind::Unsigned;
    }
    [[nodiscard]] const char* type_name() const { return doc_->type_name(i_); }
    [[nodiscard]] std::string dump() const { return doc_->to_ordered_json(i_).dump(); }
    [[nodiscard]] std::string string() const { return std::string(doc_->node(i_).string); }
    [[nodiscard]] std::string_view string_view() const { return doc_->node(i_).string; }
    [[nodiscard]] bool boolean() const { return doc_->node(i_).boolean; }
    /// As ordered_json's get<int>(): the 64-bit value converted.
    [[nodiscard]] int integer() const { return static_cast<int>(doc_->integer(i_)); }
    [[nodiscard]] Json to_json() const { return doc_->to_json(i_); }
    [[nodiscard]] std::size_t count() const { return doc_->node(i_).count; }
    [[nodiscard]] std::optional<FlatView> find(const char* key) const {
        const std::uint32_t at = doc_->find(i_, key);
        if (at == 0) return std::nullopt;
        return FlatView(*doc_, at);
    }
    template <typename F> void members(F&& f) const {
        const auto end = doc_->node(i_).next;
        for (std::uint32_t c = i_ + 1; c < end; c = doc_->node(c).next)
            f(doc_->node(c).key, FlatView(*doc_, c));
    }
    template <typename F> void elements(F&& f) const {
        const auto end = doc_->node(i_).next;
        for (std::uint32_t c = i_ + 1; c < end; c = doc_->node(c).next)
            f(FlatView(*doc_, c));
    }

private:
    [[nodiscard]] Kind kind() const { return doc_->node(i_).kind; }
    const json::FlatDocument* doc_;
    std::uint32_t i_;
};

} // namespace cdk::assembly::detail
