#include "lib/codepipeline/artifact.hpp"

#include "tokens/errors.hpp"

namespace cdk::codepipeline {

Artifact::Artifact(std::string name)
    : name_(std::make_shared<std::string>(std::move(name))),
      metadata_(std::make_shared<std::map<std::string, std::string>>()) {
    const std::string& n = *name_;
    if (n.empty() || n.size() > 100) {
        throw ValidationError("artifact name must be 1 to 100 characters, got '" + n + "'");
    }
    for (char c : n) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '_' || c == '-';
        if (!ok) {
            throw ValidationError("artifact name must match [A-Za-z0-9_-]+, got '" + n + "'");
        }
    }
}

} // namespace cdk::codepipeline
