#include "localcloud/ssm/ssm_backend.hpp"

#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/ssm/ssm_errors.hpp"
#include "localcloud/state/ids.hpp"

#include <regex>

namespace cdk::localcloud::ssm {

namespace {

constexpr const char* kKind = "ssm:param";

Scope scope_of(const RequestContext& ctx) {
    return Scope{ctx.caller.account(), ctx.region};
}

} // namespace

std::string SsmBackend::arn(const std::string& region, const std::string& account, const std::string& name) {
    return "arn:aws:ssm:" + region + ":" + account + ":parameter" +
           (strings::starts_with(name, "/") ? "" : "/") + name;
}

Result<void> SsmBackend::authorize(Tx& tx, RequestContext& ctx, const std::string& action,
                                   const std::string& resource) {
    return cloud_.iam.authorize(tx, ctx.caller, action, resource, ctx.caller.account(), std::nullopt,
                                iam::ResourcePolicyMode::None, ctx.condition_context,
                                "AccessDeniedException");
}

Result<Json> SsmBackend::put(Tx& tx, RequestContext& ctx, const PutParameterRequest& request) {
    static const std::regex kName(R"(^[a-zA-Z0-9_.\-/]{1,2048}$)");
    if (!std::regex_match(request.name, kName)) {
        return validation(
            "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive) and must "
            "only contain a-zA-Z0-9_.-/: '" +
            request.name + "'");
    }
    if (request.type != "String" && request.type != "StringList" && request.type != "SecureString") {
        return validation("1 validation error detected: Value '" + request.type +
                          "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: "
                          "[SecureString, StringList, String]");
    }
    const std::string param_arn = arn(ctx.region, ctx.caller.account(), request.name);
    if (auto a = authorize(tx, ctx, "ssm:PutParameter", param_arn); !a) return a.error();
    auto existing = tx.get(scope_of(ctx), kKind, request.name);
    if (!existing) return existing.error();
    if (existing->has_value() && !request.overwrite) {
        return parameter_already_exists(
            "The parameter already exists. To overwrite this request value, set the "
            "overwrite option in the request to true.");
    }
    Json stored =
        existing->has_value() ? **existing : Json{{"Name", request.name}, {"History", Json::array()}};
    const int version = stored.value("Version", 0) + 1;
    Json entry{{"Version", version},
               {"Type", request.type},
               {"Description", request.description},
               {"DataType", request.data_type},
               {"LastModifiedDate", epoch_seconds(ctx.now)},
               {"LastModifiedUser", ctx.caller.arn()}};
    if (request.type == "SecureString") {
        std::string key_ref = request.key_id;
        if (key_ref.empty() || key_ref == "alias/aws/ssm") {
            auto id = cloud_.kms->ensure_aws_managed_key(tx, ctx.caller.account(), ctx.region, "ssm");
            if (!id) return id.error();
            key_ref = *id;
        }
        auto blob = cloud_.kms->encrypt(tx, cloud_.iam, ctx.caller, ctx.region, key_ref, request.value,
                                        Json{{"PARAMETER_ARN", param_arn}}, ctx.condition_context,
                                        "ssm." + ctx.region + ".amazonaws.com");
        if (!blob) return blob.error();
        entry["Ciphertext"] = base64_encode(*blob);
        entry["KeyId"] = request.key_id.empty() ? "alias/aws/ssm" : request.key_id;
    } else {
        entry["Value"] = request.value;
    }
    stored["Version"] = version;
    stored["ARN"] = param_arn;
    stored["Current"] = entry;
    stored["History"].push_back(entry);
    if (!request.tags.empty()) stored["Tags"] = request.tags;
    if (auto r = tx.put(scope_of(ctx), kKind, request.name, stored); !r) return r.error();
    return Json{{"Version", version}, {"Tier", "Standard"}};
}

Result<Json> SsmBackend::render(Tx& tx, RequestContext& ctx, const Json& stored, const Json& version,
                                bool decrypt) {
    Json out{{"Name", stored["Name"]},        {"Type", version["Type"]},
             {"Version", version["Version"]}, {"LastModifiedDate", version["LastModifiedDate"]},
             {"ARN", stored["ARN"]},          {"DataType", version.value("DataType", "text")}};
    if (version.contains("Ciphertext")) {
        if (!decrypt) {
            out["Value"] = version["Ciphertext"];
        } else {
            auto blob = base64_decode(version["Ciphertext"].get<std::string>());
            if (!blob) return blob.error();
            auto plain =
                cloud_.kms->decrypt(tx, cloud_.iam, ctx.caller, *blob, Json{{"PARAMETER_ARN", stored["ARN"]}},
                                    ctx.condition_context, "ssm." + ctx.region + ".amazonaws.com");
            if (!plain) return plain.error();
            out["Value"] = plain->plaintext;
        }
    } else {
        out["Value"] = version["Value"];
    }
    return out;
}

Result<Json> SsmBackend::get(Tx& tx, RequestContext& ctx, const std::string& name_ref, bool with_decryption) {
    std::string name = name_ref;
    int wanted = 0;
    if (const auto colon = name_ref.rfind(':');
        colon != std::string::npos && !strings::starts_with(name_ref, "arn:")) {
        name = name_ref.substr(0, colon);
        const auto selected = parse_int<int>(std::string_view(name_ref).substr(colon + 1));
        if (!selected || *selected < 1) return validation("invalid version selector in '" + name_ref + "'");
        wanted = *selected;
    }
    if (strings::starts_with(name, "arn:")) name = name.substr(name.find(":parameter") + 10);
    if (auto a = authorize(tx, ctx, "ssm:GetParameter", arn(ctx.region, ctx.caller.account(), name)); !a) {
        return a.error();
    }
    auto stored = tx.get(scope_of(ctx), kKind, name);
    if (!stored) return stored.error();
    if (!stored->has_value()) {
        // Parameters are stored under the name as given; "/x" and "x" are different parameters in AWS too.
        return parameter_not_found("Parameter " + name + " not found.");
    }
    const Json& s = **stored;
    if (wanted == 0) return render(tx, ctx, s, s["Current"], with_decryption);
    for (const auto& v : s["History"]) {
        if (v["Version"] == wanted) return render(tx, ctx, s, v, with_decryption);
    }
    return version_not_found("Systems Manager could not find version " + std::to_string(wanted) + " of " +
                             name + ". Verify the version and try again.");
}

Result<std::vector<Json>> SsmBackend::by_path(Tx& tx, RequestContext& ctx, const std::string& path,
                                              bool recursive, bool with_decryption) {
    if (auto a = authorize(tx, ctx, "ssm:GetParametersByPath", arn(ctx.region, ctx.caller.account(), path));
        !a) {
        return a.error();
    }
    std::string prefix = path;
    if (!strings::ends_with(prefix, "/")) prefix += "/";
    auto rows = tx.list(scope_of(ctx), kKind, prefix == "/" ? "/" : prefix);
    if (!rows) return rows.error();
    std::vector<Json> out;
    for (const auto& [name, stored] : *rows) {
        const std::string rest = name.substr(prefix.size());
        if (!recursive && rest.find('/') != std::string::npos) continue;
        auto p = render(tx, ctx, stored, stored["Current"], with_decryption);
        if (!p) return p.error();
        out.push_back(*p);
    }
    return out;
}

Result<void> SsmBackend::remove(Tx& tx, RequestContext& ctx, const std::string& name) {
    if (auto a = authorize(tx, ctx, "ssm:DeleteParameter", arn(ctx.region, ctx.caller.account(), name)); !a) {
        return a.error();
    }
    auto erased = tx.erase(scope_of(ctx), kKind, name);
    if (!erased) return erased.error();
    if (!*erased) return parameter_not_found("Parameter " + name + " not found.");
    return ok();
}

Result<std::vector<Json>> SsmBackend::describe(Tx& tx, RequestContext& ctx, const Json& filters) {
    if (auto a = authorize(tx, ctx, "ssm:DescribeParameters", "*"); !a) return a.error();
    auto rows = tx.list(scope_of(ctx), kKind);
    if (!rows) return rows.error();
    std::vector<Json> out;
    for (const auto& [name, s] : *rows) {
        bool keep = true;
        for (const auto& f : filters) {
            const std::string key = f.value("Key", "");
            const std::string option = f.value("Option", "Equals");
            const auto values = f.value("Values", Json::array());
            bool any = false;
            for (const auto& v : values) {
                const std::string want = v.get<std::string>();
                const std::string have = key == "Name"   ? name
                                         : key == "Type" ? s["Current"].value("Type", "")
                                                         : "";
                if (key == "Path") {
                    std::string prefix = want;
                    if (!strings::ends_with(prefix, "/")) prefix += "/";
                    any = any || strings::starts_with(name, prefix);
                } else if (option == "BeginsWith") {
                    any = any || strings::starts_with(have, want);
                } else if (option == "Contains") {
                    any = any || have.find(want) != std::string::npos;
                } else {
                    any = any || have == want;
                }
            }
            keep = keep && any;
        }
        if (!keep) continue;
        const Json& c = s["Current"];
        Json meta{{"Name", name},
                  {"ARN", s["ARN"]},
                  {"Type", c["Type"]},
                  {"Version", c["Version"]},
                  {"LastModifiedDate", c["LastModifiedDate"]},
                  {"LastModifiedUser", c.value("LastModifiedUser", "")},
                  {"DataType", c.value("DataType", "text")},
                  {"Tier", "Standard"},
                  {"Policies", Json::array()}};
        if (!c.value("Description", "").empty()) meta["Description"] = c["Description"];
        if (c.contains("KeyId")) meta["KeyId"] = c["KeyId"];
        out.push_back(meta);
    }
    return out;
}

Result<std::vector<Json>> SsmBackend::history(Tx& tx, RequestContext& ctx, const std::string& name,
                                              bool with_decryption) {
    if (auto a = authorize(tx, ctx, "ssm:GetParameterHistory", arn(ctx.region, ctx.caller.account(), name));
        !a) {
        return a.error();
    }
    auto stored = tx.get(scope_of(ctx), kKind, name);
    if (!stored) return stored.error();
    if (!stored->has_value()) return parameter_not_found("Parameter " + name + " not found.");
    std::vector<Json> out;
    for (const auto& v : (**stored)["History"]) {
        auto p = render(tx, ctx, **stored, v, with_decryption);
        if (!p) return p.error();
        (*p).erase("ARN");
        if (!v.value("Description", "").empty()) (*p)["Description"] = v["Description"];
        (*p)["LastModifiedUser"] = v.value("LastModifiedUser", "");
        if (v.contains("KeyId")) (*p)["KeyId"] = v["KeyId"];
        (*p)["Labels"] = Json::array();
        (*p)["Tier"] = "Standard";
        out.push_back(*p);
    }
    return out;
}

} // namespace cdk::localcloud::ssm
