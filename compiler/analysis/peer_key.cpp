#include "analysis/peer_key.h"

#include <fmt/format.h>

namespace nplc::analysis {

std::string selectorKey(const model::LabelSelector& s) {
  std::string out = "{";
  for (const auto& r : s.reqs) {
    out += fmt::format("{}:{}:{};", static_cast<int>(r.op), r.key, fmt::join(r.values, ","));
  }
  return out + "}";
}

std::string peerKey(const model::Peer& p) {
  std::string out = fmt::format("{}|{}|{}|{}|{}", static_cast<int>(p.kind), p.service, p.ns, selectorKey(p.pods),
                                selectorKey(p.namespaces));
  for (const auto& b : p.blocks) {
    out += "|" + b.cidr.str();
    for (const auto& e : b.except) out += "-" + e.str();
  }
  for (const auto& f : p.fqdns) out += "|" + f;
  return out + "|" + p.entity;
}

std::string portKey(const model::Port& p) {
  return fmt::format("{}/{}/{}/{}/{}", static_cast<int>(p.kind), p.port, p.endPort, p.name,
                     model::protocolName(p.protocol));
}

std::string portsKey(const std::vector<model::Port>& ports, const std::vector<model::HttpRule>& http) {
  std::string out;
  for (const auto& p : ports) out += portKey(p) + ";";
  out += "#";
  for (const auto& h : http) out += h.method + " " + h.path + ";";
  return out;
}

}  // namespace nplc::analysis
