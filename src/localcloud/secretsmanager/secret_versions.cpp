#include "localcloud/secretsmanager/secret_versions.hpp"

#include <algorithm>

namespace cdk::localcloud::secretsmanager {

std::vector<std::string> version_order(const Json& secret) {
    std::vector<std::string> out;
    for (const auto& id : secret.value("VersionOrder", Json::array()))
        out.push_back(id);
    return out;
}

bool has_stage(const Json& version, const std::string& stage) {
    const Json& s = version["Stages"];
    return std::find(s.begin(), s.end(), Json(stage)) != s.end();
}

void remove_stage(Json& secret, const std::string& stage) {
    for (auto& [id, v] : secret["Versions"].items()) {
        Json kept = Json::array();
        for (const auto& s : v["Stages"]) {
            if (s != stage) kept.push_back(s);
        }
        v["Stages"] = kept;
    }
}

std::string version_with(const Json& secret, const std::string& stage) {
    for (const auto& [id, v] : secret["Versions"].items()) {
        if (has_stage(v, stage)) return id;
    }
    return {};
}

void attach_stage(Json& secret, const std::string& id, const std::string& stage) {
    const std::string old = version_with(secret, stage);
    if (old == id) return;
    remove_stage(secret, stage);
    if (stage == kCurrent && !old.empty()) {
        remove_stage(secret, kPrevious);
        secret["Versions"][old]["Stages"].push_back(kPrevious);
    }
    secret["Versions"][id]["Stages"].push_back(stage);
}

void prune(Json& secret) {
    auto order = version_order(secret);
    std::size_t excess = order.size() > kMaxVersions ? order.size() - kMaxVersions : 0;
    Json kept = Json::array();
    for (const auto& id : order) {
        if (excess > 0 && secret["Versions"][id]["Stages"].empty()) {
            secret["Versions"].erase(id);
            --excess;
        } else {
            kept.push_back(id);
        }
    }
    secret["VersionOrder"] = kept;
}

Json versions_to_stages(const Json& secret) {
    Json out = Json::object();
    for (const auto& [id, v] : secret["Versions"].items()) {
        if (!v["Stages"].empty()) out[id] = v["Stages"];
    }
    return out;
}

} // namespace cdk::localcloud::secretsmanager
