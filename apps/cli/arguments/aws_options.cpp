#include "apps/cli/arguments/aws_options.hpp"

namespace cdk::cli {

void add_aws_arguments(CLI::App& sub, AwsArguments& args) {
    sub.add_option("--profile", args.profile, "named profile from ~/.aws/config or ~/.aws/credentials");
    sub.add_option("--region", args.region, "region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile)");
    sub.add_option("--endpoint-url", args.endpoint_url, "send every AWS call to this URL (e.g. localcloud)");
}

std::map<std::string, std::string> parse_key_values(const std::vector<std::string>& items) {
    std::map<std::string, std::string> out;
    for (const auto& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw CLI::ValidationError("expected KEY=VALUE, got '" + item + "'");
        }
        out[item.substr(0, eq)] = item.substr(eq + 1);
    }
    return out;
}

} // namespace cdk::cli
