#include "core/json_reader.hpp"
#include "localcloud/secretsmanager/random_password.hpp"
#include "localcloud/secretsmanager/secrets_backend.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using SecretProviderTest = ProviderTest;

/// The secret's AWSCURRENT value, read as `caller`.
Result<Json> value(CloudContext& cloud, const Caller& caller, const std::string& id) {
    secretsmanager::SecretsBackend backend(cloud);
    const secretsmanager::SecretsCall call{caller, kRegion, {}};
    return cloud.store.read<Json>([&](Tx& tx) {
        return backend.get_secret_value(tx, call, Json{{"SecretId", id}});
    });
}

TEST_F(SecretProviderTest, GenerateSecretStringWithTemplate) {
    auto& p = provider("AWS::SecretsManager::Secret");
    Json props{{"Name", "db"},
               {"GenerateSecretString",
                {{"SecretStringTemplate", R"({"username":"admin"})"},
                 {"GenerateStringKey", "password"},
                 {"PasswordLength", "40"},
                 {"ExcludeCharacters", "abc"},
                 {"ExcludePunctuation", "true"}}}};
    auto r = p.create(request(admin(), "Db", props));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->attributes["Id"], r->physical_id);
    EXPECT_NE(r->physical_id.find(":secret:db-"), std::string::npos);
    auto v = value(*cloud_, admin(), r->physical_id);
    ASSERT_TRUE(v) << v.error().to_string();
    auto doc = json::parse((*v)["SecretString"].get<std::string>());
    ASSERT_TRUE(doc);
    EXPECT_EQ((*doc)["username"], "admin");
    const std::string password = (*doc)["password"];
    EXPECT_EQ(password.size(), 40U);
    EXPECT_EQ(password.find_first_of(std::string("abc") + secretsmanager::kPunctuation), std::string::npos)
        << password;

    // update to a literal value: a new AWSCURRENT version
    auto next = request(admin(), "Db", Json{{"Name", "db"}, {"SecretString", "literal"}}, r->physical_id);
    next.previous_properties = props;
    ASSERT_TRUE(p.update(next));
    EXPECT_EQ((*value(*cloud_, admin(), "db"))["SecretString"], "literal");

    ASSERT_TRUE(p.remove(request(admin(), "Db", props, r->physical_id)));
    ASSERT_TRUE(p.remove(request(admin(), "Db", props, r->physical_id)));
    EXPECT_EQ(value(*cloud_, admin(), "db").error().code, "ResourceNotFoundException");
}

TEST_F(SecretProviderTest, InvalidPropertiesAndDenial) {
    auto& p = provider("AWS::SecretsManager::Secret");
    auto both = p.create(
        request(admin(), "S", Json{{"SecretString", "x"}, {"GenerateSecretString", Json::object()}}));
    ASSERT_FALSE(both);
    EXPECT_EQ(both.error().code, "InvalidParameterException");
    auto half = p.create(request(admin(), "S", Json{{"GenerateSecretString", {{"GenerateStringKey", "k"}}}}));
    ASSERT_FALSE(half);
    auto generated = p.create(request(admin(), "Gen", Json::object()));
    ASSERT_TRUE(generated) << generated.error().to_string();
    EXPECT_EQ((*value(*cloud_, admin(), generated->physical_id))["SecretString"].get<std::string>().size(),
              32U);
    // tags need secretsmanager:TagResource as well; nothing is left when it is denied
    auto denied = p.create(request(limited("secretsmanager:CreateSecret"), "T",
                                   Json{{"Name", "tagged"},
                                        {"SecretString", "x"},
                                        {"Tags", Json::array({{{"Key", "k"}, {"Value", "v"}}})}}));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("secretsmanager:TagResource"), std::string::npos)
        << denied.error().message;
    EXPECT_EQ(value(*cloud_, admin(), "tagged").error().code, "ResourceNotFoundException");
}

TEST_F(SecretProviderTest, ResourcePolicy) {
    auto secret = provider("AWS::SecretsManager::Secret")
                      .create(request(admin(), "S", Json{{"Name", "shared"}, {"SecretString", "v"}}));
    ASSERT_TRUE(secret);
    auto& p = provider("AWS::SecretsManager::ResourcePolicy");
    const Json policy{{"Version", "2012-10-17"},
                      {"Statement", Json::array({{{"Effect", "Allow"},
                                                  {"Principal", {{"AWS", "arn:aws:iam::222222222222:root"}}},
                                                  {"Action", "secretsmanager:GetSecretValue"},
                                                  {"Resource", "*"}}})}};
    auto r = p.create(request(admin(), "Policy", Json{{"SecretId", "shared"}, {"ResourcePolicy", policy}}));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id, secret->physical_id);
    ASSERT_TRUE(p.remove(request(admin(), "Policy", Json::object(), r->physical_id)));
    ASSERT_TRUE(p.remove(request(admin(), "Policy", Json::object(), r->physical_id)));
}

TEST(RandomPassword, OptionsAndLimits) {
    secretsmanager::PasswordOptions o;
    o.length = 200;
    o.exclude_uppercase = true;
    o.exclude_numbers = true;
    o.exclude_punctuation = true;
    auto p = secretsmanager::random_password(o);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->find_first_not_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << *p;
    o.exclude_lowercase = true;
    EXPECT_FALSE(secretsmanager::random_password(o)); // nothing left
    secretsmanager::PasswordOptions short_one;
    short_one.length = 2; // four required types
    EXPECT_FALSE(secretsmanager::random_password(short_one));
    short_one.require_each_included_type = false;
    EXPECT_TRUE(secretsmanager::random_password(short_one));
    short_one.length = 0;
    EXPECT_FALSE(secretsmanager::random_password(short_one));
}

} // namespace
} // namespace cdk::localcloud::testing
