#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"
#include "localcloud/state/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::ssm {

/// Input of PutParameter.
struct PutParameterRequest {
    std::string name;
    std::string value;
    std::string type = "String";
    bool overwrite = false;
    std::string description;
    std::string key_id;
    std::string data_type = "text";
    Json tags = Json::array();
};

/// SSM Parameter Store: String, StringList and SecureString (encrypted with KMS, `alias/aws/ssm` by default),
/// versions and history. Authorization: `ssm:<Action>` on the parameter's ARN, KMS key policies for
/// SecureString (kms:ViaService = ssm.<region>.amazonaws.com).
class SsmBackend {
public:
    explicit SsmBackend(CloudContext& cloud) : cloud_(cloud) {}

    [[nodiscard]] Result<Json> put(Tx& tx, RequestContext& ctx, const PutParameterRequest& request);
    /// The parameter (name or name:version), in API shape; SecureString values decrypted when asked.
    [[nodiscard]] Result<Json> get(Tx& tx, RequestContext& ctx, const std::string& name,
                                   bool with_decryption);
    [[nodiscard]] Result<std::vector<Json>> by_path(Tx& tx, RequestContext& ctx, const std::string& path,
                                                    bool recursive, bool with_decryption);
    [[nodiscard]] Result<void> remove(Tx& tx, RequestContext& ctx, const std::string& name);
    [[nodiscard]] Result<std::vector<Json>> describe(Tx& tx, RequestContext& ctx, const Json& filters);
    [[nodiscard]] Result<std::vector<Json>> history(Tx& tx, RequestContext& ctx, const std::string& name,
                                                    bool with_decryption);

    [[nodiscard]] static std::string arn(const std::string& region, const std::string& account,
                                         const std::string& name);

private:
    Result<void> authorize(Tx& tx, RequestContext& ctx, const std::string& action,
                           const std::string& resource);
    Result<Json> render(Tx& tx, RequestContext& ctx, const Json& stored, const Json& version, bool decrypt);

    CloudContext& cloud_;
};

} // namespace cdk::localcloud::ssm
