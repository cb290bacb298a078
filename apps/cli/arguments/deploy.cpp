#include "apps/cli/arguments/deploy.hpp"

namespace cdk::cli {

CLI::App* add_deploy_arguments(CLI::App& app, DeployArguments& args) {
    CLI::App* sub = app.add_subcommand("deploy", "deploy stacks into their environments through change sets");
    sub->add_option("stacks", args.stacks, "patterns of stacks to deploy (e.g. 'Dev/*')");
    sub->add_flag("--all", args.all, "deploy every stack of the app");
    sub->add_flag("-e,--exclusively", args.exclusively,
                  "do not also deploy the stacks the selection depends on");
    sub->add_option("--concurrency", args.concurrency, "deploy up to N independent stacks at once")
        ->check(CLI::Range(1, 100));
    sub->add_option(
           "--require-approval", args.require_approval,
           "when to ask before deploying: never, any-change, broadening (IAM or security group growth)")
        ->check(CLI::IsMember({"never", "any-change", "broadening"}));
    sub->add_option("--parameters", args.parameters, "stack parameter [STACK:]NAME=VALUE (repeatable)");
    sub->add_option("--tags", args.tags, "tags for the stacks KEY=VALUE (repeatable)");
    sub->add_flag("--no-rollback", args.no_rollback, "keep failed resources instead of rolling back");
    sub->add_flag("-f,--force", args.force, "deploy even when the template did not change");
    sub->add_option("-O,--outputs-file", args.outputs_file, "write the stacks' outputs to this JSON file");
    add_aws_arguments(*sub, args.aws);
    return sub;
}

CLI::App* add_diff_arguments(CLI::App& app, DiffArguments& args) {
    CLI::App* sub = app.add_subcommand("diff", "compare the app's stacks with what is deployed");
    sub->add_option("stacks", args.stacks, "patterns of stacks to compare (default: all)");
    sub->add_flag("--security-only", args.security_only,
                  "only the IAM and security group changes, shown when they broaden permissions");
    sub->add_flag("--fail", args.fail,
                  "exit with code 1 when there are differences (with --security-only: when permissions "
                  "broaden)");
    add_aws_arguments(*sub, args.aws);
    return sub;
}

CLI::App* add_destroy_arguments(CLI::App& app, DestroyArguments& args) {
    CLI::App* sub = app.add_subcommand("destroy", "delete stacks, dependents first");
    sub->add_option("stacks", args.stacks, "patterns of stacks to delete");
    sub->add_flag("--all", args.all, "delete every stack of the app");
    sub->add_flag("-e,--exclusively", args.exclusively,
                  "do not also delete the stacks that depend on the selection");
    sub->add_flag("-f,--force", args.force, "do not ask for confirmation");
    add_aws_arguments(*sub, args.aws);
    return sub;
}

} // namespace cdk::cli
