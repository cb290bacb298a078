#pragma once

#include "aws/protocol/model.hpp"
#include "aws/sigv4/http_message.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>

/// Model-driven codecs for the AWS wire protocols (query, JSON 1.0/1.1, REST-XML, REST-JSON), one
/// implementation for both directions: the client serialises requests and parses responses, localcloud
/// parses requests and serialises responses and errors.
///
/// Values are cdk::Json objects keyed by the model's member names. Inside them timestamps are ISO 8601
/// strings ("2026-01-02T03:04:05Z"), blobs are raw bytes in a string (base64 only on the wire), numbers
/// and booleans are JSON numbers and booleans. Parsed responses also carry
/// "ResponseMetadata": {"RequestId", "HTTPStatusCode"}, as boto3 does.
namespace cdk::aws::protocol {

// ---- client direction ----

/// Builds the HTTP request for `operation` from `input`: method, path (labels percent-encoded), query,
/// headers (Content-Type, X-Amz-Target, Content-MD5 where the model requires a checksum) and body.
/// The endpoint is left empty and nothing is signed. Idempotency-token members absent from `input` get a
/// fresh UUID. Errors: UnknownOperation, MissingParameter (a URI label is missing).
[[nodiscard]] Result<ClientRequest> serialize_request(const ServiceModel& model, std::string_view operation,
                                                      const Json& input);

/// Parses a response: a status >= 300 (or an S3 200 carrying <Error>) becomes the decoded AWS error.
[[nodiscard]] Result<Json> parse_response(const ServiceModel& model, std::string_view operation,
                                          const HttpResponse& response);

/// Decodes an error response into code, message, request id and HTTP status, for every protocol; falls
/// back to a code derived from the status when the body says nothing (HEAD requests).
[[nodiscard]] Error parse_error(const ServiceModel& model, const HttpResponse& response);

// ---- server direction ----

/// An incoming request, identified and decoded.
struct ParsedRequest {
    std::string operation;
    Json input;
};

/// Identifies the operation (Action parameter, X-Amz-Target header, or the REST route that matches
/// method, path and query) and decodes its input. `request.path` and `query` are in wire form; for S3
/// the path must be path-style (/bucket/key). Errors (already carrying AWS codes and statuses):
/// InvalidAction / UnknownOperationException, SerializationException, MalformedXML.
[[nodiscard]] Result<ParsedRequest> parse_request(const ServiceModel& model, const ClientRequest& request);

/// Decodes an XML document holding a value of the model's shape `shape` (a REST-XML request payload:
/// S3's Delete, CompletedMultipartUpload, Tagging, CreateBucketConfiguration ...) and checks it against
/// the shape (validate.hpp). Every failure is S3's MalformedXML (400): not XML, not UTF-8, a character
/// reference that names no character, a value of the wrong type, a required member missing, an enum value
/// the model does not list, and (when `root` is given) a root element of another name.
[[nodiscard]] Result<Json> parse_xml_payload(const ServiceModel& model, std::string_view shape,
                                             std::string_view xml, std::string_view root = {});

/// The response for a successful operation: status (model responseCode or 200, or a statusCode member),
/// header members, and the body in the protocol's format.
[[nodiscard]] HttpResponse serialize_response(const ServiceModel& model, std::string_view operation,
                                              const Json& output, std::string_view request_id);

/// An error response in the protocol's format (query <ErrorResponse>, S3 <Error>, JSON __type) with
/// `error.http_status` (400 when unset) and the request id header.
[[nodiscard]] HttpResponse serialize_error(const ServiceModel& model, const Error& error,
                                           std::string_view request_id);

/// serialize_error by the protocol alone, for a server that renders an error before (or without) a model:
/// `xml_namespace` is Query's <ErrorResponse> namespace, `json_version` JSON's ("1.0", "1.1"; default 1.1).
[[nodiscard]] HttpResponse serialize_error(Protocol protocol, std::string_view xml_namespace,
                                           std::string_view json_version, const Error& error,
                                           std::string_view request_id);

} // namespace cdk::aws::protocol
