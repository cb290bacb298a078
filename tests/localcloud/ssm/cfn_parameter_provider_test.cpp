#include "localcloud/ssm/cfn_parameter_provider.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using ParameterProviderTest = ProviderTest;

Result<std::optional<Json>> stored(Store& store, const std::string& name) {
    return store.read<std::optional<Json>>([&](Tx& tx) {
        return tx.get(Scope{kAccount, kRegion}, "ssm:param", name);
    });
}

TEST_F(ParameterProviderTest, PutUpdateRemove) {
    auto& p = provider("AWS::SSM::Parameter");
    Json props{{"Name", "/cdk-bootstrap/q/version"}, {"Type", "String"}, {"Value", "33"}};
    auto r = p.create(request(admin(), "CdkBootstrapVersion", props));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id, "/cdk-bootstrap/q/version");
    EXPECT_EQ(r->attributes["Value"], "33");
    // a second create of the same name fails as on AWS
    EXPECT_FALSE(p.create(request(admin(), "Again", props)));
    props["Value"] = "34";
    auto u = p.update(request(admin(), "CdkBootstrapVersion", props, r->physical_id));
    ASSERT_TRUE(u) << u.error().to_string();
    auto s = stored(*store_, "/cdk-bootstrap/q/version");
    ASSERT_TRUE(s && s->has_value());
    EXPECT_EQ((**s)["Current"]["Value"], "34");
    EXPECT_EQ((**s)["Version"], 2);
    ASSERT_TRUE(p.remove(request(admin(), "CdkBootstrapVersion", props, r->physical_id)));
    ASSERT_TRUE(p.remove(request(admin(), "CdkBootstrapVersion", props, r->physical_id)));
    s = stored(*store_, "/cdk-bootstrap/q/version");
    EXPECT_FALSE(s->has_value());
}

TEST_F(ParameterProviderTest, GeneratedNameAndDenial) {
    auto& p = provider("AWS::SSM::Parameter");
    auto r = p.create(request(admin(), "Param", Json{{"Type", "String"}, {"Value", "v"}}));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id.rfind("CFN-Param-", 0), 0U) << r->physical_id;
    auto denied =
        p.create(request(limited("s3:*"), "P", Json{{"Name", "x"}, {"Type", "String"}, {"Value", "v"}}));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("ssm:PutParameter"), std::string::npos);
}

} // namespace
} // namespace cdk::localcloud::testing
