#include "lib/codebuild/build_spec.hpp"

#include "tokens/errors.hpp"

namespace cdk::codebuild {

BuildSpec BuildSpec::from_object(BuildSpecObject spec) {
    if (!spec.is_object()) throw ValidationError("a buildspec must be an object, got " + spec.dump());
    BuildSpec out;
    out.spec_ = std::move(spec);
    return out;
}

BuildSpec BuildSpec::from_source_filename(std::string filename) {
    if (filename.empty()) throw ValidationError("a buildspec file name must not be empty");
    BuildSpec out;
    out.filename_ = std::move(filename);
    out.immediate_ = false;
    return out;
}

std::string BuildSpec::to_build_spec() const {
    // JSON.stringify(obj, undefined, 2): two-space indent, ": " after keys, UTF-8 kept as is.
    return immediate_ ? spec_.dump(2) : filename_;
}

} // namespace cdk::codebuild
