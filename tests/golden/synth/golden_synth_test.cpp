// Golden synth tests: each case's C++ app is synthesized into a temporary directory and its templates
// are compared with expected/ (written by the stock `cdk synth` from the TypeScript twin), after
// removing what legitimately differs: `Metadata` keys, the CDKMetadata resource and its condition.
// Stack artifacts in the manifests (ids, types, environments, stack names, dependencies) must match too.
#include "core/fs.hpp"
#include "core/json.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

namespace stdfs = std::filesystem;

const stdfs::path kCases = stdfs::path(CDK_SOURCE_DIR) / "tests/golden/synth";
const stdfs::path kBinaries = stdfs::path(CDK_BINARY_DIR) / "tests/golden";

cdk::Json load(const stdfs::path& file) {
    auto text = cdk::fs::read_file(file);
    if (!text) {
        ADD_FAILURE() << "cannot read " << file << ": " << text.error().to_string();
        return nullptr;
    }
    return cdk::Json::parse(*text);
}

void drop_metadata(cdk::Json& value) {
    if (value.is_object()) {
        value.erase("Metadata");
        for (auto& [key, item] : value.items()) {
            drop_metadata(item);
        }
    } else if (value.is_array()) {
        for (auto& item : value) {
            drop_metadata(item);
        }
    }
}

cdk::Json normalize_template(cdk::Json t) {
    if (t.contains("Resources")) {
        t["Resources"].erase("CDKMetadata");
    }
    if (t.contains("Conditions")) {
        t["Conditions"].erase("CDKMetadataAvailable");
        if (t["Conditions"].empty()) {
            t.erase("Conditions");
        }
    }
    drop_metadata(t);
    return t;
}

/// The parts of a manifest's artifacts that must agree between the CDK and cdkpp.
cdk::Json manifest_summary(const cdk::Json& manifest) {
    cdk::Json out = cdk::Json::object();
    for (const auto& [id, artifact] : manifest["artifacts"].items()) {
        const std::string type = artifact.value("type", "");
        if (type != "aws:cloudformation:stack" && type != "cdk:cloud-assembly") {
            continue;
        }
        cdk::Json s = {{"type", type}, {"environment", artifact.value("environment", "")}};
        const cdk::Json props = artifact.value("properties", cdk::Json::object());
        for (const char* key :
             {"stackName", "terminationProtection", "tags", "directoryName", "assumeRoleArn",
              "cloudFormationExecutionRoleArn", "requiresBootstrapStackVersion",
              "bootstrapStackVersionSsmParameter", "lookupRole"}) {
            if (props.contains(key)) {
                s[key] = props[key];
            }
        }
        s["dependencies"] = artifact.value("dependencies", cdk::Json::array());
        out[id] = s;
    }
    return out;
}

/// The file assets of an asset manifest other than the templates (whose hashes depend on formatting).
cdk::Json file_assets(const cdk::Json& manifest) {
    cdk::Json out = cdk::Json::object();
    if (!manifest.contains("files")) {
        return out;
    }
    const cdk::Json& files = manifest["files"];
    for (const auto& [id, asset] : files.items()) {
        const std::string display = asset.value("displayName", "");
        if (display.size() < 9 || display.substr(display.size() - 9) != " Template") {
            out[id] = asset;
        }
    }
    return out;
}

/// The recorded differences of a case (`<case>/differences.json`, see docs/construct-library.md): at each
/// pointer of a template the stock output must hold `aws_cdk_lib` and cdkpp's `cdkpp`; only then is cdkpp's
/// value replaced by the stock one for the comparison. Any other difference still fails.
void apply_recorded_differences(const std::string& name, const std::string& rel, const cdk::Json& want,
                                cdk::Json& got) {
    const stdfs::path file = kCases / name / "differences.json";
    if (!stdfs::exists(file)) {
        return;
    }
    const cdk::Json recorded = load(file);
    for (const auto& entry : recorded["differences"]) {
        if (entry["template"].get<std::string>() != rel) {
            continue;
        }
        const cdk::Json::json_pointer pointer(entry["pointer"].get<std::string>());
        ASSERT_TRUE(want.contains(pointer)) << rel << ": the stock output has no " << pointer.to_string();
        ASSERT_TRUE(got.contains(pointer)) << rel << ": cdkpp wrote no " << pointer.to_string();
        EXPECT_EQ(want.at(pointer), entry["aws_cdk_lib"])
            << rel << " " << pointer.to_string() << ": the stock value is not the recorded one";
        EXPECT_EQ(got.at(pointer), entry["cdkpp"])
            << rel << " " << pointer.to_string() << ": cdkpp's value is not the recorded one";
        got[pointer] = want.at(pointer);
    }
}

stdfs::path synthesize(const std::string& name) {
    const stdfs::path out =
        stdfs::temp_directory_path() / ("cdkpp_golden_" + name + "_" + std::to_string(::getpid()));
    stdfs::remove_all(out);
    // Run from the case's directory: asset paths in the apps are relative to it.
    const std::string command = "cd '" + (kCases / name).string() + "' && CDK_OUTDIR='" + out.string() +
                                "' '" + (kBinaries / ("golden_" + name)).string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return out;
}

void compare_case(const std::string& name) {
    const stdfs::path expected = kCases / name / "expected";
    ASSERT_TRUE(stdfs::is_directory(expected)) << "missing " << expected;
    const stdfs::path actual = synthesize(name);
    int templates = 0;
    for (const auto& entry : stdfs::recursive_directory_iterator(expected)) {
        const auto rel = stdfs::relative(entry.path(), expected);
        const std::string file = entry.path().filename().string();
        if (file.size() > 14 && file.substr(file.size() - 14) == ".template.json") {
            ++templates;
            ASSERT_TRUE(stdfs::exists(actual / rel)) << "cdkpp did not write " << rel;
            const auto want = normalize_template(load(entry.path()));
            auto got = normalize_template(load(actual / rel));
            apply_recorded_differences(name, rel.generic_string(), want, got);
            EXPECT_EQ(got, want) << rel << "\n--- cdkpp:\n"
                                 << got.dump(1) << "\n--- aws-cdk-lib:\n"
                                 << want.dump(1);
        } else if (file.size() > 12 && file.substr(file.size() - 12) == ".assets.json") {
            ASSERT_TRUE(stdfs::exists(actual / rel)) << "cdkpp did not write " << rel;
            const auto want = file_assets(load(entry.path()));
            auto got = file_assets(load(actual / rel));
            const auto staged = got;
            // A recorded difference of an asset manifest is at a pointer into these file assets (templates
            // aside), e.g. `` for all of them when a hash differs.
            apply_recorded_differences(name, rel.generic_string(), want, got);
            EXPECT_EQ(got, want) << rel;
            for (const auto& [id, asset] : staged.items()) {
                EXPECT_TRUE(
                    stdfs::exists(actual / rel.parent_path() / asset["source"]["path"].get<std::string>()))
                    << "asset " << id << " is not staged";
            }
        } else if (file.rfind("buildspec-", 0) == 0) {
            // A buildspec CDK Pipelines passes through the cloud assembly (JSON text): compared as a
            // template.
            ASSERT_TRUE(stdfs::exists(actual / rel)) << "cdkpp did not write " << rel;
            const auto want = load(entry.path());
            auto got = load(actual / rel);
            apply_recorded_differences(name, rel.generic_string(), want, got);
            EXPECT_EQ(got, want) << rel << "\n--- cdkpp:\n"
                                 << got.dump(1) << "\n--- aws-cdk-lib:\n"
                                 << want.dump(1);
        } else if (file == "manifest.json") {
            ASSERT_TRUE(stdfs::exists(actual / rel)) << "cdkpp did not write " << rel;
            EXPECT_EQ(manifest_summary(load(actual / rel)), manifest_summary(load(entry.path()))) << rel;
        }
    }
    EXPECT_GT(templates, 0) << "no expected templates in " << expected;
    stdfs::remove_all(actual);
}

TEST(GoldenSynth, BasicResources) {
    compare_case("basic_resources");
}
TEST(GoldenSynth, ParametersConditions) {
    compare_case("parameters_conditions");
}
TEST(GoldenSynth, CrossStack) {
    compare_case("cross_stack");
}
TEST(GoldenSynth, NestedStages) {
    compare_case("nested_stages");
}
TEST(GoldenSynth, Assets) {
    compare_case("assets");
}
TEST(GoldenSynth, L2Iam) {
    compare_case("l2_iam");
}
TEST(GoldenSynth, L2Lambda) {
    compare_case("l2_lambda");
}
TEST(GoldenSynth, L2Kms) {
    compare_case("l2_kms");
}
TEST(GoldenSynth, L2S3) {
    compare_case("l2_s3");
}
TEST(GoldenSynth, L2Messaging) {
    compare_case("l2_messaging");
}
TEST(GoldenSynth, L2Secrets) {
    compare_case("l2_secrets");
}
TEST(GoldenSynth, L2Fidelity) {
    compare_case("l2_fidelity");
}
TEST(GoldenSynth, L2Flags) {
    compare_case("l2_flags");
}
TEST(GoldenSynth, L2FlagsRecommended) {
    compare_case("l2_flags_recommended");
}
TEST(GoldenSynth, L2Dynamodb) {
    compare_case("l2_dynamodb");
}
TEST(GoldenSynth, IntegDynamodb) {
    compare_case("integ_dynamodb");
}
TEST(GoldenSynth, IntegDynamodbSse) {
    compare_case("integ_dynamodb_sse");
}
TEST(GoldenSynth, IntegDynamodbOndemand) {
    compare_case("integ_dynamodb_ondemand");
}
TEST(GoldenSynth, IntegDynamodbV2Grants) {
    compare_case("integ_dynamodb_v2_grants");
}
TEST(GoldenSynth, IntegDynamodbV2MaxRequestUnits) {
    compare_case("integ_dynamodb_v2_max_request_units");
}
TEST(GoldenSynth, IntegDynamodbV2Pitr) {
    compare_case("integ_dynamodb_v2_pitr");
}
TEST(GoldenSynth, IntegDynamodbV2Global) {
    compare_case("integ_dynamodb_v2_global");
}
TEST(GoldenSynth, PipelineScenario) {
    compare_case("pipeline_scenario");
}
TEST(GoldenSynth, PipelineFeatures) {
    compare_case("pipeline_features");
}
TEST(GoldenSynth, PipelineConnection) {
    compare_case("pipeline_connection");
}
TEST(GoldenSynth, PipelineAssets) {
    compare_case("pipeline_assets");
}
TEST(GoldenSynth, PipelineStackSteps) {
    compare_case("pipeline_stack_steps");
}
TEST(GoldenSynth, PipelineCodeCommit) {
    compare_case("pipeline_codecommit");
}
TEST(GoldenSynth, PipelineS3) {
    compare_case("pipeline_s3");
}
TEST(GoldenSynth, L2PipelineActions) {
    compare_case("l2_pipeline_actions");
}
TEST(GoldenSynth, PipelineBroadening) {
    compare_case("pipeline_broadening");
}
TEST(GoldenSynth, IntegLogsMetricfilter) {
    compare_case("integ_logs_metricfilter");
}
TEST(GoldenSynth, IntegLogsMetricfilterDimensions) {
    compare_case("integ_logs_metricfilter_dimensions");
}
TEST(GoldenSynth, IntegLogsMetricfilterUnit) {
    compare_case("integ_logs_metricfilter_unit");
}
TEST(GoldenSynth, IntegLogsSubscriptionfilter) {
    compare_case("integ_logs_subscriptionfilter");
}
TEST(GoldenSynth, IntegLogsLoggroupclass) {
    compare_case("integ_logs_loggroupclass");
}
TEST(GoldenSynth, IntegLogsLogGroupEncrypted) {
    compare_case("integ_logs_log_group_encrypted");
}
TEST(GoldenSynth, IntegLogsExposeMetric) {
    compare_case("integ_logs_expose_metric");
}
TEST(GoldenSynth, IntegLogsLoggroupGrantread) {
    compare_case("integ_logs_loggroup_grantread");
}
TEST(GoldenSynth, IntegCloudwatchAlarmWithLabel) {
    compare_case("integ_cloudwatch_alarm_with_label");
}
TEST(GoldenSynth, IntegCloudwatchMetricWithDimensions) {
    compare_case("integ_cloudwatch_metric_with_dimensions");
}
TEST(GoldenSynth, L2LogsCloudwatch) {
    compare_case("l2_logs_cloudwatch");
}

TEST(GoldenSynth, IntegEventsSqsTarget) {
    compare_case("integ_events_sqs_target");
}
TEST(GoldenSynth, IntegEventsSnsTarget) {
    compare_case("integ_events_sns_target");
}
TEST(GoldenSynth, IntegEventsSnsRoleEnabled) {
    compare_case("integ_events_sns_role_enabled");
}
TEST(GoldenSynth, IntegEventsSnsTargetRole) {
    compare_case("integ_events_sns_target_role");
}
TEST(GoldenSynth, IntegEventsLambda) {
    compare_case("integ_events_lambda");
}
TEST(GoldenSynth, IntegEventsEventBus) {
    compare_case("integ_events_event_bus");
}
TEST(GoldenSynth, L2Events) {
    compare_case("l2_events");
}
TEST(GoldenSynth, L2FlagsMinimize) {
    compare_case("l2_flags_minimize");
}
TEST(GoldenSynth, IntegIamCompositePrincipal) {
    compare_case("integ_iam_composite_principal");
}
TEST(GoldenSynth, IntegIamRole) {
    compare_case("integ_iam_role");
}
TEST(GoldenSynth, IntegIamUsersAndGroups) {
    compare_case("integ_iam_users_and_groups");
}
TEST(GoldenSynth, IntegIamPolicy) {
    compare_case("integ_iam_policy");
}
TEST(GoldenSynth, IntegSqsSqs) {
    compare_case("integ_sqs_sqs");
}
TEST(GoldenSynth, IntegSnsFifo) {
    compare_case("integ_sns_fifo");
}
TEST(GoldenSynth, IntegSnsTopicPolicy) {
    compare_case("integ_sns_topic_policy");
}
TEST(GoldenSynth, IntegKmsKey) {
    compare_case("integ_kms_key");
}
TEST(GoldenSynth, IntegKmsKeyAlias) {
    compare_case("integ_kms_key_alias");
}
TEST(GoldenSynth, IntegS3Bucket) {
    compare_case("integ_s3_bucket");
}
TEST(GoldenSynth, IntegS3Lifecycle) {
    compare_case("integ_s3_lifecycle");
}
TEST(GoldenSynth, IntegSsmParameter) {
    compare_case("integ_ssm_parameter");
}

} // namespace
TEST(GoldenSynth, IntegLambdaCurrentVersion) {
    compare_case("integ_lambda_current_version");
}
TEST(GoldenSynth, IntegLambdaAlias) {
    compare_case("integ_lambda_alias");
}
TEST(GoldenSynth, IntegLambdaPermissions) {
    compare_case("integ_lambda_permissions");
}
TEST(GoldenSynth, IntegLambdaSqs) {
    compare_case("integ_lambda_sqs");
}
TEST(GoldenSynth, IntegLambdaSns) {
    compare_case("integ_lambda_sns");
}
TEST(GoldenSynth, IntegLambdaDynamodb) {
    compare_case("integ_lambda_dynamodb");
}
TEST(GoldenSynth, IntegLambdaSqsFilter) {
    compare_case("integ_lambda_sqs_filter");
}
