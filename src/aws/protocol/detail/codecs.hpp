#pragma once

#include "aws/protocol/codec.hpp"

/// Per-protocol halves of codec.hpp; codec.cpp dispatches on the model's protocol.
namespace cdk::aws::protocol::detail {

Result<ClientRequest> query_serialize_request(const ServiceModel& model, std::string_view operation,
                                              const Json& op, const Json& input);
Result<Json> query_parse_response(const ServiceModel& model, const Json& op, const HttpResponse& response);
Result<ParsedRequest> query_parse_request(const ServiceModel& model, const ClientRequest& request);
HttpResponse query_serialize_response(const ServiceModel& model, std::string_view operation, const Json& op,
                                      const Json& output, std::string_view request_id);

Result<ClientRequest> json_serialize_request(const ServiceModel& model, std::string_view operation,
                                             const Json& op, const Json& input);
Result<Json> json_parse_response(const ServiceModel& model, const Json& op, const HttpResponse& response);
Result<ParsedRequest> json_parse_request(const ServiceModel& model, const ClientRequest& request);
HttpResponse json_serialize_response(const ServiceModel& model, const Json& op, const Json& output,
                                     std::string_view request_id);

Result<ClientRequest> rest_serialize_request(const ServiceModel& model, const Json& op, const Json& input);
Result<Json> rest_parse_response(const ServiceModel& model, const Json& op, const HttpResponse& response);
Result<ParsedRequest> rest_parse_request(const ServiceModel& model, const ClientRequest& request);
HttpResponse rest_serialize_response(const ServiceModel& model, const Json& op, const Json& output,
                                     std::string_view request_id);

/// cdk::Json value -> JSON-protocol wire JSON (timestamps epoch seconds, blobs base64, locationName keys).
Json to_wire_json(const ServiceModel& model, const Json& shape, const Json& value);
/// JSON-protocol wire JSON -> cdk::Json value; members bound to a location are skipped.
Result<Json> from_wire_json(const ServiceModel& model, const Json& shape, const Json& wire);

/// Fills empty idempotency-token members with a UUID.
Json with_idempotency_tokens(const ServiceModel& model, const Json& shape, const Json& input);

/// "ResponseMetadata" for a parsed response.
Json response_metadata(std::string_view request_id, int status);
/// Request id from the usual headers (x-amzn-RequestId, x-amz-request-id), empty when absent.
std::string request_id_header(const HttpResponse& response);

} // namespace cdk::aws::protocol::detail
