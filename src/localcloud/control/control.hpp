#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace cdk::localcloud::control {

/// Options shared by the control commands (`localcloud start|stop|status|reset|profiles`, and
/// `cdkpp local …` which calls the same functions).
struct ControlOptions {
    int port = 4566;
    std::filesystem::path data_dir; ///< empty: default_data_dir()
    std::optional<std::filesystem::path> accounts_file;
    std::string region = "ap-southeast-2"; ///< written into profiles
};

/// `$CDKPP_LOCALCLOUD_HOME`, else `$HOME/.cdkpp/localcloud` (never the working tree).
[[nodiscard]] std::filesystem::path default_data_dir();

/// What `status` reports.
struct Status {
    bool running = false;
    int pid = 0;
    int port = 0;
    std::filesystem::path data_dir;
    [[nodiscard]] std::string to_string() const;
};

/// `server.json` of a data directory: the pid and port of the localcloud serving it, while one does.
[[nodiscard]] std::filesystem::path server_file(const std::filesystem::path& data_dir);

/// Runs a localcloud in the foreground until SIGTERM/SIGINT; writes `server.json` (pid, port) once it
/// listens. Defined in serve.cpp: only the localcloud program links the server.
[[nodiscard]] Result<void> serve(const ControlOptions& options);
/// Starts `localcloud serve` in the background (a detached process, output to `localcloud.log` in the data
/// directory) and returns once it answers its health check; returns the running one's status when one
/// already runs on this data directory. The program is `$CDKPP_LOCALCLOUD`, else `localcloud` next to the
/// running program (error `LocalcloudNotFound` naming the path otherwise).
[[nodiscard]] Result<Status> start(const ControlOptions& options);
/// Status of the localcloud of this data directory.
[[nodiscard]] Status status(const ControlOptions& options);
/// Stops it cleanly (SIGTERM, then waits; SIGKILL after 15 s).
[[nodiscard]] Result<Status> stop(const ControlOptions& options);
/// Stops it if running and wipes the data directory's state.
[[nodiscard]] Result<void> reset(const ControlOptions& options);

/// The AWS CLI config and credentials text for every account (profiles named after the accounts,
/// with `endpoint_url`).
struct Profiles {
    std::string config;
    std::string credentials;
};
[[nodiscard]] Result<Profiles> profiles(const ControlOptions& options);
/// Merges the profiles into `~/.aws/config` and `~/.aws/credentials` (or `$AWS_CONFIG_FILE`,
/// `$AWS_SHARED_CREDENTIALS_FILE`), replacing same-named sections and keeping the others.
[[nodiscard]] Result<std::string> write_profiles(const ControlOptions& options);

} // namespace cdk::localcloud::control
