#include "aws/sts/sts_client.hpp"

#include "aws/protocol/values.hpp"

namespace cdk::aws::sts {

Result<StsClient> StsClient::create(const auth::Session& session) {
    auto client = session.client("sts");
    if (!client) return client.error();
    return StsClient(std::move(*client));
}

Result<CallerIdentity> StsClient::get_caller_identity() const {
    auto out = client_.call("GetCallerIdentity");
    if (!out) return out.error();
    return CallerIdentity{out->value("Account", ""), out->value("Arn", ""), out->value("UserId", "")};
}

Result<AssumedRole> StsClient::assume_role(const auth::AssumeRoleParams& params) const {
    Json input{{"RoleArn", params.role_arn},
               {"RoleSessionName", params.session_name.empty() ? "cdkpp" : params.session_name},
               {"DurationSeconds", params.duration_seconds}};
    if (!params.external_id.empty()) input["ExternalId"] = params.external_id;
    auto out = client_.call("AssumeRole", input);
    if (!out) return out.error();
    const Json& c = (*out)["Credentials"];
    AssumedRole r;
    r.credentials.access_key_id = c.value("AccessKeyId", "");
    r.credentials.secret_access_key = c.value("SecretAccessKey", "");
    r.credentials.session_token = c.value("SessionToken", "");
    if (auto t = protocol::parse_timestamp(c.value("Expiration", ""))) {
        r.credentials.expiration = std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::duration<double>(*t)));
    }
    r.assumed_role_arn = (*out)["AssumedRoleUser"].value("Arn", "");
    r.assumed_role_id = (*out)["AssumedRoleUser"].value("AssumedRoleId", "");
    return r;
}

} // namespace cdk::aws::sts
