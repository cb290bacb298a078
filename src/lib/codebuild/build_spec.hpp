#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace cdk::codebuild {

/// A buildspec in the order its keys were written (JSON.stringify keeps insertion order).
using BuildSpecObject = nlohmann::ordered_json;

/// A CodeBuild buildspec (CDK: BuildSpec): an object rendered into the template as the CDK renders it
/// (`JSON.stringify(spec, undefined, 2)`), or the name of a file in the source.
class BuildSpec {
public:
    /// An inline buildspec (CDK: BuildSpec.fromObject).
    [[nodiscard]] static BuildSpec from_object(BuildSpecObject spec);
    /// A buildspec file in the source (CDK: BuildSpec.fromSourceFilename).
    [[nodiscard]] static BuildSpec from_source_filename(std::string filename);

    /// True for an inline buildspec.
    [[nodiscard]] bool is_immediate() const { return immediate_; }
    /// The object of an inline buildspec.
    [[nodiscard]] const BuildSpecObject& spec() const { return spec_; }
    /// The template value: the indented JSON text, or the file name.
    [[nodiscard]] std::string to_build_spec() const;

private:
    BuildSpecObject spec_;
    std::string filename_;
    bool immediate_ = true;
};

} // namespace cdk::codebuild
