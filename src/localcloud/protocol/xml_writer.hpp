#pragma once

#include "aws/protocol/xml.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cdk::localcloud {

/// XML text escaping is the client codec's (one implementation for both directions); request bodies are
/// read with aws/protocol's parse_xml / parse_xml_payload.
using aws::protocol::xml_escape;

/// Builds an XML document element by element; closes what it opened.
class XmlWriter {
public:
    /// With `declaration` false the writer produces a fragment (no `<?xml …?>` line).
    explicit XmlWriter(bool declaration = true) {
        if (declaration) out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    }
    XmlWriter& open(std::string_view tag, std::string_view xmlns = {});
    XmlWriter& close();
    /// `<tag>text</tag>`
    XmlWriter& leaf(std::string_view tag, std::string_view text);
    /// Appends pre-rendered XML verbatim.
    XmlWriter& raw(std::string_view xml);
    [[nodiscard]] std::string str();

private:
    std::string out_;
    std::vector<std::string> stack_;
};

} // namespace cdk::localcloud
