#include "aws/ssm/ssm_client.hpp"

namespace cdk::aws::ssm {

namespace {
Parameter from_json(const Json& p) {
    return {p.value("Name", ""), p.value("Value", ""), p.value("Type", ""), p.value("Version", 0LL)};
}
} // namespace

Result<SsmClient> SsmClient::create(const auth::Session& session) {
    auto client = session.client("ssm");
    if (!client) return client.error();
    return SsmClient(std::move(*client));
}

Result<std::optional<Parameter>> SsmClient::get_parameter(const std::string& name, bool decrypt) const {
    auto out = client_.call("GetParameter", {{"Name", name}, {"WithDecryption", decrypt}});
    if (!out) {
        if (out.error().code == "ParameterNotFound") return std::optional<Parameter>();
        return out.error();
    }
    return std::optional<Parameter>(from_json((*out)["Parameter"]));
}

Result<long long> SsmClient::put_parameter(const std::string& name, const std::string& value,
                                           const std::string& type, bool overwrite) const {
    auto out = client_.call("PutParameter",
                            {{"Name", name}, {"Value", value}, {"Type", type}, {"Overwrite", overwrite}});
    if (!out) return out.error();
    return out->value("Version", 0LL);
}

Result<void> SsmClient::delete_parameter(const std::string& name) const {
    auto out = client_.call("DeleteParameter", {{"Name", name}});
    if (!out) return out.error();
    return ok();
}

Result<std::vector<Parameter>> SsmClient::get_parameters_by_path(const std::string& path) const {
    std::vector<Parameter> all;
    Json input{{"Path", path}, {"Recursive", true}};
    for (int page = 0; page < 10000; ++page) {
        auto out = client_.call("GetParametersByPath", input);
        if (!out) return out.error();
        for (const auto& p : out->value("Parameters", Json::array()))
            all.push_back(from_json(p));
        const std::string next = out->value("NextToken", "");
        if (next.empty()) break;
        input["NextToken"] = next;
    }
    return all;
}

} // namespace cdk::aws::ssm
