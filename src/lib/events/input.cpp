#include "lib/events/input.hpp"

#include "tokens/errors.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <memory>
#include <vector>

namespace cdk::events {
namespace {

/// The token an EventField stands for: it resolves to its path; RuleTargetInput::bind replaces it by
/// `<key>`.
class EventFieldToken : public IResolvable {
public:
    explicit EventFieldToken(std::string path) : path_(std::move(path)) {
        // CDK: path.replace(/^[^a-zA-Z0-9_-]+/, '').replace(/[^a-zA-Z0-9_-]/g, '-')
        const auto keep = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                   c == '-';
        };
        std::size_t i = 0;
        while (i < path_.size() && !keep(path_[i]))
            ++i;
        for (; i < path_.size(); ++i)
            hint_ += keep(path_[i]) ? path_[i] : '-';
    }
    Json resolve(ResolveContext& /*context*/) const override { return path_; }
    std::string display_hint() const override { return hint_; }
    bool stable_across_passes() const override { return true; }
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] const std::string& hint() const { return hint_; }

private:
    std::string path_;
    std::string hint_;
};

/// CDK FieldAwareEventInput.bind's EventFieldReplacer: EventField tokens become `<key>`, other tokens stay.
class FieldReplacer {
public:
    Json replace(const Json& value) {
        if (value.is_string()) return replace_string(value.get<std::string>());
        if (value.is_array()) {
            Json out = Json::array();
            for (const auto& v : value)
                out.push_back(replace(v));
            return out;
        }
        if (value.is_object()) {
            Json out = Json::object();
            for (const auto& [k, v] : value.items())
                out[replace_string(k)] = replace(v);
            return out;
        }
        return value;
    }

    std::string replace_string(const std::string& text) {
        if (text.find("Token[") == std::string::npos) return text;
        std::string out;
        for (const auto& fragment : cdk::detail::split_string(text)) {
            if (!fragment.token) {
                out += fragment.literal;
                continue;
            }
            const auto* field = dynamic_cast<const EventFieldToken*>(fragment.token.get());
            if (field == nullptr) {
                out += Token::as_string(fragment.token);
                continue;
            }
            out += "<" + key_for(*field) + ">";
        }
        return out;
    }

    [[nodiscard]] const Json& paths() const { return paths_; }
    [[nodiscard]] const std::vector<std::string>& keys() const { return keys_; }

private:
    std::string key_for(const EventFieldToken& field) {
        std::string key;
        if (auto it = path_to_key_.find(field.path()); it != path_to_key_.end()) {
            key = it->second;
        } else {
            ++counter_;
            key = field.hint().empty() ? "f" + std::to_string(counter_) : field.hint();
            path_to_key_.emplace(field.path(), key);
        }
        if (paths_.contains(key) && paths_[key] != field.path()) {
            throw ValidationError("Single key '" + key + "' is used for two different JSON paths: '" +
                                  field.path() + "' and '" + paths_[key].get<std::string>() + "'");
        }
        if (!paths_.contains(key)) keys_.push_back(key);
        paths_[key] = field.path();
        return key;
    }

    int counter_ = 0;
    std::map<std::string, std::string> path_to_key_;
    Json paths_ = Json::object();
    std::vector<std::string> keys_;
};

void stringify_to(const Json& value, std::string& out) {
    switch (value.type()) {
    case Json::value_t::object: {
        out += '{';
        bool first = true;
        for (const auto& [k, v] : value.items()) {
            if (Token::is_undefined(v)) continue;
            if (!first) out += ',';
            first = false;
            out += Json(k).dump();
            out += ':';
            stringify_to(v, out);
        }
        out += '}';
        return;
    }
    case Json::value_t::array: {
        out += '[';
        bool first = true;
        for (const auto& v : value) {
            if (!first) out += ',';
            first = false;
            if (Token::is_undefined(v)) {
                out += "null";
            } else {
                stringify_to(v, out);
            }
        }
        out += ']';
        return;
    }
    case Json::value_t::number_float:
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: out += cdk::detail::js_number_to_string(value); return;
    default: out += value.dump(); return;
    }
}

/// CDK unquoteKeyPlaceholders: `"<key>"` (not after a backslash) becomes `<key>`.
std::string unquote(std::string text, const std::vector<std::string>& keys) {
    for (const auto& key : keys) {
        const std::string quoted = "\"<" + key + ">\"";
        std::string out;
        std::size_t from = 0;
        while (true) {
            const auto at = text.find(quoted, from);
            if (at == std::string::npos) break;
            if (at > 0 && text[at - 1] == '\\') {
                out += text.substr(from, at + 1 - from);
                from = at + 1;
                continue;
            }
            out += text.substr(from, at - from);
            out += "<" + key + ">";
            from = at + quoted.size();
        }
        out += text.substr(from);
        text = std::move(out);
    }
    return text;
}

} // namespace

namespace detail {
std::string js_stringify(const Json& value) {
    std::string out;
    stringify_to(value, out);
    return out;
}
} // namespace detail

RuleTargetInput RuleTargetInput::from_text(std::string text) {
    return {Kind::Text, Json(std::move(text))};
}

RuleTargetInput RuleTargetInput::from_multiline_text(std::string text) {
    return {Kind::Multiline, Json(std::move(text))};
}

RuleTargetInput RuleTargetInput::from_object(Json object) {
    return {Kind::Object, std::move(object)};
}

RuleTargetInput RuleTargetInput::from_event_path(std::string path) {
    return {Kind::Path, Json(std::move(path))};
}

RuleTargetInputProperties RuleTargetInput::bind(const Construct& /*rule*/) const {
    RuleTargetInputProperties out;
    if (kind_ == Kind::Path) {
        out.input_path = value_.get<std::string>();
        return out;
    }
    FieldReplacer replacer;
    const Json replaced = replacer.replace(value_);
    std::string resolved;
    if (kind_ == Kind::Multiline) {
        const std::string text = replaced.get<std::string>();
        std::size_t from = 0;
        while (true) {
            const auto nl = text.find('\n', from);
            resolved += detail::js_stringify(Json(text.substr(from, nl - from)));
            if (nl == std::string::npos) break;
            resolved += '\n';
            from = nl + 1;
        }
    } else {
        resolved = detail::js_stringify(replaced);
    }
    if (replacer.keys().empty()) {
        out.input = resolved;
        return out;
    }
    out.input_template = kind_ == Kind::Object ? unquote(resolved, replacer.keys()) : resolved;
    out.input_paths_map = replacer.paths();
    return out;
}

std::string EventField::from_path(const std::string& path) {
    return Token::as_string(std::make_shared<EventFieldToken>(path));
}

} // namespace cdk::events
