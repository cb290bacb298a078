#include "localcloud/cloudformation/dynamic_references.hpp"
#include "localcloud/secretsmanager/secrets_backend.hpp"
#include "localcloud/server/cfn_support.hpp"
#include "localcloud/ssm/ssm_backend.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

class DynamicReferencesTest : public ProviderTest {
protected:
    void SetUp() override {
        ProviderTest::SetUp();
        auto caller = admin();
        cloudformation::ResourceRequest r = request(caller, "Setup", Json::object());
        cfn::ProviderCall call(r);
        ssm::SsmBackend params(*cloud_);
        secretsmanager::SecretsBackend secrets(*cloud_);
        const secretsmanager::SecretsCall scall{caller, kRegion, {}};
        auto done = store_->write<bool>([&](Tx& tx) -> Result<bool> {
            for (const auto& [name, value, type] :
                 {std::tuple{"/plain", "p", "String"}, std::tuple{"/list", "a,b", "StringList"},
                  std::tuple{"/secure", "s3cret", "SecureString"}}) {
                ssm::PutParameterRequest in;
                in.name = name;
                in.value = value;
                in.type = type;
                if (auto p = params.put(tx, call.context(), in); !p) return p.error();
            }
            auto c = secrets.create_secret(
                tx, scall, Json{{"Name", "db"}, {"SecretString", R"({"user":"u","port":5432})"}});
            if (!c) return c.error();
            arn_ = (*c)["ARN"];
            return true;
        });
        ASSERT_TRUE(done) << done.error().to_string();
    }

    Result<Json> resolve(const Json& props, const Caller& caller) {
        return cloudformation::resolve_dynamic_references(*cloud_, caller, Scope{kAccount, kRegion}, props);
    }
    std::string resolved(const std::string& text) {
        auto r = resolve(Json{{"V", text}}, admin());
        EXPECT_TRUE(r) << text << ": " << r.error().to_string();
        return r ? (*r)["V"].get<std::string>() : "";
    }
    std::string failure(const std::string& text) {
        auto r = resolve(Json{{"V", text}}, admin());
        EXPECT_FALSE(r) << text;
        return r ? "" : r.error().message;
    }

    std::string arn_;
};

TEST_F(DynamicReferencesTest, ResolvesEveryForm) {
    const Json plain{{"A", Json::array({"x", 1, {{"B", "y"}}})}};
    EXPECT_EQ(*resolve(plain, admin()), plain);
    EXPECT_EQ(resolved("{{resolve:ssm:/plain}}"), "p");
    EXPECT_EQ(resolved("{{resolve:ssm:/plain:1}}-{{resolve:ssm:/list}}"), "p-a,b");
    EXPECT_EQ(resolved("{{resolve:ssm-secure:/secure}}"), "s3cret");
    EXPECT_EQ(resolved("{{resolve:secretsmanager:db}}"), R"({"user":"u","port":5432})");
    EXPECT_EQ(resolved("u={{resolve:secretsmanager:db:SecretString:user}} p={{resolve:secretsmanager:" +
                       arn_ + ":SecretString:port:AWSCURRENT}}"),
              "u=u p=5432");
    EXPECT_EQ(
        resolved("{{resolve:secretsmanager:" + arn_.substr(0, arn_.size() - 7) + ":SecretString:user::}}"),
        "u");
    EXPECT_EQ(resolved("{{resolve:ssm:/plain"), "{{resolve:ssm:/plain"); // unterminated: not a reference
    auto nested = resolve(Json{{"L", Json::array({Json{{"K", "{{resolve:ssm:/plain}}"}}})}}, admin());
    ASSERT_TRUE(nested);
    EXPECT_EQ((*nested)["L"][0]["K"], "p");
}

TEST_F(DynamicReferencesTest, FailuresCarryCloudFormationsMessages) {
    EXPECT_EQ(failure("{{resolve:secretsmanager:nope}}")
                  .rfind("Secrets Manager can't find the specified secret. (Service: AWSSecretsManager; "
                         "Status Code: 400; "
                         "Error Code: ResourceNotFoundException; Request ID: ",
                         0),
              0U);
    EXPECT_NE(failure("{{resolve:secretsmanager:db:SecretString:missing}}")
                  .find("Could not find SecretKey missing"),
              std::string::npos);
    EXPECT_NE(failure("{{resolve:secretsmanager:db:SecretBinary}}").find("must be SecretString"),
              std::string::npos);
    EXPECT_NE(failure("{{resolve:secretsmanager:db:SecretString::AWSCURRENT:abc}}")
                  .find("both a version stage and a version id"),
              std::string::npos);
    EXPECT_NE(failure("{{resolve:secretsmanager:db:SecretString:user:NOPE}}").find("staging label: NOPE"),
              std::string::npos);
    EXPECT_EQ(failure("{{resolve:ssm:/missing}}"), "Parameters: [/missing] cannot be found.");
    EXPECT_NE(failure("{{resolve:ssm:/secure}}").find("ssm-secure"), std::string::npos);
    EXPECT_NE(failure("{{resolve:ssm-secure:/plain}}").find("is of type String"), std::string::npos);
    EXPECT_NE(failure("{{resolve:vault:x}}").find("Unsupported dynamic reference service"),
              std::string::npos);
    EXPECT_NE(failure("{{resolve:secretsmanager:}}").find("Incorrect format"), std::string::npos);
}

TEST_F(DynamicReferencesTest, ResolvedAsTheCaller) {
    auto denied = resolve(Json{{"V", "{{resolve:secretsmanager:db}}"}}, limited("ssm:GetParameter"));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("secretsmanager:GetSecretValue"), std::string::npos)
        << denied.error().message;
    EXPECT_TRUE(resolve(Json{{"V", "{{resolve:ssm:/plain}}"}}, limited("ssm:GetParameter")));
}

} // namespace
} // namespace cdk::localcloud::testing
