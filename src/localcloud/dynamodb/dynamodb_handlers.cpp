#include "localcloud/dynamodb/cfn_table_provider.hpp"
#include "localcloud/dynamodb/dynamodb_backend.hpp"
#include "localcloud/dynamodb/dynamodb_routes.hpp"
#include "localcloud/protocol/model_service.hpp"

namespace cdk::localcloud::dynamodb {

namespace {

/// DynamoDB over JSON 1.0, decoded, validated and encoded by the DynamoDB model.
class DynamoService final : public ModelService {
public:
    explicit DynamoService(CloudContext& cloud) : ModelService("dynamodb"), cloud_(cloud), backend_(cloud) {}

protected:
    Result<Json> call(RequestContext& ctx, const std::string& op, const Json& in) override {
        using Method = Result<Json> (DynamoBackend::*)(Tx&, RequestContext&, const Json&);
        static const std::map<std::string, std::pair<Method, bool>, std::less<>> kOperations = {
            {"CreateTable", {&DynamoBackend::create_table, false}},
            {"DescribeTable", {&DynamoBackend::describe_table, true}},
            {"DeleteTable", {&DynamoBackend::delete_table, false}},
            {"ListTables", {&DynamoBackend::list_tables, true}},
            {"PutItem", {&DynamoBackend::put_item, false}},
            {"GetItem", {&DynamoBackend::get_item, true}},
            {"DeleteItem", {&DynamoBackend::delete_item, false}},
            {"UpdateItem", {&DynamoBackend::update_item, false}},
            {"Query", {&DynamoBackend::query, true}},
            {"Scan", {&DynamoBackend::scan, true}},
            {"BatchWriteItem", {&DynamoBackend::batch_write, false}},
            {"BatchGetItem", {&DynamoBackend::batch_get, true}},
        };
        // The legacy parameters (before expressions) and parallel scans are not served: refused rather than
        // ignored, so that a condition is never silently dropped.
        for (const char* legacy :
             {"Expected", "KeyConditions", "AttributeUpdates", "QueryFilter", "ScanFilter", "AttributesToGet",
              "ConditionalOperator", "Segment", "TotalSegments"}) {
            if (in.contains(legacy)) {
                return make_error("ValidationException",
                                  std::string(legacy) + " is not supported by localcloud; use expressions",
                                  400);
            }
        }
        const auto it = kOperations.find(op);
        if (it == kOperations.end()) return not_implemented(op);
        const Method method = it->second.first;
        auto run = [&](Tx& tx) { return (backend_.*method)(tx, ctx, in); };
        return it->second.second ? cloud_.store.read<Json>(run) : cloud_.store.write<Json>(run);
    }

private:
    CloudContext& cloud_;
    DynamoBackend backend_;
};

} // namespace

void register_dynamodb(CloudContext& cloud, ServiceRegistry& services,
                       cloudformation::ProviderRegistry& providers) {
    services.add(std::make_unique<DynamoService>(cloud));
    providers.add(std::make_unique<CfnTableProvider>(cloud));
}

} // namespace cdk::localcloud::dynamodb
