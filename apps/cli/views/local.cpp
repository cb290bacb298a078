#include "apps/cli/views/local.hpp"

#include "core/json.hpp"

namespace cdk::cli {

void render_local_status(std::ostream& out, const localcloud::control::Status& status, bool json) {
    if (json) {
        const Json j{{"running", status.running},
                     {"pid", status.pid},
                     {"port", status.port},
                     {"dataDir", status.data_dir.string()},
                     {"endpoint", status.running ? "http://127.0.0.1:" + std::to_string(status.port) : ""}};
        out << j.dump(2) << "\n";
        return;
    }
    out << status.to_string() << "\n";
}

} // namespace cdk::cli
