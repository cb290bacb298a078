#pragma once

#include <string>

namespace cdk::codebuild {

/// Compute types of a build environment (CDK: ComputeType).
struct ComputeType {
    static constexpr const char* SMALL = "BUILD_GENERAL1_SMALL";
    static constexpr const char* MEDIUM = "BUILD_GENERAL1_MEDIUM";
    static constexpr const char* LARGE = "BUILD_GENERAL1_LARGE";
    static constexpr const char* X_LARGE = "BUILD_GENERAL1_XLARGE";
    static constexpr const char* X2_LARGE = "BUILD_GENERAL1_2XLARGE";
};

/// Who pulls the build image (CDK: ImagePullPrincipalType).
struct ImagePullPrincipalType {
    static constexpr const char* CODEBUILD = "CODEBUILD";
    static constexpr const char* SERVICE_ROLE = "SERVICE_ROLE";
};

/// A build image (CDK: IBuildImage): environment type, image id, default compute type.
struct BuildImage {
    std::string type;
    std::string image_id;
    std::string default_compute_type = ComputeType::SMALL;
    std::string image_pull_principal_type = ImagePullPrincipalType::CODEBUILD;
};

/// The Linux x86 images CodeBuild manages (CDK: LinuxBuildImage).
struct LinuxBuildImage {
    static const BuildImage STANDARD_5_0;
    static const BuildImage STANDARD_6_0;
    static const BuildImage STANDARD_7_0;
    static const BuildImage AMAZON_LINUX_2_4;
    static const BuildImage AMAZON_LINUX_2_5;
    static const BuildImage AMAZON_LINUX_2023_5;
    /// Any image by id (a Docker Hub or ECR image the service role pulls).
    [[nodiscard]] static BuildImage from_docker_registry(const std::string& name);
    /// A CodeBuild-managed image by id (CDK: LinuxBuildImage.fromCodeBuildImageId).
    [[nodiscard]] static BuildImage from_code_build_image_id(const std::string& id);
};

/// The Linux ARM images (CDK: LinuxArmBuildImage).
struct LinuxArmBuildImage {
    static const BuildImage AMAZON_LINUX_2_STANDARD_3_0;
    static const BuildImage AMAZON_LINUX_2023_STANDARD_3_0;
};

} // namespace cdk::codebuild
