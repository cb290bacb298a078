#include "constructs/app.hpp"

#include "core/fs.hpp"
#include "tokens/errors.hpp"

#include <cstdlib>
#include <filesystem>
#include <random>

namespace cdk {
namespace {

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

std::string make_temp_outdir() {
    std::random_device rd;
    const auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto dir = base / ("cdk.out" + std::to_string(rd()));
        std::error_code ec;
        if (std::filesystem::create_directory(dir, ec)) {
            return dir.string();
        }
    }
    throw std::runtime_error("cannot create a temporary output directory in " + base.string());
}

Json parse_context(const std::string& text, const std::string& source) {
    Json parsed = Json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        throw ValidationError("context from " + source + " is not a JSON object", {}, text.substr(0, 200));
    }
    return parsed;
}

} // namespace

App::App(const AppProps& props)
    : Stage(RootTag{}, StageProps{}), tree_metadata_(props.tree_metadata),
      analytics_reporting_(props.analytics_reporting) {
    for (const auto& [k, v] : props.context.items()) {
        node().set_context(k, v);
    }
    Json context = Json::object();
    if (const auto env = env_or_empty("CDK_CONTEXT_JSON"); !env.empty()) {
        context.update(parse_context(env, "CDK_CONTEXT_JSON"));
    }
    if (const auto file = env_or_empty("CONTEXT_OVERFLOW_LOCATION_ENV"); !file.empty()) {
        auto text = fs::read_file(file);
        if (!text) {
            throw ValidationError("cannot read the context overflow file: " + text.error().to_string(), {},
                                  file);
        }
        context.update(parse_context(*text, file));
    }
    for (const auto& [k, v] : context.items()) {
        node().set_context(k, v);
    }
    for (const auto& [k, v] : props.post_cli_context.items()) {
        node().set_context(k, v);
    }
    std::string outdir = env_or_empty("CDK_OUTDIR");
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    release_tree_after_synth_ =
        !outdir.empty() && !props.free_tree_after_synth && env_or_empty("CDKPP_FREE_TREE") != "1";
#endif
    if (outdir.empty()) {
        outdir = props.outdir;
    }
    if (outdir.empty()) {
        outdir = make_temp_outdir();
    }
    set_outdir(outdir);
    default_account_ = env_or_empty("CDK_DEFAULT_ACCOUNT");
    default_region_ = env_or_empty("CDK_DEFAULT_REGION");
}

App::~App() {
    if (release_tree_after_synth_ && synthesized()) {
        node().release_owned_children();
    }
}

App* App::of(const Construct& construct) {
    return dynamic_cast<App*>(&construct.node().root());
}

} // namespace cdk
