#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cdk::aws::protocol {

/// One XML element: local name (namespace prefix dropped), attributes as written, text content
/// (entities decoded, CDATA included) and child elements.
struct XmlNode {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::string text;
    std::vector<XmlNode> children;

    /// First child with that local name, or nullptr.
    [[nodiscard]] const XmlNode* child(std::string_view child_name) const;
    /// Text of the first child with that name, or empty.
    [[nodiscard]] std::string child_text(std::string_view child_name) const;
    /// Attribute value by name as written (e.g. "xsi:type"), or by local name; empty when absent.
    [[nodiscard]] std::string attribute(std::string_view attr_name) const;
};

/// Parses an XML document (prolog, comments and processing instructions skipped; nesting limited to 200
/// levels). Error code MalformedXML, also for text that is not UTF-8 and for a numeric character
/// reference that names no character (`&#zz;`, `&#0;`, `&#xD800;`, beyond U+10FFFF).
[[nodiscard]] Result<XmlNode> parse_xml(std::string_view text);

/// Escapes &, <, >, " and ' for text and attribute values.
[[nodiscard]] std::string xml_escape(std::string_view text);

/// Serialises a node (and its children) without a prolog.
[[nodiscard]] std::string to_xml(const XmlNode& node);

} // namespace cdk::aws::protocol
