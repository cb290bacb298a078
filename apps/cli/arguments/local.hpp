#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace cdk::cli {

/// `cdkpp local start|stop|status|reset|profiles [--port P] [--data-dir D] [--accounts FILE] [--write]`,
/// `cdkpp local link-repo OWNER/REPO DIR`, `cdkpp local unlink-repo OWNER/REPO`, `cdkpp local repos
/// [--json]`.
struct LocalArguments {
    std::string action; ///< the chosen sub-verb
    int port = 4566;
    std::string data_dir;
    std::string accounts_file;
    std::string region = "ap-southeast-2";
    bool write = false;
    std::string owner_repo; ///< link-repo, unlink-repo
    std::string repo_dir;   ///< link-repo
    bool json = false;      ///< repos --json (the global -j/--json works too)
};

CLI::App* add_local_arguments(CLI::App& app, LocalArguments& args);

} // namespace cdk::cli
