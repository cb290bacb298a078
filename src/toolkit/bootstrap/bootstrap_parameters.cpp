#include "toolkit/bootstrap/bootstrap_parameters.hpp"

#include <algorithm>

namespace cdk::toolkit::bootstrap {
namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ",") + i;
    return out;
}

std::vector<std::string> from_current(const std::optional<std::map<std::string, std::string>>& current,
                                      const std::string& key) {
    if (!current) return {};
    const auto it = current->find(key);
    return it == current->end() ? std::vector<std::string>{} : split_cfn_list(it->second);
}

} // namespace

std::vector<std::string> split_cfn_list(const std::string& value) {
    std::vector<std::string> out;
    if (value.empty()) return out;
    // moto renders a CommaDelimitedList's value as a Python list ("['a', 'b']", "['']").
    if (value.front() == '[' && value.back() == ']') {
        std::string joined;
        for (const char c : value.substr(1, value.size() - 2)) {
            if (c != '\'' && c != '"' && c != ' ') joined += c;
        }
        return split_cfn_list(joined);
    }
    std::size_t start = 0;
    for (;;) {
        const auto comma = value.find(',', start);
        out.push_back(value.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

Result<BootstrapParameterValues>
compute_bootstrap_parameters(const BootstrapParameterInput& input,
                             const std::optional<std::map<std::string, std::string>>& current,
                             const std::string& partition) {
    if (input.customer_key && input.kms_key_id) {
        return make_error("ConflictingKmsKeyOptions",
                          "You cannot pass '--bootstrap-kms-key-id' and "
                          "'--bootstrap-customer-key' together. Specify one or the other");
    }
    const auto untrusted = [&](const std::string& account) {
        return std::find(input.untrusted_accounts.begin(), input.untrusted_accounts.end(), account) !=
               input.untrusted_accounts.end();
    };
    std::vector<std::string> both;
    for (const auto* given : {&input.trusted_accounts, &input.trusted_accounts_for_lookup}) {
        if (!*given) continue;
        for (const auto& a : **given) {
            if (untrusted(a) && std::find(both.begin(), both.end(), a) == both.end()) both.push_back(a);
        }
    }
    if (!both.empty()) {
        return make_error("AccountBothTrustedAndUntrusted",
                          "Accounts cannot be both trusted and untrusted. Found: " + join(both));
    }
    const auto remove_untrusted = [&](std::vector<std::string> accounts) {
        accounts.erase(std::remove_if(accounts.begin(), accounts.end(), untrusted), accounts.end());
        return accounts;
    };
    BootstrapParameterValues out;
    const auto trusted =
        remove_untrusted(input.trusted_accounts.value_or(from_current(current, "TrustedAccounts")));
    const auto lookup = remove_untrusted(
        input.trusted_accounts_for_lookup.value_or(from_current(current, "TrustedAccountsForLookup")));
    const auto policies =
        input.execution_policies.value_or(from_current(current, "CloudFormationExecutionPolicies"));
    out.notes.push_back("Trusted accounts for deployment: " + (trusted.empty() ? "(none)" : join(trusted)));
    out.notes.push_back("Trusted accounts for lookup: " + (lookup.empty() ? "(none)" : join(lookup)));
    if (trusted.empty() && policies.empty()) {
        out.notes.push_back(
            "Using default execution policy of 'arn:" + partition +
            ":iam::aws:policy/AdministratorAccess'. Pass '--cloudformation-execution-policies' to "
            "customize.");
    } else if (policies.empty()) {
        return make_error("MissingExecutionPoliciesForTrust",
                          "Please pass '--cloudformation-execution-policies' when using '--trust' to specify "
                          "deployment permissions. Try a managed policy of the form 'arn:" +
                              partition + ":iam::aws:policy/<PolicyName>'.");
    } else {
        out.notes.push_back("Execution policies: " + join(policies));
    }

    auto& v = out.values;
    if (input.bucket_name) v["FileAssetsBucketName"] = *input.bucket_name;
    const bool has_current_key = current && current->count("FileAssetsBucketKmsKeyId") != 0;
    if (input.kms_key_id) {
        v["FileAssetsBucketKmsKeyId"] = *input.kms_key_id;
    } else if (input.customer_key == true) {
        v["FileAssetsBucketKmsKeyId"] = ""; // create a new key
    } else if (input.customer_key == false || !has_current_key) {
        v["FileAssetsBucketKmsKeyId"] = "AWS_MANAGED_KEY";
    }
    v["TrustedAccounts"] = join(trusted);
    v["TrustedAccountsForLookup"] = join(lookup);
    v["CloudFormationExecutionPolicies"] = join(policies);
    if (input.qualifier) v["Qualifier"] = *input.qualifier;
    v["PublicAccessBlockConfiguration"] = input.public_access_block.value_or(true) ? "true" : "false";
    return out;
}

} // namespace cdk::toolkit::bootstrap
