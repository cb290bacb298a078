#include "apps/cli/views/bootstrap.hpp"

#include "core/json.hpp"

namespace cdk::cli {

void render_bootstrap(std::ostream& out, std::ostream& err,
                      const std::vector<toolkit::BootstrapResult>& results, bool json) {
    if (json) {
        Json all = Json::array();
        for (const auto& r : results) {
            Json j{{"environment", r.environment}, {"stackName", r.stack_name}, {"noOp", r.no_op},
                   {"executed", r.executed},       {"status", r.status},        {"version", r.version},
                   {"outputs", r.outputs}};
            if (r.error) j["error"] = {{"code", r.error->code}, {"message", r.error->message}};
            all.push_back(j);
        }
        out << all.dump(2) << "\n";
        return;
    }
    for (const auto& r : results) {
        if (r.error) {
            err << "error: " << r.environment << ": " << r.error->message << " [" << r.error->code << "]\n";
        } else if (!r.executed && !r.no_op) {
            out << " ✅  Environment " << r.environment << " bootstrapped (" << r.stack_name << ")\n";
        } else if (r.no_op && !r.executed) {
            out << " ✅  Environment " << r.environment << " bootstrapped (no changes).\n";
        } else {
            out << " ✅  Environment " << r.environment << " bootstrapped (" << r.stack_name << ", version "
                << r.version << ").\n";
        }
    }
}

} // namespace cdk::cli
