#include "apps/cli/views/diagnostics.hpp"

namespace cdk::cli {

void print_error(std::ostream& err, const Error& error) {
    err << "error: " << error.message;
    if (!error.code.empty()) err << " [" << error.code << "]";
    err << "\n";
}

void print_diagnostics(std::ostream& err, const toolkit::Diagnostics& diagnostics) {
    for (const auto& d : diagnostics) {
        err << toolkit::to_string(d.severity);
        if (!d.subject.empty()) err << " at " << d.subject;
        err << ": " << d.summary << "\n";
        if (!d.detail.empty()) err << "  " << d.detail << "\n";
    }
}

} // namespace cdk::cli
