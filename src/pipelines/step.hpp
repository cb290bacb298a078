#pragma once

#include <memory>
#include <string>

namespace cdk::pipelines {

/// A step of a pipeline (CDK: Step): a source, a shell script, an approval. Steps are shared: the same
/// step object may be the input of several others.
class Step {
public:
    explicit Step(std::string id);
    virtual ~Step() = default;
    Step(const Step&) = delete;
    Step& operator=(const Step&) = delete;

    [[nodiscard]] const std::string& id() const { return id_; }
    /// True for a source (it goes into the pipeline's `Source` stage).
    [[nodiscard]] virtual bool is_source() const { return false; }
    /// True when the step produces a primary output (a file set other steps can take as input).
    [[nodiscard]] virtual bool has_primary_output() const { return false; }
    /// The id of the primary output file set (`Source` for sources, `Output` for shell steps); with the
    /// producer's id it names the CodePipeline artifact (`<producer>_<output>`).
    [[nodiscard]] virtual std::string primary_output_id() const { return "Output"; }

private:
    std::string id_;
};

using StepPtr = std::shared_ptr<Step>;

/// `[A-Za-z0-9_]` with everything else `_`, at most 100 characters (CDK: sanitizeArtifactName).
[[nodiscard]] std::string sanitize_artifact_name(const std::string& name);
/// `[A-Za-z0-9.@_-]` with runs of anything else as one `_` (CDK: identifiers sanitizeName).
[[nodiscard]] std::string sanitize_action_name(const std::string& name);

} // namespace cdk::pipelines
