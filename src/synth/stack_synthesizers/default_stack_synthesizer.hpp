#pragma once

#include "assembly/asset_manifest.hpp"
#include "constructs/stack_synthesizer.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk {

/// Props of the DefaultStackSynthesizer (CDK: DefaultStackSynthesizerProps). Every name may hold the
/// placeholders `${Qualifier}`, `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}`.
struct DefaultStackSynthesizerProps {
    /// Bootstrap qualifier; default: context `@aws-cdk/core:bootstrapQualifier`, else `hnb659fds`.
    std::string qualifier;
    std::string file_assets_bucket_name = "cdk-${Qualifier}-assets-${AWS::AccountId}-${AWS::Region}";
    std::string image_assets_repository_name =
        "cdk-${Qualifier}-container-assets-${AWS::AccountId}-${AWS::Region}";
    std::string deploy_role_arn = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
                                  "cdk-${Qualifier}-deploy-role-${AWS::AccountId}-${AWS::Region}";
    std::string cloudformation_execution_role =
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
        "cdk-${Qualifier}-cfn-exec-role-${AWS::AccountId}-${AWS::Region}";
    std::string file_asset_publishing_role_arn =
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
        "cdk-${Qualifier}-file-publishing-role-${AWS::AccountId}-${AWS::Region}";
    std::string lookup_role_arn = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
                                  "cdk-${Qualifier}-lookup-role-${AWS::AccountId}-${AWS::Region}";
    std::string bootstrap_stack_version_ssm_parameter = "/cdk-bootstrap/${Qualifier}/version";
    /// Prefix of every object key in the assets bucket.
    std::string bucket_prefix;
    /// Add the BootstrapVersion parameter and CheckBootstrapVersion rule (default true).
    bool generate_bootstrap_version_rule = true;
};

/// The modern synthesizer the CDK uses by default (CDK: DefaultStackSynthesizer): the template is
/// published as a file asset to the bootstrap bucket, deployments assume the bootstrap roles, and
/// the template checks the bootstrap version (6) through an SSM parameter.
class DefaultStackSynthesizer : public IStackSynthesizer {
public:
    static constexpr const char* kDefaultQualifier = "hnb659fds";
    static constexpr const char* kQualifierContextKey = "@aws-cdk/core:bootstrapQualifier";
    static constexpr int kMinBootstrapStackVersion = 6;
    static constexpr int kMinLookupRoleBootstrapStackVersion = 8;

    explicit DefaultStackSynthesizer(DefaultStackSynthesizerProps props = {});

    void bind(Stack& stack) override;
    FileAssetLocation add_file_asset(const FileAssetSource& asset) override;
    void synthesize(SynthesisSession& session) override;

    /// The qualifier in use (after bind).
    [[nodiscard]] const std::string& qualifier() const { return qualifier_; }
    /// The assets added so far (the template joins them at synthesis).
    [[nodiscard]] const assembly::AssetManifest& assets() const { return assets_; }
    /// The ids of the file assets in the order they were first added (the manifest's map is sorted; the
    /// CDK's manifest keeps insertion order, which CDK Pipelines numbers its publishing actions by).
    [[nodiscard]] const std::vector<std::string>& file_asset_ids() const { return file_asset_ids_; }
    /// The props as given (role ARN templates with their placeholders).
    [[nodiscard]] const DefaultStackSynthesizerProps& props() const { return props_; }
    /// A name with `${Qualifier}` replaced and, for an environment-specific stack, account and region.
    [[nodiscard]] std::string specialize(const std::string& text) const;

private:
    [[nodiscard]] assembly::FileDestination destination(const std::string& object_key) const;
    void add_to_manifest(const std::string& id, assembly::FileAsset asset);

    DefaultStackSynthesizerProps props_;
    Stack* stack_ = nullptr;
    std::string qualifier_;
    /// specialize() of the SSM parameter, the assets bucket and the publishing role (set by bind).
    std::string ssm_parameter_;
    std::string bucket_name_;
    std::string publishing_role_arn_;
    assembly::AssetManifest assets_;
    std::vector<std::string> file_asset_ids_;
};

/// The stack's synthesizer, attaching a DefaultStackSynthesizer first if it has none.
IStackSynthesizer& synthesizer_of(Stack& stack);

} // namespace cdk
