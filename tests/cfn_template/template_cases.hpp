#pragma once
// The cases on which the toolkit's and localcloud's template readers disagreed before both used
// cfn_template::read_template (issue 21): one table, run against the reader (template_text_test.cpp) and
// against each caller's entry point (tests/toolkit/bootstrap_template_test.cpp,
// tests/localcloud/cloudformation/ template_test.cpp), so that both sides read every one of them the same
// way.

#include <string>
#include <string_view>
#include <vector>

namespace cdk::cfn_template::testing {

/// One property value written in YAML: what it reads as (JSON text), or the words its error must contain.
struct ValueCase {
    std::string yaml;
    std::string json;  // empty when it is an error
    std::string error; // empty when it reads
};

/// A template whose one resource's property V is `value` (on line 5, from column 10).
inline std::string template_with_value(std::string_view value) {
    return "Resources:\n  A:\n    Type: X::Y::Z\n    Properties:\n      V: " + std::string(value) + "\n";
}

inline std::vector<ValueCase> value_cases() {
    return {
        // Floats (localcloud kept their text, the toolkit read `1e3` as a string): YAML 1.1 floats as
        // CloudFormation (SnakeYAML) reads them, `08` and `012345678910` included.
        {"1.0", "1.0", ""},
        {"1.10", "1.1", ""},
        {"-.5", "-0.5", ""},
        {"1e3", "1000.0", ""},
        {"1.5E+2", "150.0", ""},
        {"08", "8.0", ""},
        {"012345678910", "12345678910.0", ""},
        {"1:30.5", "90.5", ""},
        {".inf", "", "float without a JSON value"},
        {"-.Inf", "", "float without a JSON value"},
        {".nan", "", "float without a JSON value"},
        // Booleans and null (the toolkit read `TRUE`, `NULL` and `Null` as strings): YAML 1.1's.
        {"true", "true", ""},
        {"True", "true", ""},
        {"TRUE", "true", ""},
        {"yes", "true", ""},
        {"On", "true", ""},
        {"NO", "false", ""},
        {"off", "false", ""},
        {"tRue", "\"tRue\"", ""},
        {"y", "\"y\"", ""},
        {"n", "\"n\"", ""},
        {"~", "null", ""},
        {"null", "null", ""},
        {"Null", "null", ""},
        {"NULL", "null", ""},
        {"", "null", ""},
        // Integers (both read `0x1F` as a string, the toolkit `017` as 17 and `+12` as a string).
        {"0x1F", "31", ""},
        {"-0x1f", "-31", ""},
        {"017", "15", ""},
        {"0b101", "5", ""},
        {"1_000", "1000", ""},
        {"1:30", "90", ""},
        {"+12", "12", ""},
        {"-12", "-12", ""},
        {"0", "0", ""},
        {"9223372036854775807", "9223372036854775807", ""},
        {"99999999999999999999", "\"99999999999999999999\"", ""},
        // Strings: timestamps are not a type CloudFormation supports; quoted scalars are strings.
        {"2010-09-09", "\"2010-09-09\"", ""},
        {"'yes'", "\"yes\"", ""},
        {"\"123\"", "\"123\"", ""},
        {"1.2.3", "\"1.2.3\"", ""},
        {"0o17", "\"0o17\"", ""},
        {"!!str 12", "\"12\"", ""},
        {"!!int '0x10'", "16", ""},
        {"!!float 1", "1.0", ""},
        {"!!bool 'yes'", "true", ""},
        {"!!int abc", "", "is not a YAML int"},
        {"!!binary aGk=", "", "!!binary"},
        {"!!timestamp 2001-12-14", "", "!!timestamp"},
        {"!!set {a: null}", "", "!!set"},
        // The short forms: every CloudFormation function; unknown tags are errors (the toolkit made them
        // Fn::X).
        {"!Ref P", R"({"Ref": "P"})", ""},
        {"!Condition C", R"({"Condition": "C"})", ""},
        {"!GetAtt B.Arn", R"({"Fn::GetAtt": ["B", "Arn"]})", ""},
        {"!GetAtt Nested.Outputs.Name", R"({"Fn::GetAtt": ["Nested", "Outputs.Name"]})", ""},
        {"!GetAtt [B, Arn]", R"({"Fn::GetAtt": ["B", "Arn"]})", ""},
        {"!Sub '${AWS::Region}-x'", R"({"Fn::Sub": "${AWS::Region}-x"})", ""},
        {"!Sub ['${x}-y', {x: !Ref P}]", R"({"Fn::Sub": ["${x}-y", {"x": {"Ref": "P"}}]})", ""},
        {"!Join [',', [a, 1]]", R"({"Fn::Join": [",", ["a", 1]]})", ""},
        {"!If [C, yes, !Ref AWS::NoValue]", R"({"Fn::If": ["C", true, {"Ref": "AWS::NoValue"}]})", ""},
        {"!Not [!Equals [a, b]]", R"({"Fn::Not": [{"Fn::Equals": ["a", "b"]}]})", ""},
        {"!And [!Or [!Condition C, true], true]",
         R"({"Fn::And": [{"Fn::Or": [{"Condition": "C"}, true]}, true]})", ""},
        {"!Select [0, !Split [',', 'a,b']]", R"({"Fn::Select": [0, {"Fn::Split": [",", "a,b"]}]})", ""},
        {"!FindInMap [M, k, v]", R"({"Fn::FindInMap": ["M", "k", "v"]})", ""},
        {"!Base64 hi", R"({"Fn::Base64": "hi"})", ""},
        {"!Cidr ['10.0.0.0/16', 2, 8]", R"({"Fn::Cidr": ["10.0.0.0/16", 2, 8]})", ""},
        {"!GetAZs ''", R"({"Fn::GetAZs": ""})", ""},
        {"!GetAZs", R"({"Fn::GetAZs": ""})", ""},
        {"!ImportValue e", R"({"Fn::ImportValue": "e"})", ""},
        {"!Transform {Name: M, Parameters: {}}", R"({"Fn::Transform": {"Name": "M", "Parameters": {}}})", ""},
        {"!Contains [[a], a]", R"({"Fn::Contains": [["a"], "a"]})", ""},
        {"!Foo bar", "", "!Foo is not a CloudFormation function"},
        {"!GetAtt B", "", "!GetAtt B needs Resource.Attribute"},
        {"!Ref [a]", "", "!Ref takes a name"},
        {"!Ref", "", "!Ref needs a name"},
        // YAML features CloudFormation does not support.
        {"&x a", "", "anchors"},
        {"\"a\\_b\"", "", "not UTF-8 once decoded"},
    };
}

} // namespace cdk::cfn_template::testing
