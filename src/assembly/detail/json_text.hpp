#pragma once

#include "core/assert.hpp"
#include "core/json.hpp"
#include "core/json_writer.hpp"

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::assembly::detail {

/// Writes pretty-printed JSON text straight into a string, in the exact layout of nlohmann's
/// dump(indent): used for the assembly files the synthesis writes (manifest, metadata, asset manifest)
/// so they need no ordered_json document in between. Callers open and close containers in order;
/// an empty container comes out as `{}` / `[]`, as dump writes it.
class JsonText {
public:
    explicit JsonText(std::string& out, std::size_t indent = 2) : out_(out), step_(indent) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    /// Starts an object member: the separator, the line break and indentation, `"key": `.
    void key(std::string_view k) {
        next_element();
        json::append_string(out_, k);
        out_.append(": ", 2);
    }
    /// Starts an array element.
    void element() { next_element(); }

    void string(std::string_view s) { json::append_string(out_, s); }
    void boolean(bool b) { b ? out_.append("true", 4) : out_.append("false", 5); }
    void integer(long long n) {
        char buf[24];
        const auto res = std::to_chars(buf, buf + sizeof buf, n);
        out_.append(buf, static_cast<std::size_t>(res.ptr - buf));
    }
    /// Any JSON value, laid out as if it were part of this document.
    template <typename J> void value(const J& v) {
        if (v.is_string()) {
            json::append_string(out_, v.template get_ref<const typename J::string_t&>());
        } else {
            json::dump_to(out_, v, static_cast<int>(step_), depth_ * step_);
        }
    }

    void member(std::string_view k, std::string_view s) {
        key(k);
        string(s);
    }
    void string_list(const std::vector<std::string>& list) {
        begin_array();
        for (const auto& s : list) {
            element();
            string(s);
        }
        end_array();
    }
    void string_map(const std::map<std::string, std::string>& map) {
        begin_object();
        for (const auto& [k, v] : map)
            member(k, v);
        end_object();
    }

private:
    static constexpr std::size_t kMaxDepth = 64;

    void open(char c) {
        CDK_ASSERT(depth_ < kMaxDepth && "JsonText nests at most 64 containers");
        out_.push_back(c);
        ++depth_;
        has_members_ &= ~bit();
    }
    void close(char c) {
        const bool had_members = (has_members_ & bit()) != 0;
        --depth_;
        if (had_members) {
            out_.push_back('\n');
            out_.append(depth_ * step_, ' ');
        }
        out_.push_back(c);
    }
    void next_element() {
        if ((has_members_ & bit()) == 0) {
            out_.push_back('\n');
            has_members_ |= bit();
        } else {
            out_.append(",\n", 2);
        }
        out_.append(depth_ * step_, ' ');
    }
    /// The bit of the innermost open container in has_members_.
    [[nodiscard]] std::uint64_t bit() const { return std::uint64_t{1} << (depth_ - 1); }

    std::string& out_;
    std::size_t step_;
    std::size_t depth_ = 0;
    std::uint64_t has_members_ = 0; ///< bit d-1: the container at depth d has a member already
};

} // namespace cdk::assembly::detail
