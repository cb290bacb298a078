#include "localcloud/protocol/query_input.hpp"

#include "core/strings.hpp"

namespace cdk::localcloud {

Result<std::map<std::string, std::string>> parse_query_input(const HttpRequest& request) {
    std::map<std::string, std::string> out;
    auto pairs = parse_query(request.query);
    if (request.method == "POST") {
        for (auto& kv : parse_query(request.body_text()))
            pairs.push_back(std::move(kv));
    }
    for (auto& [k, v] : pairs) {
        if (!strings::valid_utf8(k) || !strings::valid_utf8(v)) {
            return make_error("MalformedQueryString",
                              "parameter '" + strings::to_valid_utf8(k) + "' does not decode to UTF-8", 400);
        }
        out[k] = std::move(v);
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
