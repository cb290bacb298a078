#include "aws/lambda/lambda_client.hpp"

namespace cdk::aws::lambda {

Result<LambdaClient> LambdaClient::create(const auth::Session& session) {
    auto client = session.client("lambda");
    if (!client) return client.error();
    return LambdaClient(std::move(*client));
}

Result<Json> LambdaClient::get_function(const std::string& name) const {
    auto out = client_.call("GetFunction", {{"FunctionName", name}});
    if (!out) return out.error();
    out->erase("ResponseMetadata");
    return *out;
}

Result<InvokeResult> LambdaClient::invoke(const std::string& name, const std::string& payload) const {
    auto out = client_.call(
        "Invoke", {{"FunctionName", name}, {"InvocationType", "RequestResponse"}, {"Payload", payload}});
    if (!out) return out.error();
    return InvokeResult{out->value("StatusCode", 0), out->value("Payload", ""),
                        out->value("FunctionError", ""), out->value("ExecutedVersion", "")};
}

} // namespace cdk::aws::lambda
