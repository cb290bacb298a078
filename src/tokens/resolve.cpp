#include "tokens/resolve.hpp"

#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cdk {
namespace {

constexpr std::size_t kMaxDepth = 200;

Json resolve_any(const Json& value, const ResolveOptions& options, std::vector<std::string>& prefix);

void resolve_in_place(Json& value, const ResolveOptions& options, std::vector<std::string>& prefix);

Json resolve_token(const IResolvable& token, const ResolveOptions& options,
                   std::vector<std::string>& prefix) {
    if (options.on_token) {
        options.on_token(token);
    }
    ResolveContext context(options, prefix);
    Json produced = token.resolve(context);
    resolve_in_place(produced, options, prefix);
    return token.post_process(std::move(produced), context);
}

bool is_concatable(const Json& value) {
    return (value.is_string() && !Token::is_unresolved(value.get_ref<const std::string&>())) ||
           (value.is_number() && !Token::is_unresolved(value));
}

std::string concat_text(const Json& value) {
    return value.is_string() ? value.get<std::string>() : detail::js_number_to_string(value);
}

Json resolve_string(const std::string& text, const ResolveOptions& options,
                    std::vector<std::string>& prefix) {
    if (text.find("Token[") == std::string::npos) {
        return text;
    }
    if (detail::contains_list_marker(text)) {
        throw ValidationError("found an encoded list token string in a scalar string context; use "
                              "Fn::select(0, list) to extract elements from token lists",
                              {}, text);
    }
    const auto fragments = detail::split_string(text);
    if (fragments.empty()) {
        return std::string();
    }
    std::vector<Json> values;
    values.reserve(fragments.size());
    for (const auto& fragment : fragments) {
        values.push_back(fragment.token ? resolve_token(*fragment.token, options, prefix)
                                        : Json(fragment.literal));
    }
    if (values.size() == 1) {
        return std::move(values[0]);
    }
    // What folding the values with cloudformation_concat gives (aws-cdk-lib: fragments.join(concat)), built
    // once instead of copying the growing Fn::Join at every step: all concatenable, one string; otherwise one
    // Fn::Join of the minimal join of all values (a fold splices the Fn::Join it built so far into the next
    // one, so the parts and merges come out the same).
    if (std::all_of(values.begin(), values.end(), is_concatable)) {
        std::string joined;
        for (const Json& v : values) {
            joined += concat_text(v);
        }
        return joined;
    }
    Json parts(detail::minimal_cloudformation_join("", std::move(values)));
    Json args = Json::array();
    auto& items = args.get_ref<Json::array_t&>();
    items.reserve(2);
    items.emplace_back("");
    items.emplace_back(std::move(parts));
    Json out = Json::object();
    out.get_ref<Json::object_t&>().emplace("Fn::Join", std::move(args));
    return out;
}

Json resolve_array(const Json& value, const ResolveOptions& options, std::vector<std::string>& prefix) {
    for (const auto& item : value) {
        if (item.is_string() && detail::contains_list_marker(item.get_ref<const std::string&>())) {
            if (value.size() != 1) {
                throw ValidationError("cannot add elements to a list token", {}, value.dump());
            }
            auto token = detail::lookup_list_token(item.get_ref<const std::string&>());
            if (!token) {
                throw ValidationError("cannot concatenate strings in a tokenized string array", {},
                                      value.dump());
            }
            return resolve_token(*token, options, prefix);
        }
    }
    Json out = Json::array();
    for (std::size_t i = 0; i < value.size(); ++i) {
        prefix.push_back(std::to_string(i));
        Json item = resolve_any(value[i], options, prefix);
        prefix.pop_back();
        if (!item.is_discarded()) {
            out.push_back(std::move(item));
        }
    }
    return out;
}

Json resolve_object(const Json& value, const ResolveOptions& options, std::vector<std::string>& prefix) {
    Json out = Json::object();
    for (const auto& [key, raw] : value.items()) {
        prefix.push_back(key);
        Json item = resolve_any(raw, options, prefix);
        prefix.pop_back();
        if (item.is_discarded()) {
            continue;
        }
        if (!Token::is_unresolved(std::string_view(key))) {
            out[key] = std::move(item);
            continue;
        }
        Json resolved_key = resolve_string(key, options, prefix);
        if (!resolved_key.is_string()) {
            throw ValidationError("\"" + key +
                                      "\" is used as the key in a map so must resolve to a string, but it "
                                      "resolves to: " +
                                      resolved_key.dump(),
                                  {}, key);
        }
        out[resolved_key.get<std::string>()] = std::move(item);
    }
    return out;
}

Json resolve_any(const Json& value, const ResolveOptions& options, std::vector<std::string>& prefix) {
    if (prefix.size() > kMaxDepth) {
        throw ValidationError("unable to resolve object tree with circular reference at /" + [&] {
            std::string p;
            for (const auto& s : prefix) {
                p += s + "/";
            }
            return p;
        }());
    }
    switch (value.type()) {
    case Json::value_t::string: return resolve_string(value.get_ref<const std::string&>(), options, prefix);
    case Json::value_t::number_float:
        if (auto token = detail::lookup_number_token(value.get<double>())) {
            return resolve_token(*token, options, prefix);
        }
        return value;
    case Json::value_t::array: return resolve_array(value, options, prefix);
    case Json::value_t::object: return resolve_object(value, options, prefix);
    default: return value;
    }
}

bool has_token_key(const Json::object_t& object) {
    for (const auto& entry : object) {
        if (Token::is_unresolved(std::string_view(entry.first))) {
            return true;
        }
    }
    return false;
}

/// True for a value resolve_in_place leaves as it is (no token, nothing to drop): it is not visited, so
/// its key is not copied onto the document path. Only below kMaxDepth, where the visit could not throw.
bool is_plain_leaf(const Json& value) {
    switch (value.type()) {
    case Json::value_t::string:
        return value.get_ref<const std::string&>().find("Token[") == std::string::npos;
    case Json::value_t::null:
    case Json::value_t::boolean:
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return true;
    default: return false;
    }
}

/// Replaces `value` with what resolve_any(value) returns, touching only the parts that hold tokens (the
/// plain strings, numbers and containers around them are kept, not copied).
void resolve_in_place(Json& value, const ResolveOptions& options, std::vector<std::string>& prefix) {
    if (prefix.size() > kMaxDepth) {
        value = resolve_any(value, options, prefix); // throws the circular-reference error
        return;
    }
    switch (value.type()) {
    case Json::value_t::string:
        if (value.get_ref<const std::string&>().find("Token[") != std::string::npos) {
            value = resolve_string(value.get_ref<const std::string&>(), options, prefix);
        }
        return;
    case Json::value_t::number_float:
        if (auto token = detail::lookup_number_token(value.get<double>())) {
            value = resolve_token(*token, options, prefix);
        }
        return;
    case Json::value_t::array: {
        auto& items = value.get_ref<Json::array_t&>();
        for (const auto& item : items) {
            if (item.is_string() && detail::contains_list_marker(item.get_ref<const std::string&>())) {
                value = resolve_array(value, options, prefix);
                return;
            }
        }
        const bool leaves_stay = prefix.size() < kMaxDepth;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (leaves_stay && is_plain_leaf(items[i])) {
                continue;
            }
            prefix.push_back(std::to_string(i));
            resolve_in_place(items[i], options, prefix);
            prefix.pop_back();
        }
        std::erase_if(items, [](const Json& item) { return item.is_discarded(); });
        return;
    }
    case Json::value_t::object: {
        auto& entries = value.get_ref<Json::object_t&>();
        if (has_token_key(entries)) {
            value = resolve_object(value, options, prefix); // keys change: keep the copying rules exactly
            return;
        }
        const bool leaves_stay = prefix.size() < kMaxDepth;
        for (auto it = entries.begin(); it != entries.end();) {
            if (leaves_stay && is_plain_leaf(it->second)) {
                ++it;
                continue;
            }
            prefix.push_back(it->first);
            resolve_in_place(it->second, options, prefix);
            prefix.pop_back();
            it = it->second.is_discarded() ? entries.erase(it) : std::next(it);
        }
        return;
    }
    default: return;
    }
}

/// find_tokens' walk: it visits `value` as resolve_any does, resolving every token it meets (so on_token
/// sees the same tokens in the same order, and the same errors are thrown), without building the resolved
/// copy of the plain parts around them.
void scan_string(const std::string& text, const ResolveOptions& options, std::vector<std::string>& prefix) {
    if (text.find("Token[") == std::string::npos) {
        return;
    }
    if (detail::contains_list_marker(text)) {
        (void)resolve_string(text, options, prefix); // throws the list-in-a-string error
        return;
    }
    for (const auto& fragment : detail::split_string(text)) {
        if (fragment.token) {
            (void)resolve_token(*fragment.token, options, prefix);
        }
    }
}

void scan_any(const Json& value, const ResolveOptions& options, std::vector<std::string>& prefix) {
    if (prefix.size() > kMaxDepth) {
        (void)resolve_any(value, options, prefix); // throws the circular-reference error
        return;
    }
    switch (value.type()) {
    case Json::value_t::string: scan_string(value.get_ref<const std::string&>(), options, prefix); return;
    case Json::value_t::number_float:
        if (auto token = detail::lookup_number_token(value.get<double>())) {
            (void)resolve_token(*token, options, prefix);
        }
        return;
    case Json::value_t::array:
        for (const auto& item : value) {
            if (item.is_string() && detail::contains_list_marker(item.get_ref<const std::string&>())) {
                (void)resolve_array(value, options, prefix);
                return;
            }
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            prefix.push_back(std::to_string(i));
            scan_any(value[i], options, prefix);
            prefix.pop_back();
        }
        return;
    case Json::value_t::object:
        for (const auto& [key, raw] : value.items()) {
            if (Token::is_unresolved(std::string_view(key))) {
                // A token key resolves only when its value is defined: resolve the entry as a whole.
                (void)resolve_object(Json{{key, raw}}, options, prefix);
                continue;
            }
            prefix.push_back(key);
            scan_any(raw, options, prefix);
            prefix.pop_back();
        }
        return;
    default: return;
    }
}

} // namespace

Json ResolveContext::resolve(const Json& value) const {
    std::vector<std::string> prefix = *document_path_;
    return resolve_any(value, *options_, prefix);
}

Json IResolvable::post_process(Json resolved, ResolveContext& /*context*/) const {
    return resolved;
}

Json resolve(const Json& value, const ResolveOptions& options) {
    std::vector<std::string> prefix;
    return resolve_any(value, options, prefix);
}

Json resolve(Json&& value, const ResolveOptions& options) {
    std::vector<std::string> prefix;
    Json out = std::move(value);
    resolve_in_place(out, options, prefix);
    return out;
}

void find_tokens(const Json& value, const ResolveOptions& options,
                 const std::function<void(const IResolvable&)>& fn) {
    ResolveOptions remembering = options;
    remembering.on_token = [&](const IResolvable& token) {
        if (options.on_token) {
            options.on_token(token);
        }
        fn(token);
    };
    std::vector<std::string> prefix;
    scan_any(value, remembering, prefix);
}

namespace detail {

std::string js_number_to_string(const Json& number) {
    if (number.is_number_integer() || number.is_number_unsigned()) {
        return number.dump();
    }
    const double d = number.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e21) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", d);
        return buf;
    }
    return number.dump();
}

std::vector<Json> minimal_cloudformation_join(const std::string& delimiter, std::vector<Json> values) {
    auto is_splicable = [&](const Json& el) {
        if (!el.is_object() || el.size() != 1 || !el.contains("Fn::Join")) {
            return false;
        }
        const Json& args = el["Fn::Join"];
        return args.is_array() && args.size() == 2 && args[0] == delimiter && args[1].is_array() &&
               !Token::is_unresolved(args[1]);
    };
    std::size_t i = 0;
    while (i < values.size()) {
        if (is_splicable(values[i])) {
            Json inner = values[i]["Fn::Join"][1];
            values.erase(values.begin() + static_cast<std::ptrdiff_t>(i));
            values.insert(values.begin() + static_cast<std::ptrdiff_t>(i), inner.begin(), inner.end());
        } else if (i > 0 && is_concatable(values[i - 1]) && is_concatable(values[i])) {
            values[i - 1] = concat_text(values[i - 1]) + delimiter + concat_text(values[i]);
            values.erase(values.begin() + static_cast<std::ptrdiff_t>(i));
        } else {
            ++i;
        }
    }
    return values;
}

Json cloudformation_concat(const Json& left, const Json& right) {
    if (is_concatable(left) && is_concatable(right)) {
        return concat_text(left) + concat_text(right);
    }
    return Json{{"Fn::Join", Json::array({"", minimal_cloudformation_join("", {left, right})})}};
}

} // namespace detail
} // namespace cdk
