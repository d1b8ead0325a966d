#include "backends/cilium/clusterwide.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "analysis/well_known.h"
#include "backends/cilium/peers.h"
#include "backends/cilium/translate.h"

namespace nplc::backends::cilium {
namespace {

using K = model::Peer::Kind;
using CR = model::ClusterRule;
using model::Index;
using model::kNone;

// What ClusterNetworkPolicy's deny of every pod leaves open on ingress, and
// Cilium's isolation would not: sources that are not pods (ingress peers
// are pods only). Cilium's identities outside the pods.
const std::vector<std::string> kNotPods = {"world", "host", "remote-node", "kube-apiserver", "health", "ingress"};

// The namespaces (by name) whose pods `peer` may be; nullopt: any namespace
// (a label selector, `*/*`). `*` at cluster scope selects the managed
// namespaces by kubernetes.io/metadata.name.
std::optional<std::set<std::string>> namespaceNames(const model::Program& p, const model::Peer& peer) {
  switch (peer.kind) {
    case K::Service:
    case K::Pods:
    case K::NamespacePods:
      return std::set<std::string>{p.namespaces[peer.ns].name};
    case K::Namespaces:
    case K::PodsInNamespaces: {
      const auto& reqs = peer.namespaces.reqs;
      if (reqs.size() != 1 || reqs[0].key != analysis::kNamespaceNameLabel ||
          (reqs[0].op != ast::ReqOp::In && reqs[0].op != ast::ReqOp::Equals))
        return std::nullopt;
      return std::set<std::string>(reqs[0].values.begin(), reqs[0].values.end());
    }
    default:
      return std::nullopt;
  }
}

// The pod labels a pod peer requires (its namespace aside).
model::LabelSelector podLabels(const model::Program& p, const model::Peer& peer) {
  if (peer.kind == K::Service) return p.services[peer.service].selector;
  if (peer.kind == K::Pods || peer.kind == K::PodsInNamespaces) return peer.pods;
  return {};
}

bool valueSet(const model::Requirement& r) { return r.op == ast::ReqOp::Equals || r.op == ast::ReqOp::In; }

// No pod can satisfy both selectors: a key required with disjoint values, or
// required and required absent. Anything else may meet.
bool disjoint(const model::LabelSelector& a, const model::LabelSelector& b) {
  for (const auto& x : a.reqs)
    for (const auto& y : b.reqs) {
      if (x.key != y.key) continue;
      if (valueSet(x) && valueSet(y) &&
          std::none_of(x.values.begin(), x.values.end(), [&](const std::string& v) {
            return std::find(y.values.begin(), y.values.end(), v) != y.values.end();
          }))
        return true;
      const bool xAbsent = x.op == ast::ReqOp::DoesNotExist, yAbsent = y.op == ast::ReqOp::DoesNotExist;
      if (xAbsent != yAbsent && (xAbsent ? y.op != ast::ReqOp::NotIn : x.op != ast::ReqOp::NotIn)) return true;
    }
  return false;
}

bool podsMayMeet(const model::Program& p, const model::Peer& a, const model::Peer& b) {
  const auto na = namespaceNames(p, a), nb = namespaceNames(p, b);
  if (na && nb && std::none_of(na->begin(), na->end(), [&](const std::string& n) { return nb->count(n) != 0; }))
    return false;
  return !disjoint(podLabels(p, a), podLabels(p, b));
}

// Whether two peers may match one end. Conservative: true unless they surely
// cannot (DNS names and entities may be anything).
bool peersMayMeet(const Context& cx, const model::Peer& a, const model::Peer& b) {
  if (a.isPods() && b.isPods()) return podsMayMeet(cx.p, a, b);
  const model::Peer* blocks = a.kind == K::IpBlocks ? &a : b.kind == K::IpBlocks ? &b : nullptr;
  const model::Peer& other = blocks == &a ? b : a;
  if (!blocks) return true;
  if (other.kind == K::IpBlocks) {
    for (const auto& x : a.blocks)
      for (const auto& y : b.blocks)
        if (util::overlaps(x.cidr, y.cidr)) return true;
    return false;
  }
  if (other.isPods()) {  // a CIDR over the pod ranges is E0402 on this target
    return std::any_of(blocks->blocks.begin(), blocks->blocks.end(), [&](const model::IpBlock& blk) {
      return !podRangesReached(blk, cx.options.podCidrs).empty();
    });
  }
  return true;
}

bool portsMayMeet(const std::vector<model::Port>& a, const std::vector<model::Port>& b) {
  if (a.empty() || b.empty()) return true;
  auto range = [](const model::Port& x) {
    if (x.kind == model::Port::Kind::AllOfProtocol) return std::pair<int, int>{1, 65535};
    return std::pair<int, int>{x.port, x.kind == model::Port::Kind::Range ? x.endPort : x.port};
  };
  for (const auto& x : a)
    for (const auto& y : b) {
      if (x.kind == model::Port::Kind::Named || y.kind == model::Port::Kind::Named) return true;
      const auto [xa, xb] = range(x);
      const auto [ya, yb] = range(y);
      if (x.protocol == y.protocol && xa <= yb && ya <= xb) return true;
    }
  return false;
}

// The sides a statement has an object for: bit 0 egress, bit 1 ingress.
int sides(const CR& r) {
  int out = 0;
  if (r.sides != ast::Sides::IngressOnly && r.from.isPods()) out |= 1;
  if (r.sides != ast::Sides::EgressOnly && r.to.isPods()) out |= 2;
  return out;
}

// A baseline deny of everything on that side: Cilium's isolation. Egress
// `any` is every address (pods included); ingress peers are pods only.
bool isolates(const CR& r, bool ingress) {
  const model::Peer& peer = ingress ? r.from : r.to;
  return r.tier == CR::Tier::Baseline && r.action == CR::Action::Deny && r.ports.empty() &&
         (peer.kind == K::Any || (ingress && peer.kind == K::AllPods));
}

// The sides where the statement isolates (bits as sides()).
int isolatingSides(const CR& r) { return (isolates(r, false) ? 1 : 0) | (isolates(r, true) ? 2 : 0); }

// Whether `a` on the sides `aSides` and `b` may match the same traffic.
bool mayMeet(const Context& cx, const CR& a, int aSides, const CR& b) {
  return (aSides & sides(b)) != 0 && peersMayMeet(cx, a.from, b.from) && peersMayMeet(cx, a.to, b.to) &&
         portsMayMeet(a.ports, b.ports);
}

// The negation of one requirement, as a requirement.
model::Requirement negated(model::Requirement r) {
  switch (r.op) {
    case ast::ReqOp::Equals:
    case ast::ReqOp::In:
      r.op = ast::ReqOp::NotIn;
      break;
    case ast::ReqOp::NotIn:
      r.op = ast::ReqOp::In;
      break;
    case ast::ReqOp::Exists:
      r.op = ast::ReqOp::DoesNotExist;
      break;
    case ast::ReqOp::DoesNotExist:
      r.op = ast::ReqOp::Exists;
      break;
  }
  return r;
}

class Clusterwide {
 public:
  explicit Clusterwide(Context& cx) : cx_(cx), p_(cx.p) {}

  std::vector<Policy> run() {
    std::size_t ordinal[2] = {0, 0};
    for (std::size_t i = 0; i < p_.clusterRules.size(); ++i) {
      const CR& r = p_.clusterRules[i];
      const bool admin = r.tier == CR::Tier::Admin;
      const std::size_t n = ++ordinal[admin ? 0 : 1];
      if (!translatable(i)) continue;
      for (bool ingress : {false, true}) {
        if ((sides(r) & (ingress ? 2 : 1)) == 0) continue;
        const std::string name = fmt::format("{}-{:04}-{}", admin ? "admin" : "baseline", n, ingress ? "ingress" : "egress");
        if (admin) add(i, ingress, name, *endpointSelector(p_, ingress ? r.to : r.from, kNone));
        else baseline(i, ingress, name);
      }
    }
    return std::move(out_);
  }

 private:
  Context& cx_;
  const model::Program& p_;
  std::vector<Policy> out_;

  diag::Diagnostic& refuse(const char* code, const CR& r, const std::string& why) {
    return cx_.sink.report(code, r.span, "this cluster-scope statement has no CiliumClusterwideNetworkPolicy form: " + why);
  }

  static constexpr const char* kBothTargets =
      "or build it as ClusterNetworkPolicy: --target cilium,cluster-network-policy";

  // The refusals that depend on other statements or on the peers.
  bool translatable(std::size_t i) {
    const CR& r = p_.clusterRules[i];
    const bool admin = r.tier == CR::Tier::Admin;
    if (sides(r) == 0) {
      refuse("E0606", r, "neither end is pods, so no policy can select it")
          .withHelp(fmt::format("start or end the statement at pods (`*`, `*/*`, ns/service, pods {{ }}), {}", kBothTargets));
      return false;
    }
    if (r.action == CR::Action::Pass) {
      refuse("E0606", r, "Cilium has no tiers, so nothing hands a decision to the namespaces' policies")
          .withHelp(fmt::format("remove the `pass` and let the namespace's policies decide under the other statements, {}",
                                kBothTargets));
      return false;
    }
    if (r.to.kind == K::Fqdn && r.action != CR::Action::Allow) {
      refuse("E0606", r, "Cilium's deny rules have no DNS names").withHelp(
          fmt::format("deny the addresses with a CIDR external, {}", kBothTargets));
      return false;
    }
    if (r.to.kind == K::Nodes) {
      refuse("E0605", r, "Cilium selects nodes by label only under agent settings nplc cannot see")
          .note("toNodes needs node labels in Cilium's identities (its label filter and node-selector settings), "
                "and the entities host and remote-node stand for every node, not those of `nodes { … }`")
          .withHelp(fmt::format("name the nodes' addresses with a CIDR external, {}", kBothTargets));
      return false;
    }
    if (r.from.kind == K::Fqdn) {
      refuse("E0606", r, "a DNS name is a destination only (toFQDNs)").withHelp(
          fmt::format("name the source by its addresses with a CIDR external, {}", kBothTargets));
      return false;
    }
    for (std::size_t j = 0; j < p_.clusterRules.size(); ++j) {
      const CR& o = p_.clusterRules[j];
      if (j == i) continue;
      // An allow that comes first (an earlier statement of the tier, or any
      // admin statement before a baseline one) and a deny rule that Cilium
      // would make win (an isolating deny-all lets the allows through).
      const bool before = o.tier == r.tier ? j < i : o.tier == CR::Tier::Admin;
      if (r.action == CR::Action::Deny && o.action == CR::Action::Allow && before &&
          mayMeet(cx_, r, sides(r) & ~isolatingSides(r), o)) {
        refuse("E0607", r, "an earlier allow may match the same traffic, and Cilium's deny rules win over every allow")
            .label(o.span, "this allow comes first")
            .note("in ClusterNetworkPolicy the first matching statement decides; in Cilium a deny rule wins whatever the order")
            .withHelp(fmt::format("narrow one of the two so that they cannot match the same pods, peers and ports, {}",
                                  kBothTargets));
        return false;
      }
      // A deny-all that comes first: the allow's traffic is taken there, and
      // Cilium's isolation lets every allow through. (A deny rule would win
      // in Cilium too.)
      if (!admin && r.action == CR::Action::Allow && o.tier == CR::Tier::Baseline && j < i &&
          mayMeet(cx_, o, isolatingSides(o), r)) {
        refuse("E0608", r, "an earlier baseline deny of everything may take the same traffic, so this allow is never reached there")
            .label(o.span, "this deny comes first")
            .note("Cilium's allow rules are a union: the allow would let through what the deny-all takes first")
            .withHelp("move the allow before the deny-all, or remove it");
        return false;
      }
    }
    return true;
  }

  // One object: the statement's rule on one side of `selector`'s pods.
  Policy& add(std::size_t i, bool ingress, const std::string& name, Selector selector) {
    const CR& r = p_.clusterRules[i];
    const model::Peer& subject = ingress ? r.to : r.from;
    const model::Peer& peer = ingress ? r.from : r.to;
    checkRemotePeer(cx_, peer, kNone, r.span);
    checkRemotePeer(cx_, subject, kNone, r.span);
    Policy pol;
    pol.name = name;
    pol.endpointSelector = std::move(selector);
    pol.clusterRule = i;
    pol.span = r.span;
    pol.ingress = ingress;
    pol.egress = !ingress;
    auto& allow = ingress ? pol.ingressRules : pol.egressRules;
    if (isolates(r, ingress)) {  // isolation; ingress keeps what is not a pod
      Rule rule;
      if (ingress) {
        rule.kind = Rule::L3::Entities;
        rule.entities = kNotPods;
      }
      allow.push_back(std::move(rule));
    } else {
      Rule groups[4];
      const model::Peer* remote = &peer;
      model::Peer allPods;
      if (ingress && peer.kind == K::Any) {  // ingress peers are pods: `any` is every pod
        allPods.kind = K::AllPods;
        remote = &allPods;
      }
      addPeer(cx_, *remote, kNone, ingress, groups[0], groups[1], groups[2], groups[3]);
      const Rule::L3 kinds[4] = {Rule::L3::Endpoints, Rule::L3::CidrSet, Rule::L3::Entities, Rule::L3::Fqdns};
      for (int k = 0; k < 4; ++k) {
        Rule& g = groups[k];
        if (g.endpoints.empty() && g.cidrs.empty() && g.entities.empty() && g.fqdns.empty()) continue;
        g.kind = kinds[k];
        g.toPorts = portRules(r.ports, {});
        (r.action == CR::Action::Allow ? allow : ingress ? pol.ingressDeny : pol.egressDeny).push_back(std::move(g));
      }
      pol.noDefaultDeny = true;  // an allow or a deny never isolates by itself
    }
    out_.push_back(std::move(pol));
    return out_.back();
  }

  // A baseline statement's objects: per managed namespace of its subject,
  // its pods that none of the plan's policies selects for that direction.
  void baseline(std::size_t i, bool ingress, const std::string& name) {
    const CR& r = p_.clusterRules[i];
    const model::Peer& subject = ingress ? r.to : r.from;
    const auto names = namespaceNames(p_, subject);
    std::vector<Index> namespaces;
    if (names) {
      for (const auto& n : *names) {
        const auto it = std::find_if(p_.namespaces.begin(), p_.namespaces.end(),
                                     [&](const model::Namespace& ns) { return ns.name == n && !ns.external; });
        if (it == p_.namespaces.end()) break;
        namespaces.push_back(static_cast<Index>(it - p_.namespaces.begin()));
      }
    }
    if (!names || namespaces.size() != names->size()) {
      refuse("E0609", r, "it may apply to pods of namespaces nplc does not manage, whose policies it cannot see")
          .note("a baseline statement applies only to pods that no NetworkPolicy selects for that direction; Cilium "
                "has no such order, so nplc leaves out the pods its own policies select")
          .withHelp(fmt::format("name managed namespaces (`*`, ns/*, ns/service), {}", kBothTargets));
      return;
    }
    for (Index n : namespaces) {
      Selector base{{{ast::ReqOp::Equals, kPodNamespaceKey, {p_.namespaces[n].name}}}};
      const auto labels = podLabels(p_, subject);
      base.reqs.insert(base.reqs.end(), labels.reqs.begin(), labels.reqs.end());
      // The pods no policy selects: for each policy, one of its requirements
      // fails. A selector is a conjunction, so each choice of one negated
      // requirement per policy is an object; the objects overlap, which
      // changes nothing (the same rule twice).
      std::vector<Selector> scope{base};
      const model::Policy* widest = nullptr;
      for (const auto& pol : p_.policies) {
        if (pol.ns != n || !(ingress ? pol.ingress : pol.egress) || disjoint(pol.podSelector, labels)) continue;
        std::vector<Selector> next;
        for (const auto& sel : scope)
          for (const auto& req : pol.podSelector.reqs) {
            next.push_back(sel);
            next.back().reqs.push_back(negated(req));
          }
        scope = std::move(next);  // empty when a policy selects every pod: its namespace decides
        if (scope.size() > kMaxScopeObjects) widest = &pol;
        if (widest) break;
      }
      if (widest) {
        refuse("E0609", r, fmt::format("leaving out the pods of namespace {}'s policies would take more than {} objects",
                                       p_.namespaces[n].name, kMaxScopeObjects))
            .label(widest->span, "the policies select pods by several labels, up to here")
            .withHelp(fmt::format("select the services by fewer labels, {}", kBothTargets));
        return;
      }
      for (std::size_t k = 0; k < scope.size(); ++k)
        add(i, ingress, name + "-" + p_.namespaces[n].name + (scope.size() > 1 ? fmt::format("-{}", k + 1) : ""),
            std::move(scope[k]));
    }
  }

  static constexpr std::size_t kMaxScopeObjects = 16;
};

}  // namespace

std::vector<Policy> clusterwidePolicies(Context& cx) { return Clusterwide(cx).run(); }

}  // namespace nplc::backends::cilium
