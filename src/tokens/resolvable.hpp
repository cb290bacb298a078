#pragma once

#include "core/json.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cdk {

class Construct;
class IResolvable;

/// Options of one resolution pass (CDK: ResolveOptions).
struct ResolveOptions {
    /// The construct in whose context values resolve (the consuming stack is derived from it).
    const Construct* scope = nullptr;
    /// Set by callers that resolve before the app is final; the library's own passes leave it false
    /// (the references pass resolves exactly as the renderer does, see IResolvable::stable_across_passes).
    bool preparing = false;
    /// Called with every token met during resolution (CDK: RememberingTokenResolver / findTokens).
    std::function<void(const IResolvable&)> on_token;
    /// Called by intrinsics that need a template transform (e.g. `AWS::LanguageExtensions`).
    std::function<void(const std::string&)> add_transform;
};

/// What a token sees while it resolves (CDK: IResolveContext).
class ResolveContext {
public:
    /// `document_path` must outlive the context (resolution keeps it on its stack while a token resolves).
    ResolveContext(const ResolveOptions& options, const std::vector<std::string>& document_path)
        : options_(&options), document_path_(&document_path) {}

    [[nodiscard]] const Construct* scope() const { return options_->scope; }
    [[nodiscard]] bool preparing() const { return options_->preparing; }
    [[nodiscard]] const std::vector<std::string>& document_path() const { return *document_path_; }
    [[nodiscard]] const ResolveOptions& options() const { return *options_; }
    /// Resolves a nested value with the same options.
    [[nodiscard]] Json resolve(const Json& value) const;

private:
    const ResolveOptions* options_;
    const std::vector<std::string>* document_path_;
};

/// A value that is only known at synthesis (or deploy) time (CDK: IResolvable).
/// Embed one in a string, list, number or Json with `Token::as_string/as_list/as_number/as_any`.
class IResolvable {
public:
    IResolvable() = default;
    IResolvable(const IResolvable&) = delete;
    IResolvable& operator=(const IResolvable&) = delete;
    virtual ~IResolvable() = default;

    /// Produces the value; it may itself contain tokens, which are resolved in turn.
    [[nodiscard]] virtual Json resolve(ResolveContext& context) const = 0;
    /// Runs on the fully resolved value (CDK: IPostProcessor); the default returns it unchanged.
    [[nodiscard]] virtual Json post_process(Json resolved, ResolveContext& context) const;
    /// Short name used inside the encoded marker, e.g. `AWS.AccountId` (characters [A-Za-z0-9:._-]).
    [[nodiscard]] virtual std::string display_hint() const { return "TOKEN"; }
    /// True when this token resolves to the same value every time it is resolved with the same options,
    /// as long as the app is not changed in between (values computed once, intrinsics, references). The
    /// synthesis then reuses what the references pass resolved instead of resolving an element again
    /// (docs/performance.md). The default, false, makes the element that contains the token resolve again.
    [[nodiscard]] virtual bool stable_across_passes() const { return false; }
};

/// Shared handle to a token; the token map keeps every registered token alive.
using ResolvablePtr = std::shared_ptr<const IResolvable>;

} // namespace cdk
