#include "localcloud/ecr/ecr_backend.hpp"

#include "localcloud/ecr/ecr_errors.hpp"
#include "localcloud/state/ids.hpp"

#include <chrono>
#include <optional>
#include <regex>

namespace cdk::localcloud::ecr {

namespace {
constexpr const char* kKind = "ecr:repository";
}

bool valid_repository_name(const std::string& name) {
    static const std::regex kName(R"(^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$)");
    return name.size() >= 2 && name.size() <= 256 && std::regex_match(name, kName);
}

std::string EcrBackend::arn(const std::string& region, const std::string& account, const std::string& name) {
    return "arn:aws:ecr:" + region + ":" + account + ":repository/" + name;
}

std::string EcrBackend::uri(const std::string& region, const std::string& account, const std::string& name) {
    return account + ".dkr.ecr." + region + ".amazonaws.com/" + name;
}

Json repository_view(const Json& r) {
    Json out = r;
    out.erase("policy");
    out.erase("lifecyclePolicy");
    out.erase("tags");
    return out;
}

Result<Json> EcrBackend::create(Tx& tx, const std::string& account, const std::string& region,
                                const std::string& name, const Json& settings) {
    if (!valid_repository_name(name)) {
        return invalid_parameter(
            "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy "
            "regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''"
            " (got '" +
            name + "')");
    }
    auto existing = tx.get(Scope{account, region}, kKind, name);
    if (!existing) return existing.error();
    if (existing->has_value()) return repository_exists(name, account);
    Json repo{{"repositoryName", name},
              {"repositoryArn", arn(region, account, name)},
              {"registryId", account},
              {"repositoryUri", uri(region, account, name)},
              {"createdAt", epoch_seconds(std::chrono::system_clock::now())},
              {"imageTagMutability", settings.value("imageTagMutability", "MUTABLE")},
              {"imageScanningConfiguration",
               settings.value("imageScanningConfiguration", Json{{"scanOnPush", false}})},
              {"encryptionConfiguration",
               settings.value("encryptionConfiguration", Json{{"encryptionType", "AES256"}})},
              {"tags", settings.value("tags", Json::array())}};
    if (auto r = tx.put(Scope{account, region}, kKind, name, repo); !r) return r.error();
    return repo;
}

Result<Json> EcrBackend::get(Tx& tx, const std::string& account, const std::string& region,
                             const std::string& name) {
    auto found = tx.get(Scope{account, region}, kKind, name);
    if (!found) return found.error();
    if (!found->has_value()) return repository_not_found(name, account);
    return std::move(**found);
}

Result<void> EcrBackend::save(Tx& tx, const Json& repository) {
    const std::string arn_text = repository["repositoryArn"].get<std::string>();
    const std::string region = arn_text.substr(12, arn_text.find(':', 12) - 12);
    return tx.put(Scope{repository["registryId"].get<std::string>(), region}, kKind,
                  repository["repositoryName"].get<std::string>(), repository);
}

Result<void> EcrBackend::remove(Tx& tx, const std::string& account, const std::string& region,
                                const std::string& name) {
    auto erased = tx.erase(Scope{account, region}, kKind, name);
    if (!erased) return erased.error();
    if (!*erased) return repository_not_found(name, account);
    return ok();
}

Result<std::vector<Json>> EcrBackend::list(Tx& tx, const std::string& account, const std::string& region) {
    auto rows = tx.list(Scope{account, region}, kKind);
    if (!rows) return rows.error();
    std::vector<Json> out;
    for (auto& [name, doc] : *rows)
        out.push_back(std::move(doc));
    return out;
}

Result<void> EcrBackend::authorize(Tx& tx, const Caller& caller, const iam::Context& context,
                                   const std::string& action, const std::string& arn_text,
                                   const Json* repository) {
    std::optional<Json> policy;
    std::string owner = caller.account();
    auto mode = iam::ResourcePolicyMode::None;
    if (repository != nullptr) {
        owner = (*repository)["registryId"].get<std::string>();
        if (repository->contains("policy")) policy = (*repository)["policy"];
        mode = iam::ResourcePolicyMode::Optional;
    }
    return cloud_.iam.authorize(tx, caller, action, arn_text, owner, policy, mode, context,
                                "AccessDeniedException");
}

} // namespace cdk::localcloud::ecr
