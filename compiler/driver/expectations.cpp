#include "driver/expectations.h"

#include <fmt/format.h>

#include "driver/targets.h"
#include "eval/generated.h"
#include "eval/program_cluster.h"
#include "eval/reasons.h"
#include "util/suggest.h"

namespace nplc::driver {

namespace {

using K = model::Peer::Kind;

// The model's ends an expectation's peer stands for: a service's pod, every
// pod of a namespace, an address inside each block, each DNS name, an entity.
std::vector<eval::Endpoint> endsOf(const model::Program& p, const eval::ProgramCluster& pc, const model::Peer& peer) {
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

// The port number an expectation tests: its number, or the number its
// destination service gives the name (sema checked that it does).
int portNumber(const model::Program& p, const model::Expect& x) {
  if (x.port.kind != model::Port::Kind::Named) return x.port.port;
  for (const auto& cp : p.services[x.to.service].ports) {
    if (cp.name == x.port.name && cp.protocol == x.port.protocol) return cp.port;
  }
  return 0;
}

class Runner {
 public:
  Runner(Compilation& c, const std::vector<std::string>& targets)
      : c_(c), p_(*c.program), pc_(eval::buildProgramCluster(p_)), targets_(targets) {
    for (const auto& t : targets_) evaluators_.push_back(eval::evaluatorFor(t, pc_.cluster, c.files));
  }

  std::vector<ExpectResult> run() {
    std::vector<ExpectResult> out;
    for (std::size_t i = 0; i < p_.expects.size(); ++i) {
      const model::Expect& x = p_.expects[i];
      if (!targetsKnown(x)) continue;
      for (std::size_t t = 0; t < targets_.size(); ++t) {
        if (!applies(x, targets_[t], *evaluators_[t])) continue;
        out.push_back(judge(i, targets_[t], *evaluators_[t]));
      }
    }
    return out;
  }

 private:
  Compilation& c_;
  const model::Program& p_;
  eval::ProgramCluster pc_;
  const std::vector<std::string>& targets_;
  std::vector<std::unique_ptr<eval::TargetEvaluator>> evaluators_;

  bool targetsKnown(const model::Expect& x) {
    bool ok = true;
    std::vector<std::string> names;
    for (const auto& t : targets()) {
      if (eval::hasEvaluator(t.name)) names.emplace_back(t.name);
    }
    for (std::size_t i = 0; i < x.targets.size(); ++i) {
      if (std::find(names.begin(), names.end(), x.targets[i]) != names.end()) continue;
      auto& d = c_.sink.report("E0309", x.targetSpans[i],
                               fmt::format("'{}' is not a target whose objects nplc can judge", x.targets[i]));
      const auto close = util::closestNames(x.targets[i], names);
      if (!close.empty()) d.didYouMean(x.targetSpans[i], close.front());
      else d.withHelp(fmt::format("name one of: {}", fmt::join(names, ", ")));
      ok = false;
    }
    return ok;
  }

  static bool applies(const model::Expect& x, const std::string& target, const eval::TargetEvaluator& ev) {
    if (!x.targets.empty()) return std::find(x.targets.begin(), x.targets.end(), target) != x.targets.end();
    return !x.hasHttp || ev.judgesHttp();  // a target that cannot judge a request is not asked about one
  }

  std::string where(source::Span span) const {
    if (!span.valid()) return "";
    const auto lc = c_.sm.lineCol(span.file, span.begin);
    return fmt::format("{}:{}: ", c_.sm.file(span.file).path, lc.line);
  }

  ExpectResult judge(std::size_t i, const std::string& target, const eval::TargetEvaluator& ev) {
    const model::Expect& x = p_.expects[i];
    const int port = portNumber(p_, x);
    const std::string proto = model::protocolName(x.port.protocol);
    const eval::HttpRequest request{x.http.method, x.http.path};
    for (const auto& from : endsOf(p_, pc_, x.from)) {
      for (const auto& to : endsOf(p_, pc_, x.to)) {
        const eval::Verdict v = ev.evaluate(from, to, port, proto, x.hasHttp ? &request : nullptr);
        if (v.allowed() == x.allowed) continue;
        return fail(i, target, from, to, v);
      }
    }
    return {i, target, true, ""};
  }

  ExpectResult fail(std::size_t i, const std::string& target, const eval::Endpoint& from, const eval::Endpoint& to,
                    const eval::Verdict& v) {
    const model::Expect& x = p_.expects[i];
    const std::string found =
        fmt::format("{} -> {}:{}/{}{} is {} on {}", from.str(), to.str(), portNumber(p_, x),
                    model::protocolName(x.port.protocol), x.hasHttp ? " " + x.http.method + " " + x.http.path : "",
                    v.allowed() ? "allowed" : "denied", target);
    auto& d = c_.sink.report("E0310", x.span, "expectation fails: " + found);
    std::string failure = found + "\n";
    for (const auto& r : eval::reasonsFor(c_.sm, p_, c_.origins, target, v, from.str(), to.str())) {
      failure += where(r.span) + r.text + "\n";
      if (r.span.valid()) d.label(r.span, r.text);
      else d.note(r.text);
    }
    d.withHelp(x.allowed ? "add an edge that allows it, or fix the expectation"
                         : "narrow the edge that allows it, add a `deny` intent, or fix the expectation");
    return {i, target, false, failure};
  }
};

}  // namespace

std::vector<std::string> judgedTargets(const std::set<std::string>& targets) {
  std::vector<std::string> out;
  for (const auto& t : driver::targets()) {
    if (targets.count(t.name) != 0 && eval::hasEvaluator(t.name)) out.emplace_back(t.name);
  }
  return out;
}

std::vector<ExpectResult> checkExpectations(Compilation& c, const std::set<std::string>& targets) {
  if (!c.program || c.program->expects.empty()) return {};
  const auto judged = judgedTargets(targets);
  return Runner(c, judged).run();
}

}  // namespace nplc::driver
