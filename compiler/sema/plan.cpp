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
#include <array>
#include <optional>
#include <map>
#include <set>
#include <tuple>

#include "sema/context.h"
#include "analysis/overlap.h"
#include "diag/text_edits.h"
#include "analysis/policy_names.h"
#include "model/plan_text.h"
#include "analysis/peer_key.h"
#include "util/check.h"
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
  explicit Planner(Context& cx) : cx_(cx), p_(cx.program), keys_(p_.edgeKeys) {}

  void run() {
    p_.edgeKeys = analysis::edgeKeys(p_);
    decideEnforcement();
    // Normal edges first: they decide which targets are enforced.
    for (Index i = 0; i < p_.edges.size(); ++i) {
      if (p_.edges[i].bundle.empty()) addEdge(i);
    }
    for (Index i = 0; i < p_.edges.size(); ++i) {
      if (!p_.edges[i].bundle.empty()) addBundleEdge(i);
    }
    reservedClash_ = checkReservedNames();
    emit();
  }

 private:
  struct Draft {
    bool exists = false;  // emitted even with no rules (it isolates)
    std::vector<model::Rule> rules;
    // Keyed by analysis::edgeKeys' numbers, not by the keys' text: a text
    // key per rule and peer was 184 MB of the 1M-line bench check's peak.
    std::map<std::uint32_t, Index> ruleByPorts;                            // portsKey -> its rule
    std::map<std::pair<Index, std::uint32_t>, std::size_t> peersSeen;  // (rule, peerKey) -> its RulePeer
    source::Span span;
  };

  // A statement that isolates some pods of a namespace in one direction: a
  // baseline (every pod), `deny-all` on a service, or (ingress) being the
  // target of an edge. Placing a rule reasons over these, never over names.
  struct Enforcer {
    Subject subject;
    const model::LabelSelector* pods = nullptr;
    source::Span span;
    std::string what;  // for messages: "`api`", "every pod of `dev`"
  };

  enum class Placed { Nowhere, Somewhere, Missed };

  Context& cx_;
  model::Program& p_;
  const model::EdgeKeys& keys_;  // p_'s
  std::map<std::pair<Subject, int>, Draft> drafts_;
  // (namespace, bundle) -> per direction draft
  std::map<std::pair<Index, std::string>, std::array<Draft, 2>> bundleDrafts_;
  std::set<std::pair<Index, std::string>> bundleEffective_;
  std::map<std::pair<Index, int>, std::vector<Enforcer>> enforcers_;  // (namespace, direction)
  std::set<std::tuple<Index, int, Subject>> enforcedSubjects_;  // (namespace, direction, subject) of enforcers_
  const model::LabelSelector everyPod_;
  bool reservedClash_ = false;  // reported once per service: no second E0210 for the same names

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

  const model::LabelSelector& podsOf(const model::Peer& peer) const {
    if (peer.kind == K::Service) return p_.services[peer.service].selector;
    return peer.kind == K::Pods ? peer.pods : everyPod_;
  }

  // One enforcer per subject and direction: the first statement that isolates
  // it. Looked up in a set: every edge into a service adds its enforcer, and a
  // scan of the namespace's list made 100,000 services in one namespace
  // quadratic (analyze 5.0 s).
  void addEnforcer(Index ns, int dir, Enforcer en) {
    if (!enforcedSubjects_.insert({ns, dir, en.subject}).second) return;
    enforcers_[{ns, dir}].push_back(std::move(en));
  }

  // Everything that isolates a direction is known before any rule is placed.
  void decideEnforcement() {
    for (Index n = 0; n < p_.namespaces.size(); ++n) {
      const model::Namespace& ns = p_.namespaces[n];
      if (ns.external) continue;
      const std::string every = fmt::format("every pod of `{}`", ns.name);
      if (ns.enforceIngress) addEnforcer(n, kIngress, {Subject{n, kNone, false}, &everyPod_, ns.ingressBaseline, every});
      if (ns.enforceEgress) addEnforcer(n, kEgress, {Subject{n, kNone, false}, &everyPod_, ns.egressBaseline, every});
      for (Index s : ns.services) {
        const model::Service& svc = p_.services[s];
        const std::string name = fmt::format("`{}`", svc.name);
        if (svc.isolateIngress) addEnforcer(n, kIngress, {Subject{n, s, false}, &svc.selector, svc.isolateSpan, name});
        if (svc.isolateEgress) addEnforcer(n, kEgress, {Subject{n, s, false}, &svc.selector, svc.isolateSpan, name});
      }
    }
    for (const auto& e : p_.edges) {
      if (!e.bundle.empty() || e.sides == ast::Sides::EgressOnly) continue;
      const auto dst = subjectOf(e.to);
      if (!dst || dst->inlinePods) continue;
      addEnforcer(dst->ns, kIngress, {*dst, &podsOf(e.to), e.span, fmt::format("`{}`", e.to.text)});
    }
  }

  // Some enforcer isolates every pod of `pods`, the subject's, in its namespace
  // (so a policy of their own isolates nothing new). The subject's own
  // enforcer and the namespace's baseline decide it without a scan of the
  // namespace's enforcers, which made an edge from each of many isolated
  // services in one namespace quadratic (selectorImplies is reflexive, and
  // every selector implies the baseline's empty one).
  bool enforcedForAll(const Subject& subject, const model::LabelSelector& pods, int dir) const {
    const Index ns = subject.ns;
    const Subject everyPodOfNs{ns, kNone, false};
    if (enforcedSubjects_.contains({ns, dir, subject}) || enforcedSubjects_.contains({ns, dir, everyPodOfNs}))
      return true;
    auto it = enforcers_.find({ns, dir});
    if (it == enforcers_.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const Enforcer& en) { return selectorImplies(pods, *en.pods); });
  }

  // `peer` is an end of e, an element of p_.edges (RulePeer points to it).
  void addRule(Draft& d, const model::Edge& e, Index edgeIdx, const model::Peer& peer) const {
    NPLC_CHECK(&peer == &e.from || &peer == &e.to, "a rule's peer is an end of its edge");
    auto [it, inserted] = d.ruleByPorts.try_emplace(keys_.ports[edgeIdx], d.rules.size());
    if (inserted) {
      model::Rule r;
      r.first = &e;
      d.rules.push_back(std::move(r));
    }
    model::Rule& r = d.rules[it->second];
    r.edges.push_back(edgeIdx);
    if (peer.kind == K::Any) {
      r.anyPeer = true;
      r.anyPeerEdges.push_back(edgeIdx);
      return;
    }
    const std::uint32_t remoteKey = &peer == &e.from ? keys_.from[edgeIdx] : keys_.to[edgeIdx];
    auto [seen, fresh] = d.peersSeen.try_emplace({it->second, remoteKey}, r.peers.size());
    if (fresh) r.peers.push_back({&peer, {}});
    r.peers[seen->second].edges.push_back(edgeIdx);
  }

  // `by`: the enforcer that isolates some (not all) of its pods, if that is why.
  void inlineSubjectError(const model::Edge& e, const model::Peer& peer, int dir, const Enforcer* by = nullptr) {
    auto& d = cx_.sink.report(
        "E0304", peer.span,
        by == nullptr
            ? fmt::format("`{}` has {} enforced here, so it needs its own policy", peer.text, dirName(dir))
            : fmt::format("some pods of `{}` have {} enforced, so it needs its own policy", peer.text, dirName(dir)));
    if (by != nullptr) d.label(by->span, fmt::format("{} of {} is enforced here", dirName(dir), by->what));
    d.label(e.span, "in this edge")
        .withHelp("declare it as a service, e.g. `service NAME { selector }`, and use its name");
  }

  // Pods of `local` whose direction `en` enforces, and that no rule of this
  // edge can reach without also opening it to pods outside `local`.
  void missedWarning(const model::Edge& e, const model::Peer& local, int dir, const Enforcer& en,
                     const std::string& which, const std::string& why, const std::string& remedy) {
    cx_.sink
        .report("W0009", e.bundle.empty() ? e.span : e.allowSpan,
                fmt::format("pods of `{}` {} get no {} rule from this edge", local.text, which, dirName(dir)))
        .label(en.span, fmt::format("{} of {} is enforced here", dirName(dir), en.what))
        .note(why)
        .withHelp(remedy);
  }

  // Puts the rule for `local`'s side of edge i (its peer `remote`) where
  // `local`'s pods are isolated in `dir`: `local`'s own policy when every one
  // of its pods is (or when the edge itself isolates it), otherwise each
  // enforcing policy whose pods all belong to `local`. Pods that only an
  // enforcer wider than `local` isolates cannot get the rule exactly: warning.
  Placed place(Index i, const model::Peer& local, const model::Peer& remote, int dir, bool isolates) {
    const model::Edge& e = p_.edges[i];
    const source::Span span = e.bundle.empty() ? e.span : e.allowSpan;
    const auto subject = subjectOf(local);
    if (!subject) return Placed::Nowhere;
    const model::LabelSelector& pods = podsOf(local);
    if (isolates || enforcedForAll(*subject, pods, dir)) {
      if (subject->inlinePods) {
        inlineSubjectError(e, local, dir);
        return Placed::Somewhere;
      }
      Draft& d = drafts_[{*subject, dir}];
      if (!d.span.valid()) d.span = span;
      d.exists |= isolates;
      addRule(d, e, i, remote);
      return Placed::Somewhere;
    }
    Placed result = Placed::Nowhere;
    auto it = enforcers_.find({subject->ns, dir});
    if (it == enforcers_.end()) return result;
    for (const Enforcer& en : it->second) {
      if (en.subject == *subject || !selectorsCompatible(*en.pods, pods)) continue;
      if (selectorImplies(*en.pods, pods)) {
        Draft& d = drafts_[{en.subject, dir}];
        if (!d.span.valid()) d.span = span;
        addRule(d, e, i, remote);
        result = Placed::Somewhere;
        continue;
      }
      if (subject->inlinePods) {
        inlineSubjectError(e, local, dir, &en);
        return Placed::Somewhere;
      }
      const std::string name = local.kind == K::Service ? p_.services[local.service].name : std::string("baseline");
      missedWarning(e, local, dir, en, fmt::format("that {} also selects", en.what),
                    fmt::format("a rule in the policy of {} would open it to all of its pods, and `{}` is not "
                                "enforced as a whole",
                                en.what, local.text),
                    fmt::format("write `deny-all {} {}` so that every pod of `{}` gets the rule, or write the edge "
                                "from {} too",
                                dirName(dir), name, local.text, en.what));
      if (result == Placed::Nowhere) result = Placed::Missed;
    }
    return result;
  }

  // A source that is never a policy subject (`*/*`, `namespaces { }`,
  // `pods { } in …`) gets no egress rule; say so where it may contain pods
  // whose egress a managed namespace enforces.
  void checkSelectorSource(const model::Edge& e) {
    const K k = e.from.kind;
    if (k != K::AllPods && k != K::Namespaces && k != K::PodsInNamespaces) return;
    for (const auto& [key, list] : enforcers_) {
      if (key.second != kEgress) continue;
      model::Peer nsPods;
      nsPods.kind = K::NamespacePods;
      nsPods.ns = key.first;
      if (!peersMayOverlap(p_, e.from, nsPods)) continue;
      for (const Enforcer& en : list) {
        if (!selectorsCompatible(*en.pods, e.from.pods)) continue;
        missedWarning(e, e.from, kEgress, en, fmt::format("in namespace `{}`", p_.namespaces[key.first].name),
                      fmt::format("`{}` selects pods across namespaces, so it never has a policy of its own: an edge "
                                  "from it is the destination's ingress rule",
                                  e.from.text),
                      fmt::format("write `ingress` before the edge if only the destination's rule is meant, or write "
                                  "the edge from `{}/*` too",
                                  p_.namespaces[key.first].name));
        return;  // once per edge
      }
    }
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
    if (dst && e.sides != ast::Sides::EgressOnly) place(i, e.to, e.from, kIngress, true);
    if (e.sides == ast::Sides::IngressOnly) return;
    if (!src) return checkSelectorSource(e);
    if (place(i, e.from, e.to, kEgress, false) == Placed::Nowhere && e.sides == ast::Sides::EgressOnly) {
      cx_.sink.report("W0008", e.span, fmt::format("this edge generates nothing: egress of `{}` is not enforced", e.from.text))
          .note("without enforced egress that traffic is already allowed")
          .withHelp(fmt::format("add `deny-all egress {}`, or an egress baseline, if its egress should be locked",
                                e.from.kind == K::Service ? p_.services[e.from.service].name : std::string("baseline")));
    }
  }

  // A bundle never isolates anything: its `*` side goes into the bundle's own
  // policy when a baseline enforces that direction for every pod, and both
  // of its sides otherwise go where the direction is already enforced.
  void addBundleEdge(Index i) {
    const model::Edge& e = p_.edges[i];
    for (int dir : {kIngress, kEgress}) {
      if (dir == kIngress && e.sides == ast::Sides::EgressOnly) continue;
      if (dir == kEgress && e.sides == ast::Sides::IngressOnly) continue;
      const model::Peer& local = dir == kIngress ? e.to : e.from;
      const model::Peer& other = dir == kIngress ? e.from : e.to;
      const bool star = local.kind == K::NamespacePods && local.ns == e.ns;
      if (star && (dir == kIngress ? p_.namespaces[e.ns].enforceIngress : p_.namespaces[e.ns].enforceEgress)) {
        Draft& d = bundleDrafts_[{e.ns, e.bundle}][dir];
        d.exists = true;
        if (!d.span.valid()) d.span = e.allowSpan;
        addRule(d, e, i, other);
        bundleEffective_.insert({e.ns, e.bundle});
        continue;
      }
      if (place(i, local, other, dir, false) == Placed::Somewhere) bundleEffective_.insert({e.ns, e.bundle});
    }
  }

  // A service's policies must never take a name that `*`, a baseline or a
  // bundle's policy has (or could have): the plan and the checks tell
  // policies apart by what they select, but kubectl by name.
  bool checkReservedNames() {
    bool clash = false;
    std::set<std::string> reserved = {"all-pods-ingress",     "all-pods-egress",    "default-deny-all",
                                      "default-deny-ingress", "default-deny-egress"};
    for (const auto& [bundle, _] : cx_.bundles) reserved.insert("allow-" + bundle);
    for (const model::Service& svc : p_.services) {
      if (p_.namespaces[svc.ns].external) continue;
      for (const char* suffix : {"-ingress", "-egress"}) {
        const std::string name = svc.name + suffix;  // and NAME-ingress-deny on Cilium
        if (reserved.count(name) == 0 && reserved.count(name + "-deny") == 0) continue;
        const bool byName = svc.selector.reqs.size() == 1 && svc.selector.reqs[0].op == ast::ReqOp::Equals &&
                            svc.selector.reqs[0].values == std::vector<std::string>{svc.name};
        cx_.sink
            .report("E0210", svc.span,
                    fmt::format("service '{}' would have a policy named like one nplc gives to another policy ('{}')",
                                svc.name, reserved.count(name) != 0 ? name : name + "-deny"))
            .note("`all-pods-*` are the policies of `*`, `default-deny-*` those of baselines, `allow-*` those of bundles")
            .withHelp(byName ? fmt::format("rename the service and keep its pods: `service {}-pods {{ {}: {} }}`",
                                           svc.name, svc.selector.reqs[0].key, svc.name)
                             : std::string("rename the service (its selector keeps choosing the same pods)"));
        clash = true;
        break;
      }
    }
    return clash;
  }

  void push(model::Policy pol) {
    if (!analysis::checkPolicyName(cx_.sink, pol.name, pol.span, model::describeSubject(p_, pol.subject))) return;
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
      pol.subject = {model::PolicySubject::Kind::Baseline, kNone, {}};
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
    // One push per draft below: the vector's doubling left up to half of its
    // bytes unused at a large program's peak.
    p_.policies.reserve(p_.policies.size() + drafts_.size() + bundleDrafts_.size());
    for (auto& [key, d] : drafts_) {
      const auto& [subject, dir] = key;
      if (!d.exists && d.rules.empty()) continue;
      model::Policy pol;
      pol.ns = subject.ns;
      if (subject.service != kNone) {
        pol.podSelector = p_.services[subject.service].selector;
        pol.name = p_.services[subject.service].name + "-" + dirName(dir);
        pol.subject = {model::PolicySubject::Kind::Service, subject.service, {}};
      } else {
        pol.name = std::string("all-pods-") + dirName(dir);
        pol.subject = {model::PolicySubject::Kind::AllPods, kNone, {}};
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
      pol.subject = {model::PolicySubject::Kind::Bundle, kNone, key.second};
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
              .withHelp("add `deny-all baseline` to enforce both directions")
              .withEdit(diag::firstInNamespace(cx_.sm.file(decl->name.span.file).text, decl->name.span, "deny-all baseline"));
        }
      }
    }
    model::sortPolicies(p_, p_.policies);
    for (std::size_t i = 1; i < p_.policies.size(); ++i) {
      const auto& a = p_.policies[i - 1];
      const auto& b = p_.policies[i];
      if (a.ns == b.ns && a.name == b.name && !reservedClash_) {
        cx_.sink.report("E0210", b.span, fmt::format("two policies would be named '{}' in namespace '{}'", b.name,
                                                     p_.namespaces[b.ns].name))
            .label(a.span, fmt::format("the other one comes from here ({})", model::describeSubject(p_, a.subject)))
            .withHelp(fmt::format("the names come from {} and {}: rename one of them", model::describeSubject(p_, a.subject),
                                  model::describeSubject(p_, b.subject)));
      }
    }
  }
};

}  // namespace

void planPolicies(Context& cx) { Planner(cx).run(); }

}  // namespace nplc::sema
