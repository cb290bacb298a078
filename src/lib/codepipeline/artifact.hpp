#pragma once

#include <map>
#include <memory>
#include <string>

namespace cdk::codepipeline {

/// A file in an artifact (CDK: ArtifactPath); `location()` is `<artifact>::<file>`.
struct ArtifactPath {
    std::string artifact_name;
    std::string file_name;
    [[nodiscard]] std::string location() const { return artifact_name + "::" + file_name; }
};

/// An output of one action and input of others (CDK: Artifact). Copies share one name: an artifact made
/// without a name is named `Artifact_<stage>_<action>` when its producing action is added to a pipeline.
class Artifact {
public:
    /// An artifact named when its producer is added to a stage.
    Artifact()
        : name_(std::make_shared<std::string>()),
          metadata_(std::make_shared<std::map<std::string, std::string>>()) {}
    /// A named artifact (letters, digits, `_` and `-`, at most 100 characters).
    explicit Artifact(std::string name);

    [[nodiscard]] const std::string& artifact_name() const { return *name_; }
    [[nodiscard]] bool named() const { return !name_->empty(); }
    /// Names an unnamed artifact (done by the pipeline).
    void set_name(std::string name) const { *name_ = std::move(name); }
    [[nodiscard]] ArtifactPath at_path(const std::string& file_name) const { return {*name_, file_name}; }
    [[nodiscard]] bool same(const Artifact& other) const { return name_ == other.name_; }
    /// Information a producing action leaves for the consuming ones (CDK: setMetadata), e.g. the repository a
    /// CodeCommit full clone needs; shared by the copies.
    void set_metadata(const std::string& key, std::string value) const {
        (*metadata_)[key] = std::move(value);
    }
    /// The metadata under `key`, empty when unset (CDK: getMetadata).
    [[nodiscard]] std::string metadata(const std::string& key) const {
        const auto it = metadata_->find(key);
        return it == metadata_->end() ? std::string() : it->second;
    }

private:
    std::shared_ptr<std::string> name_;
    std::shared_ptr<std::map<std::string, std::string>> metadata_;
};

} // namespace cdk::codepipeline
