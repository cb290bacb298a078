#include "toolkit/serialize.hpp"

#include <gtest/gtest.h>

namespace cdk::toolkit {
namespace {

using OJson = nlohmann::ordered_json;

TEST(YamlTest, QuotesStringsThatReadAsOtherTypes) {
    const OJson v =
        OJson::parse(R"({"a":"111111111111","b":"true","c":"yes","d":"on","e":"1.5","f":"null","g":"",
        "h":"2024-01-02","i":"0x1F","j":"plain text","k":"AWS::Region","l":"aws:cdk:path","m":"1e3"})");
    EXPECT_EQ(to_yaml(v),
              "a: \"111111111111\"\nb: \"true\"\nc: \"yes\"\nd: \"on\"\ne: \"1.5\"\nf: \"null\"\ng: \"\"\n"
              "h: \"2024-01-02\"\ni: \"0x1F\"\nj: plain text\nk: AWS::Region\nl: aws:cdk:path\nm: \"1e3\"\n");
}

TEST(YamlTest, QuotesIndicatorsAndSeparators) {
    const OJson v = OJson::parse(R"({"a":"*","b":"- x","c":"a: b","d":"a #b","e":"trailing ","f":"say \"hi\"",
        "g":"it's \"x\"","h":"-","i":"{x}","j":"a:b","k":"${AWS::Region}","l":"\"q","m":"a\tb","o":"-x"})");
    EXPECT_EQ(to_yaml(v),
              "a: \"*\"\nb: \"- x\"\nc: \"a: b\"\nd: \"a #b\"\ne: \"trailing \"\nf: say \"hi\"\n"
              "g: it's \"x\"\nh: \"-\"\ni: \"{x}\"\nj: a:b\nk: ${AWS::Region}\nl: '\"q'\nm: a\tb\no: -x\n");
}

TEST(YamlTest, NestsMapsAndSequencesLikeTheStockCli) {
    const OJson v = OJson::parse(R"({"Fn::Or":[{"Fn::Equals":[{"Ref":"AWS::Region"},"us-east-1"]},[1,2]],
        "Empty":{},"None":[],"N":3,"B":false,"Z":null})");
    EXPECT_EQ(to_yaml(v), "Fn::Or:\n"
                          "  - Fn::Equals:\n"
                          "      - Ref: AWS::Region\n"
                          "      - us-east-1\n"
                          "  - - 1\n"
                          "    - 2\n"
                          "Empty: {}\n"
                          "None: []\n"
                          "\"N\": 3\n"
                          "B: false\n"
                          "Z: null\n");
}

TEST(YamlTest, MultiLineStringsAreLiteralBlocks) {
    const OJson v = OJson::parse(R"({"Code":{"ZipFile":"exports.handler = async () => {\n  return 1;\n};"},
        "Kept":"a\nb\n","List":["x\ny"]})");
    EXPECT_EQ(to_yaml(v), "Code:\n"
                          "  ZipFile: |-\n"
                          "    exports.handler = async () => {\n"
                          "      return 1;\n"
                          "    };\n"
                          "Kept: |\n"
                          "  a\n"
                          "  b\n"
                          "List:\n"
                          "  - |-\n"
                          "    x\n"
                          "    y\n");
}

TEST(ObscureTemplateTest, HidesTheBootstrapVersionRule) {
    OJson only = OJson::parse(R"({"Resources":{},"Rules":{"CheckBootstrapVersion":{}}})");
    obscure_template(only);
    EXPECT_FALSE(only.contains("Rules"));
    OJson more = OJson::parse(R"({"Rules":{"CheckBootstrapVersion":{},"Mine":{}}})");
    obscure_template(more);
    EXPECT_EQ(more["Rules"].size(), 1u);
    EXPECT_TRUE(more["Rules"].contains("Mine"));
}

TEST(JsonTextTest, TwoSpacesAndKeyOrder) {
    const OJson v = OJson::parse(R"({"b":1,"a":[true]})");
    EXPECT_EQ(to_json_text(v), "{\n  \"b\": 1,\n  \"a\": [\n    true\n  ]\n}\n");
}

} // namespace
} // namespace cdk::toolkit
