#include "analysis/peer_key.h"

#include <string>
#include <unordered_map>

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

model::EdgeKeys edgeKeys(const model::Program& p) {
  using Ids = std::unordered_map<std::string, std::uint32_t>;
  Ids peers, portLists;
  const auto intern = [](Ids& ids, std::string key) {
    return ids.try_emplace(std::move(key), static_cast<std::uint32_t>(ids.size())).first->second;
  };
  model::EdgeKeys out;
  out.from.reserve(p.edges.size());
  out.to.reserve(p.edges.size());
  out.ports.reserve(p.edges.size());
  for (const model::Edge& e : p.edges) {
    out.from.push_back(intern(peers, peerKey(e.from)));
    out.to.push_back(intern(peers, peerKey(e.to)));
    out.ports.push_back(intern(portLists, portsKey(e.ports, e.http)));
  }
  return out;
}

}  // namespace nplc::analysis
