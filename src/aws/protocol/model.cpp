#include "aws/protocol/model.hpp"

#include "core/assert.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace cdk::aws::protocol {

namespace detail {
// Defined in the file cmake/embed_files.cmake generates from src/aws/models/*.json.
std::string_view embedded_model(std::string_view name);
} // namespace detail

namespace {
const char* const kServices[] = {"sts",
                                 "iam",
                                 "cloudformation",
                                 "s3",
                                 "ssm",
                                 "kms",
                                 "lambda",
                                 "codepipeline",
                                 "codebuild",
                                 "ecr",
                                 "sqs",
                                 "sqs-query",
                                 "sns",
                                 "logs",
                                 "secretsmanager",
                                 "codestar-connections",
                                 "events"};
} // namespace

std::string_view to_string(Protocol protocol) {
    switch (protocol) {
    case Protocol::Query: return "query";
    case Protocol::Json: return "json";
    case Protocol::RestXml: return "rest-xml";
    case Protocol::RestJson: return "rest-json";
    }
    return "unknown";
}

ServiceModel::ServiceModel(std::string service, Json doc)
    : service_(std::move(service)), doc_(std::move(doc)) {
    const std::string p = meta("protocol");
    if (p == "json")
        protocol_ = Protocol::Json;
    else if (p == "rest-xml")
        protocol_ = Protocol::RestXml;
    else if (p == "rest-json")
        protocol_ = Protocol::RestJson;
    else
        protocol_ = Protocol::Query;
}

Result<const ServiceModel*> ServiceModel::get(std::string_view service) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<ServiceModel>, std::less<>> cache;
    const std::lock_guard lock(mutex);
    if (auto it = cache.find(service); it != cache.end()) return it->second.get();
    const std::string_view text = detail::embedded_model(service);
    if (text.empty()) {
        return make_error("UnknownService", "no embedded API model for service '" + std::string(service) +
                                                "'; add it to tools/aws_models/extract.py and re-run it");
    }
    auto model = std::make_unique<ServiceModel>(std::string(service), Json::parse(text));
    const ServiceModel* out = model.get();
    cache.emplace(std::string(service), std::move(model));
    return out;
}

std::vector<std::string> ServiceModel::embedded_services() {
    return {std::begin(kServices), std::end(kServices)};
}

std::string ServiceModel::meta(std::string_view key) const {
    const Json& m = metadata();
    const auto it = m.find(std::string(key));
    return it != m.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string ServiceModel::signing_name() const {
    std::string name = meta("signingName");
    return name.empty() ? meta("endpointPrefix") : name;
}

const Json* ServiceModel::find_operation(std::string_view name) const {
    const Json& ops = doc_["operations"];
    const auto it = ops.find(std::string(name));
    return it == ops.end() ? nullptr : &*it;
}

std::vector<std::string> ServiceModel::operation_names() const {
    std::vector<std::string> names;
    for (const auto& [k, v] : doc_["operations"].items())
        names.push_back(k);
    return names;
}

const Json& ServiceModel::shape(std::string_view name) const {
    const Json& shapes = doc_["shapes"];
    const auto it = shapes.find(std::string(name));
    CDK_ASSERT(it != shapes.end() && "shape referenced by the model is missing from it");
    return *it;
}

} // namespace cdk::aws::protocol
