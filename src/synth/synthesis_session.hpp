#pragma once

#include "assembly/manifest.hpp"

#include <filesystem>
#include <string>

namespace cdk {

namespace detail {
class PreparedFragments;
} // namespace detail

/// The state of writing one (nested) cloud assembly (CDK: ISynthesisSession): its directory, the
/// manifest being built, and the shared asset directory. Stack synthesizers append artifacts to it.
class SynthesisSession {
public:
    SynthesisSession(std::filesystem::path outdir, std::filesystem::path asset_outdir)
        : outdir_(std::move(outdir)), asset_outdir_(std::move(asset_outdir)) {}

    [[nodiscard]] const std::filesystem::path& outdir() const { return outdir_; }
    [[nodiscard]] const std::filesystem::path& asset_outdir() const { return asset_outdir_; }
    [[nodiscard]] assembly::AssemblyManifest& manifest() { return manifest_; }
    /// Appends an artifact (artifacts keep their order in manifest.json).
    void add_artifact(assembly::ArtifactManifest artifact) {
        manifest_.artifacts.push_back(std::move(artifact));
    }
    /// Internal to the synthesis: the template fragments the references pass resolved, which the template
    /// renderer reuses (synth/detail/prepared_fragments.hpp); null when there are none.
    [[nodiscard]] detail::PreparedFragments* prepared_fragments() const { return prepared_; }
    void set_prepared_fragments(detail::PreparedFragments* prepared) { prepared_ = prepared; }

private:
    std::filesystem::path outdir_;
    std::filesystem::path asset_outdir_;
    assembly::AssemblyManifest manifest_;
    detail::PreparedFragments* prepared_ = nullptr;
};

} // namespace cdk
