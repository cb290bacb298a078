// bench_load: a load generator that measures the server, not the client. N client threads, each with its own
// connection (libcurl handle of the shared pool) and its own AWS clients (src/aws: the model codec, the SigV4
// signer and the HTTP client cdkpp uses), run the same request mix in a loop for a fixed time; every request
// is timed. One process, no interpreter lock: at 64 clients the generator costs a few percent of a core.
//
//   bench_load --endpoint http://127.0.0.1:4566 --access-key K --secret-key S --region ap-southeast-2
//              --clients 1,8,64 --seconds 5 --mix sts,s3,ssm,sqs,sns --bucket B --queue-url U --topic-arn T
//   bench_load ... --probe       # which of the mix's operations the endpoint serves (one request each)
//
// Prints one JSON object per client count: {clients, requests, errors, first_error, seconds, rps, p50_ms,
// p99_ms, ops: {name: {requests, errors, p50_ms, p99_ms}}}.
#include "aws/client/aws_client.hpp"
#include "aws/client/credentials_provider.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace cdk;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string endpoint;
    std::string access_key;
    std::string secret_key;
    std::string region = "us-east-1";
    std::vector<int> clients{1, 8, 64};
    double seconds = 5;
    std::vector<std::string> mix{"sts", "s3", "ssm"};
    std::string bucket = "bench-bucket";
    std::string queue_url;
    std::string topic_arn;
    bool probe = false;
};

/// The AWS clients of one simulated client.
struct Clients {
    std::map<std::string, std::unique_ptr<aws::AwsClient>> by_service;
    aws::AwsClient& get(const std::string& s) { return *by_service.at(s); }
};

Result<Clients> make_clients(const Options& o) {
    Clients out;
    auto creds = std::make_shared<aws::StaticCredentialsProvider>(
        aws::Credentials{o.access_key, o.secret_key, "", std::nullopt}, "bench_load --access-key");
    for (const char* s : {"sts", "s3", "ssm", "sqs", "sns"}) {
        aws::ClientConfig config;
        config.region = o.region;
        config.endpoint.url = o.endpoint;
        config.endpoint.signing_region = o.region;
        config.endpoint.path_style = true;
        config.endpoint.source = "--endpoint";
        config.credentials = creds;
        config.retry.max_attempts = 1; // an error is counted, never hidden by a retry
        config.request_options.total_timeout = std::chrono::seconds(30);
        auto c = aws::AwsClient::create(s, config);
        if (!c) return c.error();
        out.by_service[s] = std::make_unique<aws::AwsClient>(std::move(*c));
    }
    return out;
}

struct OpStats {
    std::vector<double> ms;
    long long errors = 0;
    std::string first_error;
};

/// One client's results, merged at the end.
struct Tally {
    std::map<std::string, OpStats> ops;
    void add(const std::string& op, double ms, const Result<Json>& r) {
        OpStats& s = ops[op];
        s.ms.push_back(ms);
        if (!r) {
            ++s.errors;
            if (s.first_error.empty()) s.first_error = op + ": " + r.error().to_string();
        }
    }
};

Result<Json> timed(Tally& t, const std::string& op, aws::AwsClient& c, const char* operation,
                   const Json& in) {
    const auto start = Clock::now();
    auto r = c.call(operation, in);
    t.add(op, std::chrono::duration<double, std::milli>(Clock::now() - start).count(), r);
    return r;
}

/// One pass of `group` (sts, s3, ssm, sqs or sns) for client `i`, iteration `n`.
void run_group(const Options& o, Clients& c, Tally& t, const std::string& group, int i, long long n) {
    const std::string key = fmt::format("c{}/k{}", i, n % 50);
    if (group == "sts") {
        (void)timed(t, "sts:GetCallerIdentity", c.get("sts"), "GetCallerIdentity", Json::object());
    } else if (group == "s3") {
        (void)timed(t, "s3:PutObject", c.get("s3"), "PutObject",
                    {{"Bucket", o.bucket}, {"Key", key}, {"Body", std::string(1024, 'x')}});
        (void)timed(t, "s3:GetObject", c.get("s3"), "GetObject", {{"Bucket", o.bucket}, {"Key", key}});
    } else if (group == "ssm") {
        const std::string name = "/bench/" + key;
        (void)timed(t, "ssm:PutParameter", c.get("ssm"), "PutParameter",
                    {{"Name", name}, {"Value", std::to_string(n)}, {"Type", "String"}, {"Overwrite", true}});
        (void)timed(t, "ssm:GetParameter", c.get("ssm"), "GetParameter", {{"Name", name}});
    } else if (group == "sqs") {
        (void)timed(t, "sqs:SendMessage", c.get("sqs"), "SendMessage",
                    {{"QueueUrl", o.queue_url}, {"MessageBody", "message " + key}});
        // Up to 10 at a time, each deleted: the queue also gets the SNS group's deliveries, and a receive of
        // one per pass would let it grow for the whole run (and every receive scan a longer queue).
        auto r = timed(t, "sqs:ReceiveMessage", c.get("sqs"), "ReceiveMessage",
                       {{"QueueUrl", o.queue_url}, {"MaxNumberOfMessages", 10}});
        if (r && r->contains("Messages")) {
            for (const auto& m : (*r)["Messages"]) {
                (void)timed(t, "sqs:DeleteMessage", c.get("sqs"), "DeleteMessage",
                            {{"QueueUrl", o.queue_url}, {"ReceiptHandle", m["ReceiptHandle"]}});
            }
        }
    } else if (group == "sns") {
        (void)timed(t, "sns:Publish", c.get("sns"), "Publish",
                    {{"TopicArn", o.topic_arn}, {"Message", "note " + key}});
    }
}

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    const auto k = static_cast<std::size_t>(
        std::min<double>(static_cast<double>(v.size() - 1), p * static_cast<double>(v.size() - 1) + 0.5));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

Json run(const Options& o, int clients) {
    std::vector<Clients> sets;
    for (int i = 0; i < clients; ++i) {
        auto c = make_clients(o);
        if (!c) return Json{{"clients", clients}, {"error", c.error().to_string()}};
        sets.push_back(std::move(*c));
    }
    std::vector<Tally> tallies(static_cast<std::size_t>(clients));
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    Clock::time_point deadline;
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            while (!go.load())
                std::this_thread::yield();
            long long n = 0;
            while (Clock::now() < deadline) {
                for (const auto& g : o.mix)
                    run_group(o, sets[static_cast<std::size_t>(i)], tallies[static_cast<std::size_t>(i)], g,
                              i, n);
                ++n;
            }
        });
    }
    while (ready.load() < clients)
        std::this_thread::yield();
    const auto start = Clock::now();
    deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
    go = true;
    for (auto& t : threads)
        t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::map<std::string, OpStats> merged;
    for (auto& t : tallies) {
        for (auto& [op, s] : t.ops) {
            OpStats& m = merged[op];
            m.ms.insert(m.ms.end(), s.ms.begin(), s.ms.end());
            m.errors += s.errors;
            if (m.first_error.empty()) m.first_error = s.first_error;
        }
    }
    std::vector<double> all;
    long long errors = 0;
    std::string first_error;
    Json ops = Json::object();
    for (auto& [op, s] : merged) {
        all.insert(all.end(), s.ms.begin(), s.ms.end());
        errors += s.errors;
        if (first_error.empty()) first_error = s.first_error;
        const auto requests = static_cast<long long>(s.ms.size());
        ops[op] = Json{{"requests", requests},
                       {"errors", s.errors},
                       {"p50_ms", percentile(s.ms, 0.50)},
                       {"p99_ms", percentile(s.ms, 0.99)}};
    }
    const auto requests = static_cast<long long>(all.size());
    return Json{{"clients", clients},
                {"requests", requests},
                {"errors", errors},
                {"first_error", first_error},
                {"seconds", elapsed},
                {"rps", static_cast<double>(requests) / elapsed},
                {"p50_ms", percentile(all, 0.50)},
                {"p99_ms", percentile(all, 0.99)},
                {"ops", ops}};
}

/// One pass of each group: {group: "" (served) or the first error}.
Json probe(const Options& o) {
    Json out = Json::object();
    auto c = make_clients(o);
    if (!c) return Json{{"error", c.error().to_string()}};
    for (const auto& g : o.mix) {
        Tally t;
        run_group(o, *c, t, g, 0, 0);
        std::string error;
        for (const auto& [op, s] : t.ops) {
            if (error.empty() && s.errors > 0) error = s.first_error;
        }
        out[g] = error;
    }
    return out;
}

int usage(const std::string& why) {
    std::cerr
        << "bench_load: " << why << "\n"
        << "usage: bench_load --endpoint URL --access-key K --secret-key S [--region R] [--clients 1,8,64]\n"
        << "                  [--seconds 5] [--mix sts,s3,ssm,sqs,sns] [--bucket B] [--queue-url U]\n"
        << "                  [--topic-arn T] [--probe]\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::exit(usage(a + " needs a value"));
            }
            return argv[++i];
        };
        if (a == "--endpoint")
            o.endpoint = value();
        else if (a == "--access-key")
            o.access_key = value();
        else if (a == "--secret-key")
            o.secret_key = value();
        else if (a == "--region")
            o.region = value();
        else if (a == "--seconds")
            o.seconds = std::atof(value().c_str());
        else if (a == "--bucket")
            o.bucket = value();
        else if (a == "--queue-url")
            o.queue_url = value();
        else if (a == "--topic-arn")
            o.topic_arn = value();
        else if (a == "--probe")
            o.probe = true;
        else if (a == "--mix") {
            o.mix.clear();
            for (const auto& m : strings::split(value(), ",")) {
                if (m != "sts" && m != "s3" && m != "ssm" && m != "sqs" && m != "sns") {
                    return usage("unknown mix member " + std::string(m) + " (sts, s3, ssm, sqs, sns)");
                }
                o.mix.emplace_back(m);
            }
        } else if (a == "--clients") {
            o.clients.clear();
            for (const auto& c : strings::split(value(), ","))
                o.clients.push_back(std::atoi(std::string(c).c_str()));
        } else {
            return usage("unknown argument " + a);
        }
    }
    if (o.endpoint.empty() || o.access_key.empty() || o.secret_key.empty()) {
        return usage("--endpoint, --access-key and --secret-key are required");
    }
    if (o.probe) {
        std::cout << probe(o).dump() << std::endl;
        return 0;
    }
    for (int c : o.clients) {
        if (c < 1 || c > 1024) return usage("--clients: 1 to 1024 each");
        std::cout << run(o, c).dump() << std::endl;
    }
    return 0;
}
