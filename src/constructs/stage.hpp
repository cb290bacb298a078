#pragma once

#include "constructs/construct.hpp"

#include <optional>
#include <string>

namespace cdk {

/// Target account and region of a stack or stage. Empty fields mean "not specified".
struct Environment {
    std::string account;
    std::string region;
};

/// Options of `Stage::synth`.
struct StageSynthesisOptions {
    /// Skip the validation phase (node validations).
    bool skip_validation = false;
    /// Synthesize again even if this stage was already synthesized.
    bool force = false;
};

/// Props of a Stage.
struct StageProps {
    /// Default environment of the stacks in this stage (inherited from the parent stage if unset).
    std::optional<Environment> env;
    /// Output directory; only for the App (nested stages live under their parent's directory).
    std::string outdir;
    /// Name of the stage (defaults to the id); used as stack-name prefix `<stage>-<stack>`.
    std::string stage_name;
};

/// A unit of deployment: a nested cloud assembly `assembly-<path with / as ->` (CDK: Stage).
class Stage : public Construct {
public:
    Stage(Construct& scope, std::string_view id, const StageProps& props = {});
    ~Stage() override;

    /// The innermost Stage containing `construct` (not counting `construct` itself), or null.
    [[nodiscard]] static Stage* of(const Construct& construct);
    /// The account (may be empty: environment-agnostic).
    [[nodiscard]] const std::string& account() const { return account_; }
    [[nodiscard]] const std::string& region() const { return region_; }
    /// Names joined with `-` from the outermost stage (empty for the App).
    [[nodiscard]] const std::string& stage_name() const { return stage_name_; }
    /// `assembly-<path>` for a nested stage, empty for the App.
    [[nodiscard]] const std::string& artifact_id() const { return artifact_id_; }
    [[nodiscard]] Stage* parent_stage() const { return parent_stage_; }
    /// The directory this stage's assembly is written to.
    [[nodiscard]] const std::string& outdir() const { return outdir_; }
    /// Where assets are staged (the outermost assembly's directory, shared by nested assemblies).
    [[nodiscard]] std::string asset_outdir() const;

    /// Synthesizes this stage (and everything below it) into its cloud assembly directory and returns
    /// that directory. Defined in the cdk_synth library: link it (or `cdk`) to call this.
    std::string synth(const StageSynthesisOptions& options = {});
    /// True once synth() ran on this stage.
    [[nodiscard]] bool synthesized() const { return synthesized_; }
    void mark_synthesized() { synthesized_ = true; }

protected:
    /// The root Stage (used by App).
    Stage(RootTag tag, const StageProps& props);
    void set_outdir(std::string outdir) { outdir_ = std::move(outdir); }

private:
    Stage* parent_stage_ = nullptr;
    std::string account_;
    std::string region_;
    std::string stage_name_;
    std::string artifact_id_;
    std::string outdir_;
    bool synthesized_ = false;
};

} // namespace cdk
