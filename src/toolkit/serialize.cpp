#include "toolkit/serialize.hpp"

#include <regex>
#include <string_view>

namespace cdk::toolkit {
namespace {

using OJson = nlohmann::ordered_json;

/// Would a YAML 1.1 reader take this plain scalar for something other than a string?
bool reads_as_other_type(const std::string& s) {
    static const std::regex kOther(
        // booleans and null (YAML 1.1)
        "^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|"
        "NULL)$"
        // integers: binary, octal, decimal, hex, sexagesimal
        "|^[-+]?0b[0-1_]+$|^[-+]?0[0-7_]+$|^[-+]?(0|[1-9][0-9_]*)$|^[-+]?0x[0-9a-fA-F_]+$"
        "|^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$"
        // floats
        "|^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"
        "|^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*$|^[-+]?\\.(inf|Inf|INF)$|^\\.(nan|NaN|NAN)$"
        // timestamps
        "|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|$)");
    return std::regex_search(s, kOther);
}

bool needs_quotes(const std::string& s) {
    if (s.empty()) return true;
    static const std::regex kIndicators(
        "^[\\n\\t ,\\[\\]{}#&*!|>'\"%@`]|^[?-]$|^[?-][ \\t]|[\\n:][ \\t]|[ \\t]\\n|[\\n\\t ]#|[\\n\\t :]$");
    if (std::regex_search(s, kIndicators)) return true;
    if (s.rfind("---", 0) == 0 || s.rfind("...", 0) == 0) return true;
    for (const unsigned char c : s) {
        if (c < 0x20 && c != '\n' && c != '\t') return true;
    }
    return reads_as_other_type(s);
}

std::string quoted(const std::string& s) {
    if (s.find('"') != std::string::npos && s.find('\'') == std::string::npos) {
        std::string out = "'";
        out += s;
        out += '\'';
        return out;
    }
    return OJson(s).dump(-1, ' ', false, OJson::error_handler_t::replace);
}

bool is_block_string(const OJson& v) {
    if (!v.is_string()) return false;
    const auto& s = v.get_ref<const std::string&>();
    if (s.find('\n') == std::string::npos) return false;
    // Characters a literal block cannot carry go in a quoted string instead.
    for (const unsigned char c : s) {
        if (c < 0x20 && c != '\n' && c != '\t') return false;
    }
    return s.front() != ' ' && s.front() != '\n';
}

std::string scalar(const OJson& v) {
    switch (v.type()) {
    case OJson::value_t::null: return "null";
    case OJson::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case OJson::value_t::string: {
        const auto& s = v.get_ref<const std::string&>();
        return needs_quotes(s) ? quoted(s) : s;
    }
    case OJson::value_t::object: return "{}";
    case OJson::value_t::array: return "[]";
    default: return v.dump();
    }
}

bool is_inline(const OJson& v) {
    return !(v.is_object() || v.is_array()) || v.empty();
}

void emit_block(const OJson& v, int indent, std::string& out);

/// A literal block: header after the key or dash, then the lines at `indent`.
void emit_literal(const std::string& s, int indent, std::string& out) {
    std::size_t trailing = 0;
    while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n')
        ++trailing;
    out += trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
    out += '\n';
    const std::string body = s.substr(0, s.size() - trailing);
    std::size_t start = 0;
    while (true) {
        const auto nl = body.find('\n', start);
        const std::string line = body.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (!line.empty()) out.append(static_cast<std::size_t>(indent), ' ') += line;
        out += '\n';
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    for (std::size_t i = 1; i < trailing; ++i)
        out += '\n';
}

/// The value after `key:` or `- `: inline scalars on the same line, collections on the next lines.
void emit_value(const OJson& v, int indent, std::string& out) {
    if (is_block_string(v)) {
        out += ' ';
        emit_literal(v.get_ref<const std::string&>(), indent, out);
    } else if (is_inline(v)) {
        out += ' ';
        out += scalar(v);
        out += '\n';
    } else {
        out += '\n';
        emit_block(v, indent, out);
    }
}

void emit_block(const OJson& v, int indent, std::string& out) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    if (v.is_object()) {
        for (const auto& [k, item] : v.items()) {
            out += pad;
            out += needs_quotes(k) ? quoted(k) : k;
            out += ':';
            emit_value(item, indent + 2, out);
        }
    } else if (v.is_array()) {
        for (const auto& item : v) {
            out += pad;
            out += '-';
            if (is_block_string(item)) {
                out += ' ';
                emit_literal(item.get_ref<const std::string&>(), indent + 2, out);
            } else if (is_inline(item)) {
                out += ' ';
                out += scalar(item);
                out += '\n';
            } else {
                // The nested collection starts on the dash's line: render it one level deeper and
                // replace its first indentation by "- ".
                std::string nested;
                emit_block(item, indent + 2, nested);
                out += ' ';
                out.append(nested, static_cast<std::size_t>(indent + 2), std::string::npos);
            }
        }
    } else {
        out += pad + scalar(v) + '\n';
    }
}

} // namespace

std::string to_yaml(const OJson& value) {
    std::string out;
    if (is_inline(value) && !is_block_string(value)) return scalar(value) + "\n";
    if (is_block_string(value)) {
        emit_literal(value.get_ref<const std::string&>(), 2, out);
        return out;
    }
    emit_block(value, 0, out);
    return out;
}

std::string to_json_text(const OJson& value) {
    return value.dump(2, ' ', false, OJson::error_handler_t::replace) + "\n";
}

void obscure_template(OJson& tmpl) {
    if (!tmpl.is_object()) return;
    const auto rules = tmpl.find("Rules");
    if (rules == tmpl.end() || !rules->is_object() || !rules->contains("CheckBootstrapVersion")) return;
    if (rules->size() > 1) {
        rules->erase("CheckBootstrapVersion");
    } else {
        tmpl.erase("Rules");
    }
}

} // namespace cdk::toolkit
