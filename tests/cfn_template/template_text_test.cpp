#include "cfn_template/template_text.hpp"
#include "cfn_template/yaml_scalars.hpp"
#include "template_cases.hpp"

#include <gtest/gtest.h>

namespace cdk::cfn_template {
namespace {

TEST(CfnTemplateReaderTest, ReadsEveryValueCaseAsCloudFormationDoes) {
    for (const auto& c : testing::value_cases()) {
        const auto t = read_template(testing::template_with_value(c.yaml));
        if (!c.error.empty()) {
            ASSERT_FALSE(t) << c.yaml << " read as " << t->dump();
            EXPECT_EQ(t.error().code, "TemplateFormatError");
            EXPECT_NE(t.error().message.find(c.error), std::string::npos)
                << c.yaml << ": " << t.error().message;
            EXPECT_NE(t.error().message.find("(line 5, column "), std::string::npos) << t.error().message;
            continue;
        }
        ASSERT_TRUE(t) << c.yaml << ": " << t.error().message;
        const Json& v = (*t)["Resources"]["A"]["Properties"]["V"];
        const Json expected = Json::parse(c.json);
        EXPECT_EQ(v, expected) << c.yaml << " read as " << v.dump();
        EXPECT_EQ(v.is_number_float(), expected.is_number_float())
            << c.yaml; // 1.0 is a float, not the integer 1
    }
}

TEST(CfnTemplateReaderTest, PlainScalarKinds) {
    EXPECT_EQ(plain_kind("yes"), PlainKind::Bool);
    EXPECT_EQ(plain_kind("~"), PlainKind::Null);
    EXPECT_EQ(plain_kind("0x1F"), PlainKind::Int);
    EXPECT_EQ(plain_kind("190:20:30"), PlainKind::Int);
    EXPECT_EQ(plain_kind("1e3"), PlainKind::Float);
    EXPECT_EQ(plain_kind("1:60"), PlainKind::String); // a base-60 part is below 60
    EXPECT_EQ(plain_kind("0x"), PlainKind::String);
    EXPECT_EQ(plain_kind("1e"), PlainKind::String);
    EXPECT_EQ(plain_kind("."), PlainKind::String);
    EXPECT_EQ(plain_kind("+"), PlainKind::String);
    EXPECT_EQ(plain_kind("_1"), PlainKind::String);
    EXPECT_EQ(*plain_value("190:20:30"), 685230);
    EXPECT_EQ(*plain_value("-9223372036854775808"), Json(INT64_MIN));
}

TEST(CfnTemplateReaderTest, ADuplicatedKeyKeepsItsLastValueAsCloudFormationAndJsonDo) {
    const auto yaml = read_template("Resources:\n  A: {Type: X::Y::Z, Type: X::Y::W}\n");
    ASSERT_TRUE(yaml) << yaml.error().message;
    EXPECT_EQ((*yaml)["Resources"]["A"]["Type"], "X::Y::W");
    const auto json = read_template(R"({"Resources": {"A": {"Type": "X::Y::Z", "Type": "X::Y::W"}}})");
    ASSERT_TRUE(json) << json.error().message;
    EXPECT_EQ((*json)["Resources"]["A"]["Type"], "X::Y::W");
}

TEST(CfnTemplateReaderTest, FailsWithLineAndColumnOnBadYaml) {
    const auto broken = read_template("Resources:\n  A:\n    Type: [a, b\n");
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().message.find("YAML not well-formed. (line "), std::string::npos)
        << broken.error().message;
    const auto json = read_template("{\"Resources\":\n  {\"A\": ]}");
    ASSERT_FALSE(json);
    EXPECT_NE(json.error().message.find("JSON not well-formed. (line 2, column 9"), std::string::npos)
        << json.error().message;
}

TEST(CfnTemplateReaderTest, FailsOnYamlCloudFormationDoesNotSupport) {
    const struct {
        const char* text;
        const char* error;
    } cases[] = {
        {"Resources:\n  A: &r {Type: X::Y::Z}\n  B: *r\n", "anchors"},
        {"Resources:\n  B: *r\n", "anchor"},
        {"Resources:\n  A:\n    <<: {Type: X::Y::Z}\n", "merge keys"},
        {"Resources:\n  ? [a]\n  : b\n", "a mapping key must be a string"},
        {"Resources:\n  !Ref a: b\n", "a mapping key must be a string"},
        {"Resources: {A: {Type: X::Y::Z}}\n---\nResources: {}\n", "one YAML document"},
        {"Resources:\n  A:\n    Type: a\x01z\n", "(line 3, column 12: a control character"},
        {"Resources:\n  A:\n    Type: \xc3\x28\n", "(line 3, column 11: the template is not UTF-8"},
    };
    for (const auto& c : cases) {
        const auto t = read_template(c.text);
        ASSERT_FALSE(t) << c.text;
        EXPECT_NE(t.error().message.find(c.error), std::string::npos) << c.text << ": " << t.error().message;
    }
}

TEST(CfnTemplateReaderTest, DepthAndSizeAreBounded) {
    for (const std::size_t depth : {1001u, 1500u, 48000u}) {
        const std::string open(depth, '['), close(depth, ']');
        const auto yaml = read_template("Resources:\n  A:\n    P: " + open + close + "\n");
        ASSERT_FALSE(yaml) << depth;
        EXPECT_EQ(yaml.error().message.rfind("YAML not well-formed. (line 3, column ", 0), 0u)
            << yaml.error().message;
        const auto json = read_template(R"({"Resources":{"A":{"P":)" + open + close + "}}}");
        ASSERT_FALSE(json) << depth;
        EXPECT_NE(json.error().message.find("nested deeper than 1000 levels"), std::string::npos)
            << json.error().message;
    }
    std::string nested_blocks = "Resources:\n";
    for (int i = 0; i < 1200; ++i)
        nested_blocks += std::string(1 + static_cast<std::size_t>(i), ' ') + "a:\n";
    const auto blocks = read_template(nested_blocks);
    ASSERT_FALSE(blocks);
    // yaml-cpp's scanner gives up some 500 levels deep ("nested too deep"); our own count stops at 1,000.
    EXPECT_NE(blocks.error().message.find("deep"), std::string::npos) << blocks.error().message;
    std::string wide = "Resources:\n";
    for (int i = 0; wide.size() < 900'000; ++i)
        wide += "  R" + std::to_string(i) +
                ": {Type: X::Y::Z, Properties: {V: !Sub '${AWS::Region}', N: [1, 2.5, yes]}}\n";
    const auto big = read_template(wide);
    ASSERT_TRUE(big) << big.error().message;
    EXPECT_GT((*big)["Resources"].size(), 10'000u);
    EXPECT_TRUE(
        read_template("Resources:\n  A:\n    P: " + std::string(50, '[') + std::string(50, ']') + "\n"));
    const auto huge = read_template("Resources:\n  A: '" + std::string(kMaxTemplateBytes, 'x') + "'\n");
    ASSERT_FALSE(huge);
    EXPECT_NE(huge.error().message.find("CloudFormation reads at most 1000000"), std::string::npos);
    const auto small = read_template("Resources: {}\n", {.max_bytes = 5});
    EXPECT_FALSE(small);
}

TEST(CfnTemplateReaderTest, AnEmptyTextIsNull) {
    const auto t = read_template("");
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->is_null());
    const auto comment = read_template("# nothing\n");
    ASSERT_TRUE(comment);
    EXPECT_TRUE(comment->is_null());
}

} // namespace
} // namespace cdk::cfn_template
