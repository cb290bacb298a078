// The CloudWatch metrics of a queue, as aws-cdk-lib's sqs-augmentations: namespace AWS/SQS, dimension
// QueueName, each helper's default statistic overridable through the options.
#include "lib/sqs/queue.hpp"

namespace cdk::sqs {
namespace {

cloudwatch::MetricOptions with_statistic(cloudwatch::MetricOptions options, const char* statistic) {
    if (options.statistic.empty()) options.statistic = statistic;
    return options;
}

} // namespace

cloudwatch::Metric IQueue::metric(const std::string& metric_name, const cloudwatch::MetricOptions& options) {
    cloudwatch::Metric base({.namespace_ = "AWS/SQS",
                             .metric_name = metric_name,
                             .dimensions_map = {{"QueueName", queue_name()}}});
    return base.with(options).attach_to(queue_construct());
}

cloudwatch::Metric IQueue::metric_approximate_age_of_oldest_message(const cloudwatch::MetricOptions& o) {
    return metric("ApproximateAgeOfOldestMessage", with_statistic(o, "Maximum"));
}

cloudwatch::Metric IQueue::metric_approximate_number_of_messages_visible(const cloudwatch::MetricOptions& o) {
    return metric("ApproximateNumberOfMessagesVisible", with_statistic(o, "Maximum"));
}

cloudwatch::Metric
IQueue::metric_approximate_number_of_messages_not_visible(const cloudwatch::MetricOptions& o) {
    return metric("ApproximateNumberOfMessagesNotVisible", with_statistic(o, "Maximum"));
}

cloudwatch::Metric IQueue::metric_number_of_messages_sent(const cloudwatch::MetricOptions& o) {
    return metric("NumberOfMessagesSent", with_statistic(o, "Sum"));
}

cloudwatch::Metric IQueue::metric_number_of_messages_received(const cloudwatch::MetricOptions& o) {
    return metric("NumberOfMessagesReceived", with_statistic(o, "Sum"));
}

cloudwatch::Metric IQueue::metric_number_of_messages_deleted(const cloudwatch::MetricOptions& o) {
    return metric("NumberOfMessagesDeleted", with_statistic(o, "Sum"));
}

} // namespace cdk::sqs
