#include "localcloud/accounts/accounts.hpp"

#include "core/fs.hpp"

#include <regex>

namespace cdk::localcloud {

namespace {
const Scope kGlobal{"", ""};
} // namespace

std::vector<AccountSpec> default_accounts() {
    return {{"999999999999", "build"},
            {"111111111111", "dev"},
            {"222222222222", "test"},
            {"333333333333", "prod"}};
}

Result<std::vector<AccountSpec>> load_accounts(const std::filesystem::path& file) {
    auto text = fs::read_file(file);
    if (!text) return text.error();
    std::vector<AccountSpec> out;
    try {
        const Json doc = Json::parse(*text);
        static const std::regex kId("^[0-9]{12}$");
        static const std::regex kName("^[A-Za-z0-9_-]{1,64}$");
        for (const auto& a : doc.at("accounts")) {
            AccountSpec spec{a.at("id").get<std::string>(), a.at("name").get<std::string>()};
            if (!std::regex_match(spec.id, kId)) {
                return make_error("InvalidAccountsFile",
                                  "account id '" + spec.id + "' in " + file.string() + " must be 12 digits");
            }
            if (!std::regex_match(spec.name, kName)) {
                return make_error("InvalidAccountsFile", "account name '" + spec.name + "' in " +
                                                             file.string() +
                                                             " must be 1-64 letters, digits, '-' or '_'");
            }
            out.push_back(spec);
        }
    } catch (const std::exception& e) {
        return make_error("InvalidAccountsFile",
                          "cannot read accounts file " + file.string() + ": " + e.what() +
                              "; expected {\"accounts\": [{\"id\": \"…\", \"name\": \"…\"}]}");
    }
    if (out.empty())
        return make_error("InvalidAccountsFile", "accounts file " + file.string() + " lists no account");
    return out;
}

Result<std::vector<AccountCredentials>> read_account_credentials(Store& store) {
    return store.read<std::vector<AccountCredentials>>(
        [&](Tx& tx) -> Result<std::vector<AccountCredentials>> {
            auto rows = tx.list(kGlobal, "account");
            if (!rows) return rows.error();
            std::vector<AccountCredentials> out;
            for (const auto& [id, a] : *rows) {
                out.push_back({{id, a.value("Name", id)},
                               a.value("AccessKeyId", ""),
                               a.value("SecretAccessKey", ""),
                               a.value("UserArn", "")});
            }
            return out;
        });
}

} // namespace cdk::localcloud
