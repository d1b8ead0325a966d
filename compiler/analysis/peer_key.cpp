#include "analysis/peer_key.h"

#include <string>

namespace nplc::analysis {

// The keys are built by appending into one string, not with fmt::format:
// sema and lint ask for them about once per edge and rule, and formatting
// was 7% of an edit in the language server (callgrind, bench/lsp_latency.js).
namespace {

void appendSelector(std::string& out, const model::LabelSelector& s) {
  out += '{';
  for (const auto& r : s.reqs) {
    out += std::to_string(static_cast<int>(r.op));
    out += ':';
    out += r.key;
    out += ':';
    for (std::size_t i = 0; i < r.values.size(); ++i) {
      if (i > 0) out += ',';
      out += r.values[i];
    }
    out += ';';
  }
  out += '}';
}

}  // namespace

std::string selectorKey(const model::LabelSelector& s) {
  std::string out;
  appendSelector(out, s);
  return out;
}

std::string peerKey(const model::Peer& p) {
  std::string out = std::to_string(static_cast<int>(p.kind));
  for (const model::Index index : {p.service, p.ns}) {
    out += '|';
    out += std::to_string(index);
  }
  out += '|';
  appendSelector(out, p.pods);
  out += '|';
  appendSelector(out, p.namespaces);
  out += '|';
  appendSelector(out, p.nodes);
  for (const auto& b : p.blocks) {
    out += "|" + b.cidr.str();
    for (const auto& e : b.except) out += "-" + e.str();
  }
  for (const auto& f : p.fqdns) out += "|" + f;
  return out + "|" + p.entity;
}

std::string portKey(const model::Port& p) {
  std::string out = std::to_string(static_cast<int>(p.kind));
  for (const std::string& part : {std::to_string(p.port), std::to_string(p.endPort), p.name}) {
    out += '/';
    out += part;
  }
  out += '/';
  out += model::protocolName(p.protocol);
  return out;
}

std::string portsKey(const std::vector<model::Port>& ports, const std::vector<model::HttpRule>& http) {
  std::string out;
  for (const auto& p : ports) out += portKey(p) + ";";
  out += "#";
  for (const auto& h : http) out += h.method + " " + h.path + ";";
  return out;
}

}  // namespace nplc::analysis
