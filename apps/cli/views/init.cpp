#include "apps/cli/views/init.hpp"

#include "toolkit/serialize.hpp"

namespace cdk::cli {

void render_init_templates(std::ostream& out, const std::vector<init::ProjectTemplate>& templates,
                           bool json) {
    if (json) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& t : templates) {
            list.push_back({{"name", t.name},
                            {"description", t.description},
                            {"aliases", t.aliases},
                            {"languages", t.languages}});
        }
        out << toolkit::to_json_text(list);
        return;
    }
    out << "Available templates:\n";
    for (const auto& t : templates) {
        out << "* " << t.name << ": " << t.description << "\n";
        std::string languages;
        for (const auto& l : t.languages)
            languages += (languages.empty() ? "" : "|") + l;
        if (t.languages.size() > 1) languages = "[" + languages + "]";
        out << "   \u2514\u2500 cdkpp init " << t.name << " --language=" << languages << " [--pipeline]\n";
    }
}

void render_init_done(std::ostream& out, const init::ProjectTemplate& tmpl, std::string_view language,
                      const std::vector<init::ProjectFile>& files, bool git_initialized) {
    out << "Applying project template " << tmpl.name << " for " << language << "\n";
    for (const auto& f : files)
        out << "  " << f.path << "\n";
    if (git_initialized) out << "Initialized a git repository with the files (commit 'Initial commit').\n";
    out << "Next: `cdkpp synth` builds the app (a CMake configure the first time) and prints its template.\n";
    out << "\u2705 All done!\n";
}

} // namespace cdk::cli
