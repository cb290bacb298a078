#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/state/store.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace cdk::localcloud {

/// One account localcloud hosts.
struct AccountSpec {
    std::string id;
    std::string name;
};

/// Credentials of an account's administrator (IAM user `admin` with AdministratorAccess).
struct AccountCredentials {
    AccountSpec account;
    std::string access_key_id;
    std::string secret_access_key;
    std::string user_arn;
};

/// The reference scenario's accounts: build 999999999999, dev 111111111111, test 222222222222,
/// prod 333333333333.
[[nodiscard]] std::vector<AccountSpec> default_accounts();

/// Reads an accounts file: `{"accounts": [{"id": "123456789012", "name": "dev"}, …]}`.
[[nodiscard]] Result<std::vector<AccountSpec>> load_accounts(const std::filesystem::path& file);

/// Reads the admin credentials of every account from a data directory's store (read-only use: profiles).
[[nodiscard]] Result<std::vector<AccountCredentials>> read_account_credentials(Store& store);

} // namespace cdk::localcloud
