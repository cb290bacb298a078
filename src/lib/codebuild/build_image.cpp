#include "lib/codebuild/build_image.hpp"

namespace cdk::codebuild {
namespace {

BuildImage linux_image(const char* id) {
    return BuildImage{.type = "LINUX_CONTAINER", .image_id = id};
}
BuildImage arm_image(const char* id) {
    return BuildImage{.type = "ARM_CONTAINER", .image_id = id, .default_compute_type = ComputeType::LARGE};
}

} // namespace

const BuildImage LinuxBuildImage::STANDARD_5_0 = linux_image("aws/codebuild/standard:5.0");
const BuildImage LinuxBuildImage::STANDARD_6_0 = linux_image("aws/codebuild/standard:6.0");
const BuildImage LinuxBuildImage::STANDARD_7_0 = linux_image("aws/codebuild/standard:7.0");
const BuildImage LinuxBuildImage::AMAZON_LINUX_2_4 =
    linux_image("aws/codebuild/amazonlinux2-x86_64-standard:4.0");
const BuildImage LinuxBuildImage::AMAZON_LINUX_2_5 =
    linux_image("aws/codebuild/amazonlinux2-x86_64-standard:5.0");
const BuildImage LinuxBuildImage::AMAZON_LINUX_2023_5 =
    linux_image("aws/codebuild/amazonlinux-x86_64-standard:5.0");
const BuildImage LinuxArmBuildImage::AMAZON_LINUX_2_STANDARD_3_0 =
    arm_image("aws/codebuild/amazonlinux2-aarch64-standard:3.0");
const BuildImage LinuxArmBuildImage::AMAZON_LINUX_2023_STANDARD_3_0 =
    arm_image("aws/codebuild/amazonlinux-aarch64-standard:3.0");

BuildImage LinuxBuildImage::from_docker_registry(const std::string& name) {
    BuildImage image = linux_image(name.c_str());
    image.image_pull_principal_type = ImagePullPrincipalType::SERVICE_ROLE;
    return image;
}

BuildImage LinuxBuildImage::from_code_build_image_id(const std::string& id) {
    return linux_image(id.c_str());
}

} // namespace cdk::codebuild
