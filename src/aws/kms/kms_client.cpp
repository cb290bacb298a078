#include "aws/kms/kms_client.hpp"

namespace cdk::aws::kms {

Result<KmsClient> KmsClient::create(const auth::Session& session) {
    auto client = session.client("kms");
    if (!client) return client.error();
    return KmsClient(std::move(*client));
}

Result<Json> KmsClient::create_key(const std::string& description, const std::string& policy) const {
    Json input{{"Description", description}};
    if (!policy.empty()) input["Policy"] = policy;
    auto out = client_.call("CreateKey", input);
    if (!out) return out.error();
    return (*out)["KeyMetadata"];
}

Result<Json> KmsClient::describe_key(const std::string& key_id) const {
    auto out = client_.call("DescribeKey", {{"KeyId", key_id}});
    if (!out) return out.error();
    return (*out)["KeyMetadata"];
}

Result<void> KmsClient::create_alias(const std::string& alias, const std::string& key_id) const {
    auto out = client_.call("CreateAlias", {{"AliasName", alias}, {"TargetKeyId", key_id}});
    if (!out) return out.error();
    return ok();
}

Result<std::vector<Json>> KmsClient::list_aliases() const {
    std::vector<Json> all;
    Json input = Json::object();
    for (int page = 0; page < 10000; ++page) {
        auto out = client_.call("ListAliases", input);
        if (!out) return out.error();
        for (const auto& a : out->value("Aliases", Json::array()))
            all.push_back(a);
        if (!out->value("Truncated", false)) break;
        input["Marker"] = out->value("NextMarker", "");
    }
    return all;
}

Result<std::string> KmsClient::encrypt(const std::string& key_id, const std::string& plaintext) const {
    auto out = client_.call("Encrypt", {{"KeyId", key_id}, {"Plaintext", plaintext}});
    if (!out) return out.error();
    return out->value("CiphertextBlob", "");
}

Result<std::string> KmsClient::decrypt(const std::string& ciphertext) const {
    auto out = client_.call("Decrypt", {{"CiphertextBlob", ciphertext}});
    if (!out) return out.error();
    return out->value("Plaintext", "");
}

} // namespace cdk::aws::kms
