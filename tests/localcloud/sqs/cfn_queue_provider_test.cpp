#include "localcloud/sqs/cfn_queue_provider.hpp"
#include "localcloud/sqs/sqs_backend.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using QueueProviderTest = ProviderTest;

TEST_F(QueueProviderTest, QueueRefIsItsUrlAndUpdatesSetAttributes) {
    const Caller a = admin();
    auto& queues = provider("AWS::SQS::Queue");
    Json props{{"VisibilityTimeout", 60}, {"Tags", Json::array({{{"Key", "k"}, {"Value", "v"}}})}};
    auto q = queues.create(request(a, "Jobs", props));
    ASSERT_TRUE(q) << q.error().to_string();
    EXPECT_EQ(q->physical_id.rfind("https://sqs.ap-southeast-2.amazonaws.com/111111111111/Jobs-", 0), 0U)
        << q->physical_id;
    EXPECT_EQ(q->attributes["QueueUrl"], q->physical_id);
    const std::string name = q->attributes["QueueName"].get<std::string>();
    EXPECT_EQ(q->attributes["Arn"], "arn:aws:sqs:ap-southeast-2:111111111111:" + name);

    sqs::SqsBackend backend(*cloud_);
    const sqs::SqsCall call{a, kRegion, {}};
    auto stored = backend.get_queue(call, q->physical_id, "sqs:GetQueueAttributes");
    ASSERT_TRUE(stored);
    EXPECT_EQ((*stored)["Attributes"]["VisibilityTimeout"], "60");
    EXPECT_EQ((*stored)["Tags"]["k"], "v");

    auto req = request(a, "Jobs", Json{{"DelaySeconds", 5}}, q->physical_id);
    req.previous_properties = props;
    ASSERT_TRUE(queues.update(req));
    stored = backend.get_queue(call, q->physical_id, "sqs:GetQueueAttributes");
    EXPECT_EQ((*stored)["Attributes"]["VisibilityTimeout"], "30");
    EXPECT_EQ((*stored)["Attributes"]["DelaySeconds"], "5");

    const Json policy =
        Json::parse(R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},
        "Action":"sqs:SendMessage","Resource":"*"}]})");
    auto& policies = provider("AWS::SQS::QueuePolicy");
    Json pp{{"Queues", Json::array({q->physical_id})}, {"PolicyDocument", policy}};
    auto p = policies.create(request(a, "JobsPolicy", pp));
    ASSERT_TRUE(p) << p.error().to_string();
    stored = backend.get_queue(call, q->physical_id, "sqs:GetQueueAttributes");
    EXPECT_EQ(Json::parse((*stored)["Attributes"]["Policy"].get<std::string>()), policy);
    ASSERT_TRUE(policies.remove(request(a, "JobsPolicy", pp, p->physical_id)));
    stored = backend.get_queue(call, q->physical_id, "sqs:GetQueueAttributes");
    EXPECT_FALSE((*stored)["Attributes"].contains("Policy"));

    ASSERT_TRUE(queues.remove(request(a, "Jobs", props, q->physical_id)));
    ASSERT_TRUE(queues.remove(request(a, "Jobs", props, q->physical_id)));
    EXPECT_FALSE(backend.get_queue(call, q->physical_id, "sqs:GetQueueAttributes"));

    auto denied = queues.create(request(limited("s3:*"), "Q", Json{{"QueueName", "nope"}}));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("sqs:CreateQueue"), std::string::npos);
}

} // namespace
} // namespace cdk::localcloud::testing
