#include "apps/cli/views/publish_assets.hpp"

#include "core/json.hpp"

namespace cdk::cli {

void render_publish_assets(std::ostream& out, const toolkit::PublishAssetsOutcome& outcome, bool json) {
    if (json) {
        const Json j{{"environment", outcome.environment.to_string()},
                     {"uploaded", outcome.summary.uploaded},
                     {"skipped", outcome.summary.skipped}};
        out << j.dump(2) << "\n";
        return;
    }
    out << "published " << outcome.summary.uploaded << " asset(s), " << outcome.summary.skipped
        << " already there (" << outcome.environment.to_string() << ")\n";
}

} // namespace cdk::cli
