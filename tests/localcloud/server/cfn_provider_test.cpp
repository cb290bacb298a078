// The service kit: cfn::Provider forwards to the type's functions with the cloud it holds; cfn::target_policy
// sets the document on every target, takes it off the targets an update drops and off all on remove.
#include "localcloud/server/cfn_provider.hpp"
#include "support/provider_fixture.hpp"

#include <vector>

namespace cdk::localcloud::testing {
namespace {

using KitTest = ProviderTest;

struct Call {
    std::string target;
    std::string policy;
    bool operator==(const Call&) const = default;
};

TEST_F(KitTest, ProviderForwardsToItsFunctionsWithTheCloud) {
    CloudContext* seen = nullptr;
    cfn::Provider provider(
        *cloud_, "Test::Kit::Thing",
        {[&](CloudContext& cloud, const cfn::ResourceRequest& r) -> Result<cfn::ResourceResponse> {
             seen = &cloud;
             return cfn::self_response("made-" + r.logical_id, "Arn");
         },
         [](CloudContext&, const cfn::ResourceRequest& r) -> Result<cfn::ResourceResponse> {
             return cfn::self_response(r.physical_id, "Arn");
         },
         [](CloudContext&, const cfn::ResourceRequest&) -> Result<void> {
             return make_error("NotFound", "gone", 404);
         }});
    EXPECT_EQ(provider.type_name(), "Test::Kit::Thing");
    auto made = provider.create(request(admin(), "T", Json::object()));
    ASSERT_TRUE(made);
    EXPECT_EQ(seen, cloud_.get());
    EXPECT_EQ(made->physical_id, "made-T");
    EXPECT_EQ(made->attributes, (Json{{"Arn", "made-T"}}));
    EXPECT_EQ(provider.update(request(admin(), "T", Json::object(), "p"))->physical_id, "p");
    EXPECT_EQ(provider.remove(request(admin(), "T", Json::object(), "p")).error().code, "NotFound");
    EXPECT_TRUE(provider.create_only_properties().empty());
}

TEST_F(KitTest, TargetPolicySetsUpdatesAndRemovesOnEachTarget) {
    std::vector<Call> calls;
    cfn::Provider provider(
        *cloud_, "Test::Kit::Policy",
        cfn::target_policy("Things", [&](CloudContext&, const cfn::ResourceRequest&,
                                         const std::string& target, const std::string& policy) {
            calls.push_back({target, policy});
            return ok();
        }));
    const Json doc{{"Statement", Json::array()}};
    auto made = provider.create(request(admin(), "P", Json{{"Things", {"a", "b"}}, {"PolicyDocument", doc}}));
    ASSERT_TRUE(made);
    EXPECT_EQ(made->attributes["Id"], made->physical_id);
    EXPECT_EQ(calls, (std::vector<Call>{{"a", doc.dump()}, {"b", doc.dump()}}));

    calls.clear();
    auto update =
        request(admin(), "P", Json{{"Things", {"b", "c"}}, {"PolicyDocument", R"({"Statement":[]})"}},
                made->physical_id);
    update.previous_properties = Json{{"Things", {"a", "b"}}, {"PolicyDocument", doc}};
    auto updated = provider.update(update);
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->physical_id, made->physical_id);
    EXPECT_EQ(calls,
              (std::vector<Call>{{"a", ""}, {"b", R"({"Statement":[]})"}, {"c", R"({"Statement":[]})"}}));

    calls.clear();
    ASSERT_TRUE(provider.remove(request(admin(), "P", Json{{"Things", {"b", "c"}}}, made->physical_id)));
    EXPECT_EQ(calls, (std::vector<Call>{{"b", ""}, {"c", ""}}));

    auto bad = provider.create(request(admin(), "P", Json{{"Things", Json::array({1})}}));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "ValidationError");
}

} // namespace
} // namespace cdk::localcloud::testing
