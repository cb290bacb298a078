#pragma once

#include "toolkit/actions/pipeline.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace cdk::cli {

/// `pipeline list`: one line per pipeline (last execution, stages waiting), or JSON.
void render_pipeline_list(std::ostream& out, const std::vector<toolkit::pipeline::PipelineSummary>& pipelines,
                          bool json);
/// `pipeline status`: the execution (revisions, trigger, duration), then per stage its actions with status,
/// duration and errors; an approval waiting names the command that approves it.
void render_pipeline_status(std::ostream& out, const toolkit::pipeline::PipelineStatus& status, bool json);
/// `pipeline history`.
void render_pipeline_history(std::ostream& out, const std::string& pipeline,
                             const std::vector<toolkit::pipeline::ExecutionSummary>& executions, bool json);
/// What approving deploys: per stack its target, then cdkpp diff's tables, or why the diff is unknown.
void render_stack_changes(std::ostream& out, const toolkit::ApprovalReview& review);
/// The review as JSON, with the decision taken (`approved`, `rejected` or `refused`, and why).
[[nodiscard]] Json review_to_json(const toolkit::ApprovalReview& review, const std::string& outcome,
                                  const std::string& reason);

/// `pipeline watch`: one line per action whose status changed between two polls (`Build/Synth: Succeeded
/// (3.1s)`), stages entered, and the execution's end.
[[nodiscard]] std::vector<std::string> status_changes(const toolkit::pipeline::PipelineStatus* before,
                                                      const toolkit::pipeline::PipelineStatus& after,
                                                      const std::string& execution_id);

/// `1.2s`, `3m04s`, `1h02m`; empty for unknown (negative) durations.
[[nodiscard]] std::string format_duration(double seconds);

} // namespace cdk::cli
