#include "localcloud/ssm/cfn_parameter_provider.hpp"

#include "localcloud/server/cfn_support.hpp"
#include "localcloud/ssm/ssm_backend.hpp"
#include "localcloud/ssm/ssm_errors.hpp"

namespace cdk::localcloud::ssm {

namespace {

Result<ResourceResponse> put_parameter(CloudContext& cloud, const ResourceRequest& request,
                                       const std::string& name, bool overwrite) {
    const Json& p = cfn::props(request);
    PutParameterRequest in;
    in.name = name;
    in.value = cfn::str(p, "Value");
    in.type = p.contains("Type") ? cfn::str(p, "Type") : "String";
    if (in.type == "SecureString") {
        return validation("AWS::SSM::Parameter " + request.logical_id +
                          ": CloudFormation cannot create SecureString parameters; use String or StringList");
    }
    in.overwrite = overwrite;
    in.description = cfn::str(p, "Description");
    if (p.contains("DataType")) in.data_type = cfn::str(p, "DataType");
    if (p.contains("Tags") && p["Tags"].is_object()) {
        // AWS::SSM::Parameter's Tags are a map, not a list.
        for (const auto& [k, v] : p["Tags"].items())
            in.tags.push_back({{"Key", k}, {"Value", v}});
    }
    cfn::ProviderCall call(request);
    SsmBackend backend(cloud);
    auto done = cloud.store.write<Json>([&](Tx& tx) { return backend.put(tx, call.context(), in); });
    if (!done) return done.error();
    return ResourceResponse{name, Json{{"Type", in.type}, {"Value", in.value}}};
}

Result<ResourceResponse> create_parameter(CloudContext& cloud, const ResourceRequest& request) {
    std::string name = cfn::str(cfn::props(request), "Name");
    if (name.empty()) name = "CFN-" + cfn::generated_name(request, 128);
    return put_parameter(cloud, request, name, false);
}

Result<ResourceResponse> update_parameter(CloudContext& cloud, const ResourceRequest& request) {
    return put_parameter(cloud, request, request.physical_id, true);
}

Result<void> remove_parameter(CloudContext& cloud, const ResourceRequest& request) {
    cfn::ProviderCall call(request);
    SsmBackend backend(cloud);
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto r = backend.remove(tx, call.context(), request.physical_id);
        if (!r && !cfn::is_not_found(r.error())) return r.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

} // namespace

CfnParameterProvider::CfnParameterProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::SSM::Parameter", {create_parameter, update_parameter, remove_parameter}) {}

} // namespace cdk::localcloud::ssm
