#include "apps/cli/arguments/local.hpp"

namespace cdk::cli {

CLI::App* add_local_arguments(CLI::App& app, LocalArguments& args) {
    CLI::App* local = app.add_subcommand("local", "run localcloud, the multi-account AWS-compatible cloud on "
                                                  "127.0.0.1 (state under ~/.cdkpp/localcloud)");
    local->require_subcommand(1);
    struct Verb {
        const char* name;
        const char* help;
    };
    for (const Verb& verb :
         {Verb{"start", "start it in the background; returns once it answers"},
          Verb{"stop", "stop it cleanly"},
          Verb{"status", "say whether it runs, with its pid, port and data directory"},
          Verb{"reset", "stop it and wipe all its state"},
          Verb{"profiles", "print (or --write) AWS CLI profiles named after the accounts"}}) {
        CLI::App* sub = local->add_subcommand(verb.name, verb.help);
        sub->add_option("--port", args.port, "port on 127.0.0.1 (default 4566)");
        sub->add_option("--data-dir", args.data_dir, "state directory (default ~/.cdkpp/localcloud)");
        const std::string name = verb.name;
        if (name == "start") sub->add_option("--accounts", args.accounts_file, "accounts file (JSON)");
        if (name == "profiles") {
            sub->add_flag("--write", args.write, "merge them into ~/.aws/config and ~/.aws/credentials");
            sub->add_option("--region", args.region,
                            "region written into the profiles (default ap-southeast-2)");
        }
        sub->callback([&args, name] { args.action = name; });
    }
    CLI::App* link =
        local->add_subcommand("link-repo", "link a local git repository as the GitHub repository "
                                           "OWNER/REPO (pipelines' GitHub and connection sources read it)");
    link->add_option("repository", args.owner_repo, "OWNER/REPO")->required();
    link->add_option("dir", args.repo_dir, "a git work tree (its top level) or bare repository")->required();
    CLI::App* unlink = local->add_subcommand("unlink-repo", "remove a linked repository");
    unlink->add_option("repository", args.owner_repo, "OWNER/REPO")->required();
    CLI::App* repos = local->add_subcommand("repos", "list the linked repositories with their branch heads");
    repos->add_flag("--json", args.json, "print JSON");
    for (CLI::App* sub : {link, unlink, repos}) {
        sub->add_option("--data-dir", args.data_dir, "state directory (default ~/.cdkpp/localcloud)");
        sub->callback([&args, sub] { args.action = sub->get_name(); });
    }
    return local;
}

} // namespace cdk::cli
