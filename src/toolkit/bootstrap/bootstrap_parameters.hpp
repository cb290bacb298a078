#pragma once

#include "core/result.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::toolkit::bootstrap {

/// What the user asked for on the command line (unset: keep what the deployed stack has).
struct BootstrapParameterInput {
    std::optional<std::string> qualifier;
    std::optional<std::vector<std::string>> trusted_accounts;            ///< --trust
    std::optional<std::vector<std::string>> trusted_accounts_for_lookup; ///< --trust-for-lookup
    std::vector<std::string> untrusted_accounts;                         ///< --untrust
    std::optional<std::vector<std::string>> execution_policies; ///< --cloudformation-execution-policies
    std::optional<std::string> kms_key_id;                      ///< --bootstrap-kms-key-id
    std::optional<bool> customer_key;                           ///< --bootstrap-customer-key
    std::optional<bool> public_access_block;                    ///< --public-access-block-configuration
    std::optional<std::string> bucket_name;                     ///< --bootstrap-bucket-name
};

/// The template parameter values to pass, and notes for the user.
struct BootstrapParameterValues {
    std::map<std::string, std::string> values;
    std::vector<std::string> notes; ///< "Trusted accounts for deployment: ...", the implicit policy warning
};

/// Computes the bootstrap template's parameters as the stock CLI does: trust lists and execution policies
/// default to those of the deployed stack (`current`: its parameters, nullopt when not bootstrapped);
/// `--untrust` accounts are removed from both trust lists (given or kept), the others stay; an account both
/// given to `--trust`/`--trust-for-lookup` and `--untrust` is refused (`AccountBothTrustedAndUntrusted`);
/// `--trust` without execution policies is refused (`MissingExecutionPoliciesForTrust`, the stock message);
/// no trust and no policies means AdministratorAccess (noted); the KMS key is a new one with
/// `--bootstrap-customer-key`, AWS-managed for a new stack or `--no-bootstrap-customer-key`, else kept;
/// `--bootstrap-kms-key-id` and `--bootstrap-customer-key` together are refused (`ConflictingKmsKeyOptions`).
[[nodiscard]] Result<BootstrapParameterValues>
compute_bootstrap_parameters(const BootstrapParameterInput& input,
                             const std::optional<std::map<std::string, std::string>>& current,
                             const std::string& partition);

/// Splits a CommaDelimitedList value ("" is the empty list).
[[nodiscard]] std::vector<std::string> split_cfn_list(const std::string& value);

} // namespace cdk::toolkit::bootstrap
