#pragma once

#include "core/json.hpp"
#include "tokens/resolvable.hpp"
#include "tokens/token.hpp"

#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace cdk {

/// One property of a typed L1 class (CDK: `T | IResolvable`, optional): unset, a value, or a token
/// that resolves to the value at synthesis. Strings, numbers and lists already carry tokens in their
/// encoded form, so `Prop<std::string>` takes `bucket.ref()` directly; `Prop<bool>` and property
/// structs take a `ResolvablePtr`. Designated initializers work through it:
/// `.versioning_configuration = {.status = "Enabled"}`.
template <typename T> class Prop {
public:
    Prop() = default;
    template <typename U = T>
    requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, Prop> &&
             !std::is_convertible_v<U&&, ResolvablePtr>) Prop(U&& value)
        : data_(std::in_place_index<1>, std::forward<U>(value)) {}
    Prop(ResolvablePtr token) : data_(std::in_place_index<2>, std::move(token)) {}

    /// A raw Json value, rendered as given (escape hatch for shapes the schema cannot express).
    static Prop raw(Json value) {
        Prop p;
        p.data_.template emplace<3>(std::move(value));
        return p;
    }

    [[nodiscard]] bool has_value() const { return data_.index() != 0; }
    explicit operator bool() const { return has_value(); }
    /// True when set to a plain value (not a token or raw Json).
    [[nodiscard]] bool is_value() const { return data_.index() == 1; }
    [[nodiscard]] const T& value() const { return std::get<1>(data_); }
    [[nodiscard]] T& value() { return std::get<1>(data_); }
    [[nodiscard]] const ResolvablePtr* token() const { return std::get_if<2>(&data_); }
    [[nodiscard]] const Json* raw_json() const { return std::get_if<3>(&data_); }
    void reset() { data_.template emplace<0>(); }

private:
    std::variant<std::monostate, T, ResolvablePtr, Json> data_;
};

namespace l1 {

/// Collects the names of required properties found missing while rendering property structs.
struct RenderContext {
    std::vector<std::string> missing;
    std::string where; ///< dotted location of the struct being rendered, e.g. `VersioningConfiguration`

    void require(bool present, const char* name) {
        if (!present) missing.push_back(where.empty() ? std::string(name) : where + "." + name);
    }
};

/// A number: integral schema types render without a fraction unless the value is a token marker.
inline Json render_number(double value, bool integral) {
    if (integral && !Token::is_unresolved(value) &&
        value == static_cast<double>(static_cast<long long>(value)))
        return Json(static_cast<long long>(value));
    return Json(value);
}

inline Json render(const std::string& v, RenderContext&) {
    return Json(v);
}
inline Json render(bool v, RenderContext&) {
    return Json(v);
}
inline Json render(const Json& v, RenderContext&) {
    return v;
}
inline Json render(double v, RenderContext&) {
    return render_number(v, false);
}
/// Integer-typed numbers (the generator uses this wrapper tag for `integer` schema types).
struct Integer {
    double value = 0;
    Integer() = default;
    Integer(double v) : value(v) {}
    Integer(int v) : value(v) {}
    Integer(long v) : value(static_cast<double>(v)) {}
    Integer(long long v) : value(static_cast<double>(v)) {}
    operator double() const { return value; }
};
inline Json render(const Integer& v, RenderContext&) {
    return render_number(v.value, true);
}

template <typename T> Json render(const std::vector<T>& items, RenderContext& ctx);
template <typename T> Json render(const std::map<std::string, T>& items, RenderContext& ctx);
template <typename T> Json render(const Prop<T>& prop, RenderContext& ctx);

template <typename T> Json render(const std::vector<T>& items, RenderContext& ctx) {
    Json out = Json::array();
    const std::string where = ctx.where;
    for (size_t i = 0; i < items.size(); ++i) {
        ctx.where = where + "." + std::to_string(i);
        out.push_back(render(items[i], ctx));
    }
    ctx.where = where;
    return out;
}

template <typename T> Json render(const std::map<std::string, T>& items, RenderContext& ctx) {
    Json out = Json::object();
    const std::string where = ctx.where;
    for (const auto& [key, value] : items) {
        ctx.where = where + "." + key;
        out[key] = render(value, ctx);
    }
    ctx.where = where;
    return out;
}

template <typename T> Json render(const Prop<T>& prop, RenderContext& ctx) {
    if (prop.is_value()) return render(prop.value(), ctx);
    if (const ResolvablePtr* tok = prop.token()) return Token::as_any(*tok);
    if (const Json* raw = prop.raw_json()) return *raw;
    return Json(nullptr);
}

/// Sets `out[name]` when the property is set, rendering it under the name's location.
template <typename T> void put(Json& out, const char* name, const Prop<T>& prop, RenderContext& ctx) {
    if (!prop.has_value()) return;
    const std::string where = ctx.where;
    ctx.where = where.empty() ? std::string(name) : where + "." + name;
    out[name] = render(prop, ctx);
    ctx.where = where;
}

} // namespace l1
} // namespace cdk
