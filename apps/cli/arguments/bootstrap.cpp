#include "apps/cli/arguments/bootstrap.hpp"

namespace cdk::cli {

CLI::App* add_bootstrap_arguments(CLI::App& app, BootstrapArguments& args) {
    CLI::App* sub =
        app.add_subcommand("bootstrap", "deploy the CDK toolkit stack (bucket, repository, roles, version "
                                        "parameter) into environments");
    sub->add_option("environments", args.environments,
                    "aws://ACCOUNT/REGION (default: the environments of the app's stacks)");
    sub->add_option("--qualifier", args.qualifier,
                    "string distinguishing several bootstraps in one environment (default hnb659fds)");
    sub->add_option("--toolkit-stack-name", args.toolkit_stack_name,
                    "name of the bootstrap stack (default CDKToolkit)");
    sub->add_option("-b,--bootstrap-bucket-name", args.bucket_name,
                    "name of the asset bucket (default generated)");
    sub->add_option("--trust", args.trust, "account trusted to publish assets and deploy (repeatable)")
        ->delimiter(',');
    sub->add_option("--trust-for-lookup", args.trust_for_lookup,
                    "account trusted to look up values (repeatable)")
        ->delimiter(',');
    sub->add_option(
           "--untrust", args.untrust,
           "account no longer trusted: removed from the deployed stack's trust lists, the others kept "
           "(repeatable)")
        ->delimiter(',');
    sub->add_option("--cloudformation-execution-policies", args.execution_policies,
                    "managed policy ARNs for the CloudFormation execution role (repeatable)")
        ->delimiter(',');
    sub->add_option("--bootstrap-kms-key-id", args.kms_key_id, "KMS key for the asset bucket");
    sub->add_option("--bootstrap-customer-key", args.customer_key,
                    "true: create a customer-managed KMS key for the asset bucket")
        ->check(CLI::IsMember({"true", "false"}))
        ->expected(0, 1)
        ->default_str("true");
    sub->add_option("--public-access-block-configuration", args.public_access_block,
                    "block public access on the asset bucket (default true)")
        ->check(CLI::IsMember({"true", "false"}));
    sub->add_option("--termination-protection", args.termination_protection,
                    "turn termination protection on or off")
        ->check(CLI::IsMember({"true", "false"}))
        ->expected(0, 1)
        ->default_str("true");
    sub->add_option("-t,--tags", args.tags, "tags for the bootstrap stack KEY=VALUE (repeatable)");
    sub->add_flag("--show-template", args.show_template, "print the bootstrap template and stop");
    sub->add_option("--template", args.template_file,
                    "use this template (JSON or YAML) instead of the built-in one");
    sub->add_flag("--no-execute", args.no_execute, "create the change set but do not execute it");
    sub->add_flag("-f,--force", args.force, "update even when nothing changed, or downgrade");
    add_aws_arguments(*sub, args.aws);
    return sub;
}

} // namespace cdk::cli
