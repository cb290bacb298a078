#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::ssm {

/// AWS::SSM::Parameter (String, StringList): ssm:PutParameter / ssm:DeleteParameter through the SSM backend.
/// Ref = parameter name; attributes Type, Value.
class CfnParameterProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnParameterProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::SSM::Parameter"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    Result<cloudformation::ResourceResponse> put(const cloudformation::ResourceRequest& r, const std::string& name,
                                                 bool overwrite);
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::ssm
