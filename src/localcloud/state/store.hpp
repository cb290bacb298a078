#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace cdk::localcloud {

/// Where an entity lives: every piece of state is keyed by (account, region, kind, name).
/// Global things (IAM, access keys) use region "" ; cross-account lookups (access keys) use account "".
struct Scope {
    std::string account;
    std::string region;
};

/// One transaction on the store: the only way to read or write state. Valid only inside the
/// `Store::read` / `Store::write` callback that received it.
class Tx {
public:
    explicit Tx(sqlite3* db) : db_(db) {}

    [[nodiscard]] Result<std::optional<Json>> get(const Scope& scope, std::string_view kind, std::string_view name);
    [[nodiscard]] Result<void> put(const Scope& scope, std::string_view kind, std::string_view name, const Json& doc);
    /// Removes the entity; returns whether it existed.
    [[nodiscard]] Result<bool> erase(const Scope& scope, std::string_view kind, std::string_view name);
    /// Entities of `kind` whose name starts with `prefix` and sorts after `start_after`, by name,
    /// at most `limit` (0 = no limit).
    [[nodiscard]] Result<std::vector<std::pair<std::string, Json>>> list(const Scope& scope, std::string_view kind,
                                                                        std::string_view prefix = {},
                                                                        std::string_view start_after = {},
                                                                        std::size_t limit = 0);
    /// Every scope that holds entities of `kind` named `name` (e.g. a bucket name is global in S3).
    [[nodiscard]] Result<std::vector<Scope>> find_scopes(std::string_view kind, std::string_view name);
    /// Removes every entity of `kind` whose name starts with `prefix`.
    [[nodiscard]] Result<void> erase_prefix(const Scope& scope, std::string_view kind, std::string_view prefix);

private:
    sqlite3* db_;
};

/// The SQLite database of one localcloud data directory: the only owner of `sqlite3*`.
/// WAL journal with `synchronous=FULL`, so a transaction that committed survives `kill -9` and power
/// loss. Every request runs in exactly one transaction: `write` (BEGIN IMMEDIATE … COMMIT, rolled back
/// when the callback fails; concurrent writes share one commit, see `write`) or `read`. Access is
/// serialised by one mutex.
class Store {
public:
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// Opens (creating when needed) the database file and applies pending migrations.
    [[nodiscard]] static Result<std::unique_ptr<Store>> open(const std::filesystem::path& file);

    /// Runs `fn` in one write transaction: committed when it returns a value, rolled back when it returns an
    /// error or throws (the exception then goes on to the dispatcher, the store is as it was). Returns after
    /// the commit is durable.
    ///
    /// Group commit: writes that arrive while one is committing wait, and the next of them commits them all in
    /// one SQLite transaction, each callback inside a SAVEPOINT of its own (a failing one is rolled back to it,
    /// alone), with one fsync for the group. Each callback still sees every write committed before it and
    /// nothing else runs between its reads and writes. A callback may run on another request's thread.
    template <typename T> Result<T> write(const std::function<Result<T>(Tx&)>& fn) {
        std::optional<Result<T>> result;
        const std::function<bool(Tx&)> job = [&](Tx& tx) {
            result.emplace(fn(tx));
            return static_cast<bool>(*result);
        };
        if (auto committed = write_grouped(job); !committed) return committed.error();
        return std::move(*result);
    }

    /// Runs `fn` in one read transaction, ended when `fn` returns or throws.
    template <typename T> Result<T> read(const std::function<Result<T>(Tx&)>& fn) {
        std::lock_guard lock(mutex_);
        if (auto b = exec("BEGIN"); !b) return b.error();
        Transaction open(*this);
        Tx tx(db_);
        Result<T> result = fn(tx);
        if (auto c = exec("COMMIT"); c) open.finished(); // else `open` rolls back
        return result;
    }

    /// The schema version after migrations.
    [[nodiscard]] int schema_version() const { return schema_version_; }

private:
    /// An open transaction: rolled back when it goes out of scope unless `finished()` (committed).
    /// A ROLLBACK cannot fail in a way that leaves it open (SQLite ends the transaction on any error),
    /// so the next request always finds no transaction open.
    class Transaction {
    public:
        explicit Transaction(Store& store) : store_(store) {}
        ~Transaction() {
            if (open_) store_.rollback();
        }
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        void finished() { open_ = false; }

    private:
        Store& store_;
        bool open_ = true;
    };

    explicit Store(sqlite3* db) : db_(db) {}
    /// One write waiting in the group; `done` once its group committed (or failed).
    struct WriteJob {
        const std::function<bool(Tx&)>* fn;
        bool done = false;
        bool kept = false;
        Result<void> status;
        std::exception_ptr exception;
    };
    /// Queues `job`, and commits the queue (its own job among them) when no other thread is committing.
    [[nodiscard]] Result<void> write_grouped(const std::function<bool(Tx&)>& job);
    void commit_group(const std::vector<WriteJob*>& group);
    void rollback() noexcept;
    [[nodiscard]] Result<void> exec(const char* sql);
    [[nodiscard]] Result<void> migrate();

    sqlite3* db_;
    std::mutex mutex_;  ///< the connection
    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::vector<WriteJob*> queue_;
    bool committing_ = false;
    int schema_version_ = 0;
};

} // namespace cdk::localcloud
