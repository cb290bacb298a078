// What the pipelines unit tests share: a PipelineStack in the build account, a synth step, stages with
// stacks, and the rendered template's resources.
#pragma once

#include "constructs/app.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/shell_step.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace cdk::pipelines::testing_support {

/// Whether `f` throws a ValidationError whose message holds `phrase` (not just any ValidationError).
template <typename F>::testing::AssertionResult throws_validation(F&& f, const std::string& phrase) {
    try {
        f();
    } catch (const cdk::ValidationError& e) {
        if (std::string(e.what()).find(phrase) != std::string::npos) return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << "ValidationError without '" << phrase << "': " << e.what();
    }
    return ::testing::AssertionFailure() << "no ValidationError (expected '" << phrase << "')";
}

struct PipelineFixture {
    cdk::App app;
    cdk::Stack stack{app, "PipelineStack", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}}};

    std::shared_ptr<ShellStep> synth() {
        return std::make_shared<ShellStep>(
            "Synth",
            ShellStepProps{.input = CodePipelineSource::git_hub("o/r", "main"), .commands = {"make synth"}});
    }
    /// A stage with a stack `App` (and `Db` before it when `two`).
    cdk::Stage& stage(const std::string& id, const std::string& account, bool two = false) {
        auto& s = cdk::make<cdk::Stage>(stack, id,
                                        cdk::StageProps{.env = cdk::Environment{account, "ap-southeast-2"}});
        auto& app_stack = cdk::make<cdk::Stack>(s, "App");
        cdk::make<cdk::CfnResource>(app_stack, "Q", cdk::CfnResourceProps{.type = "AWS::SQS::Queue"});
        if (two) {
            auto& db = cdk::make<cdk::Stack>(s, "Db");
            cdk::make<cdk::CfnResource>(db, "T", cdk::CfnResourceProps{.type = "AWS::SNS::Topic"});
            app_stack.add_dependency(db);
        }
        return s;
    }
    Json resources() { return cdk::render_stack_template(stack)["Resources"]; }
    /// The rendered resources of `type`, in logical-id order.
    Json of_type(const std::string& type) {
        Json out = Json::array();
        const Json all = resources();
        for (const auto& [id, r] : all.items()) {
            if (r["Type"] == type) out.push_back(r);
        }
        return out;
    }
    /// The pipeline's Stages; null when the stack has no pipeline.
    Json stages() {
        const Json pipelines = of_type("AWS::CodePipeline::Pipeline");
        return pipelines.empty() ? Json(nullptr) : pipelines[0]["Properties"]["Stages"];
    }
};

} // namespace cdk::pipelines::testing_support
