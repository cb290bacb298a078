#include "localcloud/services.hpp"

#include "localcloud/cloudformation/cloudformation_routes.hpp"
#include "localcloud/cloudwatch/cloudwatch_routes.hpp"
#include "localcloud/codebuild/codebuild_routes.hpp"
#include "localcloud/codepipeline/codepipeline_routes.hpp"
#include "localcloud/codestar/connections_routes.hpp"
#include "localcloud/dynamodb/dynamodb_routes.hpp"
#include "localcloud/ecr/ecr_routes.hpp"
#include "localcloud/events/events_routes.hpp"
#include "localcloud/iam/iam_routes.hpp"
#include "localcloud/kms/kms_routes.hpp"
#include "localcloud/lambda/lambda_routes.hpp"
#include "localcloud/logs/logs_routes.hpp"
#include "localcloud/s3/s3_routes.hpp"
#include "localcloud/secretsmanager/secrets_routes.hpp"
#include "localcloud/sns/sns_routes.hpp"
#include "localcloud/sqs/sqs_routes.hpp"
#include "localcloud/ssm/ssm_routes.hpp"
#include "localcloud/sts/sts_routes.hpp"

namespace cdk::localcloud {

void register_services(CloudContext& cloud, ServiceRegistry& services,
                       cloudformation::ProviderRegistry& providers) {
    sts::register_sts(cloud, services, providers);
    iam::register_iam(cloud, services, providers);
    kms::register_kms(cloud, services, providers);
    s3::register_s3(cloud, services, providers);
    ssm::register_ssm(cloud, services, providers);
    ecr::register_ecr(cloud, services, providers);
    lambda::register_lambda(cloud, services, providers);
    sqs::register_sqs(cloud, services, providers);
    sns::register_sns(cloud, services, providers);
    dynamodb::register_dynamodb(cloud, services, providers);
    logs::register_logs(cloud, services, providers);
    cloudwatch::register_cloudwatch(cloud, services, providers);
    events::register_events(cloud, services, providers);
    secretsmanager::register_secretsmanager(cloud, services, providers);
    codestar::register_codestar_connections(cloud, services, providers);
    auto codebuild = codebuild::register_codebuild(cloud, services, providers);
    codepipeline::register_codepipeline(cloud, services, providers, codebuild);
    cloudformation::register_cloudformation(cloud, services, providers);
}

} // namespace cdk::localcloud
