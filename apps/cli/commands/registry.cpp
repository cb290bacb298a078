// The list of verbs. Adding a verb: arguments/<verb>.{hpp,cpp} (parse into a plain struct),
// commands/<verb>.cpp (defines register_<verb>, calls one toolkit action), views/<verb>.{hpp,cpp}
// (human or --json), and one X(<verb>) entry below.
#include "apps/cli/command.hpp"

#define CDK_CLI_COMMANDS(X)                                                                                  \
    X(synth)                                                                                                 \
    X(list)                                                                                                  \
    X(whoami)                                                                                                \
    X(local)                                                                                                 \
    X(bootstrap)                                                                                             \
    X(diff)                                                                                                  \
    X(deploy)                                                                                                \
    X(destroy)                                                                                               \
    X(pipeline)                                                                                              \
    X(publish_assets)                                                                                        \
    X(init)

namespace cdk::cli {

#define CDK_CLI_DECLARE(verb) void register_##verb(CommandContext& context);
CDK_CLI_COMMANDS(CDK_CLI_DECLARE)
#undef CDK_CLI_DECLARE

void register_commands(CommandContext& context) {
#define CDK_CLI_REGISTER(verb) register_##verb(context);
    CDK_CLI_COMMANDS(CDK_CLI_REGISTER)
#undef CDK_CLI_REGISTER
}

} // namespace cdk::cli
