// cloudwatch::Metric and Stats: aws-cdk-lib 2.276's statistic parsing and normalization, validation, with and
// attach_to.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/cloudwatch/metric.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace cw = cdk::cloudwatch;

TEST(Metric, StatisticsAreNormalized) {
    const auto stat = [](const std::string& s) {
        return cw::Metric({.namespace_ = "N", .metric_name = "M", .statistic = s}).statistic();
    };
    EXPECT_EQ(cw::Metric({.namespace_ = "N", .metric_name = "M"}).statistic(), "Average");
    EXPECT_EQ(stat("avg"), "Average");
    EXPECT_EQ(stat("SUM"), "Sum");
    EXPECT_EQ(stat("n"), "SampleCount");
    EXPECT_EQ(stat("max"), "Maximum");
    EXPECT_EQ(stat("P99.9"), "p99.9");
    EXPECT_EQ(stat("tm99"), "tm99");
    EXPECT_EQ(stat("tm(10%:90%)"), "TM(10%:90%)");
    EXPECT_EQ(stat("pr(:300)"), "PR(:300)");
    EXPECT_EQ(stat("iqm"), "IQM");
    const cw::Metric odd({.namespace_ = "N", .metric_name = "M", .statistic = "p101"});
    EXPECT_EQ(odd.statistic(), "p101");
    EXPECT_NE(odd.warning().find("Unrecognized statistic \"p101\""), std::string::npos);
}

TEST(Metric, ParseStatisticKinds) {
    EXPECT_TRUE(cw::detail::parse_statistic("Minimum").simple);
    EXPECT_FALSE(cw::detail::parse_statistic("p50").simple);
    EXPECT_TRUE(cw::detail::parse_statistic("p50").parseable);
    EXPECT_FALSE(cw::detail::parse_statistic("TM(10%:90)").parseable); // mixed percent and value
    EXPECT_FALSE(cw::detail::parse_statistic("TM(:)").parseable);
    EXPECT_TRUE(cw::detail::parse_statistic("wm(:90%)").parseable);
}

TEST(Metric, StatsHelpers) {
    EXPECT_EQ(cw::Stats::percentile(99), "p99");
    EXPECT_EQ(cw::Stats::p(99.5), "p99.5");
    EXPECT_EQ(cw::Stats::trimmed_mean(10), "tm10");
    EXPECT_EQ(cw::Stats::trimmed_mean(10, 90), "TM(10%:90%)");
    EXPECT_EQ(cw::Stats::winsorized_mean(5, 95), "WM(5%:95%)");
    EXPECT_EQ(cw::Stats::trimmed_count(1), "tc1");
    EXPECT_EQ(cw::Stats::trimmed_sum(1, 2), "TS(1%:2%)");
    EXPECT_EQ(cw::Stats::percentile_rank(300), "PR(:300)");
    EXPECT_EQ(cw::Stats::percentile_rank(100, 200), "PR(100:200)");
    EXPECT_THROW((void)cw::Stats::percentile(101), cdk::ValidationError);
}

TEST(Metric, Validation) {
    EXPECT_THROW(cw::Metric({.namespace_ = "N", .metric_name = "M", .period = cdk::Duration::seconds(7)}),
                 cdk::ValidationError);
    EXPECT_NO_THROW(
        cw::Metric({.namespace_ = "N", .metric_name = "M", .period = cdk::Duration::seconds(30)}));
    EXPECT_NO_THROW(cw::Metric({.namespace_ = "N", .metric_name = "M", .period = cdk::Duration::minutes(2)}));
    std::map<std::string, std::string> many;
    for (int i = 0; i < 31; ++i)
        many["D" + std::to_string(i)] = "v";
    EXPECT_THROW(cw::Metric({.namespace_ = "N", .metric_name = "M", .dimensions_map = many}),
                 cdk::ValidationError);
    EXPECT_THROW(cw::Metric({.namespace_ = "N", .metric_name = "M", .dimensions_map = {{"D", ""}}}),
                 cdk::ValidationError);
}

TEST(Metric, WithAndAttachTo) {
    cdk::App app;
    cdk::Stack agnostic(app, "A");
    cdk::Stack pinned(app, "P", {.env = cdk::Environment{.account = "111111111111", .region = "eu-west-1"}});
    const cw::Metric base({.namespace_ = "N", .metric_name = "M", .dimensions_map = {{"K", "v"}}});
    const cw::Metric changed =
        base.with({.period = cdk::Duration::minutes(1), .statistic = "p90", .label = "L"});
    EXPECT_EQ(changed.period().to_seconds(), 60);
    EXPECT_EQ(changed.statistic(), "p90");
    EXPECT_EQ(changed.label(), "L");
    EXPECT_EQ(changed.dimensions(), base.dimensions());
    EXPECT_EQ(base.with({.dimensions_map = std::map<std::string, std::string>{}}).dimensions().size(), 0U);
    EXPECT_EQ(base.attach_to(agnostic).account(), "");
    EXPECT_EQ(base.attach_to(pinned).account(), "111111111111");
    EXPECT_EQ(base.attach_to(pinned).region(), "eu-west-1");
    EXPECT_EQ(base.with({.account = "222222222222"}).attach_to(pinned).account(), "222222222222");
    EXPECT_EQ(cw::to_string(cw::Unit::BytesPerSecond), "Bytes/Second");
    EXPECT_EQ(cw::to_string(cw::Unit::CountPerSecond), "Count/Second");
}
