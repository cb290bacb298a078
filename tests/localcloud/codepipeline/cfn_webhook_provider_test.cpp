// AWS::CodePipeline::Webhook as the stack's role, and the filters the repository watcher evaluates with it.
#include "localcloud/codepipeline/pipeline_records.hpp"
#include "localcloud/codepipeline/pipeline_webhooks.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using WebhookProviderTest = ProviderTest;
namespace wh = codepipeline::webhooks;
constexpr const char* kType = "AWS::CodePipeline::Webhook";

const Json kSourceConfig{{"Owner", "OWNER"}, {"Repo", "REPO"}, {"Branch", "main"}, {"OAuthToken", "x"}};

/// The properties the stock CDK writes for a GitHub source (aws-cdk-lib 2.276, trigger WEBHOOK).
Json webhook_props(const std::string& pipeline = "MultiAccountPipeline",
                   const std::string& action = "OWNER_REPO") {
    return Json{{"Authentication", "GITHUB_HMAC"},
                {"AuthenticationConfiguration", {{"SecretToken", "token"}}},
                {"Filters", Json::array({{{"JsonPath", "$.ref"}, {"MatchEquals", "refs/heads/{Branch}"}}})},
                {"TargetAction", action},
                {"TargetPipeline", pipeline},
                {"TargetPipelineVersion", 1},
                {"RegisterWithThirdParty", true}};
}

class StoredPipeline : public WebhookProviderTest {
protected:
    void SetUp() override {
        WebhookProviderTest::SetUp();
        // The record CreatePipeline stores, as far as the webhook reads it (its first stage's source
        // actions).
        const Json record{
            {"declaration",
             {{"name", "MultiAccountPipeline"},
              {"stages", Json::array({{{"name", "Source"},
                                       {"actions", Json::array({{{"name", "OWNER_REPO"},
                                                                 {"configuration", kSourceConfig}}})}},
                                      {{"name", "Build"}, {"actions", Json::array()}}})}}}};
        auto put = store_->write<bool>([&](Tx& tx) -> Result<bool> {
            if (auto p = tx.put(Scope{kAccount, kRegion}, codepipeline::records::kPipelineKind,
                                "MultiAccountPipeline", record);
                !p) {
                return p.error();
            }
            return true;
        });
        ASSERT_TRUE(put);
    }

    std::optional<Json> match(const std::string& branch) {
        return wh::matching_webhook(*cloud_, kAccount, kRegion, "MultiAccountPipeline", "OWNER_REPO",
                                    kSourceConfig, wh::push_event("OWNER/REPO", branch, "abc123"));
    }
};

TEST(WebhookFilterTest, MatchesThePushEventWithPlaceholdersFromTheActionConfiguration) {
    const Json event = wh::push_event("OWNER/REPO", "main", "abc123");
    EXPECT_EQ(event["ref"], "refs/heads/main");
    EXPECT_EQ(event["repository"]["full_name"], "OWNER/REPO");
    const Json by_branch = Json::array({{{"jsonPath", "$.ref"}, {"matchEquals", "refs/heads/{Branch}"}}});
    EXPECT_TRUE(wh::filters_match(by_branch, event, kSourceConfig));
    EXPECT_FALSE(wh::filters_match(by_branch, wh::push_event("OWNER/REPO", "dev", "abc"), kSourceConfig));
    EXPECT_TRUE(wh::filters_match(
        Json::array({{{"jsonPath", "$['repository'].full_name"}, {"matchEquals", "{Owner}/{Repo}"}}}), event,
        kSourceConfig));
    EXPECT_TRUE(wh::filters_match(Json::array({{{"jsonPath", "$.after"}}}), event, kSourceConfig)); // present
    EXPECT_FALSE(
        wh::filters_match(Json::array({{{"jsonPath", "$.pull_request.number"}}}), event, kSourceConfig));
    EXPECT_FALSE(wh::filters_match(Json::array({{{"jsonPath", "$..ref"}, {"matchEquals", "x"}}}), event,
                                   kSourceConfig));
    EXPECT_TRUE(wh::filters_match(Json::array(), event, kSourceConfig));
}

TEST_F(StoredPipeline, RegistersTheWebhookWithItsPipelineUpdatesAndRemovesIt) {
    auto& p = provider(kType);
    auto made = p.create(request(admin(), "WebhookResource", webhook_props()));
    ASSERT_TRUE(made) << made.error().to_string();
    EXPECT_EQ(made->attributes["Id"], made->physical_id);
    EXPECT_EQ(
        made->attributes["Url"].get<std::string>().rfind("https://ap-southeast-2.webhooks.aws/trigger?t=", 0),
        0u);

    auto hook = match("main");
    ASSERT_TRUE(hook);
    EXPECT_EQ((*hook)["arn"],
              "arn:aws:codepipeline:ap-southeast-2:111111111111:webhook:" + made->physical_id);
    EXPECT_TRUE(hook->contains("lastTriggered"));
    EXPECT_FALSE(match("feature")); // the filter says refs/heads/main

    Json other = webhook_props();
    other["Filters"] = Json::array({{{"JsonPath", "$.ref"}, {"MatchEquals", "refs/heads/feature"}}});
    ASSERT_TRUE(p.update(request(admin(), "WebhookResource", other, made->physical_id)));
    EXPECT_FALSE(match("main"));
    EXPECT_TRUE(match("feature"));
    EXPECT_EQ((*match("feature"))["url"], made->attributes["Url"]); // the URL stays

    ASSERT_TRUE(p.remove(request(admin(), "WebhookResource", other, made->physical_id)));
    EXPECT_FALSE(match("feature"));
    EXPECT_TRUE(p.remove(request(admin(), "WebhookResource", other, made->physical_id))); // already gone
}

TEST_F(StoredPipeline, IsAuthorizedAsTheStacksRoleAndChecksItsTarget) {
    auto& p = provider(kType);
    auto denied = p.create(request(limited("s3:*"), "W", webhook_props()));
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, "AccessDeniedException");
    EXPECT_NE(denied.error().message.find("codepipeline:RegisterWebhookWithThirdParty"), std::string::npos)
        << denied.error().message;
    Json unregistered = webhook_props();
    unregistered.erase("RegisterWithThirdParty");
    auto put_denied =
        p.create(request(limited("codepipeline:RegisterWebhookWithThirdParty"), "W", unregistered));
    ASSERT_FALSE(put_denied);
    EXPECT_NE(put_denied.error().message.find("codepipeline:PutWebhook"), std::string::npos);

    auto no_pipeline = p.create(request(admin(), "W", webhook_props("Missing")));
    ASSERT_FALSE(no_pipeline);
    EXPECT_EQ(no_pipeline.error().code, "PipelineNotFoundException");
    auto no_action = p.create(request(admin(), "W", webhook_props("MultiAccountPipeline", "Build")));
    ASSERT_FALSE(no_action);
    EXPECT_EQ(no_action.error().code, "ActionNotFoundException");
    Json bad = webhook_props();
    bad["Authentication"] = "BASIC";
    auto invalid = p.create(request(admin(), "W", bad));
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code, "ValidationException");
    Json no_secret = webhook_props();
    no_secret["AuthenticationConfiguration"] = Json::object();
    EXPECT_FALSE(p.create(request(admin(), "W", no_secret)));
    Json missing = webhook_props();
    missing.erase("Filters");
    EXPECT_FALSE(p.create(request(admin(), "W", missing)));
    EXPECT_FALSE(match("main")); // nothing was stored by the refused creates
}

} // namespace
} // namespace cdk::localcloud::testing
