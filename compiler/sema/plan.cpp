// Pass: decide which directions are enforced for which pods, and build the
// policy plan — one policy per (service, direction), baselines and bundles.
//
// Rules (docs/language.md, "What gets generated"):
// - being the target of an edge enforces ingress on that service (or on `*`);
// - egress is enforced only by a baseline or `deny-all egress SERVICE`;
// - an edge adds a rule on each side whose direction is enforced;
// - bundles never enforce anything: their rules go where enforcement exists.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "sema/context.h"
#include "sema/peer_key.h"
#include "util/k8s_names.h"

namespace nplc::sema {

namespace {

using K = model::Peer::Kind;
using model::Index;
using model::kNone;

enum Dir { kIngress = 0, kEgress = 1 };
const char* dirName(int d) { return d == kIngress ? "ingress" : "egress"; }

// The pods a policy selects: one service, or (service == kNone) every pod of ns.
struct Subject {
  Index ns = kNone;
  Index service = kNone;
  bool inlinePods = false;  // a `pods { }` peer: cannot carry a policy
  auto operator<=>(const Subject&) const = default;
};

class Planner {
 public:
  explicit Planner(Context& cx) : cx_(cx), p_(cx.program) {}

  void run() {
    // Normal edges first: they decide which targets are enforced.
    for (Index i = 0; i < p_.edges.size(); ++i) {
      if (p_.edges[i].bundle.empty()) addEdge(i);
    }
    for (Index i = 0; i < p_.edges.size(); ++i) {
      if (!p_.edges[i].bundle.empty()) addBundleEdge(i);
    }
    emit();
  }

 private:
  struct Draft {
    bool exists = false;  // emitted even with no rules (it isolates)
    std::vector<model::Rule> rules;
    std::map<std::string, Index> ruleByPorts;
    std::set<std::pair<Index, std::string>> peersSeen;  // (rule, peer key)
    source::Span span;
  };

  Context& cx_;
  model::Program& p_;
  std::map<std::pair<Subject, int>, Draft> drafts_;
  // (namespace, bundle) -> per direction draft
  std::map<std::pair<Index, std::string>, std::array<Draft, 2>> bundleDrafts_;
  std::set<std::pair<Index, std::string>> bundleEffective_;

  std::optional<Subject> subjectOf(const model::Peer& peer) const {
    switch (peer.kind) {
      case K::Service:
        if (p_.namespaces[peer.ns].external) return std::nullopt;
        return Subject{peer.ns, peer.service, false};
      case K::NamespacePods:
        if (p_.namespaces[peer.ns].external) return std::nullopt;
        return Subject{peer.ns, kNone, false};
      case K::Pods:
        if (p_.namespaces[peer.ns].external) return std::nullopt;
        return Subject{peer.ns, kNone, true};
      default: return std::nullopt;
    }
  }

  bool enforced(const Subject& s, int dir) const {
    const model::Namespace& ns = p_.namespaces[s.ns];
    if (dir == kIngress ? ns.enforceIngress : ns.enforceEgress) return true;
    if (s.service != kNone) {
      const model::Service& svc = p_.services[s.service];
      if (dir == kIngress ? svc.isolateIngress : svc.isolateEgress) return true;
      if (dir == kIngress) {
        auto it = drafts_.find({s, kIngress});
        return it != drafts_.end() && it->second.exists;
      }
    } else if (dir == kIngress) {
      auto it = drafts_.find({s, kIngress});
      return it != drafts_.end() && it->second.exists;
    }
    return false;
  }

  static void addRule(Draft& d, const model::Edge& e, Index edgeIdx, const model::Peer& peer) {
    const std::string key = portsKey(e.ports, e.http);
    auto [it, inserted] = d.ruleByPorts.try_emplace(key, d.rules.size());
    if (inserted) {
      model::Rule r;
      r.ports = e.ports;
      r.http = e.http;
      d.rules.push_back(std::move(r));
    }
    model::Rule& r = d.rules[it->second];
    r.edges.push_back(edgeIdx);
    if (peer.kind == K::Any) {
      r.anyPeer = true;
      return;
    }
    if (d.peersSeen.insert({it->second, peerKey(peer)}).second) r.peers.push_back(peer);
  }

  void inlineSubjectError(const model::Edge& e, const model::Peer& peer, int dir) {
    cx_.sink.report("E0304", peer.span,
                    fmt::format("`{}` has {} enforced here, so it needs its own policy", peer.text, dirName(dir)))
        .label(e.span, "in this edge")
        .withHelp("declare it as a service, e.g. `service NAME { selector }`, and use its name");
  }

  void addEdge(Index i) {
    const model::Edge& e = p_.edges[i];
    const auto src = subjectOf(e.from);
    const auto dst = subjectOf(e.to);
    const bool noSide = (!src && !dst) || (e.sides == ast::Sides::EgressOnly && !src) ||
                        (e.sides == ast::Sides::IngressOnly && !dst);
    if (noSide) {
      cx_.sink.report("E0305", e.span, "this edge applies to no pod of a managed namespace")
          .note("nplc writes policies only for namespaces declared with `namespace NAME { }`")
          .withHelp("write the edge so that its source (egress) or destination (ingress) is a service or `*` of a managed namespace");
      return;
    }
    if (e.sides == ast::Sides::EgressOnly && !src->inlinePods && !enforced(*src, kEgress)) {
      cx_.sink.report("W0008", e.span, fmt::format("this edge generates nothing: egress of `{}` is not enforced", e.from.text))
          .note("without enforced egress that traffic is already allowed")
          .withHelp(fmt::format("add `deny-all egress {}` or an egress baseline if its egress should be locked",
                                e.from.kind == K::Service ? p_.services[e.from.service].name : std::string("baseline")));
    }
    if (dst && e.sides != ast::Sides::EgressOnly) {
      if (dst->inlinePods) {
        inlineSubjectError(e, e.to, kIngress);
      } else {
        Draft& d = drafts_[{*dst, kIngress}];
        if (!d.exists) d.span = e.span;
        d.exists = true;
        addRule(d, e, i, e.from);
      }
    }
    if (src && e.sides != ast::Sides::IngressOnly && enforced(*src, kEgress)) {
      if (src->inlinePods) {
        inlineSubjectError(e, e.from, kEgress);
      } else {
        Draft& d = drafts_[{*src, kEgress}];
        if (!d.span.valid()) d.span = e.span;
        addRule(d, e, i, e.to);
      }
    }
  }

  // The end of a bundle edge that is not its `*` (say monitoring/prometheus)
  // follows the rules of an ordinary edge.
  void addOtherEnd(Index i, int dir) {
    const model::Edge& e = p_.edges[i];
    if (dir == kIngress) {
      const auto dst = subjectOf(e.to);
      if (!dst) return;
      if (dst->inlinePods) return inlineSubjectError(e, e.to, kIngress);
      Draft& d = drafts_[{*dst, kIngress}];
      if (!d.span.valid()) d.span = e.allowSpan;
      d.exists = true;
      addRule(d, e, i, e.from);
    } else {
      const auto src = subjectOf(e.from);
      if (!src || !enforced(*src, kEgress)) return;
      if (src->inlinePods) return inlineSubjectError(e, e.from, kEgress);
      Draft& d = drafts_[{*src, kEgress}];
      if (!d.span.valid()) d.span = e.allowSpan;
      addRule(d, e, i, e.to);
    }
  }

  // A bundle edge's `*` side is every pod of the namespace: its rules go into
  // the bundle's own policy when the namespace enforces that direction, and
  // otherwise into each policy that enforces it for some of those pods.
  void addBundleEdge(Index i) {
    const model::Edge& e = p_.edges[i];
    for (int dir : {kIngress, kEgress}) {
      if (dir == kIngress && e.sides == ast::Sides::EgressOnly) continue;
      if (dir == kEgress && e.sides == ast::Sides::IngressOnly) continue;
      const model::Peer& local = dir == kIngress ? e.to : e.from;
      const model::Peer& other = dir == kIngress ? e.from : e.to;
      if (local.kind != K::NamespacePods || local.ns != e.ns) {
        addOtherEnd(i, dir);
        continue;
      }
      const Subject all{e.ns, kNone, false};
      if (dir == kIngress ? p_.namespaces[e.ns].enforceIngress : p_.namespaces[e.ns].enforceEgress) {
        Draft& d = bundleDrafts_[{e.ns, e.bundle}][dir];
        d.exists = true;
        if (!d.span.valid()) d.span = e.allowSpan;
        addRule(d, e, i, other);
        bundleEffective_.insert({e.ns, e.bundle});
        continue;
      }
      std::vector<Subject> targets;
      if (enforced(all, dir)) targets.push_back(all);
      for (Index s : p_.namespaces[e.ns].services) {
        if (enforced(Subject{e.ns, s, false}, dir)) targets.push_back(Subject{e.ns, s, false});
      }
      for (const auto& t : targets) {
        Draft& d = drafts_[{t, dir}];
        if (!d.span.valid()) d.span = e.allowSpan;
        d.exists = true;
        addRule(d, e, i, other);
        bundleEffective_.insert({e.ns, e.bundle});
      }
    }
  }

  void push(model::Policy pol) {
    if (auto why = util::checkResourceName(pol.name)) {
      cx_.sink.report("E0210", pol.span, fmt::format("generated policy name '{}' is invalid: {}", pol.name, *why))
          .withHelp(fmt::format("policy names derive from the {}: shorten it", pol.origin));
      return;
    }
    p_.policies.push_back(std::move(pol));
  }

  void emit() {
    for (Index n = 0; n < p_.namespaces.size(); ++n) {
      const model::Namespace& ns = p_.namespaces[n];
      if (ns.external || !(ns.enforceIngress || ns.enforceEgress)) continue;
      model::Policy pol;
      pol.ns = n;
      pol.ingress = ns.enforceIngress;
      pol.egress = ns.enforceEgress;
      pol.name = pol.ingress && pol.egress ? "default-deny-all" : pol.ingress ? "default-deny-ingress" : "default-deny-egress";
      pol.origin = "baseline";
      pol.span = ns.enforceIngress ? ns.ingressBaseline : ns.egressBaseline;
      push(std::move(pol));
    }
    // Services isolated by `deny-all` exist even without edges.
    for (Index s = 0; s < p_.services.size(); ++s) {
      const model::Service& svc = p_.services[s];
      if (p_.namespaces[svc.ns].external) continue;
      for (int dir : {kIngress, kEgress}) {
        if (dir == kIngress ? svc.isolateIngress : svc.isolateEgress) {
          Draft& d = drafts_[{Subject{svc.ns, s, false}, dir}];
          d.exists = true;
          if (!d.span.valid()) d.span = svc.isolateSpan;
        }
      }
    }
    for (auto& [key, d] : drafts_) {
      const auto& [subject, dir] = key;
      if (!d.exists && d.rules.empty()) continue;
      model::Policy pol;
      pol.ns = subject.ns;
      if (subject.service != kNone) {
        pol.podSelector = p_.services[subject.service].selector;
        pol.name = p_.services[subject.service].name + "-" + dirName(dir);
        pol.origin = "service " + p_.services[subject.service].name;
      } else {
        pol.name = std::string("all-pods-") + dirName(dir);
        pol.origin = "`*` (every pod)";
      }
      (dir == kIngress ? pol.ingress : pol.egress) = true;
      (dir == kIngress ? pol.ingressRules : pol.egressRules) = std::move(d.rules);
      pol.span = d.span;
      push(std::move(pol));
    }
    for (auto& [key, drafts] : bundleDrafts_) {
      model::Policy pol;
      pol.ns = key.first;
      pol.name = "allow-" + key.second;
      pol.origin = "bundle " + key.second;
      pol.ingress = drafts[kIngress].exists;
      pol.egress = drafts[kEgress].exists;
      pol.ingressRules = std::move(drafts[kIngress].rules);
      pol.egressRules = std::move(drafts[kEgress].rules);
      pol.span = pol.ingress ? drafts[kIngress].span : drafts[kEgress].span;
      push(std::move(pol));
    }
    // Every `allow` that generated nothing is worth a warning.
    for (Index n = 0; n < cx_.nsDecls.size(); ++n) {
      for (const ast::Namespace* decl : cx_.nsDecls[n]) {
        for (const auto& a : decl->allows) {
          if (cx_.bundles.count(a.bundle.text) == 0 || bundleEffective_.count({n, a.bundle.text}) != 0) continue;
          cx_.sink.report("W0006", a.span, fmt::format("`allow {}` generates nothing here", a.bundle.text))
              .note("its rules open a direction that nothing enforces in this namespace, so that traffic is already allowed")
              .withHelp("add `deny-all baseline` to enforce both directions");
        }
      }
    }
    std::sort(p_.policies.begin(), p_.policies.end(), [&](const model::Policy& a, const model::Policy& b) {
      return std::tie(p_.namespaces[a.ns].name, a.name) < std::tie(p_.namespaces[b.ns].name, b.name);
    });
    for (std::size_t i = 1; i < p_.policies.size(); ++i) {
      const auto& a = p_.policies[i - 1];
      const auto& b = p_.policies[i];
      if (a.ns == b.ns && a.name == b.name) {
        cx_.sink.report("E0210", b.span, fmt::format("two policies would be named '{}' in namespace '{}'", b.name,
                                                     p_.namespaces[b.ns].name))
            .label(a.span, fmt::format("the other one comes from here ({})", a.origin))
            .withHelp(fmt::format("the names come from {} and {}: rename one of them", a.origin, b.origin));
      }
    }
  }
};

}  // namespace

void planPolicies(Context& cx) { Planner(cx).run(); }

}  // namespace nplc::sema
