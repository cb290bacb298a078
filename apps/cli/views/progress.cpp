#include "apps/cli/views/progress.hpp"

#include <memory>
#include <mutex>

namespace cdk::cli {

toolkit::ProgressSink make_progress_printer(std::ostream& out) {
    auto mutex = std::make_shared<std::mutex>();
    toolkit::ProgressSink sink;
    sink.on_event = [&out, mutex](const std::string& label, const aws::cloudformation::StackEvent& e) {
        // Timestamp is ISO 8601: keep the time of day.
        std::string time = e.timestamp;
        if (const auto t = time.find('T'); t != std::string::npos) time = time.substr(t + 1, 8);
        std::lock_guard lock(*mutex);
        out << label << " | " << time << " | " << e.status << " | " << e.resource_type << " | "
            << e.logical_id;
        if (!e.status_reason.empty() && e.status.find("FAILED") != std::string::npos)
            out << " (" << e.status_reason << ")";
        out << "\n" << std::flush;
    };
    sink.on_message = [&out, mutex](const std::string& label, const std::string& message) {
        std::lock_guard lock(*mutex);
        out << label << ": " << message << "\n" << std::flush;
    };
    return sink;
}

} // namespace cdk::cli
