#include "lsp/protocol.h"

#include <limits>

namespace nplc::lsp {

namespace {

std::uint32_t coordinate(const Json& j) {
  const auto v = j.get<std::int64_t>();
  if (v < 0 || v > std::numeric_limits<std::uint32_t>::max()) throw std::out_of_range("position out of range");
  return static_cast<std::uint32_t>(v);
}

}  // namespace

Json toJson(Position p) { return {{"line", p.line}, {"character", p.character}}; }

Json toJson(const Range& r) { return {{"start", toJson(r.start)}, {"end", toJson(r.end)}}; }

Json location(const std::string& uri, const Range& r) { return {{"uri", uri}, {"range", toJson(r)}}; }

Position positionFromJson(const Json& j) { return {coordinate(j.at("line")), coordinate(j.at("character"))}; }

Range rangeFromJson(const Json& j) { return {positionFromJson(j.at("start")), positionFromJson(j.at("end"))}; }

Json response(const Json& id, Json result) { return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}; }

Json errorResponse(const Json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

Json notification(const std::string& method, Json params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

std::string serialize(const Json& message) { return message.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace nplc::lsp
