#include "apps/cli/arguments/publish_assets.hpp"

namespace cdk::cli {

CLI::App* add_publish_assets_arguments(CLI::App& app, PublishAssetsArguments& args) {
    CLI::App* sub = app.add_subcommand(
        "publish-assets", "publish assets of a cloud assembly's asset manifest to their buckets, with each "
                          "destination's publishing role (what a pipeline's Assets stage runs)");
    sub->add_option("--path", args.path, "the asset manifest (<Stack>.assets.json) of a synthesized assembly")
        ->required();
    sub->add_option("selectors", args.selectors,
                    "<asset id> or <asset id>:<destination id> (default: every asset of the manifest)");
    add_aws_arguments(*sub, args.aws);
    return sub;
}

} // namespace cdk::cli
