#pragma once

#include "constructs/construct.hpp"

#include <string>

namespace cdk {

/// Messages attached to a construct and reported by the toolkit (CDK: Annotations). They are
/// metadata entries `aws:cdk:info`, `aws:cdk:warning` and `aws:cdk:error` in the manifest; an
/// error fails `cdk synth`/`deploy` in the CLI.
class Annotations {
public:
    [[nodiscard]] static Annotations of(Construct& scope) { return Annotations(scope); }
    void add_info(const std::string& message);
    void add_warning(const std::string& message);
    void add_error(const std::string& message);

    static constexpr const char* kInfo = "aws:cdk:info";
    static constexpr const char* kWarning = "aws:cdk:warning";
    static constexpr const char* kError = "aws:cdk:error";

private:
    explicit Annotations(Construct& scope) : scope_(&scope) {}
    Construct* scope_;
};

} // namespace cdk
