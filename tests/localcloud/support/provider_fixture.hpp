#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/services.hpp"
#include "localcloud/state/store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <unistd.h>

namespace cdk::localcloud::testing {

inline constexpr const char* kAccount = "111111111111";
inline constexpr const char* kRegion = "ap-southeast-2";

/// A temp data directory with a store, every service and provider registered, and two callers of account
/// 111111111111: `admin()` (AdministratorAccess session) and `limited(policy)` (a role session whose only
/// identity policy is `policy`).
class ProviderTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("lc-cfn-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_ / "objects");
        std::filesystem::create_directories(dir_ / "tmp");
        auto s = Store::open(dir_ / "state.db");
        ASSERT_TRUE(s);
        store_ = std::move(*s);
        kms_ = std::make_unique<kms::KmsBackend>();
        cloud_ = std::unique_ptr<CloudContext>(new CloudContext{*store_, dir_, dir_ / "objects", dir_ / "tmp",
                                                                kRegion, iam::IamBackend{}, kms_.get()});
        register_services(*cloud_, services_, providers_);
    }
    void TearDown() override {
        providers_ = cloudformation::ProviderRegistry{};
        // The services first: their threads (the pipeline engine's driver polls the store) must stop before
        // the store they read is destroyed.
        services_ = ServiceRegistry{};
        cloud_.reset();
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    /// A session of role `name` whose only policy is `policy` (created on first use).
    Caller session(const std::string& name, const Json& policy) {
        auto made = store_->write<bool>([&](Tx& tx) -> Result<bool> {
            const Json trust{
                {"Statement", Json::array({{{"Effect", "Allow"},
                                            {"Principal", {{"Service", "cloudformation.amazonaws.com"}}},
                                            {"Action", "sts:AssumeRole"}}})}};
            if (!cloud_->iam.get(tx, iam::EntityKind::Role, kAccount, name)) {
                auto role =
                    cloud_->iam.create_role(tx, kAccount, name, "/", trust.dump(), 3600, "", Json::array());
                if (!role) return role.error();
            }
            if (auto p = cloud_->iam.put_inline_policy(tx, iam::EntityKind::Role, kAccount, name, "p",
                                                       policy.dump());
                !p) {
                return p.error();
            }
            return true;
        });
        EXPECT_TRUE(made) << made.error().to_string();
        Caller c;
        c.principal.account = kAccount;
        c.principal.arn = std::string("arn:aws:sts::") + kAccount + ":assumed-role/" + name + "/s";
        c.principal.role_arn = std::string("arn:aws:iam::") + kAccount + ":role/" + name;
        c.type = "session";
        c.role_name = name;
        c.session_name = "s";
        c.user_id = "AROATEST:s";
        return c;
    }
    Caller admin() {
        return session(
            "admin",
            Json{{"Statement", Json::array({{{"Effect", "Allow"}, {"Action", "*"}, {"Resource", "*"}}})}});
    }
    Caller limited(const std::string& action) {
        return session(
            "limited",
            Json{{"Statement", Json::array({{{"Effect", "Allow"}, {"Action", action}, {"Resource", "*"}}})}});
    }

    cloudformation::ResourceRequest request(const Caller& caller, const std::string& logical_id,
                                            Json properties, const std::string& physical_id = {}) {
        cloudformation::ResourceRequest r;
        r.account = kAccount;
        r.region = kRegion;
        r.logical_id = logical_id;
        r.physical_id = physical_id;
        r.properties = std::move(properties);
        r.caller = caller;
        return r;
    }

    cloudformation::ResourceProvider& provider(const std::string& type) {
        auto* p = providers_.find(type);
        EXPECT_NE(p, nullptr) << type;
        return *p;
    }

    std::filesystem::path dir_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<kms::KmsBackend> kms_;
    std::unique_ptr<CloudContext> cloud_;
    ServiceRegistry services_;
    cloudformation::ProviderRegistry providers_;
};

} // namespace cdk::localcloud::testing
