#include "pipelines/step.hpp"

#include "tokens/errors.hpp"

namespace cdk::pipelines {

Step::Step(std::string id) : id_(std::move(id)) {
    if (id_.empty()) throw ValidationError("a pipeline step needs an id");
}

std::string sanitize_artifact_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        out += ok ? c : '_';
    }
    return out.substr(0, 100);
}

std::string sanitize_action_name(const std::string& name) {
    std::string out;
    bool in_run = false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '@' || c == '-' || c == '_';
        if (ok) {
            out += c;
            in_run = false;
        } else if (!in_run) {
            out += '_';
            in_run = true;
        }
    }
    return out;
}

} // namespace cdk::pipelines
