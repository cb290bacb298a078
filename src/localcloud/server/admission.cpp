// LocalCloud::admit: what localcloud decides from a request's head, before the HTTP server reads its body.
#include "core/parse_int.hpp"
#include "core/random.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/server/local_cloud.hpp"
#include "localcloud/server/router.hpp"

namespace cdk::localcloud {

namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;
/// S3's largest single PUT (PutObject, UploadPart): 5 GiB.
constexpr std::uint64_t kS3MaxPut = 5 * 1024 * kMiB;
/// Lambda's CreateFunction/UpdateFunctionCode request limit (a 50 MB zip, base64 in JSON).
constexpr std::uint64_t kLambdaMaxRequest = 69905067;
/// Any other request (Query and JSON APIs, S3 requests other than PUT): well above every documented member
/// limit (a 1 MB template from S3 is fetched, not sent; policies are 10 KB; SQS messages 1 MiB).
constexpr std::uint64_t kApiMaxRequest = 8 * kMiB;

struct Limit {
    std::uint64_t bytes;
    Error error;
};

Limit body_limit(std::string_view service, const ServerRequest& request) {
    if (service == "s3") {
        if (request.method == "PUT") {
            // aws-chunked framing adds under 1% to the raw body; the decoded length is checked on its own.
            return {
                kS3MaxPut + kS3MaxPut / 64,
                make_error("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400)};
        }
        return {kApiMaxRequest,
                make_error("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400)};
    }
    if (service == "lambda") {
        return {kLambdaMaxRequest,
                make_error("RequestEntityTooLargeException",
                           "Request must be smaller than " + std::to_string(kLambdaMaxRequest) + " bytes",
                           413)};
    }
    return {kApiMaxRequest,
            make_error("RequestEntityTooLarge",
                       "Request must be smaller than " + std::to_string(kApiMaxRequest) + " bytes", 413)};
}

} // namespace

Admission LocalCloud::admit(ServerRequest& request, bool large_body) {
    Admission admission;
    // Small bodies are already in: the dispatcher decides everything after reading them, as before.
    admission.max_body = kApiMaxRequest;
    if (request.path == "/_localcloud/health") return admission;
    const aws::ClientRequest wire = to_sigv4_request(request);
    auto signature = aws::sigv4::parse_signature(wire);
    const std::string service_name = route_service(request, signature ? signature->service : std::string{});
    Service* service = services_.find(service_name);
    if (service == nullptr) return admission; // answered UnknownService after a body of at most the API limit
    const Protocol protocol = service->protocol();
    Limit limit = body_limit(service_name, request);
    const auto render = [&](const Error& e) {
        return render_error(protocol, e, random_uuid(), service->xmlns());
    };
    admission.max_body = limit.bytes;
    admission.too_large = render(limit.error);
    if (service_name == "s3" && request.method == "PUT") {
        const std::string decoded = request.header("x-amz-decoded-content-length");
        const auto length = parse_int<std::uint64_t>(decoded);
        if (!decoded.empty() && (!length || *length > kS3MaxPut)) {
            admission.reject = !length
                                   ? render(make_error("InvalidArgument",
                                                       "x-amz-decoded-content-length must be a number", 400))
                                   : admission.too_large;
            return admission;
        }
    }
    if (!large_body) return admission;
    // A large body is read only when the head does not already say that the request will be refused.
    if (!signature) {
        const bool missing = signature.error().code == "MissingAuthenticationToken";
        admission.reject =
            render(missing ? auth_error(protocol, AuthFailure::Missing,
                                        protocol == Protocol::RestXml
                                            ? "Anonymous access is not allowed: sign the request with SigV4"
                                            : "Request is missing Authentication Token")
                           : auth_error(protocol, AuthFailure::BadSignature, signature.error().message));
        return admission;
    }
    if (auto shape = check_signature_shape(request, *signature, protocol, service_name); !shape) {
        admission.reject = render(shape.error());
        return admission;
    }
    // S3 signs the declared payload hash (or UNSIGNED-PAYLOAD, or the streaming seed): the whole signature
    // can be checked now, and the body is compared with the declared hash once read. Other services sign the
    // body's own hash, so their (at most 8 MiB, or Lambda's 67 MiB) bodies are read first, in a bounded
    // number of slots.
    if (protocol != Protocol::RestXml ||
        (!signature->presigned && !request.has_header("x-amz-content-sha256"))) {
        return admission;
    }
    const auto now = std::chrono::system_clock::now();
    auto caller = store_->read<Caller>([&](Tx& tx) {
        return authenticate(tx, cloud_->iam, request, *signature, protocol, service_name, now,
                            AuthStage::Head);
    });
    if (!caller) {
        admission.reject = render(caller.error());
        return admission;
    }
    admission.authenticated = true;
    return admission;
}

} // namespace cdk::localcloud
