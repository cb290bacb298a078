// The stack engine in-process with a test-only resource type (Test::Thing) that records calls, can be
// told to fail, has a create-only property (Name) and authorizes its caller with the real IAM evaluator.
#include "localcloud/cloudformation/cloudformation_routes.hpp"
#include "localcloud/cloudformation/stack_engine.hpp"
#include "localcloud/state/store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <unistd.h>

namespace cdk::localcloud::cloudformation {
namespace {

constexpr const char* kAccount = "111111111111";
constexpr const char* kRegion = "ap-southeast-2";

/// What exists "in the cloud" for Test::Thing, and the calls made.
struct World {
    std::mutex mutex;
    std::map<std::string, Json> things; // physical id → properties
    std::vector<std::string> log;
    std::set<std::string> fail_delete;
    bool refuse_v1 = false; ///< updates to V=1 fail (to make an update rollback fail)
    int counter = 0;
    int inflight = 0;
    int max_inflight = 0;
};

class ThingProvider final : public ResourceProvider {
public:
    ThingProvider(World& world, CloudContext& cloud) : world_(world), cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "Test::Thing"; }
    [[nodiscard]] std::vector<std::string> create_only_properties() const override { return {"Name"}; }

    Result<ResourceResponse> create(const ResourceRequest& r) override {
        if (auto a = authorize(r, "test:CreateThing"); !a) return a.error();
        enter();
        std::this_thread::sleep_for(std::chrono::milliseconds(r.properties.value("SleepMs", 0)));
        std::lock_guard lock(world_.mutex);
        --world_.inflight;
        world_.log.push_back("create " + r.logical_id);
        if (r.properties.value("Fail", "") == "create") {
            return make_error("InvalidRequest", "thing " + r.logical_id + " refused to be created", 400);
        }
        const std::string id = r.properties.contains("Name")
                                   ? r.properties["Name"].get<std::string>()
                                   : r.logical_id + "-" + std::to_string(++world_.counter);
        if (world_.things.count(id) != 0) return make_error("AlreadyExists", id + " already exists", 400);
        world_.things[id] = r.properties;
        return ResourceResponse{id, Json{{"Arn", "arn:test:::" + id}, {"Name", id}}};
    }
    Result<ResourceResponse> update(const ResourceRequest& r) override {
        if (auto a = authorize(r, "test:UpdateThing"); !a) return a.error();
        std::lock_guard lock(world_.mutex);
        world_.log.push_back("update " + r.logical_id);
        if (world_.refuse_v1 && r.properties.value("V", 0) == 1) {
            return make_error("InvalidRequest", "thing " + r.logical_id + " cannot go back to V=1", 400);
        }
        if (r.properties.value("Fail", "") == "update") {
            return make_error("InvalidRequest", "thing " + r.logical_id + " refused the update", 400);
        }
        world_.things[r.physical_id] = r.properties;
        return ResourceResponse{r.physical_id,
                                Json{{"Arn", "arn:test:::" + r.physical_id}, {"Name", r.physical_id}}};
    }
    Result<void> remove(const ResourceRequest& r) override {
        if (auto a = authorize(r, "test:DeleteThing"); !a) return a.error();
        std::lock_guard lock(world_.mutex);
        world_.log.push_back("delete " + r.logical_id);
        if (world_.fail_delete.count(r.physical_id) != 0)
            return make_error("InvalidRequest", "thing is stuck", 400);
        world_.things.erase(r.physical_id);
        return ok();
    }

private:
    void enter() {
        std::lock_guard lock(world_.mutex);
        ++world_.inflight;
        world_.max_inflight = std::max(world_.max_inflight, world_.inflight);
    }
    Result<void> authorize(const ResourceRequest& r, const std::string& action) {
        return cloud_.store.read<void>([&](Tx& tx) {
            return cloud_.iam.authorize(tx, r.caller, action, "arn:test:::" + r.logical_id, r.account,
                                        std::nullopt, iam::ResourcePolicyMode::None, {});
        });
    }
    World& world_;
    CloudContext& cloud_;
};

Caller root() {
    Caller c;
    c.type = "root";
    c.principal.account = kAccount;
    c.principal.arn = std::string("arn:aws:iam::") + kAccount + ":root";
    c.principal.is_root = true;
    return c;
}

class EngineTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("lc-cfn-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
        std::filesystem::create_directories(dir_);
        auto s = Store::open(dir_ / "state.db");
        ASSERT_TRUE(s);
        store_ = std::move(*s);
        // CloudContext holds an atomic (not movable): built in place.
        cloud_ = std::unique_ptr<CloudContext>(new CloudContext{*store_, dir_, dir_ / "objects", dir_ / "tmp",
                                                                kRegion, iam::IamBackend{}, nullptr});
        providers_.add(std::make_unique<ThingProvider>(world_, *cloud_));
        add_builtin_providers(providers_);
        engine_ = std::make_unique<StackEngine>(*cloud_, providers_, services_);
    }
    void TearDown() override {
        engine_.reset();
        std::filesystem::remove_all(dir_);
    }

    Result<Json> call(const std::string& op, const Json& input, const Caller& caller = root()) {
        ServerRequest http;
        RequestContext ctx{http, "req", kRegion, caller, std::chrono::system_clock::now(), {}, {}};
        ApiCall c{ctx};
        return engine_->call(op, input, c);
    }
    Json stack(const std::string& name) {
        engine_->wait_idle();
        auto r = call("DescribeStacks", Json{{"StackName", name}});
        EXPECT_TRUE(r) << (r ? "" : r.error().message);
        return r ? (*r)["Stacks"][0] : Json();
    }
    std::string status(const std::string& name) { return stack(name)["StackStatus"]; }
    Json events(const std::string& name) {
        engine_->wait_idle();
        auto r = call("DescribeStackEvents", Json{{"StackName", name}});
        EXPECT_TRUE(r);
        return r ? (*r)["StackEvents"] : Json::array();
    }
    Json resources(const std::string& name) {
        auto r = call("ListStackResources", Json{{"StackName", name}});
        EXPECT_TRUE(r);
        return r ? (*r)["StackResourceSummaries"] : Json::array();
    }
    std::string physical(const std::string& name, const std::string& logical) {
        for (const auto& r : resources(name)) {
            if (r["LogicalResourceId"] == logical) return r["PhysicalResourceId"];
        }
        return "";
    }
    std::size_t things() {
        std::lock_guard lock(world_.mutex);
        return world_.things.size();
    }
    Result<Json> create(const std::string& name, const Json& tmpl, const Json& extra = Json::object()) {
        Json in{{"StackName", name},
                {"TemplateBody", tmpl.is_string() ? tmpl.get<std::string>() : tmpl.dump()}};
        for (const auto& [k, v] : extra.items())
            in[k] = v;
        return call("CreateStack", in);
    }
    Result<Json> update(const std::string& name, const Json& tmpl) {
        return call("UpdateStack", Json{{"StackName", name}, {"TemplateBody", tmpl.dump()}});
    }

    std::filesystem::path dir_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<CloudContext> cloud_;
    ServiceRegistry services_;
    ProviderRegistry providers_;
    World world_;
    std::unique_ptr<StackEngine> engine_;
};

Json thing(const Json& props = Json::object()) {
    return Json{{"Type", "Test::Thing"}, {"Properties", props}};
}

TEST_F(EngineTest, CreatesInDependencyOrderConcurrentlyAndDeletesInReverse) {
    Json t{{"Resources",
            {{"A", thing({{"SleepMs", 100}})},
             {"B", thing({{"SleepMs", 100}})},
             {"C", thing({{"Peer", {{"Fn::GetAtt", {"A", "Arn"}}}}, {"Other", {{"Fn::Sub", "${B}"}}}})},
             {"M", {{"Type", "AWS::CDK::Metadata"}, {"Properties", {{"Analytics", "v2"}}}}}}},
           {"Outputs",
            {{"CArn", {{"Value", {{"Fn::GetAtt", {"C", "Arn"}}}}, {"Export", {{"Name", "c-arn"}}}}}}}};
    auto r = create("s1", t);
    ASSERT_TRUE(r) << r.error().message;
    const Json s = stack("s1");
    EXPECT_EQ(s["StackStatus"], "CREATE_COMPLETE");
    EXPECT_EQ(s["Outputs"][0]["OutputValue"], "arn:test:::" + physical("s1", "C"));
    EXPECT_EQ(s["Outputs"][0]["ExportName"], "c-arn");
    EXPECT_EQ(world_.max_inflight, 2) << "A and B are independent and provisioned concurrently";
    {
        std::lock_guard lock(world_.mutex);
        ASSERT_EQ(world_.log.size(), 3U);
        EXPECT_EQ(world_.log[2], "create C");
        EXPECT_EQ(world_.things[physical("s1", "C")]["Peer"], "arn:test:::" + physical("s1", "A"));
    }
    const Json ev = events("s1");
    EXPECT_EQ(ev[0]["ResourceStatus"], "CREATE_COMPLETE");
    EXPECT_EQ(ev[0]["LogicalResourceId"], "s1");
    EXPECT_EQ(ev[ev.size() - 1]["ResourceStatus"], "CREATE_IN_PROGRESS");
    ASSERT_TRUE(call("DeleteStack", Json{{"StackName", "s1"}}));
    engine_->wait_idle();
    {
        std::lock_guard lock(world_.mutex);
        ASSERT_EQ(world_.log.size(), 6U);
        EXPECT_EQ(world_.log[3], "delete C");
    }
    EXPECT_EQ(things(), 0U);
    auto gone = call("DescribeStacks", Json{{"StackName", "s1"}});
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().message, "Stack with id s1 does not exist");
    auto exports = call("ListExports", Json::object());
    EXPECT_TRUE((*exports)["Exports"].empty());
}

TEST_F(EngineTest, FailedCreateRollsBackWithTheReasonAndLeavesNothing) {
    Json t{{"Resources",
            {{"Good", {{"Type", "Test::Thing"}, {"DeletionPolicy", "RetainExceptOnCreate"}}},
             {"Bad", thing({{"Fail", "create"}, {"After", {{"Ref", "Good"}}}})}}}};
    ASSERT_TRUE(create("s2", t));
    const Json s = stack("s2");
    EXPECT_EQ(s["StackStatus"], "ROLLBACK_COMPLETE");
    EXPECT_EQ(things(), 0U);
    bool found = false;
    for (const auto& e : events("s2")) {
        if (e["LogicalResourceId"] == "Bad" && e["ResourceStatus"] == "CREATE_FAILED") {
            found = true;
            EXPECT_NE(e["ResourceStatusReason"].get<std::string>().find(
                          "Resource handler returned message: \"thing Bad refused to be created\""),
                      std::string::npos);
        }
        if (e["LogicalResourceId"] == "s2" && e["ResourceStatus"] == "ROLLBACK_IN_PROGRESS") {
            EXPECT_EQ(e["ResourceStatusReason"],
                      "The following resource(s) failed to create: [Bad]. Rollback requested by user.");
        }
    }
    EXPECT_TRUE(found);
    auto upd = update("s2", t);
    ASSERT_FALSE(upd);
    EXPECT_NE(upd.error().message.find("is in ROLLBACK_COMPLETE state and can not be updated."),
              std::string::npos);
    ASSERT_TRUE(call("DeleteStack", Json{{"StackName", "s2"}}));
    engine_->wait_idle();
}

TEST_F(EngineTest, DisableRollbackLeavesCreateFailedThenRollbackStack) {
    Json t{{"Resources",
            {{"Good", thing()}, {"Bad", thing({{"Fail", "create"}, {"After", {{"Ref", "Good"}}}})}}}};
    ASSERT_TRUE(create("s3", t, Json{{"DisableRollback", true}}));
    EXPECT_EQ(status("s3"), "CREATE_FAILED");
    EXPECT_EQ(things(), 1U);
    ASSERT_TRUE(call("RollbackStack", Json{{"StackName", "s3"}}));
    EXPECT_EQ(status("s3"), "ROLLBACK_COMPLETE");
    EXPECT_EQ(things(), 0U);
}

TEST_F(EngineTest, UpdateInPlaceReplacementAndRetain) {
    Json t{{"Resources",
            {{"InPlace", thing({{"Name", "fixed"}, {"Size", 1}})},
             {"Replaced", thing({{"Name", "old-name"}})},
             {"Kept",
              {{"Type", "Test::Thing"},
               {"Properties", {{"Name", "kept-1"}}},
               {"UpdateReplacePolicy", "Retain"}}},
             {"Removed",
              {{"Type", "Test::Thing"}, {"DeletionPolicy", "Retain"}, {"Properties", {{"Name", "orphan"}}}}},
             {"User", thing({{"Uses", {{"Ref", "Replaced"}}}})}}}};
    ASSERT_TRUE(create("s4", t));
    ASSERT_EQ(status("s4"), "CREATE_COMPLETE");
    auto same = update("s4", t);
    ASSERT_FALSE(same);
    EXPECT_EQ(same.error().message, "No updates are to be performed.");

    Json t2 = t;
    t2["Resources"]["InPlace"]["Properties"]["Size"] = 2;
    t2["Resources"]["Replaced"]["Properties"]["Name"] = "new-name";
    t2["Resources"]["Kept"]["Properties"]["Name"] = "kept-2";
    t2["Resources"].erase("Removed");
    auto cs = call("CreateChangeSet",
                   Json{{"StackName", "s4"}, {"ChangeSetName", "preview"}, {"TemplateBody", t2.dump()}});
    ASSERT_TRUE(cs) << cs.error().message;
    auto described = call("DescribeChangeSet", Json{{"ChangeSetName", "preview"}, {"StackName", "s4"}});
    ASSERT_TRUE(described);
    std::map<std::string, Json> changes;
    for (const auto& c : (*described)["Changes"])
        changes[c["ResourceChange"]["LogicalResourceId"]] = c["ResourceChange"];
    EXPECT_EQ(changes["InPlace"]["Action"], "Modify");
    EXPECT_EQ(changes["InPlace"]["Replacement"], "False");
    EXPECT_EQ(changes["Replaced"]["Replacement"], "True");
    EXPECT_EQ(changes["Replaced"]["Details"][0]["Target"]["RequiresRecreation"], "Always");
    EXPECT_EQ(changes["Removed"]["Action"], "Remove");
    EXPECT_EQ(changes.count("User"), 0U) << "its Ref is unchanged until the replacement happens";
    ASSERT_TRUE(call("ExecuteChangeSet", Json{{"ChangeSetName", "preview"}, {"StackName", "s4"}}));
    EXPECT_EQ(status("s4"), "UPDATE_COMPLETE");
    std::lock_guard lock(world_.mutex);
    EXPECT_EQ(world_.things["fixed"]["Size"], 2);
    EXPECT_EQ(world_.things.count("old-name"), 0U);
    EXPECT_EQ(world_.things.count("new-name"), 1U);
    EXPECT_EQ(world_.things.count("kept-1"), 1U)
        << "UpdateReplacePolicy Retain keeps the old physical resource";
    EXPECT_EQ(world_.things.count("orphan"), 1U) << "DeletionPolicy Retain keeps the removed resource";
    bool user_updated = false;
    for (const auto& [id, props] : world_.things) {
        if (props.value("Uses", "") == "new-name") user_updated = true;
    }
    EXPECT_TRUE(user_updated) << "a resource referencing the replaced one is updated with the new id";
}

TEST_F(EngineTest, FailedUpdateRollsBackToPreviousProperties) {
    Json t{{"Resources", {{"A", thing({{"Name", "a"}, {"V", 1}})}, {"B", thing({{"Name", "b"}, {"V", 1}})}}}};
    ASSERT_TRUE(create("s5", t));
    ASSERT_EQ(status("s5"), "CREATE_COMPLETE");
    Json t2 = t;
    t2["Resources"]["A"]["Properties"]["V"] = 2;
    t2["Resources"]["B"]["Properties"]["V"] = 2;
    t2["Resources"]["B"]["Properties"]["Fail"] = "update";
    t2["Resources"]["B"]["DependsOn"] = "A";
    t2["Resources"]["New"] = thing();
    t2["Resources"]["B"]["Properties"]["After"] = Json{{"Ref", "New"}};
    ASSERT_TRUE(update("s5", t2));
    const Json s = stack("s5");
    EXPECT_EQ(s["StackStatus"], "UPDATE_ROLLBACK_COMPLETE");
    std::lock_guard lock(world_.mutex);
    EXPECT_EQ(world_.things["a"]["V"], 1) << "A was updated, then restored";
    EXPECT_EQ(world_.things["b"]["V"], 1);
    EXPECT_EQ(world_.things.size(), 2U) << "the resource created by the failed update is gone";
}

TEST_F(EngineTest, FailedUpdateRollbackThenContinueUpdateRollback) {
    Json t{{"Resources", {{"A", thing({{"Name", "a"}, {"V", 1}})}, {"B", thing({{"Name", "b"}})}}}};
    ASSERT_TRUE(create("s6", t));
    ASSERT_EQ(status("s6"), "CREATE_COMPLETE");
    Json t2 = t;
    t2["Resources"]["A"]["Properties"]["V"] = 2;
    t2["Resources"]["B"]["Properties"]["Fail"] = "update";
    t2["Resources"]["B"]["DependsOn"] = "A";
    {
        std::lock_guard lock(world_.mutex);
        world_.refuse_v1 = true;
    }
    ASSERT_TRUE(update("s6", t2));
    EXPECT_EQ(status("s6"), "UPDATE_ROLLBACK_FAILED");
    auto again = update("s6", t);
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().message.find("UPDATE_ROLLBACK_FAILED state and can not be updated"),
              std::string::npos);
    {
        std::lock_guard lock(world_.mutex);
        world_.refuse_v1 = false;
    }
    ASSERT_TRUE(call("ContinueUpdateRollback", Json{{"StackName", "s6"}}));
    EXPECT_EQ(status("s6"), "UPDATE_ROLLBACK_COMPLETE");
    std::lock_guard lock(world_.mutex);
    EXPECT_EQ(world_.things["a"]["V"], 1);
}

TEST_F(EngineTest, ExportsAreUniqueAndAnExportInUseCannotChange) {
    Json producer{{"Resources", {{"P", thing()}}},
                  {"Outputs", {{"O", {{"Value", {{"Ref", "P"}}}, {"Export", {{"Name", "shared"}}}}}}}};
    ASSERT_TRUE(create("prod", producer));
    ASSERT_EQ(status("prod"), "CREATE_COMPLETE");
    ASSERT_TRUE(create("dup", producer));
    EXPECT_EQ(status("dup"), "ROLLBACK_COMPLETE");
    bool duplicate = false;
    for (const auto& e : events("dup")) {
        if (e["ResourceStatus"] == "ROLLBACK_IN_PROGRESS") {
            duplicate =
                e["ResourceStatusReason"] == "Export with name shared is already exported by stack prod";
        }
    }
    EXPECT_TRUE(duplicate);
    Json consumer{{"Resources", {{"C", thing({{"In", {{"Fn::ImportValue", "shared"}}}})}}}};
    ASSERT_TRUE(create("cons", consumer));
    ASSERT_EQ(status("cons"), "CREATE_COMPLETE");
    auto imports = call("ListImports", Json{{"ExportName", "shared"}});
    ASSERT_TRUE(imports);
    EXPECT_EQ((*imports)["Imports"], Json({"cons"}));
    Json changed = producer;
    changed["Outputs"]["O"]["Value"] = "something-else";
    ASSERT_TRUE(update("prod", changed));
    const Json s = stack("prod");
    EXPECT_EQ(s["StackStatus"], "UPDATE_ROLLBACK_COMPLETE");
    bool reason = false;
    for (const auto& e : events("prod")) {
        if (e["ResourceStatus"] == "UPDATE_ROLLBACK_IN_PROGRESS") {
            reason = e["ResourceStatusReason"] == "Cannot update export shared as it is in use by cons";
        }
    }
    EXPECT_TRUE(reason);
    ASSERT_TRUE(call("DeleteStack", Json{{"StackName", "prod"}}));
    EXPECT_EQ(status("prod"), "DELETE_FAILED");
    EXPECT_EQ(stack("prod")["StackStatusReason"], "Cannot delete export shared as it is in use by cons");
    ASSERT_TRUE(call("DeleteStack", Json{{"StackName", "cons"}}));
    engine_->wait_idle();
    ASSERT_TRUE(call("DeleteStack", Json{{"StackName", "prod"}}));
    engine_->wait_idle();
    EXPECT_EQ(things(), 0U);
}

TEST_F(EngineTest, TemplateErrorsAreSynchronousValidationErrors) {
    auto cycle = create(
        "c",
        Json{{"Resources", {{"A", thing({{"X", {{"Ref", "B"}}}})}, {"B", thing({{"X", {{"Ref", "A"}}}})}}}});
    ASSERT_FALSE(cycle);
    EXPECT_EQ(cycle.error().message, "Circular dependency between resources: [A, B]");
    auto unresolved =
        create("u", Json{{"Resources", {{"A", thing({{"X", {{"Fn::GetAtt", {"Nope", "Arn"}}}}})}}}});
    ASSERT_FALSE(unresolved);
    EXPECT_EQ(unresolved.error().message, "Template format error: Unresolved resource dependencies [Nope] in "
                                          "the Resources block of the template");
    ASSERT_TRUE(create("x", Json{{"Resources", {{"A", thing()}}}}));
    auto again = create("x", Json{{"Resources", {{"A", thing()}}}});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "AlreadyExistsException");
}

TEST_F(EngineTest, UnsupportedTypeFailsTheStack) {
    ASSERT_TRUE(create("un", Json{{"Resources", {{"Q", {{"Type", "AWS::Made::Up"}}}}}}));
    EXPECT_EQ(status("un"), "ROLLBACK_COMPLETE");
    bool found = false;
    for (const auto& e : events("un")) {
        if (e["LogicalResourceId"] == "Q" && e["ResourceStatus"] == "CREATE_FAILED") {
            found = e["ResourceStatusReason"] == "Resource type AWS::Made::Up is not supported by localcloud";
        }
    }
    EXPECT_TRUE(found);
}

TEST_F(EngineTest, CreateChangeSetMakesReviewStackAndEmptyChangeSetFails) {
    Json t{{"Resources", {{"A", thing()}}}};
    auto cs = call("CreateChangeSet", Json{{"StackName", "cs"},
                                           {"ChangeSetName", "first"},
                                           {"ChangeSetType", "CREATE"},
                                           {"TemplateBody", t.dump()}});
    ASSERT_TRUE(cs) << cs.error().message;
    EXPECT_EQ(status("cs"), "REVIEW_IN_PROGRESS");
    auto d = call("DescribeChangeSet", Json{{"ChangeSetName", (*cs)["Id"]}});
    ASSERT_TRUE(d);
    EXPECT_EQ((*d)["Status"], "CREATE_COMPLETE");
    EXPECT_EQ((*d)["Changes"][0]["ResourceChange"]["Action"], "Add");
    ASSERT_TRUE(call("ExecuteChangeSet", Json{{"ChangeSetName", (*cs)["Id"]}}));
    EXPECT_EQ(status("cs"), "CREATE_COMPLETE");
    auto none = call("CreateChangeSet",
                     Json{{"StackName", "cs"}, {"ChangeSetName", "again"}, {"TemplateBody", t.dump()}});
    ASSERT_TRUE(none);
    auto nd = call("DescribeChangeSet", Json{{"ChangeSetName", "again"}, {"StackName", "cs"}});
    ASSERT_TRUE(nd);
    EXPECT_EQ((*nd)["Status"], "FAILED");
    EXPECT_EQ((*nd)["StatusReason"], "The submitted information didn't contain changes. Submit different "
                                     "information to create a change set.");
    auto exec = call("ExecuteChangeSet", Json{{"ChangeSetName", "again"}, {"StackName", "cs"}});
    ASSERT_FALSE(exec);
    EXPECT_EQ(exec.error().code, "InvalidChangeSetStatus");
    ASSERT_TRUE(call("DeleteChangeSet", Json{{"ChangeSetName", "again"}, {"StackName", "cs"}}));
    auto missing = call("DescribeChangeSet", Json{{"ChangeSetName", "again"}, {"StackName", "cs"}});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ChangeSetNotFound");
}

TEST_F(EngineTest, RetainExceptOnCreateKeepsTheResourceOnDelete) {
    ASSERT_TRUE(create(
        "rec",
        Json{{"Resources", {{"A", {{"Type", "Test::Thing"}, {"DeletionPolicy", "RetainExceptOnCreate"}}}}}}));
    EXPECT_EQ(status("rec"), "CREATE_COMPLETE");
    ASSERT_TRUE(call("DeleteStack", Json{{"StackName", "rec"}}));
    engine_->wait_idle();
    EXPECT_EQ(things(), 1U);
}

TEST_F(EngineTest, TerminationProtectionBlocksDelete) {
    ASSERT_TRUE(
        create("tp", Json{{"Resources", {{"A", thing()}}}}, Json{{"EnableTerminationProtection", true}}));
    EXPECT_EQ(status("tp"), "CREATE_COMPLETE");
    auto del = call("DeleteStack", Json{{"StackName", "tp"}});
    ASSERT_FALSE(del);
    EXPECT_EQ(del.error().message, "Stack [tp] cannot be deleted while TerminationProtection is enabled");
    ASSERT_TRUE(call("UpdateTerminationProtection",
                     Json{{"StackName", "tp"}, {"EnableTerminationProtection", false}}));
    ASSERT_TRUE(call("DeleteStack", Json{{"StackName", "tp"}}));
    engine_->wait_idle();
    EXPECT_EQ(things(), 0U);
}

TEST_F(EngineTest, RoleArnIsAssumedAndItsPermissionsLimitTheStack) {
    const std::string trust =
        R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudformation.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
    const std::string create_only =
        R"({"Statement":[{"Effect":"Allow","Action":["test:CreateThing","test:DeleteThing"],"Resource":"arn:test:::Allowed"}]})";
    auto made = store_->write<void>([&](Tx& tx) -> Result<void> {
        auto role = cloud_->iam.create_role(tx, kAccount, "cfn-exec", "/", trust, 3600, "", Json::array());
        if (!role) return role.error();
        auto p =
            cloud_->iam.put_inline_policy(tx, iam::EntityKind::Role, kAccount, "cfn-exec", "p", create_only);
        if (!p) return p;
        auto untrusted = cloud_->iam.create_role(
            tx, kAccount, "nobody", "/",
            R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})",
            3600, "", Json::array());
        if (!untrusted) return untrusted.error();
        return ok();
    });
    ASSERT_TRUE(made) << made.error().message;
    const std::string role_arn = std::string("arn:aws:iam::") + kAccount + ":role/cfn-exec";
    Json t{{"Resources", {{"Allowed", thing()}, {"Denied", thing({{"After", {{"Ref", "Allowed"}}}})}}}};
    ASSERT_TRUE(create("role", t, Json{{"RoleARN", role_arn}}));
    EXPECT_EQ(status("role"), "ROLLBACK_COMPLETE");
    bool denied = false;
    for (const auto& e : events("role")) {
        if (e["LogicalResourceId"] == "Denied" && e["ResourceStatus"] == "CREATE_FAILED") {
            const std::string reason = e["ResourceStatusReason"];
            denied =
                reason.find("User: arn:aws:sts::111111111111:assumed-role/cfn-exec/AWSCloudFormation is not "
                            "authorized to perform: test:CreateThing") != std::string::npos &&
                reason.find("HandlerErrorCode: AccessDenied") != std::string::npos;
            EXPECT_TRUE(denied) << reason;
        }
    }
    EXPECT_TRUE(denied);
    EXPECT_EQ(things(), 0U) << "the allowed resource was rolled back";
    auto untrusted =
        create("role2", t, Json{{"RoleARN", std::string("arn:aws:iam::") + kAccount + ":role/nobody"}});
    ASSERT_FALSE(untrusted);
    EXPECT_EQ(untrusted.error().message,
              std::string("Role arn:aws:iam::") + kAccount + ":role/nobody is invalid or cannot be assumed");
}

TEST_F(EngineTest, RecoverMarksInterruptedOperationsFailed) {
    ASSERT_TRUE(create("crash", Json{{"Resources", {{"A", thing()}}}}));
    EXPECT_EQ(status("crash"), "CREATE_COMPLETE");
    // simulate a crash in the middle of an update: the record says UPDATE_IN_PROGRESS, nothing runs it
    auto stacks = store_->write<void>([&](Tx& tx) -> Result<void> {
        auto rows = tx.list(Scope{kAccount, kRegion}, "cfn-stack");
        if (!rows) return rows.error();
        for (auto [id, doc] : *rows) {
            doc["StackStatus"] = "UPDATE_IN_PROGRESS";
            if (auto p = tx.put(Scope{kAccount, kRegion}, "cfn-stack", id, doc); !p) return p;
        }
        return ok();
    });
    ASSERT_TRUE(stacks);
    engine_ = std::make_unique<StackEngine>(*cloud_, providers_, services_);
    engine_->recover();
    const Json s = stack("crash");
    EXPECT_EQ(s["StackStatus"], "UPDATE_FAILED");
    EXPECT_NE(s["StackStatusReason"].get<std::string>().find("interrupted"), std::string::npos);
}

} // namespace
} // namespace cdk::localcloud::cloudformation
