#include "apps/cli/views/synth.hpp"

#include "apps/cli/views/diagnostics.hpp"
#include "toolkit/serialize.hpp"

namespace cdk::cli {

Result<void> render_synth(std::ostream& out, std::ostream& err, const toolkit::SynthOutcome& outcome,
                          bool json, bool quiet) {
    print_diagnostics(err, outcome.diagnostics);
    if (outcome.stacks.size() == 1) {
        if (quiet) return ok();
        auto tmpl = outcome.stacks.front()->read_template();
        if (!tmpl) return tmpl.error();
        toolkit::obscure_template(*tmpl);
        // Like the stock CLI: YAML is followed by an empty line, JSON is not.
        out << (json ? toolkit::to_json_text(*tmpl) : toolkit::to_yaml(*tmpl) + "\n");
        return ok();
    }
    err << "Successfully synthesized to " << outcome.assembly->directory().string() << "\n";
    if (!outcome.stacks.empty()) {
        err << "Supply a stack id (";
        for (std::size_t i = 0; i < outcome.stacks.size(); ++i) {
            err << (i == 0 ? "" : ", ") << outcome.stacks[i]->hierarchical_id;
        }
        err << ") to display its template.\n";
    }
    return ok();
}

} // namespace cdk::cli
