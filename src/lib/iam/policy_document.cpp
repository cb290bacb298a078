#include "lib/iam/policy_document.hpp"

#include "constructs/construct.hpp"
#include "lib/iam/feature_flags.hpp"
#include "lib/iam/merge_statements.hpp"
#include "tokens/errors.hpp"
#include "tokens/resolvable.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace cdk::iam {
namespace {

constexpr const char* kMinimizeFlag = "@aws-cdk/aws-iam:minimizePolicies";
constexpr const char* kArnSizeEstimateKey = "@aws-cdk/aws-iam.arnSizeEstimate";

/// CDK sortByJson: unique by JSON text, sorted by it; a single element is unwrapped.
Json sort_by_json(const Json& values) {
    if (!values.is_array()) return values;
    std::map<std::string, Json> by_text;
    for (const auto& v : values)
        by_text[v.dump()] = v;
    Json sorted = Json::array();
    for (auto& [text, v] : by_text)
        sorted.push_back(std::move(v));
    return sorted.size() == 1 ? sorted[0] : sorted;
}

/// CDK sortPrincipals: keys sorted (the Json object is), each list sorted by JSON text.
Json sort_principals(const Json& principal) {
    if (!principal.is_object()) return principal;
    Json out = Json::object();
    for (const auto& [key, values] : principal.items())
        out[key] = sort_by_json(values);
    return out;
}

/// CDK deriveEstimateSizeOptions: the ARN estimate from context, 150 by default.
size_t arn_size_estimate(const Construct* scope) {
    if (scope == nullptr) return 150;
    const Json value = scope->node().try_get_context(kArnSizeEstimateKey);
    if (value.is_null()) return 150;
    if (!value.is_number()) {
        throw ValidationError(std::string("context value ") + kArnSizeEstimateKey +
                              " should be a number, got " + value.dump());
    }
    return static_cast<size_t>(value.get<double>());
}

std::vector<PolicyStatement> merged(const std::vector<PolicyStatement>& statements,
                                    const detail::MergeStatementsOptions& options) {
    std::vector<PolicyStatement> out;
    for (auto& m : detail::merge_statements(statements, options))
        out.push_back(std::move(m.statement));
    return out;
}

/// Renders a document at resolution and removes duplicate statements afterwards
/// (CDK: PolicyDocument.resolve + PostProcessPolicyDocument).
class PolicyDocumentToken : public IResolvable {
public:
    PolicyDocumentToken(const PolicyDocument& document, bool assign_sids)
        : document_(document), assign_sids_(assign_sids) {}

    Json resolve(ResolveContext& context) const override {
        Json rendered;
        if (document_.should_merge(context.scope())) {
            // CDK: _maybeMergeStatements at resolution (no size limit).
            PolicyDocument minimized({.assign_sids = assign_sids_, .minimize = document_.minimize()});
            minimized.add_statements(
                merged(document_.statements(), {.arn_estimate = arn_size_estimate(context.scope())}));
            rendered = minimized.render();
        } else {
            rendered = document_.render();
        }
        return rendered.is_null() ? Token::undefined() : rendered;
    }

    Json post_process(Json resolved, ResolveContext& context) const override {
        if (!resolved.is_object() || !resolved.contains("Statement") || !resolved["Statement"].is_array()) {
            return resolved;
        }
        std::set<std::string> seen;
        Json unique = Json::array();
        for (auto& statement : resolved["Statement"]) {
            if (seen.insert(statement.dump()).second) unique.push_back(statement);
        }
        const bool sort = document_.should_merge(context.scope());
        for (size_t i = 0; i < unique.size(); ++i) {
            Json& s = unique[i];
            if (assign_sids_ && !s.contains("Sid")) s["Sid"] = std::to_string(i);
            if (!sort) continue;
            if (s.contains("Action")) s["Action"] = sort_by_json(s["Action"]);
            if (s.contains("Resource")) s["Resource"] = sort_by_json(s["Resource"]);
            if (s.contains("Principal")) s["Principal"] = sort_principals(s["Principal"]);
        }
        resolved["Statement"] = std::move(unique);
        return resolved;
    }

    std::string display_hint() const override { return "PolicyDocument"; }
    /// The document renders its statements as they are; the tokens inside are judged on their own.
    bool stable_across_passes() const override { return true; }

private:
    const PolicyDocument& document_;
    bool assign_sids_;
};

} // namespace

PolicyDocument::PolicyDocument(const PolicyDocumentProps& props)
    : statements_(props.statements), assign_sids_(props.assign_sids), minimize_(props.minimize) {}

bool PolicyDocument::should_merge(const Construct* scope) const {
    if (minimize_) return *minimize_;
    return scope != nullptr && detail::flag_enabled(*scope, kMinimizeFlag);
}

std::vector<PolicyDocument> PolicyDocument::split_document(const Construct& scope, size_t self_maximum_size,
                                                           size_t split_maximum_size) {
    const size_t arn_estimate = arn_size_estimate(&scope);
    statements_ = merged(
        statements_,
        {.merge_if_combinable = should_merge(&scope), .limit_size = true, .arn_estimate = arn_estimate});
    std::vector<PolicyDocument> docs;
    std::vector<size_t> doc_sizes;
    size_t self_size = 0;
    size_t i = 0;
    while (i < statements_.size()) {
        const size_t size = statements_[i].estimate_size(arn_estimate);
        if (self_size + size < self_maximum_size) {
            self_size += size;
            ++i;
            continue;
        }
        // CDK findDocWithSpace: the first new document with room, else a new one.
        size_t j = 0;
        while (j < docs.size() && doc_sizes[j] + size > split_maximum_size)
            ++j;
        if (j == docs.size()) {
            docs.emplace_back(PolicyDocumentProps{.assign_sids = assign_sids_, .minimize = minimize_});
            doc_sizes.push_back(0);
        }
        docs[j].add_statements({statements_[i]});
        doc_sizes[j] += size;
        statements_.erase(statements_.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return docs;
}

void PolicyDocument::add_statements(const std::vector<PolicyStatement>& statements) {
    statements_.insert(statements_.end(), statements.begin(), statements.end());
}

Json PolicyDocument::render() const {
    if (statements_.empty()) return Json();
    Json list = Json::array();
    for (const auto& s : statements_)
        list.push_back(s.to_statement_json());
    return {{"Statement", list}, {"Version", "2012-10-17"}};
}

Json PolicyDocument::to_json() const {
    return Token::as_any(std::make_shared<PolicyDocumentToken>(*this, assign_sids_));
}

std::vector<std::string> PolicyDocument::validate_for_any_policy() const {
    std::vector<std::string> errors;
    for (const auto& s : statements_) {
        auto e = s.validate_for_any_policy();
        errors.insert(errors.end(), e.begin(), e.end());
    }
    return errors;
}

std::vector<std::string> PolicyDocument::validate_for_identity_policy() const {
    std::vector<std::string> errors;
    for (const auto& s : statements_) {
        auto e = s.validate_for_identity_policy();
        errors.insert(errors.end(), e.begin(), e.end());
    }
    return errors;
}

std::vector<std::string> PolicyDocument::validate_for_resource_policy() const {
    std::vector<std::string> errors;
    for (const auto& s : statements_) {
        auto e = s.validate_for_resource_policy();
        errors.insert(errors.end(), e.begin(), e.end());
    }
    return errors;
}

} // namespace cdk::iam
