#pragma once

#include "toolkit/actions/bootstrap.hpp"

#include <ostream>

namespace cdk::cli {

/// A progress printer shared by the threads of a multi-stack operation: one line per stack event,
/// `[n/N] stack | 12:00:01 | CREATE_COMPLETE | AWS::S3::Bucket | Bucket (reason)`, and messages as
/// `[n/N] stack: message`. Lines never interleave.
[[nodiscard]] toolkit::ProgressSink make_progress_printer(std::ostream& out);

} // namespace cdk::cli
