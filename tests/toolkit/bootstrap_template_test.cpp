// Our bootstrap template against the stock CLI's bootstrap-template.yaml (read from third_party/npm at test
// time, never copied): the same document once YAML comments and scalar spelling are set aside.
#include "../cfn_template/template_cases.hpp"
#include "core/fs.hpp"
#include "toolkit/bootstrap/bootstrap_parameters.hpp"
#include "toolkit/bootstrap/bootstrap_template.hpp"
#include "toolkit/template_reader.hpp"

#include <gtest/gtest.h>

namespace cdk::toolkit::bootstrap {
namespace {

const char* kStockTemplate =
    "/third_party/npm/node_modules/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml";

/// Scalars as CloudFormation reads them: `true`, `'true'` and `30`, `'30'` mean the same; strings that hold
/// JSON (the ECR lifecycle policy) compare as JSON.
Json normalise(const Json& v) {
    if (v.is_object()) {
        Json out = Json::object();
        for (const auto& [k, item] : v.items())
            out[k] = normalise(item);
        return out;
    }
    if (v.is_array()) {
        Json out = Json::array();
        for (const auto& item : v)
            out.push_back(normalise(item));
        return out;
    }
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number()) return v.dump();
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (!s.empty() && s.front() == '{') {
            try {
                return Json{{"$json", Json::parse(s)}};
            } catch (const std::exception&) {
            }
        }
        // YAML folds long plain scalars onto several lines; both sides are compared with single spaces.
        std::string folded;
        for (const char c : s) {
            if (c == '\n') {
                folded += ' ';
            } else {
                folded += c;
            }
        }
        while (!folded.empty() && folded.back() == ' ')
            folded.pop_back();
        return folded;
    }
    return v;
}

/// The first path where two documents differ, for a readable failure.
std::string first_difference(const Json& a, const Json& b, const std::string& path) {
    if (a.type() != b.type()) return path + ": " + a.dump() + " vs " + b.dump();
    if (a.is_object()) {
        for (const auto& [k, v] : a.items()) {
            if (!b.contains(k)) return path + "/" + k + ": missing in ours";
            auto d = first_difference(v, b[k], path + "/" + k);
            if (!d.empty()) return d;
        }
        for (const auto& [k, v] : b.items()) {
            if (!a.contains(k)) return path + "/" + k + ": extra in ours";
        }
        return "";
    }
    if (a.is_array()) {
        if (a.size() != b.size())
            return path + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + " items";
        for (std::size_t i = 0; i < a.size(); ++i) {
            auto d = first_difference(a[i], b[i], path + "/" + std::to_string(i));
            if (!d.empty()) return d;
        }
        return "";
    }
    return a == b ? "" : path + ": " + a.dump() + " vs " + b.dump();
}

TEST(BootstrapTemplateTest, IsEquivalentToTheStockTemplate) {
    auto stock = read_template_file(std::string(CDK_SOURCE_DIR) + kStockTemplate);
    ASSERT_TRUE(stock) << stock.error().to_string();
    const Json theirs = normalise(*stock);
    const Json ours = normalise(bootstrap_template());
    EXPECT_EQ(first_difference(theirs, ours, ""), "");
    EXPECT_EQ(theirs, ours);
}

TEST(BootstrapTemplateTest, CarriesVersionVariantAndFitsInATemplateBody) {
    const Json t = bootstrap_template();
    EXPECT_EQ(bootstrap_version_of(t), kBootstrapVersion);
    EXPECT_EQ(bootstrap_variant_of(t), kBootstrapVariant);
    EXPECT_EQ(t["Resources"]["CdkBootstrapVersion"]["Properties"]["Value"],
              std::to_string(kBootstrapVersion));
    EXPECT_LT(t.dump().size(), 51200u);
}

TEST(BootstrapTemplateTest, RolesCarryTheirBootstrapRoleTags) {
    const Json r = bootstrap_template()["Resources"];
    EXPECT_EQ(r["DeploymentActionRole"]["Properties"]["Tags"][0]["Value"], "deploy");
    EXPECT_EQ(r["FilePublishingRole"]["Properties"]["Tags"][0]["Value"], "file-publishing");
    EXPECT_EQ(r["LookupRole"]["Properties"]["Tags"][0]["Value"], "lookup");
    EXPECT_FALSE(r["CloudFormationExecutionRole"]["Properties"].contains("Tags"));
}

TEST(TemplateReaderTest, ReadsYamlShortForms) {
    auto t = parse_template(
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "
        "'x-${AWS::Region}'\n      Tags:\n        - Key: !Ref P\n          Value: !GetAtt Q.Arn\n",
        "inline");
    ASSERT_TRUE(t) << t.error().to_string();
    const Json props = (*t)["Resources"]["B"]["Properties"];
    EXPECT_EQ(props["BucketName"], Json({{"Fn::Sub", "x-${AWS::Region}"}}));
    EXPECT_EQ(props["Tags"][0]["Key"], Json({{"Ref", "P"}}));
    EXPECT_EQ(props["Tags"][0]["Value"], Json({{"Fn::GetAtt", {"Q", "Arn"}}}));
}

// The cases the toolkit's and localcloud's readers disagreed on (issue 21), read through the toolkit's entry
// point: the same values as localcloud reads (tests/localcloud/cloudformation/template_test.cpp), errors
// naming the place.
TEST(TemplateReaderTest, ReadsEveryValueCaseAsLocalcloudDoes) {
    for (const auto& c : cfn_template::testing::value_cases()) {
        const auto t = parse_template(cfn_template::testing::template_with_value(c.yaml), "inline");
        if (!c.error.empty()) {
            ASSERT_FALSE(t) << c.yaml;
            EXPECT_EQ(t.error().code, "TemplateMalformed");
            EXPECT_EQ(t.error().message.rfind(
                          "inline is not a valid template: YAML not well-formed. (line 5, column ", 0),
                      0u)
                << t.error().message;
            EXPECT_NE(t.error().message.find(c.error), std::string::npos)
                << c.yaml << ": " << t.error().message;
            continue;
        }
        ASSERT_TRUE(t) << c.yaml << ": " << t.error().message;
        EXPECT_EQ((*t)["Resources"]["A"]["Properties"]["V"], Json::parse(c.json)) << c.yaml;
    }
    const auto deep =
        parse_template("Resources:\n  A:\n    P: " + std::string(5000, '[') + std::string(5000, ']'), "deep");
    ASSERT_FALSE(deep);
    EXPECT_NE(deep.error().message.find("(line 3, column "), std::string::npos) << deep.error().message;
    const auto dup = parse_template("Resources:\n  A: {Type: X::Y::Z}\n  A: {Type: X::Y::W}\n", "dup");
    ASSERT_TRUE(dup) << dup.error().message;
    EXPECT_EQ((*dup)["Resources"]["A"]["Type"], "X::Y::W");
}

TEST(BootstrapParametersTest, NewStackGetsAwsManagedKeyAndImplicitAdministratorAccess) {
    auto p = compute_bootstrap_parameters({.qualifier = "myapp"}, std::nullopt, "aws");
    ASSERT_TRUE(p) << p.error().to_string();
    EXPECT_EQ(p->values.at("Qualifier"), "myapp");
    EXPECT_EQ(p->values.at("FileAssetsBucketKmsKeyId"), "AWS_MANAGED_KEY");
    EXPECT_EQ(p->values.at("TrustedAccounts"), "");
    EXPECT_EQ(p->values.at("CloudFormationExecutionPolicies"), "");
    EXPECT_EQ(p->values.at("PublicAccessBlockConfiguration"), "true");
    EXPECT_NE(p->notes.back().find("AdministratorAccess"), std::string::npos);
}

TEST(BootstrapParametersTest, FailsForTrustWithoutExecutionPoliciesWithTheStockMessage) {
    auto p = compute_bootstrap_parameters({.trusted_accounts = std::vector<std::string>{"999999999999"}},
                                          std::nullopt, "aws");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, "MissingExecutionPoliciesForTrust");
    EXPECT_EQ(p.error().message,
              "Please pass '--cloudformation-execution-policies' when using '--trust' to specify deployment "
              "permissions. Try a managed policy of the form 'arn:aws:iam::aws:policy/<PolicyName>'.");
}

TEST(BootstrapParametersTest, KeepsTheDeployedTrustAndKeyWhenNotGiven) {
    const std::map<std::string, std::string> current{
        {"TrustedAccounts", "999999999999"},
        {"CloudFormationExecutionPolicies", "arn:aws:iam::aws:policy/A"},
        {"FileAssetsBucketKmsKeyId", "AWS_MANAGED_KEY"}};
    auto p = compute_bootstrap_parameters({}, current, "aws");
    ASSERT_TRUE(p) << p.error().to_string();
    EXPECT_EQ(p->values.at("TrustedAccounts"), "999999999999");
    EXPECT_EQ(p->values.at("CloudFormationExecutionPolicies"), "arn:aws:iam::aws:policy/A");
    EXPECT_EQ(p->values.count("FileAssetsBucketKmsKeyId"), 0u); // previous value kept
    EXPECT_EQ(p->values.count("Qualifier"), 0u);
}

TEST(BootstrapParametersTest, UntrustRemovesTheAccountFromTheDeployedTrustListsKeepingTheOthers) {
    const std::map<std::string, std::string> current{
        {"TrustedAccounts", "999999999999,888888888888"},
        {"TrustedAccountsForLookup", "999999999999,777777777777"},
        {"CloudFormationExecutionPolicies", "arn:aws:iam::aws:policy/A"}};
    auto p = compute_bootstrap_parameters({.untrusted_accounts = {"999999999999"}}, current, "aws");
    ASSERT_TRUE(p) << p.error().to_string();
    EXPECT_EQ(p->values.at("TrustedAccounts"), "888888888888");
    EXPECT_EQ(p->values.at("TrustedAccountsForLookup"), "777777777777");
    EXPECT_EQ(p->values.at("CloudFormationExecutionPolicies"), "arn:aws:iam::aws:policy/A");
    EXPECT_EQ(p->notes.at(0), "Trusted accounts for deployment: 888888888888");
    // Untrusting the last trusted account keeps the execution policies (no implicit AdministratorAccess
    // note).
    auto last = compute_bootstrap_parameters({.untrusted_accounts = {"999999999999", "888888888888"}},
                                             current, "aws");
    ASSERT_TRUE(last) << last.error().to_string();
    EXPECT_EQ(last->values.at("TrustedAccounts"), "");
    EXPECT_EQ(last->values.at("CloudFormationExecutionPolicies"), "arn:aws:iam::aws:policy/A");
    EXPECT_EQ(last->notes.at(0), "Trusted accounts for deployment: (none)");
    // A given --trust list replaces the deployed one; --untrust of another account leaves it as given.
    auto given = compute_bootstrap_parameters({.trusted_accounts = std::vector<std::string>{"111111111111"},
                                               .untrusted_accounts = {"999999999999"}},
                                              current, "aws");
    ASSERT_TRUE(given) << given.error().to_string();
    EXPECT_EQ(given->values.at("TrustedAccounts"), "111111111111");
    EXPECT_EQ(given->values.at("TrustedAccountsForLookup"), "777777777777");
}

TEST(BootstrapParametersTest, AnAccountBothTrustedAndUntrustedIsRefusedWithTheStockMessage) {
    auto p = compute_bootstrap_parameters(
        {.trusted_accounts = std::vector<std::string>{"1", "2"},
         .trusted_accounts_for_lookup = std::vector<std::string>{"3"},
         .untrusted_accounts = {"3", "2"},
         .execution_policies = std::vector<std::string>{"arn:aws:iam::aws:policy/A"}},
        std::nullopt, "aws");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, "AccountBothTrustedAndUntrusted");
    EXPECT_EQ(p.error().message, "Accounts cannot be both trusted and untrusted. Found: 2,3");
}

TEST(BootstrapParametersTest, CustomerKeyAndKeyIdConflict) {
    auto p = compute_bootstrap_parameters({.kms_key_id = "k", .customer_key = true}, std::nullopt, "aws");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, "ConflictingKmsKeyOptions");
    auto q = compute_bootstrap_parameters({.customer_key = true}, std::nullopt, "aws");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->values.at("FileAssetsBucketKmsKeyId"), "");
}

TEST(BootstrapParametersTest, SplitsListsIncludingMotosPythonRendering) {
    EXPECT_TRUE(split_cfn_list("").empty());
    EXPECT_EQ(split_cfn_list("a,b"), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(split_cfn_list("['']").empty());
    EXPECT_EQ(split_cfn_list("['1', '2']"), (std::vector<std::string>{"1", "2"}));
}

} // namespace
} // namespace cdk::toolkit::bootstrap
