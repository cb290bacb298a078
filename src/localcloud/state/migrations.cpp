#include "localcloud/state/migrations.hpp"

namespace cdk::localcloud {

const std::vector<const char*>& migrations() {
    static const std::vector<const char*> kMigrations = {
        // 001: every entity is a JSON document keyed by (account, region, kind, name).
        "CREATE TABLE entities ("
        "  account TEXT NOT NULL, region TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,"
        "  doc TEXT NOT NULL, PRIMARY KEY (account, region, kind, name)) WITHOUT ROWID;"
        "CREATE INDEX entities_by_kind_name ON entities(kind, name);",
    };
    return kMigrations;
}

} // namespace cdk::localcloud
