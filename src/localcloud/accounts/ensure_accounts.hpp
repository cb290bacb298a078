#pragma once

#include "localcloud/accounts/accounts.hpp"
#include "localcloud/iam/iam_backend.hpp"

#include <vector>

namespace cdk::localcloud {

/// Makes sure each account exists with its admin user and access key (generated once, then kept), and
/// returns every account's admin credentials. Idempotent. Only the server runs it (it creates IAM users), so
/// it is not part of cdk_localcloud_control, which cdkpp links.
[[nodiscard]] Result<std::vector<AccountCredentials>>
ensure_accounts(Store& store, iam::IamBackend& iam, const std::vector<AccountSpec>& accounts);

} // namespace cdk::localcloud
