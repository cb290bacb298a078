#include "assembly/environment.hpp"

namespace cdk::assembly {

std::string Environment::to_string() const {
    return "aws://" + account + "/" + region;
}

Result<Environment> parse_environment(std::string_view text) {
    constexpr std::string_view prefix = "aws://";
    const auto bad = [&] {
        return make_error("EnvironmentInvalid",
                          "environment '" + std::string(text) + "' is not of the form aws://ACCOUNT/REGION");
    };
    if (text.substr(0, prefix.size()) != prefix) return bad();
    const std::string_view rest = text.substr(prefix.size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 >= rest.size()) return bad();
    if (rest.find('/', slash + 1) != std::string_view::npos) return bad();
    Environment env;
    env.account = std::string(rest.substr(0, slash));
    env.region = std::string(rest.substr(slash + 1));
    return env;
}

} // namespace cdk::assembly
