#include "toolkit/template_reader.hpp"

#include "cfn_template/template_text.hpp"
#include "core/fs.hpp"

namespace cdk::toolkit {

Result<Json> parse_template(const std::string& text, const std::string& where) {
    auto parsed = cfn_template::read_template(text);
    if (!parsed)
        return make_error("TemplateMalformed", where + " is not a valid template: " + parsed.error().message);
    return parsed;
}

Result<Json> read_template_file(const std::filesystem::path& path) {
    auto text = fs::read_file(path);
    if (!text) {
        return make_error("TemplateFileUnreadable",
                          "cannot read template " + path.string() + ": " + text.error().message);
    }
    return parse_template(*text, path.string());
}

} // namespace cdk::toolkit
