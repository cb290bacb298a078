// ensure_accounts, apart from the rest of accounts.cpp: it creates IAM users and access keys, and only the
// server runs it. cdkpp's `local profiles` reads the accounts back without linking the IAM backend.
#include "localcloud/accounts/ensure_accounts.hpp"

namespace cdk::localcloud {

namespace {
const Scope kGlobal{"", ""};
constexpr const char* kAdminPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
} // namespace

Result<std::vector<AccountCredentials>> ensure_accounts(Store& store, iam::IamBackend& iam,
                                                        const std::vector<AccountSpec>& accounts) {
    return store.write<std::vector<AccountCredentials>>(
        [&](Tx& tx) -> Result<std::vector<AccountCredentials>> {
            std::vector<AccountCredentials> out;
            for (const auto& spec : accounts) {
                auto existing = tx.get(kGlobal, "account", spec.id);
                if (!existing) return existing.error();
                if (existing->has_value()) {
                    const Json& a = **existing;
                    out.push_back({{spec.id, a.value("Name", spec.name)},
                                   a.value("AccessKeyId", ""),
                                   a.value("SecretAccessKey", ""),
                                   a.value("UserArn", "")});
                    continue;
                }
                auto user = iam.create_user(tx, spec.id, "admin", "/", Json::array());
                if (!user) return user.error();
                auto attached = iam.attach_policy(tx, iam::EntityKind::User, spec.id, "admin",
                                                  "arn:aws:iam::aws:policy/AdministratorAccess");
                if (!attached) {
                    // Fall back to an inline policy with the same document if the managed one is missing.
                    auto put = iam.put_inline_policy(tx, iam::EntityKind::User, spec.id, "admin", "Admin",
                                                     kAdminPolicy);
                    if (!put) return put.error();
                }
                auto key = iam.create_user_access_key(tx, spec.id, "admin");
                if (!key) return key.error();
                Json account{{"Id", spec.id},
                             {"Name", spec.name},
                             {"AccessKeyId", (*key)["AccessKeyId"]},
                             {"SecretAccessKey", (*key)["SecretAccessKey"]},
                             {"UserArn", (*user)["Arn"]}};
                if (auto r = tx.put(kGlobal, "account", spec.id, account); !r) return r.error();
                out.push_back({spec, (*key)["AccessKeyId"].get<std::string>(),
                               (*key)["SecretAccessKey"].get<std::string>(),
                               (*user)["Arn"].get<std::string>()});
            }
            return out;
        });
}

} // namespace cdk::localcloud
