#include "localcloud/s3/s3_authorize.hpp"

#include <optional>

namespace cdk::localcloud::s3 {

Result<void> authorize_s3(CloudContext& cloud, Tx& tx, const Caller& caller, iam::Context context,
                          const Json* bucket, const std::string& action, const std::string& resource) {
    std::optional<Json> policy;
    std::string owner = caller.account();
    auto mode = iam::ResourcePolicyMode::None;
    if (bucket != nullptr) {
        owner = (*bucket)["Account"].get<std::string>();
        if (bucket->contains("Policy")) policy = (*bucket)["Policy"];
        mode = iam::ResourcePolicyMode::Optional;
        context[iam::context_key("s3:ResourceAccount")] = {owner};
        context[iam::context_key("aws:ResourceAccount")] = {owner};
    }
    return cloud.iam.authorize(tx, caller, action, resource, owner, policy, mode, context);
}

} // namespace cdk::localcloud::s3
