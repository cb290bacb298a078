#include "toolkit/diff/template_diff.hpp"

#include <algorithm>
#include <set>

namespace cdk::toolkit::diff {
namespace {

const Json& section(const Json& tmpl, const char* name) {
    static const Json kEmpty = Json::object();
    const auto it = tmpl.find(name);
    return it != tmpl.end() && it->is_object() ? *it : kEmpty;
}

Json as_array(const Json& v) {
    if (v.is_null()) return Json::array();
    return v.is_array() ? v : Json::array({v});
}

/// Statements of one resource as (holder logical id, statement) pairs; managed policy ARNs as Attach.
void collect_iam(const std::string& id, const Json& resource, std::vector<IamChange>& out) {
    const std::string type = resource.value("Type", "");
    const Json props = resource.value("Properties", Json::object());
    auto add_document = [&](const Json& document, const std::string& holder) {
        if (!document.is_object()) return;
        for (const auto& s : as_array(document.value("Statement", Json()))) {
            if (!s.is_object()) continue;
            IamChange c;
            c.resource = holder;
            c.effect = s.value("Effect", "Allow");
            c.actions = s.contains("Action") ? s["Action"] : s.value("NotAction", Json());
            c.principals = s.value("Principal", Json());
            c.resources = s.contains("Resource") ? s["Resource"] : s.value("NotResource", Json());
            c.condition = s.value("Condition", Json());
            out.push_back(std::move(c));
        }
    };
    if (type == "AWS::IAM::Role") {
        add_document(props.value("AssumeRolePolicyDocument", Json()), id + " (trust)");
        for (const auto& p : as_array(props.value("Policies", Json()))) {
            if (p.is_object()) add_document(p.value("PolicyDocument", Json()), id);
        }
    } else if (type == "AWS::IAM::Policy" || type == "AWS::IAM::ManagedPolicy" ||
               type == "AWS::S3::BucketPolicy" || type == "AWS::SQS::QueuePolicy" ||
               type == "AWS::SNS::TopicPolicy" || type == "AWS::KMS::Key") {
        add_document(props.value(type == "AWS::KMS::Key" ? "KeyPolicy" : "PolicyDocument", Json()), id);
    } else if (type == "AWS::Lambda::Permission") {
        IamChange c;
        c.resource = id;
        c.effect = "Allow";
        c.actions = props.value("Action", Json());
        c.principals = props.value("Principal", Json());
        c.resources = props.value("FunctionName", Json());
        if (props.contains("SourceArn"))
            c.condition = Json{{"ArnLike", {{"AWS:SourceArn", props["SourceArn"]}}}};
        out.push_back(std::move(c));
    }
    if (type == "AWS::IAM::Role" || type == "AWS::IAM::User" || type == "AWS::IAM::Group") {
        for (const auto& arn : as_array(props.value("ManagedPolicyArns", Json()))) {
            IamChange c;
            c.resource = id;
            c.effect = "Attach";
            c.resources = arn;
            out.push_back(std::move(c));
        }
    }
}

void collect_security_groups(const std::string& id, const Json& resource,
                             std::vector<SecurityGroupChange>& out) {
    const std::string type = resource.value("Type", "");
    const Json props = resource.value("Properties", Json::object());
    if (type == "AWS::EC2::SecurityGroup") {
        for (const auto& r : as_array(props.value("SecurityGroupIngress", Json())))
            out.push_back({true, id, "ingress", r});
        for (const auto& r : as_array(props.value("SecurityGroupEgress", Json())))
            out.push_back({true, id, "egress", r});
    } else if (type == "AWS::EC2::SecurityGroupIngress") {
        out.push_back({true, id, "ingress", props});
    } else if (type == "AWS::EC2::SecurityGroupEgress") {
        out.push_back({true, id, "egress", props});
    }
}

std::string iam_key(const IamChange& c) {
    return Json{c.resource, c.effect, c.actions, c.principals, c.resources, c.condition}.dump();
}
std::string sg_key(const SecurityGroupChange& c) {
    return Json{c.group, c.direction, c.rule}.dump();
}

template <typename T, typename Key>
void set_difference(const std::vector<T>& old_items, const std::vector<T>& new_items, Key key,
                    std::vector<T>& out) {
    std::set<std::string> old_keys, new_keys;
    for (const auto& i : old_items)
        old_keys.insert(key(i));
    for (const auto& i : new_items)
        new_keys.insert(key(i));
    for (const auto& i : new_items) {
        if (old_keys.count(key(i)) == 0) {
            T c = i;
            c.added = true;
            out.push_back(std::move(c));
        }
    }
    for (const auto& i : old_items) {
        if (new_keys.count(key(i)) == 0) {
            T c = i;
            c.added = false;
            out.push_back(std::move(c));
        }
    }
}

void diff_element(const std::string& name, const std::string& id, const Json& old_value,
                  const Json& new_value, std::vector<ElementChange>& out) {
    ElementChange c;
    c.section = name;
    c.logical_id = id;
    if (old_value.is_null()) {
        c.kind = ChangeKind::Added;
    } else if (new_value.is_null()) {
        c.kind = ChangeKind::Removed;
    } else if (old_value == new_value) {
        return;
    }
    if (name == "Resources") {
        c.old_type = old_value.is_object() ? old_value.value("Type", "") : "";
        c.new_type = new_value.is_object() ? new_value.value("Type", "") : "";
    }
    if (c.kind == ChangeKind::Modified) {
        c.replaces_type = c.old_type != c.new_type;
        const bool resource = name == "Resources" && old_value.is_object() && new_value.is_object();
        const Json old_props = resource ? old_value.value("Properties", Json::object()) : Json::object();
        const Json new_props = resource ? new_value.value("Properties", Json::object()) : Json::object();
        std::set<std::string> keys;
        for (const auto& [k, v] : old_props.items())
            keys.insert(k);
        for (const auto& [k, v] : new_props.items())
            keys.insert(k);
        for (const auto& k : keys) {
            const Json o = old_props.value(k, Json());
            const Json n = new_props.value(k, Json());
            if (o != n) c.properties.push_back({k, o, n});
        }
        // Attributes outside Properties (DependsOn, DeletionPolicy, Metadata, Condition, ...).
        if (resource) {
            std::set<std::string> others;
            for (const auto& [k, v] : old_value.items())
                others.insert(k);
            for (const auto& [k, v] : new_value.items())
                others.insert(k);
            for (const auto& k : others) {
                if (k == "Properties" || k == "Type") continue;
                const Json o = old_value.value(k, Json());
                const Json n = new_value.value(k, Json());
                if (o != n) c.properties.push_back({k, o, n});
            }
        } else {
            c.properties.push_back({"", old_value, new_value});
        }
    }
    out.push_back(std::move(c));
}

std::string short_json(const Json& v) {
    if (v.is_null()) return "(absent)";
    if (v.is_string()) return v.get<std::string>();
    std::string s = v.dump();
    if (s.size() > 120) s = s.substr(0, 117) + "...";
    return s;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string clipped(std::string line) {
    if (line.size() > 160) line = line.substr(0, 157) + "...";
    return line;
}

/// One changed property: objects down to the members that differ (`Code.ZipFile`, as `cdk diff` nests them),
/// a multi-line string (inline function code, a buildspec) as the lines that differ between the unchanged
/// first and last ones, anything else as its old and new JSON.
void format_property_change(const std::string& path, const Json& old_value, const Json& new_value,
                            std::string& out) {
    if (old_value.is_object() && new_value.is_object()) {
        std::set<std::string> keys;
        for (const auto& [k, v] : old_value.items())
            keys.insert(k);
        for (const auto& [k, v] : new_value.items())
            keys.insert(k);
        for (const auto& k : keys) {
            const Json o = old_value.value(k, Json());
            const Json n = new_value.value(k, Json());
            if (o != n) format_property_change(path + "." + k, o, n, out);
        }
        return;
    }
    const bool multi_line = old_value.is_string() && new_value.is_string() &&
                            (old_value.get<std::string>().find('\n') != std::string::npos ||
                             new_value.get<std::string>().find('\n') != std::string::npos);
    if (!multi_line) {
        out += " └─ [~] " + path + "\n";
        out += "     ├─ [-] " + short_json(old_value) + "\n";
        out += "     └─ [+] " + short_json(new_value) + "\n";
        return;
    }
    const auto o = lines_of(old_value.get<std::string>());
    const auto n = lines_of(new_value.get<std::string>());
    std::size_t head = 0;
    while (head < o.size() && head < n.size() && o[head] == n[head])
        ++head;
    std::size_t tail = 0;
    while (tail < o.size() - head && tail < n.size() - head &&
           o[o.size() - 1 - tail] == n[n.size() - 1 - tail])
        ++tail;
    std::vector<std::string> rows;
    for (std::size_t i = head; i < o.size() - tail; ++i)
        rows.push_back("[-] " + clipped(o[i]));
    for (std::size_t i = head; i < n.size() - tail; ++i)
        rows.push_back("[+] " + clipped(n[i]));
    const std::size_t first = head + 1;
    const std::size_t last = std::max({o.size() - tail, n.size() - tail, first});
    out += " └─ [~] " + path + " (" +
           (first == last ? "line " + std::to_string(first)
                          : "lines " + std::to_string(first) + "-" + std::to_string(last)) +
           " of " + std::to_string(n.size()) + ")\n";
    for (std::size_t i = 0; i < rows.size(); ++i)
        out += (i + 1 < rows.size() ? "     ├─ " : "     └─ ") + rows[i] + "\n";
}

} // namespace

const char* to_string(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::Added: return "added";
    case ChangeKind::Removed: return "removed";
    case ChangeKind::Modified: return "modified";
    }
    return "modified";
}

bool TemplateDiff::permissions_broadened() const {
    const bool iam_grows =
        std::any_of(iam.begin(), iam.end(), [](const IamChange& c) { return c.added && c.effect != "Deny"; });
    const bool sg_grows = std::any_of(security_groups.begin(), security_groups.end(),
                                      [](const SecurityGroupChange& c) { return c.added; });
    return iam_grows || sg_grows;
}

TemplateDiff diff_templates(const Json& old_template, const Json& new_template) {
    TemplateDiff out;
    for (const char* name : {"Parameters", "Conditions", "Mappings", "Rules", "Resources", "Outputs"}) {
        const Json& o = section(old_template, name);
        const Json& n = section(new_template, name);
        std::set<std::string> ids;
        for (const auto& [k, v] : o.items())
            ids.insert(k);
        for (const auto& [k, v] : n.items())
            ids.insert(k);
        for (const auto& id : ids)
            diff_element(name, id, o.value(id, Json()), n.value(id, Json()), out.changes);
    }
    std::vector<IamChange> old_iam, new_iam;
    std::vector<SecurityGroupChange> old_sg, new_sg;
    for (const auto& [id, r] : section(old_template, "Resources").items()) {
        collect_iam(id, r, old_iam);
        collect_security_groups(id, r, old_sg);
    }
    for (const auto& [id, r] : section(new_template, "Resources").items()) {
        collect_iam(id, r, new_iam);
        collect_security_groups(id, r, new_sg);
    }
    set_difference(old_iam, new_iam, iam_key, out.iam);
    set_difference(old_sg, new_sg, sg_key, out.security_groups);
    return out;
}

namespace {

/// The IAM statement and security group tables.
void format_security_tables(const TemplateDiff& diff, std::string& out) {
    if (!diff.iam.empty()) {
        out += "IAM Statement Changes\n";
        out += "    | Resource | Effect | Action | Principal | Target | Condition\n";
        for (const auto& c : diff.iam) {
            out += std::string(c.added ? "[+] " : "[-] ") + "| " + c.resource + " | " + c.effect + " | " +
                   short_json(c.actions) + " | " + short_json(c.principals) + " | " +
                   short_json(c.resources) + " | " + (c.condition.is_null() ? "" : short_json(c.condition)) +
                   "\n";
        }
    }
    if (!diff.security_groups.empty()) {
        out += "Security Group Changes\n";
        out += "    | Group | Dir | Rule\n";
        for (const auto& c : diff.security_groups) {
            out += std::string(c.added ? "[+] " : "[-] ") + "| " + c.group + " | " + c.direction + " | " +
                   short_json(c.rule) + "\n";
        }
    }
}

} // namespace

std::string format_security_diff(const std::string& stack, const TemplateDiff& diff) {
    std::string out = "Stack " + stack + "\n";
    if (diff.iam.empty() && diff.security_groups.empty())
        return out + "There were no security-related changes\n";
    format_security_tables(diff, out);
    return out;
}

std::string format_diff(const std::string& stack, const TemplateDiff& diff) {
    std::string out = "Stack " + stack + "\n";
    if (diff.empty()) return out + "There were no differences\n";
    format_security_tables(diff, out);
    std::string current;
    for (const auto& c : diff.changes) {
        if (c.section != current) {
            current = c.section;
            out += current + "\n";
        }
        const char* sign = c.kind == ChangeKind::Added     ? "[+]"
                           : c.kind == ChangeKind::Removed ? "[-]"
                                                           : "[~]";
        const std::string type = c.kind == ChangeKind::Removed ? c.old_type : c.new_type;
        out += std::string(sign) + " " + (type.empty() ? "" : type + " ") + c.logical_id;
        if (c.replaces_type) out += " (type changes from " + c.old_type + ": replacement)";
        out += "\n";
        for (const auto& p : c.properties) {
            format_property_change(p.path.empty() ? std::string("value") : p.path, p.old_value, p.new_value,
                                   out);
        }
    }
    return out;
}

Json diff_to_json(const TemplateDiff& diff, bool security_only) {
    Json changes = Json::array();
    for (const auto& c : security_only ? std::vector<ElementChange>{} : diff.changes) {
        Json props = Json::array();
        for (const auto& p : c.properties)
            props.push_back({{"path", p.path}, {"old", p.old_value}, {"new", p.new_value}});
        changes.push_back({{"section", c.section},
                           {"logicalId", c.logical_id},
                           {"change", to_string(c.kind)},
                           {"oldType", c.old_type},
                           {"newType", c.new_type},
                           {"properties", props}});
    }
    Json iam = Json::array();
    for (const auto& c : diff.iam) {
        iam.push_back({{"change", c.added ? "added" : "removed"},
                       {"resource", c.resource},
                       {"effect", c.effect},
                       {"actions", c.actions},
                       {"principals", c.principals},
                       {"resources", c.resources},
                       {"condition", c.condition}});
    }
    Json sg = Json::array();
    for (const auto& c : diff.security_groups) {
        sg.push_back({{"change", c.added ? "added" : "removed"},
                      {"group", c.group},
                      {"direction", c.direction},
                      {"rule", c.rule}});
    }
    if (security_only) {
        return Json{{"iamChanges", iam},
                    {"securityGroupChanges", sg},
                    {"permissionsBroadened", diff.permissions_broadened()}};
    }
    return Json{{"changes", changes},
                {"iamChanges", iam},
                {"securityGroupChanges", sg},
                {"permissionsBroadened", diff.permissions_broadened()}};
}

} // namespace cdk::toolkit::diff
