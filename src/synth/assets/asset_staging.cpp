#include "synth/assets/asset_staging.hpp"

#include "constructs/stack.hpp"
#include "core/strings.hpp"
#include "synth/assets/fingerprint.hpp"
#include "tokens/errors.hpp"

#include <filesystem>

namespace cdk {
namespace {

namespace stdfs = std::filesystem;

std::string extension_of(const std::string& source) {
    const std::string lower = strings::to_lower(source);
    for (const char* ext : {".tar.gz", ".zip", ".jar", ".tar", ".tgz"}) {
        if (strings::ends_with(lower, ext)) {
            return ext;
        }
    }
    return stdfs::path(source).extension().string();
}

void copy_tree(const stdfs::path& from, const stdfs::path& to, const std::vector<std::string>& exclude) {
    stdfs::create_directories(to);
    for (const auto& e : stdfs::directory_iterator(from)) {
        const std::string name = e.path().filename().string();
        if (std::find(exclude.begin(), exclude.end(), name) != exclude.end()) {
            continue;
        }
        if (e.is_directory()) {
            copy_tree(e.path(), to / name, exclude);
        } else {
            stdfs::copy(e.path(), to / name, stdfs::copy_options::overwrite_existing);
        }
    }
}

} // namespace

AssetStaging::AssetStaging(Construct& scope, std::string_view id, const AssetStagingProps& props)
    : Construct(scope, id) {
    const stdfs::path source = stdfs::absolute(props.source_path);
    if (!stdfs::exists(source)) {
        throw ValidationError("cannot find asset at " + source.string() +
                                  "; check the path (relative paths are "
                                  "resolved from the current directory)",
                              node().path(), props.source_path);
    }
    const bool directory = stdfs::is_directory(source);
    if (!directory && !stdfs::is_regular_file(source)) {
        throw ValidationError("asset " + source.string() +
                                  " is expected to be either a directory or a regular file",
                              node().path(), props.source_path);
    }
    FingerprintOptions options;
    options.exclude.insert(options.exclude.end(), props.exclude.begin(), props.exclude.end());
    const Json salt = node().try_get_context("@aws-cdk/core:assetHashSalt");
    if (salt.is_string()) {
        options.extra_hash = salt.get<std::string>();
    }
    if (!props.asset_hash.empty()) {
        asset_hash_ = props.asset_hash;
    } else {
        auto fp = fingerprint(source, options);
        if (!fp) {
            throw ValidationError("cannot fingerprint the asset: " + fp.error().to_string(), node().path(),
                                  props.source_path);
        }
        asset_hash_ = *fp;
    }
    packaging_ = directory ? FileAssetPackaging::ZipDirectory : FileAssetPackaging::File;
    extension_ = directory ? std::string() : extension_of(source.string());
    is_archive_ = !directory && extension_ != "" &&
                  std::string(".tar.gz.zip.jar.tar.tgz").find(extension_) != std::string::npos;

    const Stage* stage = Stage::of(*this);
    if (stage == nullptr) {
        throw ValidationError("an asset must be defined inside an App or Stage", node().path());
    }
    const stdfs::path target = stdfs::path(stage->asset_outdir()) / ("asset." + asset_hash_ + extension_);
    staged_path_ = stdfs::absolute(target).string();
    if (stdfs::exists(target)) {
        return;
    }
    stdfs::create_directories(target.parent_path());
    if (directory) {
        copy_tree(source, target, options.exclude);
    } else {
        stdfs::copy_file(source, target, stdfs::copy_options::overwrite_existing);
    }
}

std::string AssetStaging::relative_staged_path(const Stack& stack) const {
    const Stage* stage = Stage::of(stack);
    const stdfs::path base = stdfs::absolute(stage != nullptr ? stage->outdir() : ".");
    return stdfs::path(staged_path_).lexically_relative(base).generic_string();
}

} // namespace cdk
