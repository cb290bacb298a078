#include "localcloud/protocol/query_input.hpp"

namespace cdk::localcloud {

std::map<std::string, std::string> parse_query_input(const HttpRequest& request) {
    std::map<std::string, std::string> out;
    for (auto& [k, v] : parse_query(request.query)) out[k] = v;
    if (request.method == "POST") {
        for (auto& [k, v] : parse_query(request.body_text())) out[k] = v;
    }
    return out;
}

std::vector<std::string> query_list(const std::map<std::string, std::string>& params, const std::string& prefix) {
    std::vector<std::string> out;
    for (int i = 1;; ++i) {
        const auto it = params.find(prefix + "." + std::to_string(i));
        if (it == params.end()) break;
        out.push_back(it->second);
    }
    return out;
}

Json query_tags(const std::map<std::string, std::string>& params, const std::string& prefix) {
    Json out = Json::array();
    for (int i = 1;; ++i) {
        const std::string base = prefix + ".member." + std::to_string(i);
        const auto key = params.find(base + ".Key");
        if (key == params.end()) break;
        const auto value = params.find(base + ".Value");
        out.push_back({{"Key", key->second}, {"Value", value == params.end() ? "" : value->second}});
    }
    return out;
}

} // namespace cdk::localcloud
