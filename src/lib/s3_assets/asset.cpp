#include "lib/s3_assets/asset.hpp"

#include "constructs/stack.hpp"
#include "synth/assets/asset_staging.hpp"
#include "synth/stack_synthesizers/default_stack_synthesizer.hpp"

namespace cdk::s3_assets {
namespace {

/// The construct path below the stack (CDK: Names.stackRelativeConstructPath).
std::string stack_relative_path(const Construct& c) {
    const Stack& stack = Stack::of(c);
    const std::string& full = c.node().path();
    const std::string& prefix = stack.node().path();
    return full.size() > prefix.size() ? full.substr(prefix.size() + 1) : full;
}

} // namespace

Asset::Asset(Construct& scope, std::string_view id, const AssetProps& props) : Construct(scope, id) {
    auto& staging = make<AssetStaging>(*this, "Stage",
                                       AssetStagingProps{.source_path = props.path,
                                                         .asset_hash = props.asset_hash,
                                                         .exclude = props.exclude});
    asset_hash_ = staging.asset_hash();
    Stack& stack = Stack::of(*this);
    asset_path_ = staging.relative_staged_path(stack);
    is_file_ = staging.packaging() == FileAssetPackaging::File;
    is_zip_archive_ = staging.is_archive();
    location_ = synthesizer_of(stack).add_file_asset(FileAssetSource{
        .source_hash = asset_hash_,
        .file_name = asset_path_,
        .packaging = staging.packaging(),
        .extension = staging.extension(),
        .display_name = props.display_name.empty() ? stack_relative_path(*this) : props.display_name});
}

} // namespace cdk::s3_assets
