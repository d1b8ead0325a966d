#include "driver/connection_judge.h"

#include <fmt/format.h>

#include <algorithm>

#include "driver/effective_access.h"
#include "util/check.h"

namespace nplc::driver {

using K = model::Peer::Kind;

std::string TargetAnswer::verdict() const {
  const auto allowed =
      std::count_if(pairs.begin(), pairs.end(), [](const PairAnswer& p) { return p.verdict.allowed(); });
  if (allowed == static_cast<std::ptrdiff_t>(pairs.size())) return "allowed";
  return allowed == 0 ? "denied" : "allowed for some pods";
}

std::vector<eval::Endpoint> expectEnds(const model::Program& p, const eval::ProgramCluster& pc, const model::Peer& peer) {
  std::vector<eval::Endpoint> out;
  switch (peer.kind) {
    case K::Service:
      if (const auto* pod = pc.cluster.findPod(pc.servicePods[peer.service])) out.emplace_back(*pod);
      break;
    case K::NamespacePods:
      for (const auto& pod : pc.cluster.pods()) {
        if (pod.ns == p.namespaces[peer.ns].name) out.emplace_back(pod);
      }
      break;
    case K::IpBlocks:
      for (const auto& b : peer.blocks) {
        if (auto ip = eval::addressInside(b)) out.push_back(eval::Endpoint::ofAddress(*ip));
      }
      break;
    case K::Fqdn:
      for (std::string name : peer.fqdns) {
        std::replace(name.begin(), name.end(), '*', 'x');  // a name the pattern matches
        out.push_back(eval::Endpoint::ofDnsName(name));
      }
      break;
    case K::Entity: out.push_back(eval::Endpoint::ofEntity(peer.entity)); break;
    default: break;  // sema accepts no other kind
  }
  return out;
}

int expectPort(const model::Program& p, const model::Expect& x) {
  if (x.port.kind != model::Port::Kind::Named) return x.port.port;
  for (const auto& cp : p.services[x.to.service].ports) {
    if (cp.name == x.port.name && cp.protocol == x.port.protocol) return cp.port;
  }
  return 0;
}

std::string describeConnection(const model::Program& p, const model::Expect& x) {
  return fmt::format("{} -> {}:{}/{}{}", x.from.text, x.to.text, expectPort(p, x), model::protocolName(x.port.protocol),
                     x.hasHttp ? " " + x.http.method + " " + x.http.path : "");
}

std::string locatedReason(const source::SourceManager& sm, const eval::Reason& r) {
  if (!r.span.valid()) return r.text;
  return fmt::format("{}:{}: {}", sm.file(r.span.file).path, sm.lineCol(r.span.file, r.span.begin).line, r.text);
}

ConnectionJudge::ConnectionJudge(const Compilation& c, const std::vector<std::string>& targets)
    : c_(c), targets_(targets) {
  evaluators_ = sharedJudges(c, targets_);
  if (!evaluators_.empty()) {
    shared_ = c.docsJudgement;
    pc_ = &shared_->judges->model;
    return;
  }
  own_ = eval::judgeTargets(*c.program, targets_, c.files);
  NPLC_CHECK(own_->targets.size() == targets_.size(), "ConnectionJudge: a target without an evaluator");
  pc_ = &own_->model;
  evaluators_ = own_->targets;
}

TargetAnswer ConnectionJudge::judge(const model::Expect& x, std::size_t target, bool firstMismatch) const {
  const model::Program& p = *c_.program;
  const eval::TargetEvaluator& ev = *evaluators_[target].second;
  TargetAnswer out;
  out.target = targets_[target];
  out.requestIgnored = x.hasHttp && !ev.judgesHttp();
  const int port = expectPort(p, x);
  const std::string proto = model::protocolName(x.port.protocol);
  const eval::HttpRequest request{x.http.method, x.http.path};
  for (const auto& from : expectEnds(p, *pc_, x.from)) {
    for (const auto& to : expectEnds(p, *pc_, x.to)) {
      const eval::Verdict v = ev.evaluate(from, to, port, proto, x.hasHttp ? &request : nullptr);
      if (firstMismatch && v.allowed() == x.allowed) continue;
      out.pairs.push_back(
          {from.str(), to.str(), v, eval::reasonsFor(c_.sm, p, c_.origins, out.target, v, from.str(), to.str())});
      if (firstMismatch) return out;
    }
  }
  return out;
}

}  // namespace nplc::driver
