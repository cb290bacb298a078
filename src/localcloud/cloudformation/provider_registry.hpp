#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cdk::localcloud::cloudformation {

/// Input of a resource provider operation (part 2: the CloudFormation engine fills it).
struct ResourceRequest {
    std::string account;
    std::string region;
    std::string logical_id;
    std::string physical_id;  ///< empty on create
    Json properties;          ///< resolved template properties
    Json previous_properties; ///< on update
    /// The identity CloudFormation acts as: the stack's RoleARN session, authorized like any caller.
    Caller caller;
    /// The resource's type (AWS::S3::Bucket), its stack's name and id (ARN), and a token unique per
    /// provider call (AWS's ClientRequestToken analogue; providers may use it to derive physical names).
    std::string type;
    std::string stack_name;
    std::string stack_id;
    std::string request_token;
};

struct ResourceResponse {
    std::string physical_id;
    /// Fn::GetAtt attributes by name.
    Json attributes = Json::object();
};

/// A CloudFormation resource provider for one resource type (e.g. AWS::S3::Bucket). Lives in its
/// service's folder (cfn_<thing>_provider.cpp) and is registered by that service's register_<svc>().
class ResourceProvider {
public:
    virtual ~ResourceProvider() = default;
    [[nodiscard]] virtual std::string type_name() const = 0;
    [[nodiscard]] virtual Result<ResourceResponse> create(const ResourceRequest& request) = 0;
    [[nodiscard]] virtual Result<ResourceResponse> update(const ResourceRequest& request) = 0;
    [[nodiscard]] virtual Result<void> remove(const ResourceRequest& request) = 0;
    /// Top-level property names whose change requires replacement. Empty (the default) means the
    /// engine's table generated from the CloudFormation resource schemas decides.
    [[nodiscard]] virtual std::vector<std::string> create_only_properties() const { return {}; }
};

/// Resource providers by type name. Part 1 registers none; the engine (part 2) looks types up here.
class ProviderRegistry {
public:
    void add(std::unique_ptr<ResourceProvider> provider) {
        const std::string type = provider->type_name();
        providers_[type] = std::move(provider);
    }
    [[nodiscard]] ResourceProvider* find(const std::string& type) const {
        const auto it = providers_.find(type);
        return it == providers_.end() ? nullptr : it->second.get();
    }
    [[nodiscard]] std::size_t size() const { return providers_.size(); }
    /// The registered type names, sorted.
    [[nodiscard]] std::vector<std::string> types() const {
        std::vector<std::string> out;
        for (const auto& [type, provider] : providers_)
            out.push_back(type);
        return out;
    }

private:
    std::map<std::string, std::unique_ptr<ResourceProvider>> providers_;
};

} // namespace cdk::localcloud::cloudformation
