#pragma once

// The service kit's resource provider: a service declares each CloudFormation type it provisions as one class
// line in its cfn_<thing>_provider.hpp and writes the type's create, update and remove as functions of the
// cloud and the request in cfn_<thing>_provider.cpp:
//
//     CDK_CFN_PROVIDER(CfnQueueProvider);      // in the header: struct CfnQueueProvider final :
//     cfn::Provider
//
//     CfnQueueProvider::CfnQueueProvider(CloudContext& cloud)
//         : Provider(cloud, "AWS::SQS::Queue", {create_queue, update_queue, remove_queue}) {}
//
// A policy that CloudFormation puts on each of a list of targets (a queue policy on its Queues, a topic
// policy on its Topics) is `target_policy(...)`. The type name, the cloud it acts on and the virtual plumbing
// are here once. `cloudformation::ResourceProvider` stays the interface the engine calls; a provider may
// still derive from it directly.

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cfn_support.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <functional>
#include <memory>
#include <string>

/// Declares the provider class `Name` of one CloudFormation type: a `cfn::Provider` whose constructor, which
/// names the type and its operations, the service's cfn_<thing>_provider.cpp defines.
#define CDK_CFN_PROVIDER(Name)                                                                               \
    struct Name final : ::cdk::localcloud::cfn::Provider {                                                   \
        explicit Name(::cdk::localcloud::CloudContext& cloud);                                               \
    }

namespace cdk::localcloud {

/// Registers CloudFormation providers, each constructed from the cloud, in the order given.
template <class... ProviderTypes>
void add_providers(CloudContext& cloud, cloudformation::ProviderRegistry& providers) {
    (providers.add(std::make_unique<ProviderTypes>(cloud)), ...);
}

/// Registers a service and its CloudFormation providers, each constructed from the cloud: what a service's
/// `register_<svc>()` does when nothing else is to be wired.
template <class ServiceType, class... ProviderTypes>
void add_service(CloudContext& cloud, ServiceRegistry& services,
                 cloudformation::ProviderRegistry& providers) {
    services.add(std::make_unique<ServiceType>(cloud));
    add_providers<ProviderTypes...>(cloud, providers);
}

} // namespace cdk::localcloud

namespace cdk::localcloud::cfn {

/// A response whose Ref is `physical_id` and whose one attribute `attribute` (Arn, Id) has the same value.
[[nodiscard]] ResourceResponse self_response(const std::string& physical_id, const std::string& attribute);

/// Authorizes the actions of one provider call on resources without a resource policy (IAM entities, KMS
/// aliases, webhooks: same account, the caller's identity policies only), as the service's API does;
/// `denied_code` is the service's denial code.
struct Authorizer {
    CloudContext& cloud;
    Tx& tx;
    const ResourceRequest& request;
    std::string denied_code = "AccessDenied";
    iam::Context context = call_context(request);
    [[nodiscard]] Result<void> operator()(const std::string& action, const std::string& resource) const;
};

/// What a provider does for each of CloudFormation's handler operations.
struct Operations {
    std::function<Result<ResourceResponse>(CloudContext& cloud, const ResourceRequest& request)> create;
    std::function<Result<ResourceResponse>(CloudContext& cloud, const ResourceRequest& request)> update;
    std::function<Result<void>(CloudContext& cloud, const ResourceRequest& request)> remove;
};

/// A resource provider of one type whose operations act on the cloud's backends.
class Provider : public cloudformation::ResourceProvider {
public:
    Provider(CloudContext& cloud, std::string type, Operations operations);
    [[nodiscard]] std::string type_name() const final { return type_; }
    [[nodiscard]] Result<ResourceResponse> create(const ResourceRequest& request) final;
    [[nodiscard]] Result<ResourceResponse> update(const ResourceRequest& request) final;
    [[nodiscard]] Result<void> remove(const ResourceRequest& request) final;

private:
    CloudContext& cloud_;
    std::string type_;
    Operations operations_;
};

/// Sets the policy document `policy` on one target (a queue URL, a topic ARN) as the request's caller;
/// `policy` empty removes it, and then a target that no longer exists is success.
using SetTargetPolicy = std::function<Result<void>(CloudContext& cloud, const ResourceRequest& request,
                                                   const std::string& target, const std::string& policy)>;

/// A policy resource put on each target its list property `targets` names (AWS::SQS::QueuePolicy's Queues,
/// AWS::SNS::TopicPolicy's Topics) from its `PolicyDocument`: Ref is a generated id (attribute Id); an update
/// removes the policy from the targets it no longer names and sets it on the others; remove removes it from
/// all.
[[nodiscard]] Operations target_policy(std::string targets, SetTargetPolicy set);

} // namespace cdk::localcloud::cfn
