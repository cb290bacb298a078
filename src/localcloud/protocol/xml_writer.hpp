#pragma once

#include "aws/protocol/xml.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cdk::localcloud {

/// XML text escaping is the client codec's (one implementation for both directions).
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

/// The text of the first `<tag>…</tag>` in `xml` after `from` (a tiny reader for request bodies).
[[nodiscard]] std::string xml_find(std::string_view xml, std::string_view tag, std::size_t from = 0);
/// The inner texts of every `<tag>…</tag>` in `xml`.
[[nodiscard]] std::vector<std::string> xml_find_all(std::string_view xml, std::string_view tag);
/// Decodes the five XML entities and numeric references. A reference that names no Unicode scalar value
/// (`&#zz;`, `&#xD800;`, `&#0;`, beyond U+10FFFF) or text that is not UTF-8 is `MalformedXML` (400), as S3
/// answers it.
[[nodiscard]] Result<std::string> xml_unescape(std::string_view text);

} // namespace cdk::localcloud
