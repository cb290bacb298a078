#include "localcloud/iam/cfn_user_provider.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using UserProviderTest = ProviderTest;

Json allow(const std::string& action, const std::string& resource = "*") {
    return Json{
        {"Version", "2012-10-17"},
        {"Statement", Json::array({{{"Effect", "Allow"}, {"Action", action}, {"Resource", resource}}})}};
}

Result<Json> entity(Store& store, CloudContext& cloud, iam::EntityKind kind, const std::string& name) {
    return store.read<Json>([&](Tx& tx) { return cloud.iam.get(tx, kind, kAccount, name); });
}

/// The caller of a request signed with user `name`'s access key.
Caller user_caller(const std::string& name) {
    Caller c;
    c.principal.account = kAccount;
    c.principal.arn = std::string("arn:aws:iam::") + kAccount + ":user/" + name;
    c.type = "user";
    c.user_name = name;
    c.user_id = "AIDATEST";
    return c;
}

/// Whether `caller` may do `action` on `*` with its identity policies.
bool authorized(Store& store, CloudContext& cloud, const Caller& caller, const std::string& action) {
    auto r = store.read<bool>([&](Tx& tx) -> Result<bool> {
        auto a = cloud.iam.authorize(tx, caller, action, "*", kAccount, std::nullopt,
                                     iam::ResourcePolicyMode::None, iam::Context{});
        if (!a) return a.error();
        return true;
    });
    return static_cast<bool>(r);
}

TEST_F(UserProviderTest, UsersInGroupsGetTheGroupsPolicies) {
    auto& groups = provider("AWS::IAM::Group");
    auto& users = provider("AWS::IAM::User");
    auto& policies = provider("AWS::IAM::Policy");
    auto g = groups.create(request(admin(), "MyGroup", Json::object()));
    ASSERT_TRUE(g) << g.error().to_string();
    EXPECT_EQ(g->physical_id.rfind("MyGroup-", 0), 0U) << g->physical_id;
    EXPECT_EQ(g->attributes["Arn"], std::string("arn:aws:iam::") + kAccount + ":group/" + g->physical_id);
    auto other = groups.create(request(
        admin(), "Other",
        Json{{"GroupName", "other"},
             {"Path", "/teams/"},
             {"Policies", Json::array({{{"PolicyName", "logs"}, {"PolicyDocument", allow("logs:*")}}})}}));
    ASSERT_TRUE(other) << other.error().to_string();
    EXPECT_EQ(other->attributes["Arn"], std::string("arn:aws:iam::") + kAccount + ":group/teams/other");
    auto u = users.create(request(
        admin(), "User1", Json{{"UserName", "alice"}, {"Groups", Json::array({g->physical_id, "other"})}}));
    ASSERT_TRUE(u) << u.error().to_string();
    EXPECT_EQ(u->attributes["Arn"], std::string("arn:aws:iam::") + kAccount + ":user/alice");
    auto pol = policies.create(request(admin(), "MyPolicy",
                                       Json{{"PolicyName", "sqs"},
                                            {"Groups", Json::array({g->physical_id})},
                                            {"PolicyDocument", allow("sqs:*")}}));
    ASSERT_TRUE(pol) << pol.error().to_string();
    auto stored = entity(*store_, *cloud_, iam::EntityKind::Group, g->physical_id);
    ASSERT_TRUE(stored);
    EXPECT_TRUE((*stored)["InlinePolicies"].contains("sqs"));

    // alice's requests: both groups' policies count, nothing else
    const Caller alice = user_caller("alice");
    EXPECT_TRUE(authorized(*store_, *cloud_, alice, "sqs:SendMessage"));
    EXPECT_TRUE(authorized(*store_, *cloud_, alice, "logs:PutLogEvents"));
    EXPECT_FALSE(authorized(*store_, *cloud_, alice, "s3:GetObject"));

    // out of `other` on update: its policy no longer counts
    Json now{{"UserName", "alice"}, {"Groups", Json::array({g->physical_id})}};
    auto req = request(admin(), "User1", now, "alice");
    req.previous_properties = Json{{"UserName", "alice"}, {"Groups", Json::array({g->physical_id, "other"})}};
    ASSERT_TRUE(users.update(req));
    EXPECT_FALSE(authorized(*store_, *cloud_, alice, "logs:PutLogEvents"));

    // a group with members cannot go; the stack deletes in reverse order: policy, user, groups
    EXPECT_FALSE(groups.remove(request(admin(), "MyGroup", Json::object(), g->physical_id)));
    ASSERT_TRUE(policies.remove(request(admin(), "MyPolicy",
                                        Json{{"PolicyName", "sqs"},
                                             {"Groups", Json::array({g->physical_id})},
                                             {"PolicyDocument", allow("sqs:*")}},
                                        pol->physical_id)));
    ASSERT_TRUE(users.remove(request(admin(), "User1", now, "alice")));
    ASSERT_TRUE(groups.remove(request(admin(), "MyGroup", Json::object(), g->physical_id)));
    ASSERT_TRUE(groups.remove(request(admin(), "Other", Json::object(), "other")));
    EXPECT_FALSE(entity(*store_, *cloud_, iam::EntityKind::Group, "other"));
}

TEST_F(UserProviderTest, UserToGroupAdditionAndDenials) {
    auto& groups = provider("AWS::IAM::Group");
    auto& users = provider("AWS::IAM::User");
    auto& additions = provider("AWS::IAM::UserToGroupAddition");
    ASSERT_TRUE(groups.create(request(admin(), "G", Json{{"GroupName", "devs"}})));
    ASSERT_TRUE(users.create(request(admin(), "A", Json{{"UserName", "a"}})));
    ASSERT_TRUE(users.create(request(admin(), "B", Json{{"UserName", "b"}})));
    const Json props{{"GroupName", "devs"}, {"Users", Json::array({"a", "b"})}};
    auto add = additions.create(request(admin(), "Add", props));
    ASSERT_TRUE(add) << add.error().to_string();
    auto a = entity(*store_, *cloud_, iam::EntityKind::User, "a");
    ASSERT_TRUE(a);
    EXPECT_EQ((*a)["Groups"], Json::array({"devs"}));
    ASSERT_TRUE(additions.remove(request(admin(), "Add", props, add->physical_id)));
    a = entity(*store_, *cloud_, iam::EntityKind::User, "a");
    EXPECT_EQ((*a)["Groups"], Json::array());
    // unknown users, a missing group, and callers without the IAM actions are refused
    EXPECT_FALSE(additions.create(
        request(admin(), "Bad", Json{{"GroupName", "devs"}, {"Users", Json::array({"nobody"})}})));
    EXPECT_FALSE(additions.create(
        request(admin(), "NoGroup", Json{{"GroupName", "none"}, {"Users", Json::array({"a"})}})));
    auto denied = users.create(
        request(limited("iam:CreateUser"), "C", Json{{"UserName", "c"}, {"Groups", Json::array({"devs"})}}));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("iam:AddUserToGroup"), std::string::npos) << denied.error().message;
    EXPECT_FALSE(entity(*store_, *cloud_, iam::EntityKind::User, "c")); // nothing left behind
    EXPECT_FALSE(
        users.create(request(admin(), "D", Json{{"UserName", "d"}, {"LoginProfile", {{"Password", "x"}}}})));
}

} // namespace
} // namespace cdk::localcloud::testing
