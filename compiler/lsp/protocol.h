#pragma once
// JSON-RPC 2.0 messages and the few LSP structures every feature shares
// (positions, ranges, locations), as nlohmann::json.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace nplc::lsp {

using Json = nlohmann::json;

// JSON-RPC and LSP error codes.
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
  kRequestFailed = -32803,
};

// A zero-based line and a column in UTF-16 code units, as LSP counts them.
struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
};

struct Range {
  Position start, end;
};

Json toJson(Position p);
Json toJson(const Range& r);
Json location(const std::string& uri, const Range& r);

// Reads {line, character}; throws Json exceptions on malformed input (the
// server answers those with InvalidParams).
Position positionFromJson(const Json& j);
Range rangeFromJson(const Json& j);

Json response(const Json& id, Json result);
Json errorResponse(const Json& id, int code, const std::string& message);
Json notification(const std::string& method, Json params);

// Serializes; text that is not valid UTF-8 (it can come from a file on disk)
// is replaced rather than thrown on.
std::string serialize(const Json& message);

}  // namespace nplc::lsp
