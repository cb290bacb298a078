#include "localcloud/auth/authenticator.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/sts/sts_backend.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

namespace cdk::localcloud::iam {
namespace {

constexpr const char* kAllowAll = R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

class IamBackendTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("lc-iam-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
        auto s = Store::open(dir_ / "state.db");
        ASSERT_TRUE(s);
        store_ = std::move(*s);
    }
    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    /// Creates user `admin` in `account` with AdministratorAccess and returns its caller.
    Caller admin(const std::string& account) {
        auto key = store_->write<Json>([&](Tx& tx) -> Result<Json> {
            auto u = iam_.create_user(tx, account, "admin", "/", Json::array());
            if (!u) return u.error();
            if (auto a = iam_.attach_policy(tx, EntityKind::User, account, "admin",
                                            "arn:aws:iam::aws:policy/AdministratorAccess");
                !a) {
                return a.error();
            }
            return iam_.create_user_access_key(tx, account, "admin");
        });
        EXPECT_TRUE(key) << key.error().to_string();
        return caller_from_key(*key);
    }

    std::filesystem::path dir_;
    std::unique_ptr<Store> store_;
    IamBackend iam_;
};

TEST_F(IamBackendTest, AwsManagedPolicyGrantsThroughAttachment) {
    const Caller c = admin("111111111111");
    auto r = store_->read<bool>([&](Tx& tx) -> Result<bool> {
        auto allowed = iam_.authorize(tx, c, "s3:PutObject", "arn:aws:s3:::b/k", "111111111111", std::nullopt,
                                      ResourcePolicyMode::None, {});
        return allowed.has_value();
    });
    ASSERT_TRUE(r);
    EXPECT_TRUE(*r);
}

TEST_F(IamBackendTest, FailsToPassARoleWithoutPermissionOrInAnotherAccount) {
    const Caller c = admin("111111111111");
    auto r = store_->write<int>([&](Tx& tx) -> Result<int> {
        auto role = iam_.create_role(tx, "111111111111", "exec", "/", kAllowAll, 3600, "", Json::array());
        if (!role) return role.error();
        auto user = iam_.create_user(tx, "111111111111", "limited", "/", Json::array());
        if (!user) return user.error();
        return 0;
    });
    ASSERT_TRUE(r) << r.error().to_string();
    auto check = [&](const Caller& who, const std::string& arn) {
        return store_->read<bool>(
            [&](Tx& tx) -> Result<bool> { return iam_.authorize_pass_role(tx, who, arn, {}).has_value(); });
    };
    EXPECT_TRUE(*check(c, "arn:aws:iam::111111111111:role/exec"));
    EXPECT_FALSE(*check(c, "arn:aws:iam::111111111111:role/missing"));
    EXPECT_FALSE(*check(c, "arn:aws:iam::222222222222:role/exec"));
    Caller limited = c;
    limited.user_name = "limited";
    limited.principal.arn = "arn:aws:iam::111111111111:user/limited";
    EXPECT_FALSE(*check(limited, "arn:aws:iam::111111111111:role/exec"));
}

TEST_F(IamBackendTest, AssumeRoleAcrossAccountsAndChainingLimit) {
    const Caller build = admin("999999999999");
    const std::string trust =
        R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":["arn:aws:iam::999999999999:root","arn:aws:iam::111111111111:root"]}}]})";
    ASSERT_TRUE(store_->write<int>([&](Tx& tx) -> Result<int> {
        auto role = iam_.create_role(tx, "111111111111", "deploy", "/", trust, 7200, "", Json::array());
        if (!role) return role.error();
        if (auto p = iam_.put_inline_policy(tx, EntityKind::Role, "111111111111", "deploy", "all", kAllowAll);
            !p) {
            return p.error();
        }
        return 0;
    }));
    sts::StsBackend sts(iam_);
    const auto now = std::chrono::system_clock::now();
    auto first = store_->write<sts::AssumedRole>([&](Tx& tx) {
        return sts.assume_role(tx, build, {"arn:aws:iam::111111111111:role/deploy", "first", 7200, ""}, {},
                               now);
    });
    ASSERT_TRUE(first) << first.error().to_string();
    EXPECT_EQ(first->arn, "arn:aws:sts::111111111111:assumed-role/deploy/first");
    auto record = store_->read<std::optional<Json>>(
        [&](Tx& tx) { return iam_.find_access_key(tx, first->access_key_id); });
    ASSERT_TRUE(record && record->has_value());
    const Caller session = caller_from_key(**record);
    EXPECT_EQ(session.account(), "111111111111");
    EXPECT_EQ(session.chain_depth, 1);
    auto chained = store_->write<sts::AssumedRole>([&](Tx& tx) {
        return sts.assume_role(tx, session, {"arn:aws:iam::111111111111:role/deploy", "second", 7200, ""}, {},
                               now);
    });
    ASSERT_FALSE(chained);
    EXPECT_NE(chained.error().message.find("role chaining"), std::string::npos);
}

TEST_F(IamBackendTest, AssumeRoleSeesTheRolesTagsAsResourceTagKeys) {
    // CDK Pipelines: a role may assume only roles tagged aws-cdk:bootstrap-role = deploy.
    const std::string trust =
        R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::999999999999:root"}}]})";
    const std::string pipeline_policy =
        R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:*:iam::*:role/*",
            "Condition":{"ForAnyValue:StringEquals":{"iam:ResourceTag/aws-cdk:bootstrap-role":["deploy"]}}}]})";
    ASSERT_TRUE(store_->write<int>([&](Tx& tx) -> Result<int> {
        for (const auto& [name, tag] : {std::pair{"tagged", "deploy"}, std::pair{"other", "lookup"}}) {
            auto role = iam_.create_role(tx, "111111111111", name, "/", trust, 3600, "",
                                         Json::array({{{"Key", "aws-cdk:bootstrap-role"}, {"Value", tag}}}));
            if (!role) return role.error();
        }
        auto user = iam_.create_user(tx, "999999999999", "pipeline", "/", Json::array());
        if (!user) return user.error();
        if (auto p = iam_.put_inline_policy(tx, EntityKind::User, "999999999999", "pipeline", "p",
                                            pipeline_policy);
            !p) {
            return p.error();
        }
        return 0;
    }));
    Caller pipeline;
    pipeline.type = "user";
    pipeline.user_name = "pipeline";
    pipeline.principal = Principal{"999999999999", "arn:aws:iam::999999999999:user/pipeline", "", "", false};
    sts::StsBackend sts(iam_);
    auto assume = [&](const std::string& role) {
        return store_->write<sts::AssumedRole>([&](Tx& tx) {
            return sts.assume_role(tx, pipeline, {"arn:aws:iam::111111111111:role/" + role, "pp", 3600, ""},
                                   {}, std::chrono::system_clock::now());
        });
    };
    EXPECT_TRUE(assume("tagged"));
    auto refused = assume("other");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "AccessDenied");
}

TEST(MaxSessionDurationTest, TakesAWholeNumberAndDefaultsToAnHour) {
    EXPECT_EQ(*parse_max_session_duration(""), 3600);
    EXPECT_EQ(*parse_max_session_duration("7200"), 7200);
    for (const char* bad : {"-1", "abc", "7200s", " 7200", "99999999999"}) {
        const auto r = parse_max_session_duration(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, "ValidationError") << bad;
    }
}

} // namespace
} // namespace cdk::localcloud::iam
