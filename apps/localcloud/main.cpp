// localcloud: the standalone multi-account AWS-compatible cloud on loopback.
// `localcloud serve` runs in the foreground; start/stop/status/reset/profiles manage a background one.
#include "localcloud/control/control.hpp"
#include "localcloud/control/repos_control.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"localcloud: a multi-account AWS-compatible cloud on 127.0.0.1 (STS, IAM, S3, SSM, KMS)"};
    app.require_subcommand(1);
    cdk::localcloud::control::ControlOptions options;
    std::string data_dir;
    std::string accounts;
    auto add_common = [&](CLI::App* cmd) {
        cmd->add_option("--port", options.port, "port on 127.0.0.1 (default 4566)");
        cmd->add_option("--data-dir", data_dir, "state directory (default ~/.cdkpp/localcloud)");
    };
    auto* serve = app.add_subcommand("serve", "run in the foreground until SIGTERM/SIGINT");
    auto* start = app.add_subcommand("start", "start in the background; returns once it answers");
    auto* stop = app.add_subcommand("stop", "stop the background server cleanly");
    auto* status = app.add_subcommand("status", "print whether it runs, its pid, port and data directory");
    auto* reset = app.add_subcommand("reset", "stop it and wipe all state");
    auto* profiles = app.add_subcommand("profiles", "print (or --write) AWS CLI profiles for the accounts");
    cdk::localcloud::control::RepoCommand repo_command;
    auto* link_repo =
        app.add_subcommand("link-repo", "link a local git repository as the GitHub repository OWNER/REPO");
    link_repo->add_option("repository", repo_command.owner_repo, "OWNER/REPO")->required();
    link_repo->add_option("dir", repo_command.dir, "a git work tree (its top level) or bare repository")
        ->required();
    auto* unlink_repo = app.add_subcommand("unlink-repo", "remove a linked repository");
    unlink_repo->add_option("repository", repo_command.owner_repo, "OWNER/REPO")->required();
    auto* repos = app.add_subcommand("repos", "list the linked repositories with their branch heads");
    repos->add_flag("--json", repo_command.json, "print JSON");
    bool write = false;
    for (auto* cmd : {serve, start, stop, status, reset, profiles})
        add_common(cmd);
    for (auto* cmd : {link_repo, unlink_repo, repos}) {
        cmd->add_option("--data-dir", data_dir, "state directory (default ~/.cdkpp/localcloud)");
        cmd->callback([&repo_command, cmd] { repo_command.verb = cmd->get_name(); });
    }
    for (auto* cmd : {serve, start})
        cmd->add_option("--accounts", accounts, "accounts file (JSON)");
    profiles->add_flag("--write", write, "merge them into ~/.aws/config and ~/.aws/credentials");
    profiles->add_option("--region", options.region, "region written into the profiles");
    CLI11_PARSE(app, argc, argv);
    if (!data_dir.empty()) options.data_dir = data_dir;
    if (!accounts.empty()) options.accounts_file = accounts;
    namespace control = cdk::localcloud::control;
    auto fail = [](const cdk::Error& e) {
        std::fprintf(stderr, "localcloud: %s\n", e.to_string().c_str());
        return 1;
    };
    if (!repo_command.verb.empty()) {
        auto out = control::run_repo_command(options, repo_command);
        if (!out) return fail(out.error());
        std::cout << *out;
        return 0;
    }
    if (serve->parsed()) {
        auto r = control::serve(options);
        return r ? 0 : fail(r.error());
    }
    if (start->parsed()) {
        auto r = control::start(options);
        if (!r) return fail(r.error());
        std::cout << r->to_string() << "\n";
        return 0;
    }
    if (stop->parsed()) {
        auto r = control::stop(options);
        if (!r) return fail(r.error());
        std::cout << "localcloud: stopped\n";
        return 0;
    }
    if (status->parsed()) {
        const auto s = control::status(options);
        std::cout << s.to_string() << "\n";
        return s.running ? 0 : 3;
    }
    if (reset->parsed()) {
        auto r = control::reset(options);
        if (!r) return fail(r.error());
        std::cout << "localcloud: state wiped\n";
        return 0;
    }
    if (write) {
        auto r = control::write_profiles(options);
        if (!r) return fail(r.error());
        std::cout << *r << "\n";
        return 0;
    }
    auto p = control::profiles(options);
    if (!p) return fail(p.error());
    std::cout << "# ~/.aws/config\n" << p->config << "# ~/.aws/credentials\n" << p->credentials;
    return 0;
}
