#include "aws/protocol/xml.hpp"

#include "core/strings.hpp"

#include <charconv>
#include <cstdint>
#include <optional>

namespace cdk::aws::protocol {

namespace {

constexpr int kMaxDepth = 200;

std::string local_name(std::string_view name) {
    const auto colon = name.find(':');
    return std::string(colon == std::string_view::npos ? name : name.substr(colon + 1));
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// The code point of a numeric reference's digits (`65`, `x41`), or nullopt when it names no character
/// XML allows (`zz`, empty, 0, a surrogate, beyond U+10FFFF).
std::optional<uint32_t> reference_code(std::string_view ent) {
    const bool hex = !ent.empty() && (ent[0] == 'x' || ent[0] == 'X');
    const std::string_view digits = hex ? ent.substr(1) : ent;
    if (digits.empty() || digits.size() > 8) return std::nullopt;
    uint32_t code = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;
    return code;
}

/// Decodes the five predefined entities and numeric references; nullopt for a numeric reference that
/// names no character (a well-formedness error). Other `&...;` text is kept as written.
std::optional<std::string> decode_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const auto semi = text.find(';', i);
        if (semi == std::string_view::npos || semi - i > 32) {
            out += text[i];
            continue;
        }
        const std::string_view entity = text.substr(i + 1, semi - i - 1);
        if (entity == "amp")
            out += '&';
        else if (entity == "lt")
            out += '<';
        else if (entity == "gt")
            out += '>';
        else if (entity == "quot")
            out += '"';
        else if (entity == "apos")
            out += '\'';
        else if (!entity.empty() && entity[0] == '#') {
            const auto code = reference_code(entity.substr(1));
            if (!code) return std::nullopt;
            append_utf8(out, *code);
        } else {
            out += text.substr(i, semi - i + 1);
        }
        i = semi;
    }
    return out;
}

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    Result<XmlNode> document() {
        if (!strings::valid_utf8(text_)) return fail("the document is not UTF-8");
        skip_misc();
        if (!at('<')) return fail("document has no root element");
        XmlNode root;
        if (auto r = element(root, 0); !r) return r.error();
        skip_misc();
        if (pos_ != text_.size()) return fail("content after the root element");
        return root;
    }

private:
    Error fail(const std::string& what) const {
        return make_error("MalformedXML", "malformed XML at offset " + std::to_string(pos_) + ": " + what);
    }
    bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
    bool starts(std::string_view s) const { return text_.substr(pos_).starts_with(s); }
    void skip_space() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t')) {
            ++pos_;
        }
    }
    bool skip_until(std::string_view end) {
        const auto at_end = text_.find(end, pos_);
        if (at_end == std::string_view::npos) return false;
        pos_ = at_end + end.size();
        return true;
    }
    void skip_misc() {
        while (true) {
            skip_space();
            if (starts("<?")) {
                if (!skip_until("?>")) pos_ = text_.size();
            } else if (starts("<!--")) {
                if (!skip_until("-->")) pos_ = text_.size();
            } else if (starts("<!DOCTYPE")) {
                if (!skip_until(">")) pos_ = text_.size();
            } else {
                return;
            }
        }
    }
    std::string name() {
        const size_t start = pos_;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>' || c == '=') break;
            ++pos_;
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    Result<void> element(XmlNode& node, int depth) {
        if (depth > kMaxDepth) return fail("nesting deeper than 200 levels");
        ++pos_; // '<'
        const std::string qname = name();
        if (qname.empty()) return fail("element without a name");
        node.name = local_name(qname);
        while (true) {
            skip_space();
            if (pos_ >= text_.size()) return fail("unterminated start tag <" + qname + ">");
            if (starts("/>")) {
                pos_ += 2;
                return ok();
            }
            if (at('>')) {
                ++pos_;
                break;
            }
            std::string attr = name();
            if (attr.empty()) return fail("bad attribute in <" + qname + ">");
            skip_space();
            if (!at('=')) return fail("attribute '" + attr + "' has no value");
            ++pos_;
            skip_space();
            if (!at('"') && !at('\'')) return fail("attribute '" + attr + "' value is not quoted");
            const char quote = text_[pos_++];
            const auto end = text_.find(quote, pos_);
            if (end == std::string_view::npos) return fail("unterminated attribute value");
            auto value = decode_entities(text_.substr(pos_, end - pos_));
            if (!value) return fail("a character reference in attribute '" + attr + "' names no character");
            node.attributes.emplace_back(std::move(attr), std::move(*value));
            pos_ = end + 1;
        }
        std::string raw_text;
        while (true) {
            if (pos_ >= text_.size()) return fail("element <" + qname + "> is not closed");
            if (starts("</")) {
                pos_ += 2;
                const std::string closing = name();
                skip_space();
                if (!at('>')) return fail("bad closing tag </" + closing + ">");
                ++pos_;
                if (closing != qname) return fail("<" + qname + "> closed by </" + closing + ">");
                node.text = std::move(raw_text);
                return ok();
            }
            if (starts("<!--")) {
                if (!skip_until("-->")) return fail("unterminated comment");
            } else if (starts("<![CDATA[")) {
                pos_ += 9;
                const auto end = text_.find("]]>", pos_);
                if (end == std::string_view::npos) return fail("unterminated CDATA");
                raw_text += text_.substr(pos_, end - pos_);
                pos_ = end + 3;
            } else if (starts("<?")) {
                if (!skip_until("?>")) return fail("unterminated processing instruction");
            } else if (at('<')) {
                node.children.emplace_back();
                if (auto r = element(node.children.back(), depth + 1); !r) return r;
            } else {
                const auto next = text_.find('<', pos_);
                const auto end = next == std::string_view::npos ? text_.size() : next;
                auto decoded = decode_entities(text_.substr(pos_, end - pos_));
                if (!decoded) return fail("a character reference in <" + qname + "> names no character");
                raw_text += *decoded;
                pos_ = end;
            }
        }
    }

    std::string_view text_;
    size_t pos_ = 0;
};

void write(const XmlNode& node, std::string& out) {
    out += '<';
    out += node.name;
    for (const auto& [k, v] : node.attributes) {
        out += ' ';
        out += k;
        out += "=\"";
        out += xml_escape(v);
        out += '"';
    }
    if (node.children.empty() && node.text.empty()) {
        out += "/>";
        return;
    }
    out += '>';
    out += xml_escape(node.text);
    for (const auto& c : node.children)
        write(c, out);
    out += "</";
    out += node.name;
    out += '>';
}

} // namespace

const XmlNode* XmlNode::child(std::string_view child_name) const {
    for (const auto& c : children) {
        if (c.name == child_name) return &c;
    }
    return nullptr;
}

std::string XmlNode::child_text(std::string_view child_name) const {
    const XmlNode* c = child(child_name);
    return c ? c->text : std::string();
}

std::string XmlNode::attribute(std::string_view attr_name) const {
    for (const auto& [k, v] : attributes) {
        if (k == attr_name) return v;
    }
    for (const auto& [k, v] : attributes) {
        if (local_name(k) == attr_name) return v;
    }
    return {};
}

Result<XmlNode> parse_xml(std::string_view text) {
    return Parser(text).document();
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\r': out += "&#13;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string to_xml(const XmlNode& node) {
    std::string out;
    write(node, out);
    return out;
}

} // namespace cdk::aws::protocol
