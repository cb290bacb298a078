#pragma once

#include "constructs/stage.hpp"

#include <string>

namespace cdk {

/// Props of an App.
struct AppProps {
    /// Output directory; `CDK_OUTDIR` wins; defaults to a fresh temporary directory.
    std::string outdir;
    /// Initial context (overridden by `CDK_CONTEXT_JSON` and the overflow file).
    Json context = Json::object();
    /// Context applied after the CLI's (wins over everything).
    Json post_cli_context = Json::object();
    /// Write tree.json (default true).
    bool tree_metadata = true;
    /// Add the `CDKMetadata` analytics resource (default false: cdkpp reports nothing).
    bool analytics_reporting = false;
    /// Destroy the construct tree when the App is destroyed even after it was synthesized for a
    /// toolkit (see App::~App). Environment: `CDKPP_FREE_TREE=1`.
    bool free_tree_after_synth = false;
};

/// The root of a CDK app (CDK: App). Reads the CLI's environment-variable protocol:
/// `CDK_OUTDIR`, `CDK_CONTEXT_JSON`, the file named by `CONTEXT_OVERFLOW_LOCATION_ENV`,
/// `CDK_DEFAULT_ACCOUNT` and `CDK_DEFAULT_REGION`.
class App : public Stage {
public:
    explicit App(const AppProps& props = {});
    /// Once the app has been synthesized for a toolkit (`CDK_OUTDIR` set: the process is a CDK app run
    /// by `cdk`/`cdkpp`, about to exit), the constructs `make` created are released, not destroyed:
    /// the operating system reclaims their memory at exit at once, which takes a fifth of the run time
    /// of a big app off (as clang's -disable-free does; docs/performance.md). Destructors of those
    /// constructs do not run then. Every other App destroys its tree; so do sanitizer builds,
    /// `AppProps::free_tree_after_synth` and `CDKPP_FREE_TREE=1`.
    ~App() override;

    /// The account the CLI resolved (`CDK_DEFAULT_ACCOUNT`), empty if none.
    [[nodiscard]] const std::string& default_account() const { return default_account_; }
    /// The region the CLI resolved (`CDK_DEFAULT_REGION`), empty if none.
    [[nodiscard]] const std::string& default_region() const { return default_region_; }
    [[nodiscard]] bool tree_metadata() const { return tree_metadata_; }
    [[nodiscard]] bool analytics_reporting() const { return analytics_reporting_; }

    /// The App a construct belongs to, or null.
    [[nodiscard]] static App* of(const Construct& construct);

private:
    std::string default_account_;
    std::string default_region_;
    bool tree_metadata_ = true;
    bool analytics_reporting_ = false;
    bool release_tree_after_synth_ = false;
};

} // namespace cdk
