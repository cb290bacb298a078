#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/http_message.hpp"
#include "localcloud/server/service.hpp"

#include <map>
#include <memory>
#include <set>
#include <string>

namespace cdk::localcloud {

/// The request and response of a provider call, by the names every service's providers use.
using cloudformation::ResourceRequest;
using cloudformation::ResourceResponse;

} // namespace cdk::localcloud

/// Helpers shared by the CloudFormation resource providers of every service (cfn_*_provider.cpp):
/// the condition keys of a call CloudFormation makes, generated physical names, property access.
namespace cdk::localcloud::cfn {

using cloudformation::ResourceRequest;
using cloudformation::ResourceResponse;

/// The global condition keys of a call CloudFormation makes as `request.caller`: aws:CurrentTime,
/// aws:RequestedRegion, aws:SecureTransport (true: AWS services call each other over TLS),
/// aws:CalledVia = cloudformation.amazonaws.com.
[[nodiscard]] iam::Context call_context(const ResourceRequest& request);

/// A backend's call for a provider call (SqsCall, SnsCall, LambdaCall: the caller, the region and the
/// condition keys of a call CloudFormation makes).
template <class Call> [[nodiscard]] Call service_call(const ResourceRequest& request) {
    return Call{request.caller, request.region, call_context(request)};
}

/// The resolved properties (an empty object when the template gave none).
[[nodiscard]] const Json& props(const ResourceRequest& request);

/// A string property, "" when absent; numbers and booleans are written as CloudFormation passes them.
[[nodiscard]] std::string str(const Json& properties, const char* key);

/// A policy document given as a JSON object or as JSON text, as text.
[[nodiscard]] std::string document_text(const Json& value);

/// The string items of a list property (Roles, Users, Groups, ManagedPolicyArns, ...), as a set.
[[nodiscard]] std::set<std::string> string_set(const Json& properties, const char* key);

/// The `Policies` property of AWS::IAM::Role, User and Group: policy name -> document text.
[[nodiscard]] std::map<std::string, std::string> inline_policies(const Json& properties);

/// A name CloudFormation generates when the template names none: `<stack>-<LogicalId>-<RANDOM>`, at most
/// `max_length` characters, lower case when `lower` (S3 buckets, ECR repositories).
[[nodiscard]] std::string generated_name(const ResourceRequest& request, std::size_t max_length,
                                         bool lower = false);

/// The physical name a template gives in the property `name_key`, else a generated one (generated_name).
[[nodiscard]] std::string name_or_generated(const ResourceRequest& request, const char* name_key,
                                            std::size_t max_length, bool lower = false);

/// The same for an SQS queue or SNS topic: a generated name ends in `.fifo` (within `max_length`) when the
/// property `fifo_key` (FifoQueue, FifoTopic) is true.
[[nodiscard]] std::string fifo_name_or_generated(const ResourceRequest& request, const char* name_key,
                                                 const char* fifo_key, std::size_t max_length);

/// CloudFormation's `[{Key, Value}]` tags, or an empty array.
[[nodiscard]] Json tags(const Json& properties);

/// For backends whose methods take a RequestContext (SSM): a request context with an empty HTTP request,
/// the caller, region and condition keys of the provider call.
class ProviderCall {
public:
    explicit ProviderCall(const ResourceRequest& request);
    ProviderCall(const ProviderCall&) = delete;
    ProviderCall& operator=(const ProviderCall&) = delete;
    [[nodiscard]] RequestContext& context() { return *context_; }

private:
    ServerRequest http_;
    std::unique_ptr<RequestContext> context_;
};

/// Whether an error means "the resource is already gone" (so a remove succeeds).
[[nodiscard]] bool is_not_found(const Error& error);

/// What a remove's transaction returns when looking up its resource failed with `error`: true (nothing left
/// to remove) when the resource is already gone, else the error.
[[nodiscard]] Result<bool> gone_or_error(const Error& error);

} // namespace cdk::localcloud::cfn
