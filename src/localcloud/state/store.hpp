#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <condition_variable>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cdk::localcloud {

namespace detail {
class Connection;
} // namespace detail

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
    explicit Tx(detail::Connection& connection) : connection_(&connection) {}

    [[nodiscard]] Result<std::optional<Json>> get(const Scope& scope, std::string_view kind,
                                                  std::string_view name);
    [[nodiscard]] Result<void> put(const Scope& scope, std::string_view kind, std::string_view name,
                                   const Json& doc);
    /// Removes the entity; returns whether it existed.
    [[nodiscard]] Result<bool> erase(const Scope& scope, std::string_view kind, std::string_view name);
    /// Entities of `kind` whose name starts with `prefix` and sorts after `start_after`, by name,
    /// at most `limit` (0 = no limit).
    [[nodiscard]] Result<std::vector<std::pair<std::string, Json>>>
    list(const Scope& scope, std::string_view kind, std::string_view prefix = {},
         std::string_view start_after = {}, std::size_t limit = 0);
    /// Every scope that holds entities of `kind` named `name` (e.g. a bucket name is global in S3).
    [[nodiscard]] Result<std::vector<Scope>> find_scopes(std::string_view kind, std::string_view name);
    /// Removes every entity of `kind` whose name starts with `prefix`.
    [[nodiscard]] Result<void> erase_prefix(const Scope& scope, std::string_view kind,
                                            std::string_view prefix);

private:
    detail::Connection* connection_;
};

/// The SQLite database of one localcloud data directory: the only owner of `sqlite3*`.
/// WAL journal with `synchronous=FULL`, so a transaction that committed survives `kill -9` and power
/// loss. Every request runs in exactly one transaction: `write` (BEGIN IMMEDIATE … COMMIT, rolled back
/// when the callback fails; concurrent writes share one commit, see `write`) or `read`.
///
/// Connections: one for writes (the committing thread holds it), and a pool of up to `kMaxReaders` for
/// reads, so a read never waits behind a commit's fsync. WAL gives every read a snapshot of what had
/// committed when it started: it never sees a write that is not yet durable (SQLite publishes a commit to
/// readers only after its WAL frames are synced).
///
/// A write returns only after every read that began before its commit has ended: a read's snapshot may still
/// name what the write replaced (an S3 object file the writer deletes once `write` returns), so what a writer
/// does after `write` can no longer be seen half-done by a read, as when reads and writes shared one lock.
///
/// Callbacks must not call `read` or `write` of the same store (the write would wait for the commit its
/// own callback is part of): doing so throws std::logic_error, which the request gets as its exception.
class Store {
public:
    /// Read connections at most (opened as reads need them).
    static constexpr std::size_t kMaxReaders = 8;

    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// Opens (creating when needed) the database file and applies pending migrations.
    [[nodiscard]] static Result<std::unique_ptr<Store>> open(const std::filesystem::path& file);

    /// Runs `fn` in one write transaction: committed when it returns a value, rolled back when it returns an
    /// error or throws (the exception then goes on to the dispatcher, the store is as it was). Returns after
    /// the commit is durable.
    ///
    /// Group commit: writes that arrive while one is committing wait, and the next of them commits them all
    /// in one SQLite transaction, each callback inside a SAVEPOINT of its own (a failing one is rolled back
    /// to it, alone), with one fsync for the group. Each callback sees every write committed before it (and
    /// those of the callbacks before it in its group, which commit with it or not at all) and nothing else
    /// runs between its reads and writes. A callback may run on another request's thread: it must not depend
    /// on which thread runs it, nor take a lock its caller holds across `write`. Side effects that others can
    /// observe (waking a long poll, deleting a replaced file) belong after `write` returns, not in the
    /// callback.
    template <typename T> Result<T> write(const std::function<Result<T>(Tx&)>& fn) {
        std::optional<Result<T>> result;
        const std::function<bool(Tx&)> job = [&](Tx& tx) {
            result.emplace(fn(tx));
            return static_cast<bool>(*result);
        };
        if (auto committed = write_grouped(job); !committed) return committed.error();
        return std::move(*result);
    }

    /// Runs `fn` in one read transaction on a read connection, ended when `fn` returns or throws.
    template <typename T> Result<T> read(const std::function<Result<T>(Tx&)>& fn) {
        std::optional<Result<T>> result;
        const std::function<void(Tx&)> job = [&](Tx& tx) { result.emplace(fn(tx)); };
        if (auto r = read_on_a_reader(job); !r) return r.error();
        return std::move(*result);
    }

    /// The schema version after migrations.
    [[nodiscard]] int schema_version() const { return schema_version_; }

    /// Commits so far (one per group of writes); for tests and the load benchmark's notes.
    [[nodiscard]] unsigned long long commits() const;

private:
    Store(std::unique_ptr<detail::Connection> writer, std::filesystem::path file);
    /// One write waiting in the group; `done` once its group committed (or failed).
    struct WriteJob {
        const std::function<bool(Tx&)>* fn;
        bool queued = true; ///< still in `queue_`, not yet taken into a group
        bool done = false;
        bool ran = false;
        bool kept = false;
        Result<void> status;
        std::exception_ptr exception;
        /// Its thread waits here (under `queue_mutex_`) for its group to end, or its turn to commit the next.
        std::condition_variable wake;
    };
    /// Queues `job`, and commits the queue (its own job among them) when no other thread is committing.
    [[nodiscard]] Result<void> write_grouped(const std::function<bool(Tx&)>& job);
    void commit_group(const std::vector<WriteJob*>& group);
    [[nodiscard]] Result<void> read_on_a_reader(const std::function<void(Tx&)>& job);
    /// A read connection and the read generation the read began in.
    struct Lease {
        detail::Connection* connection;
        unsigned long long generation;
    };
    [[nodiscard]] Result<Lease> acquire_reader();
    void release_reader(const Lease& lease) noexcept;
    /// Waits until every read that began before this call has ended (called after a commit).
    void wait_for_earlier_reads();
    [[nodiscard]] Result<void> exec(const char* sql);
    static void rollback(detail::Connection& connection) noexcept;
    [[nodiscard]] Result<void> migrate();

    std::unique_ptr<detail::Connection> writer_; ///< used by the committing thread only
    std::filesystem::path file_;
    mutable std::mutex queue_mutex_;
    std::vector<WriteJob*> queue_;
    bool committing_ = false;
    unsigned long long commits_ = 0; ///< guarded by queue_mutex_
    std::mutex readers_mutex_;
    std::condition_variable readers_cv_;
    std::vector<std::unique_ptr<detail::Connection>> readers_; ///< every open read connection
    std::vector<detail::Connection*> idle_readers_;
    std::size_t open_readers_ = 0;                 ///< idle and leased, and being opened
    unsigned long long read_generation_ = 0;       ///< bumped after each commit
    std::vector<unsigned long long> active_reads_; ///< the generation of each read in progress
    std::condition_variable reads_ended_cv_;
    int waiting_for_reads_ = 0;
    int schema_version_ = 0;
};

} // namespace cdk::localcloud
