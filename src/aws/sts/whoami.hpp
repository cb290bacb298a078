#pragma once

#include "aws/auth/session.hpp"
#include "aws/sts/sts_client.hpp"

namespace cdk::aws::sts {

/// What `cdkpp whoami` reports: the caller's identity and where the settings behind it came from.
struct WhoAmI {
    CallerIdentity identity;
    std::string profile;
    std::string credentials_source; ///< auth::describe_credentials_source
    std::string region;
    std::string region_source;
    std::string sts_endpoint;
    std::string sts_endpoint_source;
};

/// Resolves credentials and calls sts:GetCallerIdentity. The error of a failed call names the
/// credentials source, so the user sees which credentials were rejected.
[[nodiscard]] Result<WhoAmI> who_am_i(const auth::Session& session);

} // namespace cdk::aws::sts
