#include "localcloud/protocol/xml_writer.hpp"

#include "core/strings.hpp"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

namespace cdk::localcloud {

XmlWriter& XmlWriter::open(std::string_view tag, std::string_view xmlns) {
    out_ += "<";
    out_ += tag;
    if (!xmlns.empty()) {
        out_ += " xmlns=\"";
        out_ += xmlns;
        out_ += "\"";
    }
    out_ += ">";
    stack_.emplace_back(tag);
    return *this;
}

XmlWriter& XmlWriter::close() {
    out_ += "</" + stack_.back() + ">";
    stack_.pop_back();
    return *this;
}

XmlWriter& XmlWriter::leaf(std::string_view tag, std::string_view text) {
    out_ += "<";
    out_ += tag;
    out_ += ">";
    out_ += xml_escape(text);
    out_ += "</";
    out_ += tag;
    out_ += ">";
    return *this;
}

XmlWriter& XmlWriter::raw(std::string_view xml) {
    out_ += xml;
    return *this;
}

std::string XmlWriter::str() {
    while (!stack_.empty()) close();
    return out_;
}

namespace {

Error malformed_xml(std::string_view why) {
    return make_error(
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema (" +
            std::string(why) + ")",
        400);
}

/// The code point of a numeric reference's digits (`65`, `x41`), or nullopt when it names no scalar value.
std::optional<std::uint32_t> reference_code(std::string_view ent) {
    const bool hex = !ent.empty() && (ent[0] == 'x' || ent[0] == 'X');
    const std::string_view digits = hex ? ent.substr(1) : ent;
    if (digits.empty() || digits.size() > 8) return std::nullopt;
    std::uint32_t code = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;
    return code;
}

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

} // namespace

Result<std::string> xml_unescape(std::string_view text) {
    if (!strings::valid_utf8(text)) return malformed_xml("the text is not UTF-8");
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out.push_back(text[i]);
            continue;
        }
        const std::size_t semi = text.find(';', i);
        if (semi == std::string_view::npos) {
            out.push_back('&');
            continue;
        }
        const std::string_view ent = text.substr(i + 1, semi - i - 1);
        if (ent == "amp") out.push_back('&');
        else if (ent == "lt") out.push_back('<');
        else if (ent == "gt") out.push_back('>');
        else if (ent == "quot") out.push_back('"');
        else if (ent == "apos") out.push_back('\'');
        else if (!ent.empty() && ent[0] == '#') {
            const auto code = reference_code(ent.substr(1));
            if (!code) return malformed_xml("'&" + std::string(ent) + ";' is not a character reference");
            append_utf8(out, *code);
        } else {
            out.append(text.substr(i, semi - i + 1));
        }
        i = semi;
    }
    return out;
}

namespace {
/// Finds `<tag>` or `<tag attr…>` at or after `from`; returns position after '>' or npos.
std::size_t find_open(std::string_view xml, std::string_view tag, std::size_t from, std::size_t& start) {
    while (true) {
        const std::size_t p = xml.find(std::string("<") + std::string(tag), from);
        if (p == std::string_view::npos) return p;
        const std::size_t after = p + 1 + tag.size();
        if (after < xml.size() && (xml[after] == '>' || xml[after] == ' ' || xml[after] == '/')) {
            start = p;
            const std::size_t gt = xml.find('>', after);
            if (gt == std::string_view::npos) return gt;
            if (xml[gt - 1] == '/') return gt + 1; // self-closing: empty content
            return gt + 1;
        }
        from = after;
    }
}
} // namespace

std::string xml_find(std::string_view xml, std::string_view tag, std::size_t from) {
    std::size_t start = 0;
    const std::size_t content = find_open(xml, tag, from, start);
    if (content == std::string_view::npos) return {};
    if (xml[content - 2] == '/') return {};
    const std::size_t end = xml.find(std::string("</") + std::string(tag) + ">", content);
    if (end == std::string_view::npos) return {};
    return std::string(xml.substr(content, end - content));
}

std::vector<std::string> xml_find_all(std::string_view xml, std::string_view tag) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (true) {
        std::size_t start = 0;
        const std::size_t content = find_open(xml, tag, from, start);
        if (content == std::string_view::npos) break;
        if (xml[content - 2] == '/') {
            out.emplace_back();
            from = content;
            continue;
        }
        const std::string close = std::string("</") + std::string(tag) + ">";
        const std::size_t end = xml.find(close, content);
        if (end == std::string_view::npos) break;
        out.emplace_back(xml.substr(content, end - content));
        from = end + close.size();
    }
    return out;
}

} // namespace cdk::localcloud
