#include "aws/sigv4/canonical.hpp"

#include "core/strings.hpp"

#include <algorithm>
#include <map>

namespace cdk::aws::sigv4 {

std::string uri_encode(std::string_view text, bool encode_slash) {
    return strings::percent_encode(text, !encode_slash);
}

std::string uri_decode(std::string_view text) {
    return strings::percent_decode(text);
}

std::string normalize_path(std::string_view path) {
    if (path.empty()) return "/";
    std::vector<std::string_view> segments;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view seg = path.substr(start, end - start);
        if (seg == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!seg.empty() && seg != ".") {
            segments.push_back(seg);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto seg : segments) {
        out += '/';
        out += seg;
    }
    // A trailing slash (or a trailing "." / ".." segment) keeps the result a directory.
    const bool trailing = path.back() == '/' || path.ends_with("/.") || path.ends_with("/..");
    if (out.empty() || trailing) out += '/';
    return out;
}

std::string canonical_uri(std::string_view wire_path, PathMode mode) {
    if (wire_path.empty()) return "/";
    if (mode == PathMode::S3) return uri_encode(uri_decode(wire_path), false);
    return uri_encode(normalize_path(wire_path), false);
}

std::vector<QueryParam> parse_query(std::string_view wire_query) {
    std::vector<QueryParam> params;
    if (wire_query.empty()) return params;
    for (const auto& piece : strings::split(wire_query, "&")) {
        if (piece.empty()) continue;
        const auto eq = piece.find('=');
        if (eq == std::string::npos) {
            params.push_back({uri_decode(piece), ""});
        } else {
            params.push_back({uri_decode(piece.substr(0, eq)), uri_decode(piece.substr(eq + 1))});
        }
    }
    return params;
}

std::string canonical_query(std::string_view wire_query, std::string_view exclude) {
    std::vector<std::pair<std::string, std::string>> encoded;
    for (const auto& p : parse_query(wire_query)) {
        if (!exclude.empty() && p.name == exclude) continue;
        encoded.emplace_back(uri_encode(p.name, true), uri_encode(p.value, true));
    }
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [name, value] : encoded) {
        if (!out.empty()) out += '&';
        out += name;
        out += '=';
        out += value;
    }
    return out;
}

std::string canonical_header_value(std::string_view value) {
    const std::string_view trimmed = strings::trim(value);
    std::string out;
    out.reserve(trimmed.size());
    bool in_space = false;
    for (const char c : trimmed) {
        const bool space = c == ' ' || c == '\t';
        if (space) {
            if (!in_space) out += ' ';
            in_space = true;
        } else {
            out += c;
            in_space = false;
        }
    }
    return out;
}

CanonicalHeaders canonical_headers(const Headers& headers, const std::vector<std::string>& only) {
    std::map<std::string, std::string> merged;
    for (const auto& h : headers) {
        std::string name = strings::to_lower(strings::trim(h.name));
        if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
        auto [it, inserted] = merged.try_emplace(std::move(name), canonical_header_value(h.value));
        if (!inserted) it->second += "," + canonical_header_value(h.value);
    }
    for (const auto& name : only)
        merged.try_emplace(name, "");
    CanonicalHeaders out;
    for (const auto& [name, value] : merged) {
        out.block += name + ":" + value + "\n";
        if (!out.signed_headers.empty()) out.signed_headers += ';';
        out.signed_headers += name;
    }
    return out;
}

CanonicalRequest canonical_request(const CanonicalRequestInput& input) {
    static const Headers kNoHeaders;
    const auto headers = canonical_headers(input.headers ? *input.headers : kNoHeaders, input.signed_headers);
    CanonicalRequest out;
    out.text = std::string(input.method) + "\n" + canonical_uri(input.wire_path, input.path_mode) + "\n" +
               canonical_query(input.wire_query, input.exclude_query_param) + "\n" + headers.block + "\n" +
               headers.signed_headers + "\n" + std::string(input.payload_hash);
    out.signed_headers = headers.signed_headers;
    return out;
}

} // namespace cdk::aws::sigv4
