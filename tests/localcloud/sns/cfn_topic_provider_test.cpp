#include "localcloud/sns/cfn_topic_provider.hpp"
#include "localcloud/sns/sns_backend.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using TopicProviderTest = ProviderTest;

TEST_F(TopicProviderTest, TopicSubscriptionAndPolicy) {
    const Caller a = admin();
    auto& topics = provider("AWS::SNS::Topic");
    Json props{{"DisplayName", "alerts"}};
    auto t = topics.create(request(a, "Alerts", props));
    ASSERT_TRUE(t) << t.error().to_string();
    EXPECT_EQ(t->physical_id.rfind("arn:aws:sns:ap-southeast-2:111111111111:Alerts-", 0), 0U)
        << t->physical_id;
    EXPECT_EQ(t->attributes["TopicArn"], t->physical_id);
    EXPECT_EQ(t->physical_id,
              "arn:aws:sns:ap-southeast-2:111111111111:" + t->attributes["TopicName"].get<std::string>());

    auto& subs = provider("AWS::SNS::Subscription");
    Json sp{{"TopicArn", t->physical_id},
            {"Protocol", "sqs"},
            {"Endpoint", "arn:aws:sqs:ap-southeast-2:111111111111:q"}};
    auto s = subs.create(request(a, "Sub", sp));
    ASSERT_TRUE(s) << s.error().to_string();
    EXPECT_EQ(s->physical_id.rfind(t->physical_id + ":", 0), 0U);

    sns::SnsBackend backend(*cloud_);
    const sns::SnsCall call{a, kRegion, {}};
    auto stored = backend.get_topic(call, t->physical_id, "sns:GetTopicAttributes");
    ASSERT_TRUE(stored);
    EXPECT_EQ((*stored)["Attributes"]["DisplayName"], "alerts");
    EXPECT_TRUE((*stored)["Subscriptions"].contains(s->physical_id));

    auto& policies = provider("AWS::SNS::TopicPolicy");
    Json pp{
        {"Topics", Json::array({t->physical_id})},
        {"PolicyDocument",
         Json::parse(
             R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*"}]})")}};
    auto p = policies.create(request(a, "Pol", pp));
    ASSERT_TRUE(p) << p.error().to_string();
    stored = backend.get_topic(call, t->physical_id, "sns:GetTopicAttributes");
    EXPECT_NE((*stored)["Attributes"].value("Policy", "").find("events.amazonaws.com"), std::string::npos);
    ASSERT_TRUE(policies.remove(request(a, "Pol", pp, p->physical_id)));

    ASSERT_TRUE(subs.remove(request(a, "Sub", sp, s->physical_id)));
    ASSERT_TRUE(topics.remove(request(a, "Alerts", props, t->physical_id)));
    ASSERT_TRUE(topics.remove(request(a, "Alerts", props, t->physical_id)));
    EXPECT_FALSE(backend.get_topic(call, t->physical_id, "sns:GetTopicAttributes"));

    auto denied = topics.create(request(limited("sqs:*"), "T", Json{{"TopicName", "nope"}}));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("sns:CreateTopic"), std::string::npos);
}

} // namespace
} // namespace cdk::localcloud::testing
