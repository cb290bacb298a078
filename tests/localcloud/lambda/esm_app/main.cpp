// The stack test_lambda_esm.py deploys (synthesized by cdkpp): "a function triggered by a queue, reading a
// table". `Worker` is subscribed to the queue `Jobs` (SqsEventSource, ReportBatchItemFailures; dead-letter
// queue `Dead`) and reads the item `config` of the table `Data` for each message, writing a `job:<messageId>`
// item back; `Auditor` is subscribed to the table's stream (DynamoEventSource, TRIM_HORIZON) and notes each
// record in the table `Audit`. Every permission comes from the construct library's grants.
#include "cfn/cfn_output.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/dynamodb/table.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda_event_sources/event_sources.hpp"
#include "lib/sqs/queue.hpp"

namespace {

namespace ddb = cdk::dynamodb;
namespace lambda = cdk::lambda;
namespace sources = cdk::lambda_event_sources;

constexpr const char* kWorker = R"PY(
import os, boto3
ddb = boto3.client("dynamodb")
def handler(event, context):
    table = os.environ["TABLE"]
    greeting = ddb.get_item(TableName=table, Key={"id": {"S": "config"}})["Item"]["greeting"]["S"]
    failed = []
    for r in event["Records"]:
        if r["body"].startswith("fail"):
            failed.append({"itemIdentifier": r["messageId"]})
            continue
        ddb.put_item(TableName=table, Item={"id": {"S": "job:" + r["messageId"]}, "body": {"S": r["body"]},
                                            "greeting": {"S": greeting}})
    return {"batchItemFailures": failed}
)PY";

constexpr const char* kAuditor = R"PY(
import os, boto3
ddb = boto3.client("dynamodb")
def handler(event, context):
    for r in event["Records"]:
        ddb.put_item(TableName=os.environ["AUDIT"], Item={
            "id": {"S": r["dynamodb"]["SequenceNumber"]}, "name": {"S": r["eventName"]},
            "key": {"S": r["dynamodb"]["Keys"]["id"]["S"]}})
)PY";

lambda::FunctionProps props_of(const char* source, std::map<std::string, std::string> environment) {
    return {.runtime = lambda::Runtime::PYTHON_3_12,
            .handler = "index.handler",
            .code = lambda::Code::from_inline(source),
            .environment = std::move(environment),
            .timeout = cdk::Duration::seconds(5)};
}

class QueueTableStack : public cdk::Stack {
public:
    QueueTableStack(cdk::Construct& scope, std::string_view id)
        : cdk::Stack(scope, id), data_(*this, "Data",
                                       {.partition_key = {"id", ddb::AttributeType::String},
                                        .billing_mode = ddb::BillingMode::PayPerRequest,
                                        .stream = ddb::StreamViewType::NewAndOldImages}),
          audit_(*this, "Audit",
                 {.partition_key = {"id", ddb::AttributeType::String},
                  .billing_mode = ddb::BillingMode::PayPerRequest}),
          dead_(*this, "Dead", {}), jobs_(*this, "Jobs",
                                          {.visibility_timeout = cdk::Duration::seconds(5),
                                           .dead_letter_queue = cdk::sqs::DeadLetterQueue{&dead_, 2}}),
          worker_(*this, "Worker", props_of(kWorker, {{"TABLE", data_.table_name()}})),
          auditor_(*this, "Auditor", props_of(kAuditor, {{"AUDIT", audit_.table_name()}})),
          jobs_source_(jobs_, {.batch_size = 5, .report_batch_item_failures = true}),
          stream_source_(data_,
                         {.starting_position = lambda::StartingPosition::TrimHorizon, .retry_attempts = 2}),
          queue_url_(*this, "QueueUrl", {.value = jobs_.queue_url()}),
          dead_url_(*this, "DeadUrl", {.value = dead_.queue_url()}),
          table_name_(*this, "TableName", {.value = data_.table_name()}),
          audit_name_(*this, "AuditName", {.value = audit_.table_name()}) {
        data_.grant_read_write_data(worker_);
        audit_.grant_read_write_data(auditor_);
        worker_.add_event_source(jobs_source_);
        auditor_.add_event_source(stream_source_);
    }

private:
    ddb::Table data_;
    ddb::Table audit_;
    cdk::sqs::Queue dead_;
    cdk::sqs::Queue jobs_;
    lambda::Function worker_;
    lambda::Function auditor_;
    sources::SqsEventSource jobs_source_;
    sources::DynamoEventSource stream_source_;
    cdk::CfnOutput queue_url_;
    cdk::CfnOutput dead_url_;
    cdk::CfnOutput table_name_;
    cdk::CfnOutput audit_name_;
};

} // namespace

int main() {
    cdk::App app;
    QueueTableStack stack(app, "QueueTableStack");
    app.synth();
    return 0;
}
