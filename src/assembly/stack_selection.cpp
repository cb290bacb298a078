#include "assembly/stack_selection.hpp"

#include "core/strings.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cdk::assembly {
namespace {

/// Matches a bracket class at `pattern[p]` (which is '['); sets `end` past the ']'.
bool match_class(std::string_view pattern, std::size_t p, char c, std::size_t& end, bool& valid) {
    std::size_t i = p + 1;
    bool negate = false;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
        negate = true;
        ++i;
    }
    bool matched = false;
    bool first = true;
    while (i < pattern.size() && (pattern[i] != ']' || first)) {
        first = false;
        char lo = pattern[i];
        if (lo == '\\' && i + 1 < pattern.size()) lo = pattern[++i];
        char hi = lo;
        if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            hi = pattern[i + 2];
            i += 2;
        }
        if (c >= lo && c <= hi) matched = true;
        ++i;
    }
    valid = i < pattern.size();
    end = i + 1;
    return matched != negate;
}

bool glob_at(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t) {
    while (p < pattern.size()) {
        const char pc = pattern[p];
        if (pc == '*') {
            const bool globstar = p + 1 < pattern.size() && pattern[p + 1] == '*';
            std::size_t next = p + (globstar ? 2 : 1);
            while (next < pattern.size() && pattern[next] == '*')
                ++next;
            // `a/**/b` also matches `a/b`.
            if (globstar && next < pattern.size() && pattern[next] == '/' &&
                (p == 0 || pattern[p - 1] == '/')) {
                if (glob_at(pattern, next + 1, text, t)) return true;
            }
            for (std::size_t k = t; k <= text.size(); ++k) {
                if (glob_at(pattern, next, text, k)) return true;
                if (k < text.size() && text[k] == '/' && !globstar) return false;
            }
            return false;
        }
        if (t >= text.size()) return false;
        if (pc == '?') {
            if (text[t] == '/') return false;
        } else if (pc == '[') {
            std::size_t end = 0;
            bool valid = false;
            const bool m = match_class(pattern, p, text[t], end, valid);
            if (valid) {
                if (!m || text[t] == '/') return false;
                p = end;
                ++t;
                continue;
            }
            if (text[t] != '[') return false; // an unclosed '[' is literal
        } else if (pc == '\\' && p + 1 < pattern.size()) {
            ++p;
            if (text[t] != pattern[p]) return false;
        } else if (pc != text[t]) {
            return false;
        }
        ++p;
        ++t;
    }
    return t == text.size();
}

std::string key_of(const StackArtifact& s) {
    return s.assembly_dir.string() + '\n' + s.id;
}

/// Stacks by key, and for each stack the stacks (anywhere) it depends on directly.
struct Graph {
    std::map<std::string, const StackArtifact*> by_key;
    std::map<const StackArtifact*, std::vector<const StackArtifact*>> deps;

    explicit Graph(const std::vector<const StackArtifact*>& stacks) {
        for (const StackArtifact* s : stacks)
            by_key.emplace(key_of(*s), s);
        for (const StackArtifact* s : stacks) {
            auto& list = deps[s];
            for (const auto& d : s->dependencies) {
                const auto it = by_key.find(s->assembly_dir.string() + '\n' + d);
                if (it != by_key.end()) list.push_back(it->second);
            }
        }
    }
};

std::string list_ids(const std::vector<const StackArtifact*>& stacks) {
    std::vector<std::string> ids;
    ids.reserve(stacks.size());
    for (const StackArtifact* s : stacks)
        ids.push_back(s->hierarchical_id);
    return strings::join(ids, ", ");
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
    return glob_at(pattern, 0, text, 0);
}

Result<std::vector<const StackArtifact*>>
sort_by_dependencies(const std::vector<const StackArtifact*>& stacks) {
    const Graph graph(stacks);
    std::vector<const StackArtifact*> out;
    out.reserve(stacks.size());
    std::set<const StackArtifact*> placed;
    std::vector<const StackArtifact*> remaining = stacks;
    while (!remaining.empty()) {
        bool progress = false;
        for (auto it = remaining.begin(); it != remaining.end();) {
            bool ready = true;
            for (const StackArtifact* d : graph.deps.at(*it)) {
                if (d != *it && placed.count(d) == 0) {
                    ready = false;
                    break;
                }
            }
            if (ready) {
                placed.insert(*it);
                out.push_back(*it);
                it = remaining.erase(it);
                progress = true;
            } else {
                ++it;
            }
        }
        if (!progress) {
            // Walk unplaced dependencies from the first remaining stack until one repeats: that is the cycle.
            std::vector<const StackArtifact*> path;
            const StackArtifact* cur = remaining.front();
            while (std::find(path.begin(), path.end(), cur) == path.end()) {
                path.push_back(cur);
                for (const StackArtifact* d : graph.deps.at(cur)) {
                    if (placed.count(d) == 0) {
                        cur = d;
                        break;
                    }
                }
            }
            std::vector<std::string> names;
            for (auto p = std::find(path.begin(), path.end(), cur); p != path.end(); ++p) {
                names.push_back((*p)->hierarchical_id);
            }
            names.push_back(cur->hierarchical_id);
            return make_error("DependencyCycle",
                              "stacks depend on each other in a cycle: " + strings::join(names, " -> ") +
                                  "; remove one of these dependencies (addDependency or a "
                                  "cross-stack reference)");
        }
    }
    return out;
}

Result<std::vector<const StackArtifact*>> select_stacks(const CloudAssembly& assembly,
                                                        const StackSelector& selector) {
    const std::vector<const StackArtifact*> all = assembly.stacks_recursively();
    if (all.empty()) {
        return make_error("NoStacks", "the app contains no stacks; add a Stack to the App (or to a Stage)");
    }
    std::vector<const StackArtifact*> top;
    for (const auto& s : assembly.stacks())
        top.push_back(&s);

    std::set<const StackArtifact*> chosen;
    if (selector.all) {
        chosen.insert(top.begin(), top.end());
    } else if (!selector.patterns.empty()) {
        for (const auto& pattern : selector.patterns) {
            bool any = false;
            for (const StackArtifact* s : all) {
                if (glob_match(pattern, s->hierarchical_id)) {
                    chosen.insert(s);
                    any = true;
                }
            }
            if (!any && selector.fail_on_unmatched) {
                return make_error("NoStackMatch", "no stack matches '" + pattern +
                                                      "'; the stacks are: " + list_ids(all) +
                                                      " (patterns match these ids; quote '*')");
            }
        }
    } else {
        switch (selector.default_selection) {
        case DefaultSelection::AllStacks: chosen.insert(all.begin(), all.end()); break;
        case DefaultSelection::MainAssembly: chosen.insert(top.begin(), top.end()); break;
        case DefaultSelection::None: break;
        case DefaultSelection::OnlySingle:
            if (top.size() != 1) {
                return make_error(
                    "AmbiguousSelection",
                    "the app has more than one stack; name the stacks to use (wildcards work) or "
                    "pass --all. Stacks: " +
                        list_ids(all));
            }
            chosen.insert(top.front());
            break;
        }
    }

    if (selector.extend != ExtendSelection::None) {
        const Graph graph(all);
        bool grew = true;
        while (grew) {
            grew = false;
            for (const StackArtifact* s : all) {
                for (const StackArtifact* d : graph.deps.at(s)) {
                    const bool up =
                        selector.extend == ExtendSelection::Upstream && chosen.count(s) && !chosen.count(d);
                    const bool down =
                        selector.extend == ExtendSelection::Downstream && chosen.count(d) && !chosen.count(s);
                    if (up) chosen.insert(d);
                    if (down) chosen.insert(s);
                    grew = grew || up || down;
                }
            }
        }
    }

    std::vector<const StackArtifact*> ordered;
    for (const StackArtifact* s : all) {
        if (chosen.count(s)) ordered.push_back(s);
    }
    return sort_by_dependencies(ordered);
}

} // namespace cdk::assembly
