#include "aws/codebuild/codebuild_client.hpp"

namespace cdk::aws::codebuild {

Result<CodeBuildClient> CodeBuildClient::create(const auth::Session& session) {
    auto client = session.client("codebuild");
    if (!client) return client.error();
    return CodeBuildClient(std::move(*client));
}

Result<std::optional<Json>> CodeBuildClient::get_build(const std::string& id) const {
    auto out = client_.call("BatchGetBuilds", {{"ids", Json::array({id})}});
    if (!out) return out.error();
    for (const auto& build : (*out)["builds"]) {
        if (build.value("id", "") == id) return std::optional<Json>(build);
    }
    return std::optional<Json>();
}

} // namespace cdk::aws::codebuild
