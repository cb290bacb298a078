#include "synth/stack_synthesizers/default_stack_synthesizer.hpp"

#include "assembly/writer.hpp"
#include "cfn/cfn_parameter.hpp"
#include "cfn/cfn_rule.hpp"
#include "constructs/stack.hpp"
#include "core/hash.hpp"
#include "core/json_writer.hpp"
#include "core/strings.hpp"
#include "synth/detail/parallel.hpp"
#include "synth/detail/prepared_fragments.hpp"
#include "synth/stack_template.hpp"
#include "synth/synthesis_session.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace cdk {
namespace {

/// Fn::Sub when the string still holds placeholders (CDK: cfnify).
std::string cfnify(const std::string& s) {
    return s.find("${") != std::string::npos ? Fn::sub(s) : s;
}

std::string env_name_part(const std::string& value, const char* fallback) {
    return Token::is_unresolved(value) ? std::string(fallback) : value;
}

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/// JSON.stringify of a destination in aws-cdk-lib's key order (used for the destination id hash): the bytes
/// of nlohmann's compact dump, written directly; a non-ASCII value goes through nlohmann (which rejects
/// invalid UTF-8 there).
std::string destination_json(const assembly::FileDestination& d) {
    const bool ascii = is_ascii(d.bucket_name) && is_ascii(d.object_key) &&
                       (!d.region || is_ascii(*d.region)) &&
                       (!d.assume_role_arn || is_ascii(*d.assume_role_arn));
    if (!ascii) {
        nlohmann::ordered_json j;
        j["bucketName"] = d.bucket_name;
        j["objectKey"] = d.object_key;
        if (d.region) {
            j["region"] = *d.region;
        }
        if (d.assume_role_arn) {
            j["assumeRoleArn"] = *d.assume_role_arn;
        }
        return j.dump();
    }
    std::string out = "{\"bucketName\":";
    json::append_string(out, d.bucket_name);
    out += ",\"objectKey\":";
    json::append_string(out, d.object_key);
    if (d.region) {
        out += ",\"region\":";
        json::append_string(out, *d.region);
    }
    if (d.assume_role_arn) {
        out += ",\"assumeRoleArn\":";
        json::append_string(out, *d.assume_role_arn);
    }
    out += '}';
    return out;
}

void add_bootstrap_version_rule(Stack& stack, int required, const std::string& ssm_parameter) {
    if (stack.node().try_find_child("BootstrapVersion") != nullptr) {
        return;
    }
    auto& param = make<CfnParameter>(
        stack, "BootstrapVersion",
        CfnParameterProps{.type = "AWS::SSM::Parameter::Value<String>",
                          .default_value = ssm_parameter,
                          .description =
                              "Version of the CDK Bootstrap resources in this environment, automatically "
                              "retrieved from SSM Parameter Store. [cdk:skip]"});
    std::vector<std::string> old_versions;
    for (int n = 1; n < required; ++n) {
        old_versions.push_back(std::to_string(n));
    }
    make<CfnRule>(
        stack, "CheckBootstrapVersion",
        CfnRuleProps{
            .assertions = {{Fn::condition_not(Fn::condition_contains(old_versions, param.value_as_string())),
                            "CDK bootstrap stack version " + std::to_string(required) +
                                " required. Please run 'cdk bootstrap' with a recent version of "
                                "the CDK CLI."}}});
}

} // namespace

DefaultStackSynthesizer::DefaultStackSynthesizer(DefaultStackSynthesizerProps props)
    : props_(std::move(props)) {}

void DefaultStackSynthesizer::bind(Stack& stack) {
    if (stack_ != nullptr) {
        throw ValidationError("a DefaultStackSynthesizer can only be used for one stack",
                              stack.node().path());
    }
    stack_ = &stack;
    qualifier_ = props_.qualifier;
    if (qualifier_.empty()) {
        const Json ctx = stack.node().try_get_context(kQualifierContextKey);
        qualifier_ = ctx.is_string() ? ctx.get<std::string>() : kDefaultQualifier;
    }
    // The names every asset and the manifest use, specialized once.
    ssm_parameter_ = specialize(props_.bootstrap_stack_version_ssm_parameter);
    bucket_name_ = specialize(props_.file_assets_bucket_name);
    publishing_role_arn_ = specialize(props_.file_asset_publishing_role_arn);
    if (props_.generate_bootstrap_version_rule) {
        add_bootstrap_version_rule(stack, kMinBootstrapStackVersion, ssm_parameter_);
    }
}

std::string DefaultStackSynthesizer::specialize(const std::string& text) const {
    const std::string* account = nullptr;
    const std::string* region = nullptr;
    if (stack_ != nullptr) {
        if (!Token::is_unresolved(stack_->account())) {
            account = &stack_->account();
        }
        if (!Token::is_unresolved(stack_->region())) {
            region = &stack_->region();
        }
    }
    std::string out;
    out.reserve(text.size() + 32);
    std::size_t from = 0;
    for (std::size_t at = text.find("${"); at != std::string::npos; at = text.find("${", at + 2)) {
        const std::string_view rest = std::string_view(text).substr(at);
        const std::string* value = nullptr;
        std::size_t length = 0;
        if (rest.starts_with("${Qualifier}")) {
            value = &qualifier_;
            length = 12;
        } else if (account != nullptr && rest.starts_with("${AWS::AccountId}")) {
            value = account;
            length = 17;
        } else if (region != nullptr && rest.starts_with("${AWS::Region}")) {
            value = region;
            length = 14;
        } else {
            continue;
        }
        out.append(text, from, at - from);
        out += *value;
        from = at + length;
        at = from - 2; // the next search starts at `from`
    }
    out.append(text, from, std::string::npos);
    // One pass gives what replacing the placeholders one after the other gives, unless a replacement
    // forms a later placeholder with the text around it (or holds one): that leaves a placeholder behind,
    // and the replacements are then made one after the other.
    if ((account != nullptr && out.find("${AWS::AccountId}") != std::string::npos) ||
        (region != nullptr && out.find("${AWS::Region}") != std::string::npos)) {
        out = strings::replace_all(text, "${Qualifier}", qualifier_);
        if (account != nullptr) {
            out = strings::replace_all(out, "${AWS::AccountId}", *account);
        }
        if (region != nullptr) {
            out = strings::replace_all(out, "${AWS::Region}", *region);
        }
    }
    return out;
}

assembly::FileDestination DefaultStackSynthesizer::destination(const std::string& object_key) const {
    assembly::FileDestination d;
    d.bucket_name = bucket_name_;
    d.object_key = object_key;
    if (!Token::is_unresolved(stack_->region())) {
        d.region = stack_->region();
    }
    d.assume_role_arn = publishing_role_arn_;
    return d;
}

void DefaultStackSynthesizer::add_to_manifest(const std::string& id, assembly::FileAsset asset) {
    auto& entry = assets_.files[id];
    if (entry.destinations.empty() &&
        std::find(file_asset_ids_.begin(), file_asset_ids_.end(), id) == file_asset_ids_.end()) {
        file_asset_ids_.push_back(id);
    }
    if (entry.destinations.empty()) {
        entry.display_name = asset.display_name;
        entry.source = asset.source;
    }
    for (auto& [k, v] : asset.destinations) {
        entry.destinations[k] = v;
    }
}

FileAssetLocation DefaultStackSynthesizer::add_file_asset(const FileAssetSource& asset) {
    if (stack_ == nullptr) {
        throw ValidationError("the synthesizer must be bound to a stack before assets are added");
    }
    const std::string extension =
        asset.packaging == FileAssetPackaging::ZipDirectory ? ".zip" : asset.extension;
    const std::string object_key = props_.bucket_prefix + asset.source_hash + extension;
    const auto dest = destination(object_key);
    const std::string dest_id = env_name_part(stack_->account(), "current_account") + "-" +
                                env_name_part(stack_->region(), "current_region") + "-" +
                                hash::sha256_hex(destination_json(dest)).substr(0, 8);
    assembly::FileAsset entry;
    if (!asset.display_name.empty()) {
        entry.display_name = asset.display_name;
    }
    entry.source.path = asset.file_name;
    entry.source.packaging = asset.packaging == FileAssetPackaging::ZipDirectory
                                 ? assembly::FilePackaging::Zip
                                 : assembly::FilePackaging::File;
    entry.destinations[dest_id] = dest;
    add_to_manifest(asset.source_hash, std::move(entry));

    const std::string region = Token::is_unresolved(stack_->region()) ? "${AWS::Region}" : stack_->region();
    FileAssetLocation location;
    location.bucket_name = cfnify(dest.bucket_name);
    location.object_key = cfnify(dest.object_key);
    location.http_url =
        cfnify("https://s3." + region + ".${AWS::URLSuffix}/" + dest.bucket_name + "/" + dest.object_key);
    location.s3_object_url = cfnify("s3://" + dest.bucket_name + "/" + dest.object_key);
    return location;
}

void DefaultStackSynthesizer::synthesize(SynthesisSession& session) {
    Stack& stack = *stack_;
    // The template and the metadata file are independent: a big stack writes them on two threads.
    // The template's asset hash is taken from the bytes written, not read back.
    const auto template_path = session.outdir() / stack.template_file();
    const std::string metadata_file = stack.artifact_id() + ".metadata.json";
    std::string template_hash;
    const std::vector<std::function<void()>> jobs{
        [&] {
            const std::string text = detail::render_stack_template_text(stack, session.prepared_fragments());
            if (auto written = assembly::write_text_file(template_path, text); !written) {
                throw std::runtime_error("cannot write " + template_path.string() + ": " +
                                         written.error().to_string());
            }
            template_hash = hash::sha256_hex(text);
        },
        [&] {
            if (auto r = assembly::write_metadata_file(session.outdir() / metadata_file,
                                                       collect_stack_metadata(stack));
                !r) {
                throw std::runtime_error("cannot write " + metadata_file + ": " + r.error().to_string());
            }
        }};
    const bool big = stack.node().find_all().size() >= detail::kParallelConstructsFrom;
    detail::run_jobs(jobs, big ? detail::synth_threads() : 1);
    const FileAssetSource template_asset{.source_hash = template_hash,
                                         .file_name = stack.template_file(),
                                         .packaging = FileAssetPackaging::File,
                                         .extension = ".json",
                                         .display_name = stack.stack_name() + " Template"};
    (void)add_file_asset(template_asset);
    const auto template_dest = destination(props_.bucket_prefix + template_hash + ".json");

    const std::string& ssm_parameter = ssm_parameter_;
    const std::string assets_id = stack.artifact_id() + ".assets";
    const std::string assets_file = assets_id + ".json";
    if (auto r = assembly::write_asset_manifest(session.outdir() / assets_file, assets_); !r) {
        throw std::runtime_error("cannot write the asset manifest: " + r.error().to_string());
    }
    assembly::ArtifactManifest assets_artifact;
    assets_artifact.id = assets_id;
    assets_artifact.type = assembly::ArtifactType::AssetManifest;
    assets_artifact.properties =
        assembly::AssetManifestProperties{.file = assets_file,
                                          .requires_bootstrap_stack_version = kMinBootstrapStackVersion,
                                          .bootstrap_stack_version_ssm_parameter = ssm_parameter};
    session.add_artifact(std::move(assets_artifact));

    assembly::StackProperties props;
    props.template_file = stack.template_file();
    props.termination_protection = stack.termination_protection().value_or(false);
    for (const auto& [k, v] : stack.tags()) {
        props.tags[k] = v;
    }
    if (!stack.notification_arns().empty()) {
        props.notification_arns = stack.notification_arns();
    }
    props.validate_on_synth = false;
    props.assume_role_arn = specialize(props_.deploy_role_arn);
    props.cloud_formation_execution_role_arn = specialize(props_.cloudformation_execution_role);
    props.stack_template_asset_object_url =
        "s3://" + template_dest.bucket_name + "/" + template_dest.object_key;
    props.requires_bootstrap_stack_version = kMinBootstrapStackVersion;
    props.bootstrap_stack_version_ssm_parameter = ssm_parameter;
    props.additional_dependencies = {assets_id};
    props.lookup_role =
        assembly::BootstrapRole{.arn = specialize(props_.lookup_role_arn),
                                .requires_bootstrap_stack_version = kMinLookupRoleBootstrapStackVersion,
                                .bootstrap_stack_version_ssm_parameter = ssm_parameter};
    if (stack.stack_name() != stack.artifact_id()) {
        props.stack_name = stack.stack_name();
    }

    assembly::ArtifactManifest artifact;
    artifact.id = stack.artifact_id();
    artifact.type = assembly::ArtifactType::CloudFormationStack;
    artifact.environment = stack.environment();
    artifact.properties = std::move(props);
    for (const auto& dep : stack.dependencies()) {
        artifact.dependencies.push_back(dep.target->artifact_id());
    }
    artifact.dependencies.push_back(assets_id);
    artifact.additional_metadata_file = metadata_file;
    artifact.display_name = stack.node().path();
    session.add_artifact(std::move(artifact));
}

IStackSynthesizer& synthesizer_of(Stack& stack) {
    if (!stack.synthesizer()) {
        stack.set_synthesizer(std::make_shared<DefaultStackSynthesizer>());
    }
    return *stack.synthesizer();
}

} // namespace cdk
