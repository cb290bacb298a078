#include "core/parse_int.hpp"
#include "localcloud/protocol/model_service.hpp"
#include "localcloud/ssm/cfn_parameter_provider.hpp"
#include "localcloud/ssm/ssm_backend.hpp"
#include "localcloud/ssm/ssm_errors.hpp"
#include "localcloud/ssm/ssm_routes.hpp"

namespace cdk::localcloud::ssm {

namespace {

/// SSM Parameter Store over JSON 1.1 (`X-Amz-Target: AmazonSSM.<Operation>`), decoded, validated and
/// encoded by the SSM model.
class SsmService final : public ModelService {
public:
    explicit SsmService(CloudContext& cloud) : ModelService("ssm"), cloud_(cloud), backend_(cloud) {}

protected:
    Result<Json> call(RequestContext& ctx, const std::string& op, const Json& in) override {
        const bool writes = op == "PutParameter" || op == "DeleteParameter" || op == "DeleteParameters";
        // Reading a SecureString may create nothing, but the default SSM key is created on first put only.
        auto run = [&](Tx& tx) { return dispatch(tx, ctx, op, in); };
        return writes ? cloud_.store.write<Json>(run) : cloud_.store.read<Json>(run);
    }

private:
    Result<Json> dispatch(Tx& tx, RequestContext& ctx, const std::string& op, const Json& in) {
        const bool decrypt = in.value("WithDecryption", false);
        if (op == "PutParameter") {
            PutParameterRequest r;
            r.name = in.value("Name", "");
            r.value = in.value("Value", "");
            r.type = in.value("Type", "String");
            r.overwrite = in.value("Overwrite", false);
            r.description = in.value("Description", "");
            r.key_id = in.value("KeyId", "");
            r.data_type = in.value("DataType", "text");
            r.tags = in.value("Tags", Json::array());
            return backend_.put(tx, ctx, r);
        }
        if (op == "GetParameter") {
            auto p = backend_.get(tx, ctx, in.value("Name", ""), decrypt);
            if (!p) return p.error();
            return Json{{"Parameter", *p}};
        }
        if (op == "GetParameters") {
            Json found = Json::array();
            Json invalid = Json::array();
            for (const auto& n : in.value("Names", Json::array())) {
                auto p = backend_.get(tx, ctx, n.get<std::string>(), decrypt);
                if (p) {
                    found.push_back(*p);
                } else if (p.error().code == "ParameterNotFound" ||
                           p.error().code == "ParameterVersionNotFound") {
                    invalid.push_back(n);
                } else {
                    return p.error();
                }
            }
            return Json{{"Parameters", found}, {"InvalidParameters", invalid}};
        }
        if (op == "GetParametersByPath") {
            auto all =
                backend_.by_path(tx, ctx, in.value("Path", "/"), in.value("Recursive", false), decrypt);
            if (!all) return all.error();
            return page(*all, in, "Parameters");
        }
        if (op == "DeleteParameter") {
            if (auto r = backend_.remove(tx, ctx, in.value("Name", "")); !r) return r.error();
            return Json::object();
        }
        if (op == "DeleteParameters") {
            Json deleted = Json::array();
            Json invalid = Json::array();
            for (const auto& n : in.value("Names", Json::array())) {
                auto r = backend_.remove(tx, ctx, n.get<std::string>());
                if (r)
                    deleted.push_back(n);
                else if (r.error().code == "ParameterNotFound")
                    invalid.push_back(n);
                else
                    return r.error();
            }
            return Json{{"DeletedParameters", deleted}, {"InvalidParameters", invalid}};
        }
        if (op == "DescribeParameters") {
            Json filters = in.value("ParameterFilters", Json::array());
            for (const auto& f : in.value("Filters", Json::array())) {
                filters.push_back(
                    {{"Key", f.value("Key", "")}, {"Option", "Equals"}, {"Values", f["Values"]}});
            }
            auto all = backend_.describe(tx, ctx, filters);
            if (!all) return all.error();
            return page(*all, in, "Parameters");
        }
        if (op == "GetParameterHistory") {
            auto all = backend_.history(tx, ctx, in.value("Name", ""), decrypt);
            if (!all) return all.error();
            return page(*all, in, "Parameters");
        }
        return not_implemented(op);
    }

    /// Paginates with MaxResults/NextToken (the token is the index of the next item).
    static Result<Json> page(const std::vector<Json>& all, const Json& in, const char* field) {
        std::size_t start = 0;
        if (in.contains("NextToken")) {
            const auto token = parse_int<std::size_t>(in["NextToken"].get<std::string>());
            if (!token) return validation("The NextToken is not valid");
            start = *token;
        }
        const std::size_t max = in.value("MaxResults", 10);
        Json items = Json::array();
        for (std::size_t i = start; i < all.size() && items.size() < max; ++i)
            items.push_back(all[i]);
        Json out{{field, items}};
        if (start + items.size() < all.size()) out["NextToken"] = std::to_string(start + items.size());
        return out;
    }

    CloudContext& cloud_;
    SsmBackend backend_;
};

} // namespace

void register_ssm(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers) {
    add_service<SsmService, CfnParameterProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::ssm
