#include "flows/connections.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace nplc::flows {

namespace {

std::string endKey(const FlowEnd& e, const std::string& name) {
  if (e.isPod()) {
    std::string k = "pod " + e.ns;
    for (const auto& l : e.labels) k += " " + l;
    return k;
  }
  if (!name.empty()) return "dns " + name;
  if (!e.entity.empty()) return "entity " + e.entity;
  return "ip " + e.ip;
}

}  // namespace

bool droppedByPolicy(const Flow& f) {
  // drop_reason_desc names the reason; POLICY_DENY is the deny-rule variant.
  return f.verdict == "DROPPED" && (f.dropReason == "POLICY_DENIED" || f.dropReason == "POLICY_DENY");
}

void Connections::add(const Flow& f) {
  if (!f.time.empty()) {
    if (first_.empty() || f.time < first_) first_ = f.time;
    if (last_.empty() || f.time > last_) last_ = f.time;
  }
  if (f.isReply) {
    ++replies_;
    return;
  }
  if (f.protocol.empty() || f.dstPort == 0) {
    ++notL4_;
    if (notL4At_.size() < kMaxListed) notL4At_.push_back(f.where());
    return;
  }
  const std::string name = f.dst.isPod() || f.dstNames.empty() ? "" : f.dstNames.front();
  const std::string key =
      endKey(f.src, "") + " -> " + endKey(f.dst, name) + " " + std::to_string(f.dstPort) + "/" + f.protocol;
  auto [it, added] = byKey_.try_emplace(key);
  Connection& c = it->second;
  if (added) {
    c.src = f.src;
    c.dst = f.dst;
    c.dstName = name;
    c.protocol = f.protocol;
    c.port = f.dstPort;
    c.at = f.where();
  }
  ++c.flows;
  if (f.verdict == "DROPPED") ++c.dropped;
  if (droppedByPolicy(f)) ++c.policyDropped;
  if (!f.httpMethod.empty() && c.requests.size() < Connection::kMaxRequests) c.requests.insert({f.httpMethod, f.httpUrl});
}

std::vector<const Connection*> Connections::all() const {
  std::vector<const Connection*> out;
  out.reserve(byKey_.size());
  for (const auto& [key, c] : byKey_) out.push_back(&c);
  return out;
}

void readCapture(const std::vector<std::string>& paths, Connections& conns, ReadStats& stats,
                 std::vector<std::string>& ioErrors) {
  const auto add = [&](const Flow& f) { conns.add(f); };
  for (const auto& path : paths) {
    if (path == "-") {
      readFlows(std::cin, "<stdin>", add, stats);
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      ioErrors.push_back(path + ": " + std::strerror(errno));
      continue;
    }
    readFlows(in, path, add, stats);
  }
}

}  // namespace nplc::flows
