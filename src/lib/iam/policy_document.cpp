#include "lib/iam/policy_document.hpp"

#include "tokens/resolvable.hpp"
#include "tokens/token.hpp"

#include <memory>
#include <set>

namespace cdk::iam {
namespace {

/// Renders a document at resolution and removes duplicate statements afterwards
/// (CDK: PolicyDocument.resolve + PostProcessPolicyDocument).
class PolicyDocumentToken : public IResolvable {
public:
    PolicyDocumentToken(const PolicyDocument& document, bool assign_sids)
        : document_(document), assign_sids_(assign_sids) {}

    Json resolve(ResolveContext& /*context*/) const override {
        Json rendered = document_.render();
        return rendered.is_null() ? Token::undefined() : rendered;
    }

    Json post_process(Json resolved, ResolveContext& /*context*/) const override {
        if (!resolved.is_object() || !resolved.contains("Statement") || !resolved["Statement"].is_array()) {
            return resolved;
        }
        std::set<std::string> seen;
        Json unique = Json::array();
        for (auto& statement : resolved["Statement"]) {
            if (seen.insert(statement.dump()).second) unique.push_back(statement);
        }
        if (assign_sids_) {
            for (size_t i = 0; i < unique.size(); ++i) {
                if (!unique[i].contains("Sid")) unique[i]["Sid"] = std::to_string(i);
            }
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
    : statements_(props.statements), assign_sids_(props.assign_sids) {}

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
