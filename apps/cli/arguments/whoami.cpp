#include "apps/cli/arguments/whoami.hpp"

namespace cdk::cli {

CLI::App* add_whoami_arguments(CLI::App& app, WhoamiArguments& args) {
    CLI::App* sub = app.add_subcommand("whoami", "print the AWS account and identity in use, and where the "
                                                 "credentials come from");
    sub->add_option("--profile", args.profile, "named profile from ~/.aws/config or ~/.aws/credentials");
    sub->add_option("--region", args.region, "region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile)");
    sub->add_option("--endpoint-url", args.endpoint_url, "send every AWS call to this URL (e.g. localcloud)");
    return sub;
}

} // namespace cdk::cli
