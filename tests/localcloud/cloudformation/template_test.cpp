#include "../../cfn_template/template_cases.hpp"
#include "localcloud/cloudformation/create_only_properties.hpp"
#include "localcloud/cloudformation/intrinsics.hpp"
#include "localcloud/cloudformation/parameters.hpp"
#include "localcloud/cloudformation/template.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::cloudformation {
namespace {

Json parse_ok(const std::string& body) {
    auto t = parse_template(body);
    EXPECT_TRUE(t) << (t ? "" : t.error().message);
    return t ? *t : Json();
}

TEST(CfnTemplateTest, YamlShortFormsBecomeLongForms) {
    const Json t = parse_ok(R"(
Resources:
  A:
    Type: Test::Thing
    Properties:
      R: !Ref P
      G: !GetAtt B.Arn
      S: !Sub "${AWS::Region}-x"
      I: !If [C, 1, 2]
      J: !Join [",", [a, b]]
      Sel: !Select [0, !Split [",", "a,b"]]
      N: !Not [!Equals [a, b]]
      AO: !And [!Or [!Condition C, true], true]
      F: !FindInMap [M, k, v]
      B64: !Base64 hi
      Cidr: !Cidr ["10.0.0.0/16", 2, 8]
      Azs: !GetAZs ""
      Imp: !ImportValue e
      Quoted: "123"
      Plain: 123
      Flag: true
      Ratio: 1.0
)");
    const Json& p = t["Resources"]["A"]["Properties"];
    EXPECT_EQ(p["R"], Json({{"Ref", "P"}}));
    EXPECT_EQ(p["G"], Json({{"Fn::GetAtt", {"B", "Arn"}}}));
    EXPECT_EQ(p["S"], Json({{"Fn::Sub", "${AWS::Region}-x"}}));
    EXPECT_EQ(p["I"]["Fn::If"][0], "C");
    EXPECT_EQ(p["Sel"]["Fn::Select"][1]["Fn::Split"][1], "a,b");
    EXPECT_EQ(p["N"]["Fn::Not"][0]["Fn::Equals"][1], "b");
    EXPECT_EQ(p["AO"]["Fn::And"][0]["Fn::Or"][0], Json({{"Condition", "C"}}));
    EXPECT_EQ(p["B64"], Json({{"Fn::Base64", "hi"}}));
    EXPECT_EQ(p["Azs"], Json({{"Fn::GetAZs", ""}}));
    EXPECT_EQ(p["Imp"], Json({{"Fn::ImportValue", "e"}}));
    EXPECT_EQ(p["Quoted"], "123");
    EXPECT_EQ(p["Plain"], 123);
    EXPECT_EQ(p["Flag"], true);
    EXPECT_EQ(p["Ratio"], 1.0); // a YAML float, as CloudFormation reads it (issue 21)
}

// A template nested 48,000 levels deep overflowed the stack (SIGSEGV) of the engine walking it.
TEST(CfnTemplateTest, DeepOrHugeTemplatesAreValidationErrors) {
    const std::string open(48000, '['), close(48000, ']');
    const std::string json =
        R"({"Resources":{"A":{"Type":"X::Y::Z","Properties":{"P":)" + open + close + "}}}}";
    const std::string yaml =
        "Resources:\n  A:\n    Type: X::Y::Z\n    Properties:\n      P: " + open + close + "\n";
    const std::string yaml_1500 =
        "Resources:\n  A:\n    Type: X::Y::Z\n    Properties:\n      P: " + std::string(1500, '[') +
        std::string(1500, ']') + "\n";
    const std::string huge =
        R"({"Resources":{"A":{"Type":"X::Y::Z","Properties":{"P":")" + std::string(1'100'000, 'x') + "\"}}}}";
    for (const std::string* body : {&json, &yaml, &yaml_1500, &huge}) {
        auto t = parse_template(*body);
        ASSERT_FALSE(t) << body->substr(0, 80);
        EXPECT_EQ(t.error().code, "ValidationError");
        EXPECT_EQ(t.error().http_status, 400);
    }
    const std::string fine =
        "Resources:\n  A:\n    Type: X::Y::Z\n    Properties:\n      P: " + std::string(50, '[') +
        std::string(50, ']') + "\n";
    EXPECT_TRUE(parse_template(fine));
}

TEST(CfnTemplateTest, FormatErrorsAndTransformAreValidationErrors) {
    auto a = parse_template("{not json");
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "ValidationError");
    EXPECT_EQ(a.error().message.rfind("Template format error: JSON not well-formed. (line 1, column ", 0), 0u)
        << a.error().message;
    auto b = parse_template(R"({"Resources": {}})");
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().message, "Template format error: At least one Resources member must be defined.");
    auto c = parse_template("Transform: AWS::Serverless-2016-10-31\nResources:\n  A: {Type: X::Y::Z}\n");
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("Transform"), std::string::npos);
    auto d = parse_template("Resources:\n  A: {Properties: {}}\n");
    ASSERT_FALSE(d);
    EXPECT_NE(d.error().message.find("Type member"), std::string::npos);
}

// The cases the toolkit's and localcloud's readers disagreed on (issue 21), read through localcloud's entry
// point: the same values as the shared reader gives the toolkit, errors as CloudFormation's ValidationError.
TEST(CfnTemplateTest, ReadsEveryValueCaseAsTheToolkitDoes) {
    for (const auto& c : cfn_template::testing::value_cases()) {
        const auto t = parse_template(cfn_template::testing::template_with_value(c.yaml));
        if (!c.error.empty()) {
            ASSERT_FALSE(t) << c.yaml;
            EXPECT_EQ(t.error().code, "ValidationError");
            EXPECT_EQ(t.error().http_status, 400);
            EXPECT_EQ(
                t.error().message.rfind("Template format error: YAML not well-formed. (line 5, column ", 0),
                0u)
                << t.error().message;
            EXPECT_NE(t.error().message.find(c.error), std::string::npos)
                << c.yaml << ": " << t.error().message;
            continue;
        }
        ASSERT_TRUE(t) << c.yaml << ": " << t.error().message;
        EXPECT_EQ((*t)["Resources"]["A"]["Properties"]["V"], Json::parse(c.json)) << c.yaml;
    }
    const auto dup = parse_template("Resources:\n  A: {Type: X::Y::Z}\n  A: {Type: X::Y::W}\n");
    ASSERT_TRUE(dup) << dup.error().message;
    EXPECT_EQ((*dup)["Resources"]["A"]["Type"], "X::Y::W");
}

Evaluator make(const Json& t, std::map<std::string, Json> params = {}) {
    PseudoParameters pseudo{"111111111111", "ap-southeast-2", "st",
                            "arn:aws:cloudformation:ap-southeast-2:111111111111:stack/st/u"};
    ResourceLookup lookup;
    lookup.ref = [](const std::string& id) -> std::optional<Json> { return Json("phys-" + id); };
    lookup.get_att = [](const std::string& id, const std::string& a) -> Result<Json> {
        return Json(id + "." + a);
    };
    lookup.import_value = [](const std::string& name) -> Result<Json> {
        if (name == "known") return Json("imported");
        return validation_error("No export named " + name + " found.");
    };
    return Evaluator(t, std::move(params), pseudo, lookup);
}

TEST(CfnIntrinsicsTest, EveryFunctionResolves) {
    const Json t = parse_ok(R"(
Mappings:
  M: {k: {v: mapped}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition NotProd, !Equals [a, a]]
Resources:
  B: {Type: Test::Thing}
  A:
    Type: Test::Thing
    Properties:
      Ref: !Ref B
      Att: !GetAtt B.Arn
      Sub: !Sub "${AWS::AccountId}:${AWS::Region}:${AWS::Partition}:${AWS::URLSuffix}:${AWS::StackName}:${B}:${B.Arn}:${!Literal}:${Env}"
      SubVars: !Sub ["${x}-${y}", {x: !Ref Env, y: 2}]
      If: !If [IsProd, yes, no]
      NoValue: !If [IsProd, x, !Ref AWS::NoValue]
      List: [a, !Ref AWS::NoValue, b]
      Join: !Join ["-", [a, 1, !Ref Env]]
      Select: !Select ["1", [x, y, z]]
      Split: !Split [",", "a,b,c"]
      Map: !FindInMap [M, k, v]
      MapDefault: {"Fn::FindInMap": [M, k, missing, {DefaultValue: dflt}]}
      B64: !Base64 hello
      Cidr: !Cidr ["10.0.0.0/16", 3, 8]
      Azs: !GetAZs ""
      Imp: !ImportValue known
      Len: {"Fn::Length": [1, 2, 3]}
      Json: {"Fn::ToJsonString": {a: 1}}
      Cond: !Condition Both
      Contains: {"Fn::Contains": [[a, b], b]}
)");
    Evaluator ev = make(t, {{"Env", "dev"}});
    ASSERT_TRUE(ev.evaluate_conditions());
    EXPECT_FALSE(ev.condition("IsProd"));
    EXPECT_TRUE(ev.condition("Both"));
    auto r = ev.resolve(t["Resources"]["A"]["Properties"]);
    ASSERT_TRUE(r) << r.error().message;
    const Json& p = *r;
    EXPECT_EQ(p["Ref"], "phys-B");
    EXPECT_EQ(p["Att"], "B.Arn");
    EXPECT_EQ(p["Sub"], "111111111111:ap-southeast-2:aws:amazonaws.com:st:phys-B:B.Arn:${Literal}:dev");
    EXPECT_EQ(p["SubVars"], "dev-2");
    EXPECT_EQ(p["If"], false); // plain `no` is YAML 1.1's false, as CloudFormation reads it
    EXPECT_FALSE(p.contains("NoValue"));
    EXPECT_EQ(p["List"], Json({"a", "b"}));
    EXPECT_EQ(p["Join"], "a-1-dev");
    EXPECT_EQ(p["Select"], "y");
    EXPECT_EQ(p["Split"], Json({"a", "b", "c"}));
    EXPECT_EQ(p["Map"], "mapped");
    EXPECT_EQ(p["MapDefault"], "dflt");
    EXPECT_EQ(p["B64"], "aGVsbG8=");
    EXPECT_EQ(p["Cidr"], Json({"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"}));
    EXPECT_EQ(p["Azs"][0], "ap-southeast-2a");
    EXPECT_EQ(p["Imp"], "imported");
    EXPECT_EQ(p["Len"], 3);
    EXPECT_EQ(p["Json"], "{\"a\":1}");
    EXPECT_EQ(p["Cond"], true);
    EXPECT_EQ(p["Contains"], true);
}

TEST(CfnTemplateTest, FailsOnYamlScalarsThatDecodeToBytesThatAreNotUtf8) {
    // Found by scripts/fuzz-localcloud: UTF-8 text whose YAML scalar yaml-cpp decodes to a lone 0xA0, which
    // made the stored template's dump() throw (type_error 316).
    const char kFound[] =
        "Resources:\n  V:\n    Type: "
        "AWS:n\":\"2012-10-\000_\",\"StatemenSt\":[{\"EN4YAM\014&ExceptionEction\":\"s1*\"}\"\n";
    const std::string found(kFound, sizeof kFound - 1);
    for (const std::string& text : {found, std::string("Resources:\n  V:\n    Type: \"a\\_b\"\n")}) {
        const auto r = parse_template(text);
        if (r) {
            EXPECT_NO_THROW((void)r->dump()) << text;
            continue;
        }
        EXPECT_NE(r.error().message.find("Template format error"), std::string::npos) << r.error().message;
    }
    const auto escaped = parse_template("Resources:\n  V:\n    Type: \"a\\_b\"\n");
    ASSERT_FALSE(escaped);
    EXPECT_NE(escaped.error().message.find("not UTF-8"), std::string::npos) << escaped.error().message;
}

TEST(CfnIntrinsicsTest, ErrorsNameTheProblem) {
    const Json t = parse_ok("Resources:\n  A: {Type: Test::Thing}\n");
    Evaluator ev = make(t);
    auto missing = ev.resolve(Json{{"Ref", "Nope"}});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "Template format error: Unresolved resource dependencies [Nope] in "
                                       "the Resources block of the template");
    auto imp = ev.resolve(Json{{"Fn::ImportValue", "unknown"}});
    ASSERT_FALSE(imp);
    EXPECT_EQ(imp.error().message, "No export named unknown found.");
    auto sel = ev.resolve(Json{{"Fn::Select", Json::array({5, Json::array({"a"})})}});
    ASSERT_FALSE(sel);
}

TEST(CfnIntrinsicsTest, ReferencesFindRefsGetAttsAndSubVariables) {
    const Json v = Json::parse(
        R"({"a": {"Ref": "X"}, "b": {"Fn::GetAtt": ["Y", "Arn"]}, "c": {"Fn::Sub": "${Z.Arn}-${AWS::Region}-${!No}"},
        "d": {"Fn::Sub": ["${local}-${W}", {"local": {"Ref": "V"}}]}})");
    const auto refs = references(v);
    EXPECT_EQ(refs, (std::set<std::string>{"X", "Y", "Z", "AWS::Region", "W", "V"}));
}

TEST(CfnRulesTest, CdkCheckBootstrapVersionPassesAndFails) {
    const Json t = Json::parse(R"({
      "Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version"}},
      "Resources": {"A": {"Type": "AWS::CDK::Metadata"}},
      "Rules": {"CheckBootstrapVersion": {"Assertions": [{
        "Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"], {"Ref": "BootstrapVersion"}]}]},
        "AssertDescription": "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI."}]}}})");
    for (const auto& [version, passes] :
         std::vector<std::pair<std::string, bool>>{{"30", true}, {"5", false}}) {
        auto params = resolve_parameters(t, {}, {}, [&](const std::string& name) -> Result<std::string> {
            EXPECT_EQ(name, "/cdk-bootstrap/hnb659fds/version");
            return version;
        });
        ASSERT_TRUE(params) << params.error().message;
        EXPECT_EQ(params->described[0].resolved_value, std::optional<std::string>(version));
        Evaluator ev = make(t, params->values);
        auto rules = ev.check_rules();
        EXPECT_EQ(static_cast<bool>(rules), passes) << version;
        if (!passes) {
            EXPECT_EQ(rules.error().code, "ValidationError");
            EXPECT_NE(rules.error().message.find("CDK bootstrap stack version 6 required"),
                      std::string::npos);
        }
    }
    auto missing = resolve_parameters(t, {}, {}, [](const std::string& name) -> Result<std::string> {
        return make_error("ParameterNotFound", name, 400);
    });
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] from "
                                       "parameter store for this account.");
}

TEST(CfnParametersTest, ValidationMessagesDefaultsNoEchoAndPrevious) {
    const Json t = Json::parse(R"({"Resources": {"A": {"Type": "X"}}, "Parameters": {
      "Env": {"Type": "String", "AllowedValues": ["dev", "prod"], "Default": "dev"},
      "Name": {"Type": "String", "AllowedPattern": "[a-z]+", "MinLength": 2, "MaxLength": 5},
      "Count": {"Type": "Number", "MinValue": 1, "MaxValue": 10, "Default": 3},
      "Secret": {"Type": "String", "NoEcho": true, "Default": "s3cret"},
      "Ids": {"Type": "List<Number>", "Default": "1,2"},
      "Names": {"Type": "CommaDelimitedList", "Default": "a, b"}}})");
    auto run = [&](std::vector<ParameterInput> in, std::map<std::string, std::string> prev = {}) {
        return resolve_parameters(t, in, prev, nullptr);
    };
    auto ok1 = run({{"Name", std::string("abc"), false}});
    ASSERT_TRUE(ok1) << ok1.error().message;
    EXPECT_EQ(ok1->values["Names"], Json({"a", "b"}));
    EXPECT_EQ(ok1->values["Ids"], Json({"1", "2"}));
    for (const auto& d : ok1->described) {
        if (d.key == "Secret") {
            EXPECT_EQ(d.value, "****");
        }
    }
    EXPECT_EQ(ok1->raw["Secret"], "s3cret");
    auto expect = [&](std::vector<ParameterInput> in, const std::string& message) {
        auto r = run(std::move(in));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().message, message);
    };
    expect({}, "Parameters: [Name] must have values");
    expect({{"Name", std::string("abc"), false}, {"Env", std::string("qa"), false}},
           "Parameter 'Env' must be one of AllowedValues");
    expect({{"Name", std::string("AB1"), false}}, "Parameter 'Name' must match pattern [a-z]+");
    expect({{"Name", std::string("a"), false}}, "Parameter 'Name' must contain at least 2 characters");
    expect({{"Name", std::string("abcdef"), false}}, "Parameter 'Name' must contain at most 5 characters");
    expect({{"Name", std::string("ab"), false}, {"Count", std::string("x"), false}},
           "Parameter 'Count' must be a number");
    expect({{"Name", std::string("ab"), false}, {"Count", std::string("0"), false}},
           "Parameter 'Count' must be a number not less than 1");
    expect({{"Name", std::string("ab"), false}, {"Count", std::string("11"), false}},
           "Parameter 'Count' must be a number not greater than 10");
    expect({{"Name", std::string("ab"), false}, {"Bogus", std::string("1"), false}},
           "Parameters: [Bogus] do not exist in the template");
    auto prev = run({{"Name", std::nullopt, true}}, {{"Name", "prev"}});
    ASSERT_TRUE(prev);
    EXPECT_EQ(prev->values["Name"], "prev");
}

TEST(CfnCreateOnlyTest, GeneratedTableKnowsCommonTypes) {
    auto bucket = schema_create_only_properties("AWS::S3::Bucket");
    ASSERT_TRUE(bucket);
    EXPECT_NE(std::find(bucket->begin(), bucket->end(), "BucketName"), bucket->end());
    auto param = schema_create_only_properties("AWS::SSM::Parameter");
    ASSERT_TRUE(param);
    EXPECT_EQ(*param, std::vector<std::string>{"Name"});
    EXPECT_FALSE(schema_create_only_properties("Test::Thing"));
}

} // namespace
} // namespace cdk::localcloud::cloudformation
