// The CloudWatch metrics of a topic, as aws-cdk-lib's sns-augmentations: namespace AWS/SNS, dimension
// TopicName, each helper's default statistic overridable through the options.
#include "lib/sns/topic.hpp"

namespace cdk::sns {
namespace {

cloudwatch::MetricOptions with_statistic(cloudwatch::MetricOptions options, const char* statistic) {
    if (options.statistic.empty()) options.statistic = statistic;
    return options;
}

} // namespace

cloudwatch::Metric ITopic::metric(const std::string& metric_name, const cloudwatch::MetricOptions& options) {
    cloudwatch::Metric base({.namespace_ = "AWS/SNS",
                             .metric_name = metric_name,
                             .dimensions_map = {{"TopicName", topic_name()}}});
    return base.with(options).attach_to(topic_construct());
}

cloudwatch::Metric ITopic::metric_number_of_messages_published(const cloudwatch::MetricOptions& o) {
    return metric("NumberOfMessagesPublished", with_statistic(o, "Sum"));
}

cloudwatch::Metric ITopic::metric_number_of_notifications_delivered(const cloudwatch::MetricOptions& o) {
    return metric("NumberOfNotificationsDelivered", with_statistic(o, "Sum"));
}

cloudwatch::Metric ITopic::metric_number_of_notifications_failed(const cloudwatch::MetricOptions& o) {
    return metric("NumberOfNotificationsFailed", with_statistic(o, "Sum"));
}

} // namespace cdk::sns
