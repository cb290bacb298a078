#include "localcloud/protocol/xml_writer.hpp"

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
    while (!stack_.empty())
        close();
    return out_;
}

} // namespace cdk::localcloud
