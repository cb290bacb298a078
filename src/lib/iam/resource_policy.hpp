#pragma once

#include "constructs/construct.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/policy_document.hpp"

#include <string_view>

namespace cdk::iam {

/// What the resource policy constructs share (sns TopicPolicy, sqs QueuePolicy, s3 BucketPolicy): the
/// document they render into their L1's PolicyDocument, checked as a resource policy at synthesis.
class ResourcePolicy : public Construct {
public:
    [[nodiscard]] PolicyDocument& document() { return document_; }

protected:
    ResourcePolicy(Construct& scope, std::string_view id, PolicyDocument document = {});
    /// The document as a token for the L1 property: statements added later are rendered too.
    [[nodiscard]] Json document_json() const { return document_.to_json(); }

private:
    PolicyDocument document_;
};

/// A resource's add_to_resource_policy (CDK: `if (!this.policy) this.policy = new TopicPolicy(this, 'Policy',
/// …)`): its policy construct `P`, made as child `Policy` with `args` on first use, gets the statement and is
/// what a grant depends on.
template <typename P, typename... Args>
AddToResourcePolicyResult add_to_resource_policy(Construct& resource, P*& policy,
                                                 const PolicyStatement& statement, Args&&... args) {
    if (policy == nullptr) policy = &make<P>(resource, "Policy", std::forward<Args>(args)...);
    policy->document().add_statements({statement});
    return {.statement_added = true, .policy_dependable = policy};
}

} // namespace cdk::iam
