#pragma once

#include "core/error.hpp"
#include "toolkit/diagnostics.hpp"

#include <ostream>

namespace cdk::cli {

/// `error: <message>` on stderr, the form of every failure the CLI reports.
void print_error(std::ostream& err, const Error& error);

/// Annotations and other diagnostics, one per line (`warning at /Stack/Thing: message`), then details.
void print_diagnostics(std::ostream& err, const toolkit::Diagnostics& diagnostics);

} // namespace cdk::cli
