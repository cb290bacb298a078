#include "aws/protocol/xml.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::protocol {
namespace {

TEST(XmlTest, ParsesNamespacesEntitiesAndCdata) {
    auto doc = parse_xml(R"(<?xml version="1.0"?>
<!-- c --><a:Root xmlns:a="urn:x" k='v &amp; w'><Item>1 &lt; 2 &#x41;&#66;</Item><Item><![CDATA[<raw>]]></Item><Empty/></a:Root>)");
    ASSERT_TRUE(doc) << doc.error().to_string();
    EXPECT_EQ(doc->name, "Root");
    EXPECT_EQ(doc->attribute("k"), "v & w");
    ASSERT_EQ(doc->children.size(), 3u);
    EXPECT_EQ(doc->children[0].text, "1 < 2 AB");
    EXPECT_EQ(doc->children[1].text, "<raw>");
    EXPECT_NE(doc->child("Empty"), nullptr);
}

TEST(XmlTest, FailsOnMalformedDocuments) {
    EXPECT_EQ(parse_xml("<a><b></a>").error().code, "MalformedXML");
    EXPECT_FALSE(parse_xml("<a>"));
    EXPECT_FALSE(parse_xml("text"));
    EXPECT_FALSE(parse_xml("<a></a><b/>"));
    EXPECT_FALSE(parse_xml("<a x=1/>"));
    std::string deep;
    for (int i = 0; i < 500; ++i)
        deep += "<a>";
    EXPECT_FALSE(parse_xml(deep));
}

TEST(XmlTest, WriterEscapes) {
    XmlNode n{"R", {{"k", "\"q\""}}, "a<b&c", {}};
    EXPECT_EQ(to_xml(n), "<R k=\"&quot;q&quot;\">a&lt;b&amp;c</R>");
    auto back = parse_xml(to_xml(n));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->text, "a<b&c");
}

} // namespace
} // namespace cdk::aws::protocol
