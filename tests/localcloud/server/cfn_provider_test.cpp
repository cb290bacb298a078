// The service kit: cfn::Provider forwards to the type's functions with the cloud it holds; cfn::target_policy
// sets the document on every target, takes it off the targets an update drops and off all on remove; a
// CDK_CFN_PROVIDER class registers through add_providers; cfn::Authorizer, the name helpers, gone_or_error
// and ErrorCode behave as the services rely on.
#include "localcloud/server/cfn_provider.hpp"
#include "localcloud/server/service_errors.hpp"
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

CDK_CFN_PROVIDER(KitDeclaredProvider);

KitDeclaredProvider::KitDeclaredProvider(CloudContext& cloud)
    : Provider(cloud, "Test::Kit::Declared",
               {[](CloudContext&, const ResourceRequest& r) -> Result<ResourceResponse> {
                    return ResourceResponse{"made-" + r.logical_id};
                },
                [](CloudContext&, const ResourceRequest& r) -> Result<ResourceResponse> {
                    return ResourceResponse{r.physical_id};
                },
                [](CloudContext&, const ResourceRequest&) -> Result<void> { return ok(); }}) {}

TEST_F(KitTest, DeclaredProviderRegistersThroughAddProviders) {
    cloudformation::ProviderRegistry registry;
    add_providers<KitDeclaredProvider>(*cloud_, registry);
    auto* declared = registry.find("Test::Kit::Declared");
    ASSERT_NE(declared, nullptr);
    EXPECT_EQ(declared->create(request(admin(), "D", Json::object()))->physical_id, "made-D");
}

TEST_F(KitTest, AuthorizerChecksTheCallersIdentityPoliciesWithTheServicesDenialCode) {
    const auto allowed = request(limited("iam:GetRole"), "A", Json::object());
    auto verdicts =
        store_->read<std::pair<bool, std::string>>([&](Tx& tx) -> Result<std::pair<bool, std::string>> {
            const cfn::Authorizer allow{*cloud_, tx, allowed, "AccessDeniedException"};
            const std::string role = std::string("arn:aws:iam::") + kAccount + ":role/r";
            auto denied = allow("iam:DeleteRole", role);
            return std::pair{bool(allow("iam:GetRole", role)), denied ? std::string() : denied.error().code};
        });
    ASSERT_TRUE(verdicts);
    EXPECT_TRUE(verdicts->first);
    EXPECT_EQ(verdicts->second, "AccessDeniedException");
}

TEST_F(KitTest, NamesAreTheTemplatesOrGenerated) {
    EXPECT_EQ(cfn::name_or_generated(request(admin(), "Q", Json{{"QueueName", "q1"}}), "QueueName", 80),
              "q1");
    const std::string generated =
        cfn::name_or_generated(request(admin(), "Queue", Json::object()), "QueueName", 20);
    EXPECT_FALSE(generated.empty());
    EXPECT_LE(generated.size(), 20U);
    const std::string fifo = cfn::fifo_name_or_generated(request(admin(), "Queue", Json{{"FifoQueue", true}}),
                                                         "QueueName", "FifoQueue", 20);
    EXPECT_LE(fifo.size(), 20U);
    EXPECT_EQ(fifo.substr(fifo.size() - 5), ".fifo");
    EXPECT_EQ(cfn::fifo_name_or_generated(
                  request(admin(), "Q", Json{{"QueueName", "q.fifo"}, {"FifoQueue", "true"}}), "QueueName",
                  "FifoQueue", 80),
              "q.fifo");
}

TEST(KitErrors, GoneOrErrorAndErrorCodes) {
    auto gone = cfn::gone_or_error(make_error("NoSuchEntity", "gone", 404));
    ASSERT_TRUE(gone);
    EXPECT_TRUE(*gone);
    EXPECT_EQ(cfn::gone_or_error(make_error("AccessDenied", "no", 403)).error().code, "AccessDenied");

    constexpr ErrorCode kNotFound{"ResourceNotFoundException", 404, "Nothing here."};
    const Error e = kNotFound("no such thing");
    EXPECT_EQ(e.code, "ResourceNotFoundException");
    EXPECT_EQ(e.message, "no such thing");
    EXPECT_EQ(e.http_status, 404);
    EXPECT_EQ(kNotFound().message, "Nothing here.");
    EXPECT_EQ(
        constraint_message("retryMode", "X", "satisfy enum value set: [A, B]"),
        "1 validation error detected: Value 'X' at 'retryMode' failed to satisfy constraint: Member must "
        "satisfy enum value set: [A, B]");
}

} // namespace
} // namespace cdk::localcloud::testing
