#include "localcloud/logs/logs_backend.hpp"
#include "support/provider_fixture.hpp"

#include <thread>

namespace cdk::localcloud::testing {
namespace {

using LogGroupProviderTest = ProviderTest;

Result<std::optional<Json>> group(Store& store, const std::string& name) {
    return store.read<std::optional<Json>>([&](Tx& tx) {
        return tx.get(Scope{kAccount, kRegion}, "logs:group", name);
    });
}

TEST_F(LogGroupProviderTest, CreateUpdateRemove) {
    auto& p = provider("AWS::Logs::LogGroup");
    Json props{{"LogGroupName", "/app/x"},
               {"RetentionInDays", 7},
               {"Tags", Json::array({{{"Key", "a"}, {"Value", "1"}}})}};
    auto r = p.create(request(admin(), "Logs", props));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id, "/app/x");
    EXPECT_EQ(r->attributes["Arn"],
              std::string("arn:aws:logs:") + kRegion + ":" + kAccount + ":log-group:/app/x:*");
    auto g = group(*store_, "/app/x");
    ASSERT_TRUE(g && g->has_value());
    EXPECT_EQ((**g)["retentionInDays"], 7);
    EXPECT_EQ((**g)["tags"], (Json{{"a", "1"}}));
    EXPECT_FALSE(p.create(request(admin(), "Again", props))); // exists

    auto next = request(
        admin(), "Logs",
        Json{{"LogGroupName", "/app/x"}, {"Tags", Json::array({{{"Key", "b"}, {"Value", "2"}}})}}, "/app/x");
    next.previous_properties = props;
    ASSERT_TRUE(p.update(next));
    g = group(*store_, "/app/x");
    EXPECT_FALSE((**g).contains("retentionInDays"));
    EXPECT_EQ((**g)["tags"], (Json{{"b", "2"}}));

    ASSERT_TRUE(p.remove(request(admin(), "Logs", props, "/app/x")));
    ASSERT_TRUE(p.remove(request(admin(), "Logs", props, "/app/x"))); // idempotent
    EXPECT_FALSE(group(*store_, "/app/x")->has_value());
}

TEST_F(LogGroupProviderTest, GeneratedNameBadRetentionAndDenial) {
    auto& p = provider("AWS::Logs::LogGroup");
    auto r = p.create(request(admin(), "Group", Json::object()));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id.rfind("Group-", 0), 0U) << r->physical_id;
    auto bad = p.create(request(admin(), "Bad", Json{{"LogGroupName", "b"}, {"RetentionInDays", 8}}));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "InvalidParameterException");
    // A role allowed to create but not to set retention leaves nothing behind.
    auto denied = p.create(
        request(limited("logs:CreateLogGroup"), "G", Json{{"LogGroupName", "d"}, {"RetentionInDays", 1}}));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("logs:PutRetentionPolicy"), std::string::npos)
        << denied.error().message;
    EXPECT_FALSE(group(*store_, "d")->has_value());
}

// The internal API CodeBuild writes through: creates group and stream, appends from many threads, reads back.
TEST_F(LogGroupProviderTest, InternalAppendAndRead) {
    logs::LogsBackend backend(*cloud_);
    const Scope scope{kAccount, kRegion};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
        writers.emplace_back([&, w] {
            for (int i = 0; i < 10; ++i) {
                EXPECT_TRUE(
                    backend.append(scope, "/aws/codebuild/p", "b1", {{1000 + i, "w" + std::to_string(w)}}));
            }
        });
    }
    for (auto& t : writers)
        t.join();
    auto events = backend.read_events(scope, "/aws/codebuild/p", "b1");
    ASSERT_TRUE(events) << events.error().to_string();
    ASSERT_EQ(events->size(), 40U);
    for (std::size_t i = 1; i < events->size(); ++i)
        EXPECT_LE((*events)[i - 1].timestamp_ms, (*events)[i].timestamp_ms);
    // inside a caller's transaction: nothing visible until it commits, and a rollback leaves nothing
    auto rolled = store_->write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = backend.append(tx, scope, "/aws/codebuild/p", "b2", {{5, "x"}}); !a) return a.error();
        auto inside = backend.read_events(tx, scope, "/aws/codebuild/p", "b2");
        EXPECT_TRUE(inside && inside->size() == 1);
        return make_error("Abort", "roll back");
    });
    EXPECT_FALSE(rolled);
    auto gone = backend.read_events(scope, "/aws/codebuild/p", "b2");
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().message, "The specified log stream does not exist.");
    EXPECT_FALSE(backend.append(scope, "bad:group", "s", {{1, "x"}}));
    // build output that is not UTF-8 is stored, made valid
    ASSERT_TRUE(backend.append(scope, "/aws/codebuild/p", "b3", {{7, std::string("bad \xff byte")}}));
    auto odd = backend.read_events(scope, "/aws/codebuild/p", "b3");
    ASSERT_TRUE(odd && odd->size() == 1);
    EXPECT_EQ(odd->front().message.rfind("bad ", 0), 0U);
    EXPECT_NE(odd->front().message.find("byte"), std::string::npos);
}

} // namespace
} // namespace cdk::localcloud::testing
