// The bootstrap template, built as JSON. The structure follows the stock template section by section so
// the equivalence test (tests/toolkit/bootstrap_template_test.cpp) can compare the two semantically.
#include "toolkit/bootstrap/bootstrap_template.hpp"

#include "core/parse_int.hpp"

#include <string>
#include <utility>
#include <vector>

namespace cdk::toolkit::bootstrap {
namespace {

Json ref(const std::string& name) {
    return Json{{"Ref", name}};
}
Json sub(const std::string& text) {
    return Json{{"Fn::Sub", text}};
}
Json iff(const std::string& condition, Json yes, Json no) {
    return Json{{"Fn::If", Json::array({condition, std::move(yes), std::move(no)})}};
}
Json no_value() {
    return ref("AWS::NoValue");
}
Json not_empty(Json value) {
    return Json{{"Fn::Not", Json::array({Json{{"Fn::Equals", Json::array({"", std::move(value)})}}})}};
}
Json equals(const std::string& literal, Json value) {
    return Json{{"Fn::Equals", Json::array({literal, std::move(value)})}};
}
Json join_empty(const std::string& list_parameter) {
    return Json{{"Fn::Join", Json::array({"", ref(list_parameter)})}};
}

Json parameter(const std::string& type, const std::string& default_value, const std::string& description) {
    Json p{{"Type", type}, {"Default", default_value}};
    if (!description.empty()) p["Description"] = description;
    return p;
}

Json parameters() {
    Json p = Json::object();
    p["TrustedAccounts"] = parameter(
        "CommaDelimitedList", "",
        "List of AWS accounts that are trusted to publish assets and deploy stacks to this environment");
    p["TrustedAccountsForLookup"] =
        parameter("CommaDelimitedList", "",
                  "List of AWS accounts that are trusted to look up values in this environment");
    p["CloudFormationExecutionPolicies"] =
        parameter("CommaDelimitedList", "",
                  "List of the ManagedPolicy ARN(s) to attach to the CloudFormation deployment role");
    p["FileAssetsBucketName"] = parameter("String", "", "The name of the S3 bucket used for file assets");
    p["FileAssetsBucketKmsKeyId"] = parameter(
        "String", "",
        "Empty to create a new key (default), 'AWS_MANAGED_KEY' to use a managed S3 key, or the ID/ARN "
        "of an existing key.");
    p["ContainerAssetsRepositoryName"] =
        parameter("String", "", "A user-provided custom name to use for the container assets ECR repository");
    p["Qualifier"] =
        parameter("String", kDefaultQualifier,
                  "An identifier to distinguish multiple bootstrap stacks in the same environment");
    // cdk-<qualifier>-image-publishing-role-<account>-<region> must stay within IAM's 64 characters.
    p["Qualifier"]["AllowedPattern"] = "[A-Za-z0-9_-]{1,10}";
    p["Qualifier"]["ConstraintDescription"] =
        "Qualifier must be an alphanumeric identifier of at most 10 characters";
    p["PublicAccessBlockConfiguration"] = parameter(
        "String", "true", "Whether or not to enable S3 Staging Bucket Public Access Block Configuration");
    p["PublicAccessBlockConfiguration"]["AllowedValues"] = {"true", "false"};
    p["InputPermissionsBoundary"] = parameter(
        "String", "", "Whether or not to use either the CDK supplied or custom permissions boundary");
    p["UseExamplePermissionsBoundary"] = parameter("String", "false", "");
    p["UseExamplePermissionsBoundary"]["AllowedValues"] = {"true", "false"};
    p["ApplyPermissionsBoundaryToAllRoles"] =
        parameter("String", "false",
                  "Whether to apply the permissions boundary to all bootstrap roles (not just the "
                  "CloudFormation execution role)");
    p["ApplyPermissionsBoundaryToAllRoles"]["AllowedValues"] = {"true", "false"};
    p["BootstrapVariant"] = parameter("String", kBootstrapVariant,
                                      "Describe the provenance of the resources in this bootstrap stack. "
                                      "Change this when you customize the "
                                      "template. To prevent accidents, the CDK CLI will not overwrite "
                                      "bootstrap stacks with a different variant.");
    // Bootstrap roles are not meant to be deputized: AssumeRole with an ExternalId is denied by default.
    p["DenyExternalId"] =
        parameter("String", "true",
                  "Whether to deny AssumeRole calls with an ExternalId. This prevents calls that are "
                  "intended to be deputized from accidentally assuming CDK Roles.");
    p["DenyExternalId"]["AllowedValues"] = {"true", "false"};
    return p;
}

Json conditions() {
    Json c = Json::object();
    c["HasTrustedAccounts"] = not_empty(join_empty("TrustedAccounts"));
    c["HasTrustedAccountsForLookup"] = not_empty(join_empty("TrustedAccountsForLookup"));
    c["HasCloudFormationExecutionPolicies"] = not_empty(join_empty("CloudFormationExecutionPolicies"));
    c["HasCustomFileAssetsBucketName"] = not_empty(ref("FileAssetsBucketName"));
    c["CreateNewKey"] = equals("", ref("FileAssetsBucketKmsKeyId"));
    c["UseAwsManagedKey"] = equals("AWS_MANAGED_KEY", ref("FileAssetsBucketKmsKeyId"));
    c["ShouldCreatePermissionsBoundary"] = equals("true", ref("UseExamplePermissionsBoundary"));
    c["PermissionsBoundarySet"] = not_empty(ref("InputPermissionsBoundary"));
    c["ShouldApplyPermissionsBoundaryToAllRoles"] =
        Json{{"Fn::And", Json::array({Json{{"Condition", "PermissionsBoundarySet"}},
                                      equals("true", ref("ApplyPermissionsBoundaryToAllRoles"))})}};
    c["HasCustomContainerAssetsRepositoryName"] = not_empty(ref("ContainerAssetsRepositoryName"));
    c["UsePublicAccessBlockConfiguration"] = equals("true", ref("PublicAccessBlockConfiguration"));
    c["ShouldDenyExternalId"] = equals("true", ref("DenyExternalId"));
    return c;
}

const std::vector<std::string> kKeyUsers = {"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*",
                                            "kms:GenerateDataKey*"};

Json encryption_key() {
    Json admin{{"Action",
                {"kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
                 "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:ScheduleKeyDeletion",
                 "kms:CancelKeyDeletion", "kms:GenerateDataKey", "kms:TagResource", "kms:UntagResource"}},
               {"Effect", "Allow"},
               {"Principal", {{"AWS", ref("AWS::AccountId")}}},
               {"Resource", "*"}};
    // Everyone in the account, but only through S3 in this region.
    Json via_s3{{"Action", kKeyUsers},
                {"Effect", "Allow"},
                {"Principal", {{"AWS", "*"}}},
                {"Resource", "*"},
                {"Condition",
                 {{"StringEquals",
                   {{"kms:CallerAccount", ref("AWS::AccountId")},
                    {"kms:ViaService", Json::array({sub("s3.${AWS::Region}.amazonaws.com")})}}}}}};
    Json publisher{{"Action", kKeyUsers},
                   {"Effect", "Allow"},
                   {"Principal", {{"AWS", sub("${FilePublishingRole.Arn}")}}},
                   {"Resource", "*"}};
    return Json{{"Type", "AWS::KMS::Key"},
                {"Properties", {{"KeyPolicy", {{"Statement", {admin, via_s3, publisher}}}}}},
                {"Condition", "CreateNewKey"},
                {"UpdateReplacePolicy", "Delete"},
                {"DeletionPolicy", "Delete"}};
}

Json staging_bucket() {
    Json kms_key = iff("CreateNewKey", sub("${FileAssetsBucketEncryptionKey.Arn}"),
                       iff("UseAwsManagedKey", no_value(), sub("${FileAssetsBucketKmsKeyId}")));
    Json block{{"BlockPublicAcls", true},
               {"BlockPublicPolicy", true},
               {"IgnorePublicAcls", true},
               {"RestrictPublicBuckets", true}};
    Json props{
        {"BucketName", iff("HasCustomFileAssetsBucketName", sub("${FileAssetsBucketName}"),
                           sub("cdk-${Qualifier}-assets-${AWS::AccountId}-${AWS::Region}"))},
        {"AccessControl", "Private"},
        {"BucketEncryption",
         {{"ServerSideEncryptionConfiguration",
           Json::array({Json{{"ServerSideEncryptionByDefault",
                              {{"SSEAlgorithm", "aws:kms"}, {"KMSMasterKeyID", kms_key}}}}})}}},
        {"PublicAccessBlockConfiguration", iff("UsePublicAccessBlockConfiguration", block, no_value())},
        {"VersioningConfiguration", {{"Status", "Enabled"}}},
        {"LifecycleConfiguration",
         {{"Rules", Json::array({Json{{"Id", "CleanupOldVersions"},
                                      {"Status", "Enabled"},
                                      {"NoncurrentVersionExpiration", {{"NoncurrentDays", 30}}}},
                                 Json{{"Id", "AbortIncompleteMultipartUploads"},
                                      {"Status", "Enabled"},
                                      {"AbortIncompleteMultipartUpload", {{"DaysAfterInitiation", 1}}}}})}}}};
    return Json{{"Type", "AWS::S3::Bucket"},
                {"Properties", props},
                {"UpdateReplacePolicy", "Retain"},
                {"DeletionPolicy", "Retain"}};
}

Json staging_bucket_policy() {
    Json statement{{"Sid", "AllowSSLRequestsOnly"},
                   {"Action", "s3:*"},
                   {"Effect", "Deny"},
                   {"Resource", {sub("${StagingBucket.Arn}"), sub("${StagingBucket.Arn}/*")}},
                   {"Condition", {{"Bool", {{"aws:SecureTransport", "false"}}}}},
                   {"Principal", "*"}};
    return Json{
        {"Type", "AWS::S3::BucketPolicy"},
        {"Properties",
         {{"Bucket", ref("StagingBucket")},
          {"PolicyDocument",
           {{"Id", "AccessControl"}, {"Version", "2012-10-17"}, {"Statement", Json::array({statement})}}}}}};
}

// The lifecycle rule exactly as the stock template writes it (a literal block: the text is the value).
constexpr const char* kLifecyclePolicyText = R"({
  "rules": [
    {
      "rulePriority": 1,
      "description": "Untagged images should not exist, but expire any older than one year",
      "selection": {
        "tagStatus": "untagged",
        "countType": "sinceImagePushed",
        "countUnit": "days",
        "countNumber": 365
      },
      "action": { "type": "expire" }
    }
  ]
}
)";

Json container_repository() {
    auto retrieval = [](const std::string& sid, Json principal, Json actions, const std::string& source_arn) {
        return Json{{"Sid", sid},
                    {"Effect", "Allow"},
                    {"Principal", std::move(principal)},
                    {"Action", std::move(actions)},
                    {"Condition", {{"StringLike", {{"aws:sourceArn", sub(source_arn)}}}}}};
    };
    Json statements = Json::array(
        {retrieval("LambdaECRImageRetrievalPolicy", {{"Service", "lambda.amazonaws.com"}},
                   {"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
                   "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*"),
         retrieval("EmrServerlessImageRetrievalPolicy", {{"Service", "emr-serverless.amazonaws.com"}},
                   {"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages"},
                   "arn:${AWS::Partition}:emr-serverless:${AWS::Region}:${AWS::AccountId}:/applications/*")});
    return Json{{"Type", "AWS::ECR::Repository"},
                {"Properties",
                 {{"ImageTagMutability", "IMMUTABLE"},
                  {"LifecyclePolicy", {{"LifecyclePolicyText", kLifecyclePolicyText}}},
                  {"RepositoryName",
                   iff("HasCustomContainerAssetsRepositoryName", sub("${ContainerAssetsRepositoryName}"),
                       sub("cdk-${Qualifier}-container-assets-${AWS::AccountId}-${AWS::Region}"))},
                  {"RepositoryPolicyText", {{"Version", "2012-10-17"}, {"Statement", statements}}}}}};
}

Json deny_external_id_condition() {
    return iff("ShouldDenyExternalId", Json{{"Null", {{"sts:ExternalId", "true"}}}}, no_value());
}

// AssumeRole (without an external id) and TagSession for the account itself, then for each list of
// trusted accounts (a parameter, present only when its condition holds).
Json trust_statements(const std::vector<std::pair<std::string, std::string>>& trusted) {
    Json statements = Json::array();
    statements.push_back(Json{{"Action", "sts:AssumeRole"},
                              {"Effect", "Allow"},
                              {"Principal", {{"AWS", ref("AWS::AccountId")}}},
                              {"Condition", deny_external_id_condition()}});
    statements.push_back(Json{
        {"Action", "sts:TagSession"}, {"Effect", "Allow"}, {"Principal", {{"AWS", ref("AWS::AccountId")}}}});
    for (const auto& [condition, accounts] : trusted) {
        statements.push_back(iff(condition,
                                 Json{{"Action", {"sts:AssumeRole"}},
                                      {"Effect", "Allow"},
                                      {"Principal", {{"AWS", ref(accounts)}}},
                                      {"Condition", deny_external_id_condition()}},
                                 no_value()));
        statements.push_back(iff(condition,
                                 Json{{"Action", {"sts:TagSession"}},
                                      {"Effect", "Allow"},
                                      {"Principal", {{"AWS", ref(accounts)}}}},
                                 no_value()));
    }
    return Json{{"Statement", statements}};
}

Json boundary_for_all_roles() {
    return iff("ShouldApplyPermissionsBoundaryToAllRoles",
               sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${InputPermissionsBoundary}"),
               no_value());
}

Json role_tags(const std::string& role) {
    return Json::array({Json{{"Key", "aws-cdk:bootstrap-role"}, {"Value", role}}});
}

Json publishing_role(const std::string& kind) {
    return Json{{"Type", "AWS::IAM::Role"},
                {"Properties",
                 {{"AssumeRolePolicyDocument", trust_statements({{"HasTrustedAccounts", "TrustedAccounts"}})},
                  {"RoleName", sub("cdk-${Qualifier}-" + kind + "-role-${AWS::AccountId}-${AWS::Region}")},
                  {"PermissionsBoundary", boundary_for_all_roles()},
                  {"Tags", role_tags(kind)}}}};
}

Json lookup_role() {
    Json deny_secrets{
        {"Sid", "DontReadSecrets"}, {"Effect", "Deny"}, {"Action", {"kms:Decrypt"}}, {"Resource", "*"}};
    return Json{
        {"Type", "AWS::IAM::Role"},
        {"Properties",
         {{"AssumeRolePolicyDocument",
           trust_statements({{"HasTrustedAccountsForLookup", "TrustedAccountsForLookup"},
                             {"HasTrustedAccounts", "TrustedAccounts"}})},
          {"RoleName", sub("cdk-${Qualifier}-lookup-role-${AWS::AccountId}-${AWS::Region}")},
          {"PermissionsBoundary", boundary_for_all_roles()},
          {"ManagedPolicyArns", Json::array({sub("arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess")})},
          {"Policies",
           Json::array({Json{
               {"PolicyDocument", {{"Statement", Json::array({deny_secrets})}, {"Version", "2012-10-17"}}},
               {"PolicyName", "LookupRolePolicy"}}})},
          {"Tags", role_tags("lookup")}}}};
}

Json file_publishing_policy() {
    Json bucket{
        {"Action",
         {"s3:GetObject*", "s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:List*", "s3:DeleteObject*",
          "s3:PutObject*", "s3:Abort*"}},
        {"Resource", {sub("${StagingBucket.Arn}"), sub("${StagingBucket.Arn}/*")}},
        {"Condition", {{"StringEquals", {{"aws:ResourceAccount", Json::array({sub("${AWS::AccountId}")})}}}}},
        {"Effect", "Allow"}};
    Json key{{"Action", kKeyUsers},
             {"Effect", "Allow"},
             {"Resource", iff("CreateNewKey", sub("${FileAssetsBucketEncryptionKey.Arn}"),
                              sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/"
                                  "${FileAssetsBucketKmsKeyId}"))}};
    return Json{
        {"Type", "AWS::IAM::Policy"},
        {"Properties",
         {{"PolicyDocument", {{"Statement", {bucket, key}}, {"Version", "2012-10-17"}}},
          {"Roles", Json::array({ref("FilePublishingRole")})},
          {"PolicyName",
           sub("cdk-${Qualifier}-file-publishing-role-default-policy-${AWS::AccountId}-${AWS::Region}")}}}};
}

Json image_publishing_policy() {
    Json repo{{"Action",
               {"ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
                "ecr:BatchCheckLayerAvailability", "ecr:DescribeRepositories", "ecr:DescribeImages",
                "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}},
              {"Resource", sub("${ContainerAssetsRepository.Arn}")},
              {"Effect", "Allow"}};
    Json token{{"Action", {"ecr:GetAuthorizationToken"}}, {"Resource", "*"}, {"Effect", "Allow"}};
    return Json{
        {"Type", "AWS::IAM::Policy"},
        {"Properties",
         {{"PolicyDocument", {{"Statement", {repo, token}}, {"Version", "2012-10-17"}}},
          {"Roles", Json::array({ref("ImagePublishingRole")})},
          {"PolicyName",
           sub("cdk-${Qualifier}-image-publishing-role-default-policy-${AWS::AccountId}-${AWS::Region}")}}}};
}

Json deploy_role() {
    Json statements = Json::array();
    statements.push_back(
        Json{{"Sid", "DeployPermissions"},
             {"Effect", "Allow"},
             {"Action",
              {"cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet",
               "cloudformation:ExecuteChangeSet", "cloudformation:CreateStack", "cloudformation:UpdateStack",
               "cloudformation:RollbackStack", "cloudformation:ContinueUpdateRollback"}},
             {"Resource", "*"}});
    // Pipeline artifact buckets in other accounts (same-account buckets grant through their policies).
    statements.push_back(Json{
        {"Sid", "PipelineCrossAccountArtifactsBucket"},
        {"Effect", "Allow"},
        {"Action",
         {"s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:Abort*", "s3:DeleteObject*", "s3:PutObject*"}},
        {"Resource", "*"},
        {"Condition", {{"StringNotEquals", {{"s3:ResourceAccount", ref("AWS::AccountId")}}}}}});
    statements.push_back(Json{
        {"Sid", "PipelineCrossAccountArtifactsKey"},
        {"Effect", "Allow"},
        {"Action", kKeyUsers},
        {"Resource", "*"},
        {"Condition", {{"StringEquals", {{"kms:ViaService", sub("s3.${AWS::Region}.amazonaws.com")}}}}}});
    statements.push_back(Json{{"Action", "iam:PassRole"},
                              {"Resource", sub("${CloudFormationExecutionRole.Arn}")},
                              {"Effect", "Allow"}});
    statements.push_back(Json{{"Sid", "CliPermissions"},
                              {"Action",
                               {"cloudformation:DeleteStack", "cloudformation:UpdateTerminationProtection",
                                "sts:GetCallerIdentity"}},
                              {"Resource", "*"},
                              {"Effect", "Allow"}});
    statements.push_back(Json{{"Sid", "CliStagingBucket"},
                              {"Effect", "Allow"},
                              {"Action", {"s3:GetObject*", "s3:GetBucket*", "s3:List*"}},
                              {"Resource", {sub("${StagingBucket.Arn}"), sub("${StagingBucket.Arn}/*")}}});
    statements.push_back(
        Json{{"Sid", "ReadVersion"},
             {"Effect", "Allow"},
             {"Action", {"ssm:GetParameter", "ssm:GetParameters"}},
             {"Resource", Json::array({sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:"
                                           "parameter${CdkBootstrapVersion}")})}});
    statements.push_back(
        Json{{"Sid", "Refactor"},
             {"Effect", "Allow"},
             {"Action", {"cloudformation:CreateStackRefactor", "cloudformation:ExecuteStackRefactor"}},
             {"Resource", "*"}});
    return Json{
        {"Type", "AWS::IAM::Role"},
        {"Properties",
         {{"AssumeRolePolicyDocument", trust_statements({{"HasTrustedAccounts", "TrustedAccounts"}})},
          {"Policies",
           Json::array({Json{{"PolicyDocument", {{"Statement", statements}, {"Version", "2012-10-17"}}},
                             {"PolicyName", "default"}}})},
          {"ManagedPolicyArns",
           Json::array({sub("arn:${AWS::Partition}:iam::aws:policy/AWSCloudFormationReadOnlyAccess")})},
          {"RoleName", sub("cdk-${Qualifier}-deploy-role-${AWS::AccountId}-${AWS::Region}")},
          {"PermissionsBoundary", boundary_for_all_roles()},
          {"Tags", role_tags("deploy")}}}};
}

Json execution_role() {
    // No policies with trusted accounts is refused by the CLI; none at all means AdministratorAccess.
    Json policies = iff("HasCloudFormationExecutionPolicies", ref("CloudFormationExecutionPolicies"),
                        iff("HasTrustedAccounts", no_value(),
                            Json::array({sub("arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess")})));
    return Json{
        {"Type", "AWS::IAM::Role"},
        {"Properties",
         {{"AssumeRolePolicyDocument",
           {{"Statement", Json::array({Json{{"Action", "sts:AssumeRole"},
                                            {"Effect", "Allow"},
                                            {"Principal", {{"Service", "cloudformation.amazonaws.com"}}}}})},
            {"Version", "2012-10-17"}}},
          {"ManagedPolicyArns", policies},
          {"RoleName", sub("cdk-${Qualifier}-cfn-exec-role-${AWS::AccountId}-${AWS::Region}")},
          {"PermissionsBoundary",
           iff("PermissionsBoundarySet",
               sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${InputPermissionsBoundary}"),
               no_value())}}}};
}

Json permissions_boundary_policy() {
    const std::string boundary = "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/"
                                 "cdk-${Qualifier}-permissions-boundary-${AWS::AccountId}-${AWS::Region}";
    Json statements = Json::array(
        {Json{{"Sid", "ExplicitAllowAll"}, {"Action", {"*"}}, {"Effect", "Allow"}, {"Resource", "*"}},
         Json{{"Sid", "DenyAccessIfRequiredPermBoundaryIsNotBeingApplied"},
              {"Action",
               {"iam:CreateUser", "iam:CreateRole", "iam:PutRolePermissionsBoundary",
                "iam:PutUserPermissionsBoundary"}},
              {"Condition", {{"StringNotEquals", {{"iam:PermissionsBoundary", sub(boundary)}}}}},
              {"Effect", "Deny"},
              {"Resource", "*"}},
         Json{{"Sid", "DenyPermBoundaryIAMPolicyAlteration"},
              {"Action",
               {"iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion"}},
              {"Effect", "Deny"},
              {"Resource", sub(boundary)}},
         Json{{"Sid", "DenyRemovalOfPermBoundaryFromAnyUserOrRole"},
              {"Action", {"iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary"}},
              {"Effect", "Deny"},
              {"Resource", "*"}}});
    return Json{{"Condition", "ShouldCreatePermissionsBoundary"},
                {"Type", "AWS::IAM::ManagedPolicy"},
                {"Properties",
                 {{"PolicyDocument", {{"Statement", statements}, {"Version", "2012-10-17"}}},
                  {"Description", "Bootstrap Permission Boundary"},
                  {"ManagedPolicyName",
                   sub("cdk-${Qualifier}-permissions-boundary-${AWS::AccountId}-${AWS::Region}")},
                  {"Path", "/"}}}};
}

Json resources() {
    Json r = Json::object();
    r["FileAssetsBucketEncryptionKey"] = encryption_key();
    r["FileAssetsBucketEncryptionKeyAlias"] = Json{{"Condition", "CreateNewKey"},
                                                   {"Type", "AWS::KMS::Alias"},
                                                   {"Properties",
                                                    {{"AliasName", sub("alias/cdk-${Qualifier}-assets-key")},
                                                     {"TargetKeyId", ref("FileAssetsBucketEncryptionKey")}}}};
    r["StagingBucket"] = staging_bucket();
    r["StagingBucketPolicy"] = staging_bucket_policy();
    r["ContainerAssetsRepository"] = container_repository();
    r["FilePublishingRole"] = publishing_role("file-publishing");
    r["ImagePublishingRole"] = publishing_role("image-publishing");
    r["LookupRole"] = lookup_role();
    r["FilePublishingRoleDefaultPolicy"] = file_publishing_policy();
    r["ImagePublishingRoleDefaultPolicy"] = image_publishing_policy();
    r["DeploymentActionRole"] = deploy_role();
    r["CloudFormationExecutionRole"] = execution_role();
    r["CdkBoostrapPermissionsBoundaryPolicy"] = permissions_boundary_policy();
    // Pipeline-deployed templates check this parameter (the CheckBootstrapVersion rule).
    r["CdkBootstrapVersion"] = Json{{"Type", "AWS::SSM::Parameter"},
                                    {"Properties",
                                     {{"Type", "String"},
                                      {"Name", sub("/cdk-bootstrap/${Qualifier}/version")},
                                      {"Value", std::to_string(kBootstrapVersion)}}}};
    return r;
}

Json outputs() {
    Json o = Json::object();
    o["BucketName"] = Json{{"Description", "The name of the S3 bucket owned by the CDK toolkit stack"},
                           {"Value", sub("${StagingBucket}")}};
    o["BucketDomainName"] =
        Json{{"Description", "The domain name of the S3 bucket owned by the CDK toolkit stack"},
             {"Value", sub("${StagingBucket.RegionalDomainName}")}};
    o["FileAssetKeyArn"] =
        Json{{"Description", "The ARN of the KMS key used to encrypt the asset bucket (deprecated)"},
             {"Value", iff("CreateNewKey", sub("${FileAssetsBucketEncryptionKey.Arn}"),
                           sub("${FileAssetsBucketKmsKeyId}"))},
             {"Export", {{"Name", sub("CdkBootstrap-${Qualifier}-FileAssetKeyArn")}}}};
    o["ImageRepositoryName"] =
        Json{{"Description", "The name of the ECR repository which hosts docker image assets"},
             {"Value", sub("${ContainerAssetsRepository}")}};
    // Duplicated from the SSM parameter: GetAtt on it is eventually consistent.
    o["BootstrapVersion"] = Json{
        {"Description", "The version of the bootstrap resources that are currently mastered in this stack"},
        {"Value", std::to_string(kBootstrapVersion)}};
    return o;
}

} // namespace

Json bootstrap_template() {
    return Json{
        {"Description", "This stack includes resources needed to deploy AWS CDK apps into this environment"},
        {"Parameters", parameters()},
        {"Conditions", conditions()},
        {"Resources", resources()},
        {"Outputs", outputs()}};
}

int bootstrap_version_of(const Json& template_json) {
    const auto outputs_it = template_json.find("Outputs");
    if (outputs_it == template_json.end() || !outputs_it->contains("BootstrapVersion")) return 0;
    const Json& value = (*outputs_it)["BootstrapVersion"].value("Value", Json());
    if (value.is_number_integer()) return value.get<int>();
    if (value.is_string()) {
        return parse_int<int>(value.get<std::string>()).value_or(0);
    }
    return 0;
}

std::string bootstrap_variant_of(const Json& template_json) {
    const auto params = template_json.find("Parameters");
    if (params == template_json.end() || !params->contains("BootstrapVariant")) return "";
    return (*params)["BootstrapVariant"].value("Default", "");
}

} // namespace cdk::toolkit::bootstrap
