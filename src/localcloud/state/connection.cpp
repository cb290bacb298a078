#include "localcloud/state/connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <mutex>

namespace cdk::localcloud::detail {

namespace {

constexpr std::array<const char*, static_cast<std::size_t>(Sql::Count)> kText = {
    "SELECT doc FROM entities WHERE account=?1 AND region=?2 AND kind=?3 AND name=?4",
    "INSERT INTO entities(account,region,kind,name,doc) VALUES(?1,?2,?3,?4,?5) "
    "ON CONFLICT(account,region,kind,name) DO UPDATE SET doc=excluded.doc",
    "DELETE FROM entities WHERE account=?1 AND region=?2 AND kind=?3 AND name=?4",
    "SELECT name, doc FROM entities WHERE account=?1 AND region=?2 AND kind=?3 "
    "AND name >= ?4 AND name < ?5 AND name > ?6 ORDER BY name LIMIT ?7",
    "SELECT account, region FROM entities WHERE kind=?1 AND name=?2",
    "DELETE FROM entities WHERE account=?1 AND region=?2 AND kind=?3 AND name >= ?4 AND name < ?5",
    "BEGIN",
    "BEGIN IMMEDIATE",
    "COMMIT",
    "SAVEPOINT write_job",
    "ROLLBACK TO write_job",
    "RELEASE write_job",
};

/// SQLite's memory statistics take one process-wide mutex on every allocation of every connection (its parser
/// allocates per statement): with a reader per request thread that was ~1/8 of the server's futex calls under
/// load. Nothing reads the statistics. Set before SQLite initialises; refused (harmlessly) if something else
/// in the process initialised it first.
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

} // namespace

Result<std::unique_ptr<Connection>> Connection::open(const std::filesystem::path& file, bool query_only) {
    configure_sqlite_once();
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        Error e =
            make_error("StoreError", fmt::format("cannot open state database {}: {}; check the data "
                                                 "directory's permissions",
                                                 file.string(), db ? sqlite3_errmsg(db) : "out of memory"));
        sqlite3_close(db);
        return e;
    }
    sqlite3_busy_timeout(db, 5000);
    std::unique_ptr<Connection> c(new Connection(db));
    // A reader never writes: refused by SQLite if a bug tried.
    if (query_only && sqlite3_exec(db, "PRAGMA query_only=1", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return c->error("PRAGMA query_only");
    }
    return c;
}

Connection::~Connection() {
    for (sqlite3_stmt* s : statements_)
        sqlite3_finalize(s);
    sqlite3_close(db_);
}

sqlite3_stmt* Connection::statement(Sql sql) {
    sqlite3_stmt*& slot = statements_[static_cast<std::size_t>(sql)];
    if (slot == nullptr) {
        sqlite3_prepare_v3(db_, kText[static_cast<std::size_t>(sql)], -1, SQLITE_PREPARE_PERSISTENT, &slot,
                           nullptr);
    }
    return slot;
}

Result<void> Connection::run(Sql sql) {
    Statement st(*this, sql);
    if (!st.ok() || st.step() != SQLITE_DONE) {
        return error(fmt::format("'{}'", kText[static_cast<std::size_t>(sql)]));
    }
    return ok();
}

Error Connection::error(std::string_view what) const {
    return make_error("StoreError", fmt::format("sqlite {}: {}", what, sqlite3_errmsg(db_)), 500);
}

Statement::~Statement() {
    if (stmt_ == nullptr) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data() == nullptr ? "" : text.data(), static_cast<int>(text.size()),
                      SQLITE_STATIC);
    return *this;
}

Statement& Statement::bind_int(int i, long long v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
}

int Statement::step() {
    return sqlite3_step(stmt_);
}

std::string_view Statement::text(int col) {
    const auto* p = sqlite3_column_text(stmt_, col);
    if (p == nullptr) return {};
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

} // namespace cdk::localcloud::detail
