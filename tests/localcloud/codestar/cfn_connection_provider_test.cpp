// AWS::CodeStarConnections::Connection as the stack's role, and UseConnection as a pipeline role would call
// it.
#include "localcloud/codestar/connections_backend.hpp"
#include "localcloud/repos/git.hpp"
#include "localcloud/repos/repos.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using ConnectionProviderTest = ProviderTest;
constexpr const char* kType = "AWS::CodeStarConnections::Connection";

Json tag_list(std::initializer_list<std::pair<const char*, const char*>> tags) {
    Json out = Json::array();
    for (const auto& [k, v] : tags)
        out.push_back(Json{{"Key", k}, {"Value", v}});
    return out;
}

TEST_F(ConnectionProviderTest, CreatesAnAvailableConnectionUpdatesTagsAndDeletes) {
    auto& p = provider(kType);
    auto made = p.create(request(admin(), "Conn",
                                 Json{{"ConnectionName", "gh"},
                                      {"ProviderType", "GitHub"},
                                      {"Tags", tag_list({{"a", "1"}, {"b", "2"}})}}));
    ASSERT_TRUE(made) << made.error().to_string();
    EXPECT_TRUE(made->physical_id.rfind(
                    "arn:aws:codestar-connections:ap-southeast-2:111111111111:connection/", 0) == 0)
        << made->physical_id;
    EXPECT_EQ(made->attributes["ConnectionArn"], made->physical_id);
    EXPECT_EQ(made->attributes["ConnectionStatus"], "AVAILABLE");
    EXPECT_EQ(made->attributes["OwnerAccountId"], kAccount);

    auto update =
        request(admin(), "Conn",
                Json{{"ConnectionName", "gh"}, {"ProviderType", "GitHub"}, {"Tags", tag_list({{"b", "3"}})}},
                made->physical_id);
    update.previous_properties = Json{{"Tags", tag_list({{"a", "1"}, {"b", "2"}})}};
    ASSERT_TRUE(p.update(update));
    codestar::ConnectionsBackend backend(*cloud_);
    const codestar::ConnectionsCall call{admin(), kRegion, {}};
    auto tags = backend.list_tags(call, made->physical_id);
    ASSERT_TRUE(tags);
    EXPECT_EQ(*tags, tag_list({{"b", "3"}}));

    ASSERT_TRUE(p.remove(request(admin(), "Conn", Json::object(), made->physical_id)));
    auto gone = backend.get(call, made->physical_id);
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, "ResourceNotFoundException");
    EXPECT_TRUE(p.remove(request(admin(), "Conn", Json::object(), made->physical_id))); // already gone
}

TEST_F(ConnectionProviderTest, IsAuthorizedAsTheStacksRole) {
    auto denied = provider(kType).create(
        request(limited("s3:*"), "Conn", Json{{"ConnectionName", "gh"}, {"ProviderType", "GitHub"}}));
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, "AccessDeniedException");
    EXPECT_NE(denied.error().message.find("codestar-connections:CreateConnection"), std::string::npos);
    auto bad = provider(kType).create(
        request(admin(), "Conn", Json{{"ConnectionName", std::string(33, 'x')}, {"ProviderType", "GitHub"}}));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "ValidationException");
    auto no_provider = provider(kType).create(request(admin(), "Conn", Json{{"ConnectionName", "x"}}));
    ASSERT_FALSE(no_provider);
    EXPECT_EQ(no_provider.error().code, "ValidationException");
}

TEST_F(ConnectionProviderTest, UseConnectionNeedsThePermissionAndALinkedRepository) {
    auto made = provider(kType).create(
        request(admin(), "Conn", Json{{"ConnectionName", "gh"}, {"ProviderType", "GitHub"}}));
    ASSERT_TRUE(made);
    codestar::ConnectionsBackend backend(*cloud_);
    const codestar::ConnectionUse use{made->physical_id, "Acme/App", "main"};

    // Allowed only for Acme/* by a condition on codestar-connections:FullRepositoryId.
    const Json only_acme{
        {"Statement",
         Json::array(
             {{{"Effect", "Allow"},
               {"Action", "codestar-connections:UseConnection"},
               {"Resource", made->physical_id},
               {"Condition", {{"StringLike", {{"codestar-connections:FullRepositoryId", "Acme/*"}}}}}}})}};
    const Caller pipeline = session("pipeline", only_acme);
    auto unlinked = backend.use_connection({pipeline, kRegion, {}}, use);
    ASSERT_FALSE(unlinked);
    EXPECT_EQ(unlinked.error().code, "RepositoryNotFound");
    EXPECT_NE(unlinked.error().message.find("cdkpp local link-repo Acme/App DIR"), std::string::npos);

    const auto repo_dir = dir_ / "app";
    auto init = repos::run_git({"init", "-q", "-b", "main", repo_dir.string()});
    ASSERT_TRUE(init && init->exit_code == 0);
    ASSERT_TRUE(repos::RepoRegistry(*store_).link("Acme/App", repo_dir));
    auto used = backend.use_connection({pipeline, kRegion, {}}, use);
    ASSERT_TRUE(used) << used.error().to_string();
    EXPECT_EQ(used->owner_repo, "Acme/App");

    auto other = backend.use_connection({pipeline, kRegion, {}}, {made->physical_id, "Other/App", "main"});
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, "AccessDeniedException");
    EXPECT_NE(other.error().message.find("codestar-connections:UseConnection"), std::string::npos);

    auto without = backend.use_connection({limited("codestar-connections:GetConnection"), kRegion, {}}, use);
    ASSERT_FALSE(without);
    EXPECT_EQ(without.error().code, "AccessDeniedException");

    auto missing = backend.use_connection(
        {admin(), kRegion, {}},
        {"arn:aws:codestar-connections:ap-southeast-2:111111111111:connection/nope", "Acme/App", "main"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ResourceNotFoundException");

    // Another account's connection: refused (connections are used in their own account).
    auto cross = backend.use_connection(
        {admin(), kRegion, {}},
        {"arn:aws:codestar-connections:ap-southeast-2:222222222222:connection/x", "Acme/App", "main"});
    ASSERT_FALSE(cross);
    EXPECT_EQ(cross.error().code, "AccessDeniedException");
}

} // namespace
} // namespace cdk::localcloud::testing
