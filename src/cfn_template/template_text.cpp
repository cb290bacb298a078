#include "cfn_template/template_text.hpp"

#include "cfn_template/yaml_scalars.hpp"
#include "core/strings.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace cdk::cfn_template {
namespace {

constexpr const char* kCode = "TemplateFormatError";

/// 1-based line and column of byte `at` of `text`.
std::string position(std::string_view text, std::size_t at) {
    at = std::min(at, text.size());
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    const std::size_t newline = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
    const std::size_t column = newline == std::string_view::npos ? at + 1 : at - newline;
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string position(const YAML::Mark& mark) {
    return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

Error yaml_error(const std::string& where, const std::string& what) {
    return make_error(kCode, "YAML not well-formed. (" + where + ": " + what + ")");
}

/// The first byte of `text` that is not part of valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > text.size() || !strings::valid_utf8(text.substr(i, n))) return i;
        i += n;
    }
    return std::string_view::npos;
}

/// YAML's printable set, as SnakeYAML checks it: no C0 control character but tab, LF and CR, no DEL, no C1
/// control but NEL. (A NUL would also end the text for yaml-cpp's reader.)
std::size_t first_unprintable(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return i;
        if (c == 0xC2 && i + 1 < text.size()) {
            const auto d = static_cast<unsigned char>(text[i + 1]);
            if (d >= 0x80 && d <= 0x9F && d != 0x85) return i;
        }
    }
    return std::string_view::npos;
}

/// Thrown by the event handler and turned into the reader's error (yaml-cpp's parser lets it through).
struct FormatError {
    std::string where;
    std::string what;
};

/// The CloudFormation functions that have a YAML short form (`!Name`), and the rule and language-extension
/// functions, whose long form the short form names: `!Name v` is {"Fn::Name": v}, except `!Ref` and
/// `!Condition`, which have no `Fn::` prefix.
bool is_cfn_function(std::string_view name) {
    static constexpr std::array<std::string_view, 26> kNames = {
        "Ref",         "Condition", "Base64",     "Cidr",   "FindInMap",   "GetAtt",           "GetAZs",
        "ImportValue", "Join",      "Select",     "Split",  "Sub",         "Transform",        "And",
        "Equals",      "If",        "Not",        "Or",     "Contains",    "EachMemberEquals", "EachMemberIn",
        "RefAll",      "ValueOf",   "ValueOfAll", "Length", "ToJsonString"};
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

constexpr std::string_view kCoreTag = "tag:yaml.org,2002:";

/// Builds the JSON value from yaml-cpp's events, without recursion: one frame per open collection.
class Builder final : public YAML::EventHandler {
public:
    explicit Builder(std::size_t max_depth) : max_depth_(max_depth) {}

    Json take() { return std::move(root_); }
    [[nodiscard]] bool done() const { return done_; }

    void OnDocumentStart(const YAML::Mark& /*mark*/) override {}
    void OnDocumentEnd() override { done_ = true; }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        no_anchor(mark, anchor);
        if (key_expected()) throw FormatError{position(mark), "a mapping key is empty"};
        add(nullptr);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
        throw FormatError{position(mark), "CloudFormation does not support YAML aliases"};
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        no_anchor(mark, anchor);
        if (!strings::valid_utf8(value))
            throw FormatError{position(mark), "a scalar is not UTF-8 once decoded"};
        if (key_expected()) {
            if (tag != "?" && tag != "!" && tag != std::string(kCoreTag) + "str")
                throw FormatError{position(mark), "a mapping key must be a string, not " + tag};
            if (tag == "?" && value == "<<")
                throw FormatError{position(mark), "CloudFormation does not support YAML merge keys (<<)"};
            Frame& f = frames_.back();
            f.key = value;
            f.has_key = true;
            return;
        }
        if (tag == "?") {
            auto v = plain_value(value);
            if (!v) throw FormatError{position(mark), value + " is a float without a JSON value; quote it"};
            add(std::move(*v));
            return;
        }
        if (tag == "!") {
            add(value);
            return;
        }
        if (tag.rfind(kCoreTag, 0) == 0) {
            add(core_tagged(mark, tag.substr(kCoreTag.size()), value));
            return;
        }
        const std::string name = function_name(mark, tag);
        if (name == "GetAtt") {
            const auto dot = value.find('.');
            if (dot == std::string::npos || dot == 0 || dot + 1 == value.size())
                throw FormatError{position(mark), "!GetAtt " + value + " needs Resource.Attribute"};
            add(Json{{"Fn::GetAtt", Json::array({value.substr(0, dot), value.substr(dot + 1)})}});
            return;
        }
        if ((name == "Ref" || name == "Condition") && value.empty())
            throw FormatError{position(mark), "!" + name + " needs a name"};
        add(wrap(name, value));
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value /*style*/) override {
        open(mark, tag, anchor, Json::array());
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value /*style*/) override {
        open(mark, tag, anchor, Json::object());
    }
    void OnMapEnd() override { close(); }

private:
    struct Frame {
        Json value;
        std::string function; // the short form the collection is the argument of, or empty
        std::string key;
        bool has_key = false;
    };

    static void no_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (anchor != YAML::NullAnchor)
            throw FormatError{position(mark), "CloudFormation does not support YAML anchors (&) and aliases"};
    }

    [[nodiscard]] bool key_expected() const {
        return !frames_.empty() && frames_.back().value.is_object() && !frames_.back().has_key;
    }

    static Json wrap(const std::string& name, Json value) {
        if (name == "Ref" || name == "Condition") return Json{{name, std::move(value)}};
        return Json{{"Fn::" + name, std::move(value)}};
    }

    static std::string function_name(const YAML::Mark& mark, const std::string& tag) {
        if (tag.size() < 2 || tag[0] != '!' || !is_cfn_function(std::string_view(tag).substr(1)))
            throw FormatError{position(mark), tag + " is not a CloudFormation function"};
        return tag.substr(1);
    }

    static Json core_tagged(const YAML::Mark& mark, const std::string& type, const std::string& value) {
        static const std::pair<const char*, PlainKind> kTypes[] = {{"str", PlainKind::String},
                                                                   {"int", PlainKind::Int},
                                                                   {"float", PlainKind::Float},
                                                                   {"bool", PlainKind::Bool},
                                                                   {"null", PlainKind::Null}};
        for (const auto& [name, kind] : kTypes) {
            if (type != name) continue;
            auto v = tagged_value(kind, value);
            if (!v) throw FormatError{position(mark), "\"" + value + "\" is not a YAML " + type};
            return std::move(*v);
        }
        throw FormatError{position(mark), "CloudFormation does not support the YAML tag !!" + type};
    }

    void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, Json empty) {
        no_anchor(mark, anchor);
        if (key_expected()) throw FormatError{position(mark), "a mapping key must be a string"};
        if (frames_.size() + 1 > max_depth_) {
            throw FormatError{position(mark), "nested deeper than " + std::to_string(max_depth_) + " levels"};
        }
        Frame f;
        f.value = std::move(empty);
        const std::string collection = f.value.is_object() ? "map" : "seq";
        if (tag.rfind(kCoreTag, 0) == 0) {
            if (tag.substr(kCoreTag.size()) != collection)
                throw FormatError{position(mark), "CloudFormation does not support the YAML tag !!" +
                                                      tag.substr(kCoreTag.size()) + " here"};
        } else if (tag != "?" && tag != "!" && !tag.empty()) {
            f.function = function_name(mark, tag);
            if (f.function == "Ref" || f.function == "Condition")
                throw FormatError{position(mark), tag + " takes a name, not a " + collection};
        }
        frames_.push_back(std::move(f));
    }

    void close() {
        Frame f = std::move(frames_.back());
        frames_.pop_back();
        add(f.function.empty() ? std::move(f.value) : wrap(f.function, std::move(f.value)));
    }

    void add(Json value) {
        if (frames_.empty()) {
            root_ = std::move(value);
            return;
        }
        Frame& f = frames_.back();
        if (f.value.is_array()) {
            f.value.push_back(std::move(value));
            return;
        }
        f.value[f.key] = std::move(value); // a duplicated key keeps its last value, as CloudFormation does
        f.has_key = false;
    }

    std::size_t max_depth_;
    std::vector<Frame> frames_;
    Json root_;
    bool done_ = false;
};

} // namespace

Result<Json> read_yaml(std::string_view text, const TemplateLimits& limits) {
    if (text.size() > limits.max_bytes) {
        return make_error(kCode, "the template has " + std::to_string(text.size()) +
                                     " bytes; CloudFormation reads at most " +
                                     std::to_string(limits.max_bytes));
    }
    if (const auto bad = first_invalid_utf8(text); bad != std::string_view::npos)
        return yaml_error(position(text, bad), "the template is not UTF-8");
    if (const auto bad = first_unprintable(text); bad != std::string_view::npos)
        return yaml_error(position(text, bad), "a control character");
    std::istringstream in{std::string(text)};
    Builder builder(limits.max_depth);
    try {
        YAML::Parser parser(in);
        if (!parser.HandleNextDocument(builder)) return Json(nullptr); // no document: an empty template
        Builder second(limits.max_depth);
        if (parser.HandleNextDocument(second)) {
            return yaml_error(position(text, text.size()), "a template is one YAML document, this has more");
        }
    } catch (const FormatError& e) {
        return yaml_error(e.where, e.what);
    } catch (const YAML::Exception& e) {
        // yaml-cpp's scanner gives up on flow collections nested some 450 levels deep with "bad file".
        if (e.msg == "bad file") return yaml_error(position(e.mark), "nested too deep for the YAML reader");
        return yaml_error(position(e.mark), e.msg);
    }
    return builder.take();
}

Result<Json> read_template(std::string_view text, const TemplateLimits& limits) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '{') return read_yaml(text, limits);
    if (text.size() > limits.max_bytes) {
        return make_error(kCode, "the template has " + std::to_string(text.size()) +
                                     " bytes; CloudFormation reads at most " +
                                     std::to_string(limits.max_bytes));
    }
    auto parsed = json::parse(text, {limits.max_depth, limits.max_bytes});
    if (parsed) return std::move(*parsed);
    // json::parse says "at byte N: <nlohmann's message>", N counting the offending byte; CloudFormation says
    // where by line and column.
    const std::string& message = parsed.error().message;
    std::size_t at = text.size();
    if (message.rfind("at byte ", 0) == 0) at = std::strtoull(message.c_str() + 8, nullptr, 10);
    if (at > 0) --at;
    std::string detail = message.substr(std::min(message.size(), message.find(": ") + 2));
    if (const auto column = detail.find(", column "); column != std::string::npos) { // nlohmann's own place
        if (const auto colon = detail.find(": ", column); colon != std::string::npos)
            detail = detail.substr(colon + 2);
    }
    if (parsed.error().code == "JsonTooDeep")
        detail = "nested deeper than " + std::to_string(limits.max_depth) + " levels";
    return make_error(kCode, "JSON not well-formed. (" + position(text, at) + ": " + detail + ")");
}

} // namespace cdk::cfn_template
