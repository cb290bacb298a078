#pragma once

#include "core/result.hpp"

#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace cdk::localcloud::detail {

/// The statements the store runs, each prepared once per connection.
enum class Sql {
    Get,
    Put,
    Erase,
    List,
    FindScopes,
    ErasePrefix,
    Begin,
    BeginImmediate,
    Commit,
    Savepoint,
    RollbackTo,
    Release,
    Count
};

/// One SQLite connection of the store and its prepared statements. SQLite compiles a statement's text on
/// every `sqlite3_prepare`; under load that parsing (and the planner) was a few percent of the server's CPU,
/// for the same dozen statements. A connection prepares each on first use and keeps it (SQLite re-prepares it
/// by itself should the schema change). Used by one thread at a time, as the store's connections are.
class Connection {
public:
    /// Opens `file` read-write (creating it), with a 5 s busy timeout; `query_only` for a read connection.
    [[nodiscard]] static Result<std::unique_ptr<Connection>> open(const std::filesystem::path& file,
                                                                  bool query_only);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    [[nodiscard]] sqlite3* db() const { return db_; }
    /// The prepared statement of `sql`, ready to bind; nullptr when SQLite refuses it (see `error`).
    [[nodiscard]] sqlite3_stmt* statement(Sql sql);
    /// Runs `sql`, a statement without rows (BEGIN, COMMIT, SAVEPOINT ...).
    [[nodiscard]] Result<void> run(Sql sql);
    /// The StoreError of what just failed on this connection: `sqlite <what>: <SQLite's message>`.
    [[nodiscard]] Error error(std::string_view what) const;

private:
    explicit Connection(sqlite3* db) : db_(db) {}

    sqlite3* db_;
    std::array<sqlite3_stmt*, static_cast<std::size_t>(Sql::Count)> statements_{};
};

/// A statement in use: reset (its cursor closed, its bindings cleared) when this ends, so that it is ready
/// for the next use and holds no read cursor open across a COMMIT.
class Statement {
public:
    Statement(Connection& connection, Sql sql) : stmt_(connection.statement(sql)) {}
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    [[nodiscard]] bool ok() const { return stmt_ != nullptr; }
    /// Binds `text` without copying it: it must outlive the statement's use (this object).
    Statement& bind(int i, std::string_view text);
    Statement& bind_int(int i, long long v);
    int step();
    [[nodiscard]] std::string_view text(int col);

private:
    sqlite3_stmt* stmt_;
};

} // namespace cdk::localcloud::detail
