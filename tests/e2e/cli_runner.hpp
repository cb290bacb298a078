#pragma once

#include "core/fs.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/wait.h>

namespace cdk::e2e {

/// What a run of a program printed and how it exited.
struct CliRun {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Quotes one shell word.
inline std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

/// Runs `command_line` (already quoted) through the shell in `cwd`, capturing stdout and stderr.
inline CliRun run_in(const std::filesystem::path& cwd, const std::string& command_line) {
    const auto out_file = cwd / ".cli_stdout";
    const auto err_file = cwd / ".cli_stderr";
    const std::string cmd = "cd " + shell_quote(cwd.string()) + " && " + command_line + " >" +
                            shell_quote(out_file.string()) + " 2>" + shell_quote(err_file.string());
    const int status = std::system(cmd.c_str());
    CliRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = fs::read_file(out_file).value_or("");
    run.err = fs::read_file(err_file).value_or("");
    std::filesystem::remove(out_file);
    std::filesystem::remove(err_file);
    return run;
}

/// The built cdkpp.
inline std::string cdkpp() {
    return shell_quote(std::string(CDK_BINARY_DIR) + "/bin/cdkpp");
}

/// The stock CDK CLI from third_party/npm.
inline std::string stock_cdk() {
    return "CDK_VALIDATION=false " +
           shell_quote(std::string(CDK_SOURCE_DIR) + "/third_party/npm/node_modules/.bin/cdk");
}

} // namespace cdk::e2e
