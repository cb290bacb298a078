#include "constructs/stage.hpp"

#include "tokens/errors.hpp"

#include <filesystem>

namespace cdk {
namespace {

std::string trim_dashes(std::string s) {
    while (!s.empty() && s.front() == '-') {
        s.erase(s.begin());
    }
    while (!s.empty() && s.back() == '-') {
        s.pop_back();
    }
    return s;
}

bool valid_stage_name(const std::string& name) {
    if (name.empty()) {
        return false;
    }
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return (name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z');
}

} // namespace

Stage::Stage(Construct& scope, std::string_view id, const StageProps& props) : Construct(scope, id) {
    set_kind(Kind::Stage);
    parent_stage_ = Stage::of(*this);
    const std::string own_name = props.stage_name.empty() ? node().id() : props.stage_name;
    if (!valid_stage_name(own_name)) {
        throw ValidationError("invalid stage name \"" + own_name +
                                  "\": stage names must start with a letter and contain only A-Za-z0-9_.-",
                              node().path(), own_name);
    }
    stage_name_ = parent_stage_ && !parent_stage_->stage_name().empty()
                      ? parent_stage_->stage_name() + "-" + own_name
                      : own_name;
    if (props.env) {
        account_ = props.env->account;
        region_ = props.env->region;
    }
    if (parent_stage_) {
        if (account_.empty()) {
            account_ = parent_stage_->account();
        }
        if (region_.empty()) {
            region_ = parent_stage_->region();
        }
    }
    std::string path = node().path();
    for (auto& c : path) {
        if (c == '/') {
            c = '-';
        }
    }
    artifact_id_ = "assembly-" + trim_dashes(path);
    if (!props.outdir.empty()) {
        throw ValidationError("only the App can set an outdir; a nested stage writes below its parent",
                              node().path(), props.outdir);
    }
    outdir_ = parent_stage_ ? (std::filesystem::path(parent_stage_->outdir()) / artifact_id_).string()
                            : artifact_id_;
}

Stage::Stage(RootTag tag, const StageProps& props) : Construct(tag), outdir_(props.outdir) {
    set_kind(Kind::Stage);
    if (props.env) {
        account_ = props.env->account;
        region_ = props.env->region;
    }
}

Stage::~Stage() = default;

Stage* Stage::of(const Construct& construct) {
    for (Construct* c = construct.node().scope(); c != nullptr; c = c->node().scope()) {
        if (auto* stage = dynamic_cast<Stage*>(c)) {
            return stage;
        }
    }
    return nullptr;
}

std::string Stage::asset_outdir() const {
    const Stage* s = this;
    while (s->parent_stage_ != nullptr) {
        s = s->parent_stage_;
    }
    return s->outdir_;
}

} // namespace cdk
