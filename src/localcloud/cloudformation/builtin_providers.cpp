// Resource providers that belong to CloudFormation itself.
#include "core/strings.hpp"
#include "localcloud/cloudformation/cloudformation_routes.hpp"
#include "localcloud/state/ids.hpp"

namespace cdk::localcloud::cloudformation {

namespace {

/// AWS::CDK::Metadata: the CDK's analytics resource; CloudFormation only records it.
class CdkMetadataProvider final : public ResourceProvider {
public:
    [[nodiscard]] std::string type_name() const override { return "AWS::CDK::Metadata"; }
    Result<ResourceResponse> create(const ResourceRequest& request) override {
        return ResourceResponse{
            request.stack_id + "/" + request.logical_id + "/" + random_uuid().substr(0, 8), Json::object()};
    }
    Result<ResourceResponse> update(const ResourceRequest& request) override {
        return ResourceResponse{request.physical_id, Json::object()};
    }
    Result<void> remove(const ResourceRequest& /*request*/) override { return ok(); }
};

/// AWS::CloudFormation::WaitConditionHandle: its physical id (Ref) is the pre-signed URL a signal would be
/// sent to; it has no properties and nothing to clean up.
class WaitConditionHandleProvider final : public ResourceProvider {
public:
    [[nodiscard]] std::string type_name() const override {
        return "AWS::CloudFormation::WaitConditionHandle";
    }
    Result<ResourceResponse> create(const ResourceRequest& request) override {
        const std::string url = "https://cloudformation-waitcondition-" + request.region + ".s3." +
                                request.region + ".amazonaws.com/" +
                                strings::percent_encode(request.stack_id, true) + "/" + request.logical_id +
                                "-" + random_id("", 12);
        return ResourceResponse{url, Json::object()};
    }
    Result<ResourceResponse> update(const ResourceRequest& request) override {
        return ResourceResponse{request.physical_id, Json::object()};
    }
    Result<void> remove(const ResourceRequest& /*request*/) override { return ok(); }
};

} // namespace

void add_builtin_providers(ProviderRegistry& providers) {
    providers.add(std::make_unique<CdkMetadataProvider>());
    providers.add(std::make_unique<WaitConditionHandleProvider>());
}

} // namespace cdk::localcloud::cloudformation
