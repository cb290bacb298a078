// Golden case integ_lambda_dynamodb (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-lambda-event-sources integ.dynamodb.ts plus a second function with the other stream options.
#include "constructs/app.hpp"

#include "../support/test_function.hpp"
#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/dynamodb/table.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda_event_sources/event_sources.hpp"
#include "lib/sqs/queue.hpp"

namespace ddb = cdk::dynamodb;
namespace lambda = cdk::lambda;
namespace sources = cdk::lambda_event_sources;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "lambda-event-source-dynamodb");
    lambda::Function& fn = golden::test_function(stack, "F");
    ddb::Table table(stack, "T",
                     {.partition_key = {"id", ddb::AttributeType::String},
                      .stream = ddb::StreamViewType::NewImage,
                      .removal_policy = cdk::RemovalPolicy::Destroy});
    sources::DynamoEventSource source(table, {.starting_position = lambda::StartingPosition::TrimHorizon,
                                              .batch_size = 5,
                                              .tumbling_window = cdk::Duration::seconds(60)});
    fn.add_event_source(source);
    cdk::CfnOutput output(stack, "OutputEventSourceMappingArn", {.value = source.event_source_mapping_arn()});

    cdk::sqs::Queue dlq(stack, "Dlq");
    lambda::Function& fn2 = golden::test_function(stack, "F2");
    sources::SqsDlq on_failure(dlq);
    sources::DynamoEventSource second(table, {.starting_position = lambda::StartingPosition::Latest,
                                              .bisect_batch_on_error = true,
                                              .report_batch_item_failures = true,
                                              .max_batching_window = cdk::Duration::seconds(10),
                                              .max_record_age = cdk::Duration::hours(1),
                                              .retry_attempts = 3,
                                              .parallelization_factor = 2,
                                              .on_failure = &on_failure,
                                              .enabled = false,
                                              .filters = {lambda::FilterCriteria::filter(
                                                  {{"eventName", lambda::FilterRule::is_equal("INSERT")}})}});
    fn2.add_event_source(second);
    app.synth();
    return 0;
}
