// Written from docs/language.md (Baselines, Edges, Peers, Ports, HTTP rules,
// Externals, Bundles, The Cilium target) and Cilium's documented entity and
// FQDN semantics; it reads the model's declarations and edges only, never
// `Program::policies`.
#include "intended.h"

#include <algorithm>

namespace nplc::differential {
namespace {

using Kind = model::Peer::Kind;

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool requirementHolds(const model::Requirement& r, const eval::Labels& labels) {
  const auto it = labels.find(r.key);
  switch (r.op) {
    case ast::ReqOp::Equals:
    case ast::ReqOp::In: return it != labels.end() && contains(r.values, it->second);
    case ast::ReqOp::NotIn: return it == labels.end() || !contains(r.values, it->second);
    case ast::ReqOp::Exists: return it != labels.end();
    case ast::ReqOp::DoesNotExist: return it == labels.end();
  }
  return false;
}

bool positive(const model::Requirement& r) { return r.op == ast::ReqOp::Equals || r.op == ast::ReqOp::In; }

// `inner` alone guarantees `r`.
bool implied(const model::Requirement& r, const model::LabelSelector& inner) {
  return std::any_of(inner.reqs.begin(), inner.reqs.end(), [&](const model::Requirement& q) {
    if (q.key != r.key) return false;
    const auto allIn = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
      return std::all_of(a.begin(), a.end(), [&](const std::string& v) { return contains(b, v); });
    };
    const auto noneIn = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
      return std::none_of(a.begin(), a.end(), [&](const std::string& v) { return contains(b, v); });
    };
    switch (r.op) {
      case ast::ReqOp::Equals:
      case ast::ReqOp::In: return positive(q) && allIn(q.values, r.values);
      case ast::ReqOp::Exists: return positive(q) || q.op == ast::ReqOp::Exists;
      case ast::ReqOp::NotIn:
        return (positive(q) && noneIn(q.values, r.values)) || (q.op == ast::ReqOp::NotIn && allIn(r.values, q.values)) ||
               q.op == ast::ReqOp::DoesNotExist;
      case ast::ReqOp::DoesNotExist: return q.op == ast::ReqOp::DoesNotExist;
    }
    return false;
  });
}

// Cilium's matchPattern: `*` stands for any run of DNS characters without a
// dot; the pattern `*` alone for every name.
bool dnsPatternMatches(const std::string& pattern, const std::string& name) {
  if (pattern == "*") return true;
  if (pattern.empty()) return name.empty();
  if (pattern[0] == '*') {
    for (std::size_t n = 0; n <= name.size(); ++n) {
      if (dnsPatternMatches(pattern.substr(1), name.substr(n))) return true;
      if (n < name.size() && name[n] == '.') break;
    }
    return false;
  }
  return !name.empty() && pattern[0] == name[0] && dnsPatternMatches(pattern.substr(1), name.substr(1));
}

// Cilium entities: `all` is everything; `world` every end outside the
// cluster; `cluster` every pod and the entities inside the cluster.
bool entityStandsFor(const std::string& entity, const eval::Endpoint& end) {
  using EK = eval::Endpoint::Kind;
  if (entity == "all") return true;
  if (end.isPod()) return entity == "cluster";
  if (entity == "world") return end.kind == EK::Address || end.kind == EK::DnsName || end.name == "world";
  if (end.kind != EK::Entity) return false;
  static const std::vector<std::string> inCluster = {"host",   "remote-node", "kube-apiserver", "init",
                                                     "health", "unmanaged",   "ingress"};
  return end.name == entity || (entity == "cluster" && contains(inCluster, end.name));
}

bool portsMatch(const std::vector<model::Port>& ports, int port, const std::string& protocol) {
  if (ports.empty()) return true;
  return std::any_of(ports.begin(), ports.end(), [&](const model::Port& p) {
    if (model::protocolName(p.protocol) != protocol) return false;
    switch (p.kind) {
      case model::Port::Kind::Number: return port == p.port;
      case model::Port::Kind::Range: return port >= p.port && port <= p.endPort;
      case model::Port::Kind::AllOfProtocol: return true;
      case model::Port::Kind::Named: return false;  // the model's pods name no container port
    }
    return false;
  });
}

bool httpAllows(Target t, const model::Edge& e, const eval::HttpRequest* request) {
  if (t != Target::Cilium || !request || e.http.empty()) return true;
  return std::any_of(e.http.begin(), e.http.end(), [&](const model::HttpRule& h) {
    return h.method == request->method && globMatches(h.path, request->path);
  });
}

}  // namespace

bool selectorMatches(const model::LabelSelector& s, const eval::Labels& labels) {
  return std::all_of(s.reqs.begin(), s.reqs.end(), [&](const model::Requirement& r) { return requirementHolds(r, labels); });
}

bool selectorContains(const model::LabelSelector& outer, const model::LabelSelector& inner) {
  return std::all_of(outer.reqs.begin(), outer.reqs.end(), [&](const model::Requirement& r) { return implied(r, inner); });
}

bool globMatches(const std::string& glob, const std::string& text) {
  if (glob.empty()) return text.empty();
  if (glob[0] == '*') {
    for (std::size_t n = 0; n <= text.size(); ++n) {
      if (globMatches(glob.substr(1), text.substr(n))) return true;
    }
    return false;
  }
  return !text.empty() && glob[0] == text[0] && globMatches(glob.substr(1), text.substr(1));
}

model::Index Intended::namespaceOf(const eval::Pod& pod) const {
  for (model::Index i = 0; i < p_.namespaces.size(); ++i) {
    if (p_.namespaces[i].name == pod.ns) return i;
  }
  return model::kNone;
}

// docs/language.md, Namespaces: a rule names the pods of its own namespace
// by their labels alone; another namespace by its `labels { }` (or its
// kubernetes.io/metadata.name), which other namespaces may carry too (W0214).
bool Intended::standsFor(Target t, const model::Peer& peer, const eval::Endpoint& end, model::Index ruleNs) const {
  const eval::Pod* pod = end.pod;
  const auto namespaceMatches = [&](const model::LabelSelector& s) {
    const eval::Namespace* ns = pod ? cluster_.findNamespace(pod->ns) : nullptr;
    return ns && selectorMatches(s, ns->labels);
  };
  const auto inNamespace = [&](model::Index ns) {
    if (ns == ruleNs) return pod && pod->ns == p_.namespaces[ns].name;
    return namespaceMatches(p_.namespaces[ns].selector);
  };
  switch (peer.kind) {
    case Kind::Any: return true;
    case Kind::Service: {
      const model::Service& s = p_.services[peer.service];
      return inNamespace(s.ns) && selectorMatches(s.selector, pod->labels);
    }
    case Kind::NamespacePods: return inNamespace(peer.ns);
    case Kind::AllPods: return pod != nullptr;
    case Kind::Pods: return inNamespace(peer.ns) && selectorMatches(peer.pods, pod->labels);
    case Kind::PodsInNamespaces: return namespaceMatches(peer.namespaces) && selectorMatches(peer.pods, pod->labels);
    case Kind::Namespaces: return namespaceMatches(peer.namespaces);
    case Kind::IpBlocks:
      if (end.ip().empty() || (t == Target::Cilium && pod)) return false;
      return std::any_of(peer.blocks.begin(), peer.blocks.end(),
                         [&](const model::IpBlock& b) { return eval::inBlock(end.ip(), b.cidr, b.except); });
    case Kind::Fqdn:
      if (t != Target::Cilium || end.kind != eval::Endpoint::Kind::DnsName) return false;
      return std::any_of(peer.fqdns.begin(), peer.fqdns.end(),
                         [&](const std::string& f) { return dnsPatternMatches(f, end.name); });
    case Kind::Entity: return t == Target::Cilium && entityStandsFor(peer.entity, end);
    case Kind::Nodes: return false;  // only in cluster blocks (E0604 elsewhere), which this model does not judge
  }
  return false;
}

// A service or `*` of a managed namespace: an edge adds a rule to its own
// policies (docs/language.md, Peers). Every other peer is only a peer.
model::Index Intended::subjectNamespace(const model::Peer& peer) const {
  return peer.kind == Kind::Service ? p_.services[peer.service].ns : peer.ns;
}

bool Intended::isPolicySubject(const model::Peer& peer) const {
  if (peer.kind == Kind::Service) return !p_.namespaces[p_.services[peer.service].ns].external;
  if (peer.kind == Kind::NamespacePods) return !p_.namespaces[peer.ns].external;
  return false;
}

// docs/language.md, Edges: every pod of SRC whose egress is enforced gets the
// rule when every pod of SRC is enforced (a baseline, `deny-all egress SRC`,
// or a `deny-all egress` service containing SRC); otherwise the pods of each
// enforced service contained in SRC get it, and no other.
bool Intended::egressRuleReaches(const model::Edge& e, const eval::Pod& pod) const {
  if (!isPolicySubject(e.from)) return false;
  const model::Index nsIndex = subjectNamespace(e.from);
  if (!standsFor(Target::Kubernetes, e.from, pod, nsIndex)) return false;
  const bool service = e.from.kind == Kind::Service;
  const model::Namespace& ns = p_.namespaces[nsIndex];
  const model::LabelSelector all;
  const model::LabelSelector& src = service ? p_.services[e.from.service].selector : all;
  if (ns.enforceEgress || (service && p_.services[e.from.service].isolateEgress)) return true;
  for (model::Index i : ns.services) {
    const model::Service& s = p_.services[i];
    if (!s.isolateEgress) continue;
    if (selectorContains(s.selector, src)) return true;
    if (selectorMatches(s.selector, pod.labels) && selectorContains(src, s.selector)) return true;
  }
  return false;
}

// An ordinary (not bundle) edge targets `peer`, so that its policy exists.
bool Intended::targeted(const model::Peer& peer) const {
  return std::any_of(p_.edges.begin(), p_.edges.end(), [&](const model::Edge& e) {
    return e.bundle.empty() && e.sides != ast::Sides::EgressOnly && e.to.kind == peer.kind &&
           (peer.kind == Kind::Service ? e.to.service == peer.service : e.to.ns == peer.ns);
  });
}

// An ordinary edge puts its rule in the policy of its destination, which
// selects every pod of it. A bundle edge never isolates: its destination gets
// the rule where its ingress is already enforced, by the placement rule of
// egress (docs/language.md, Bundles): every pod when a baseline, `deny-all
// ingress DST`, an ordinary edge to DST, or an enforced service containing
// DST enforces it; otherwise the pods of each enforced service DST contains.
bool Intended::ingressRuleReaches(const model::Edge& e, const eval::Pod& pod) const {
  if (!isPolicySubject(e.to)) return false;
  const model::Index nsIndex = subjectNamespace(e.to);
  if (!standsFor(Target::Kubernetes, e.to, pod, nsIndex)) return false;
  if (e.bundle.empty()) return true;
  const bool service = e.to.kind == Kind::Service;
  const model::Namespace& ns = p_.namespaces[nsIndex];
  const model::LabelSelector all;
  const model::LabelSelector& dst = service ? p_.services[e.to.service].selector : all;
  if (ns.enforceIngress || targeted(e.to) || (service && p_.services[e.to.service].isolateIngress)) return true;
  model::Peer everyPod;
  everyPod.kind = Kind::NamespacePods;
  everyPod.ns = nsIndex;
  if (targeted(everyPod)) return true;  // its policy selects every pod, DST's included
  for (model::Index i : ns.services) {
    model::Peer s;
    s.kind = Kind::Service;
    s.service = i;
    if (!p_.services[i].isolateIngress && !targeted(s)) continue;
    const model::LabelSelector& sel = p_.services[i].selector;
    if (selectorContains(sel, dst)) return true;
    if (selectorMatches(sel, pod.labels) && selectorContains(dst, sel)) return true;
  }
  return false;
}

bool Intended::egressAllowed(Target t, const eval::Endpoint& from, const eval::Endpoint& to, int port,
                             const std::string& protocol, const eval::HttpRequest* request) const {
  if (!from.isPod()) return true;
  const eval::Pod& pod = *from.pod;
  const model::Index nsIndex = namespaceOf(pod);
  if (nsIndex == model::kNone || p_.namespaces[nsIndex].external) return true;
  const model::Namespace& ns = p_.namespaces[nsIndex];
  // Only a baseline or `deny-all egress SERVICE` enforces egress.
  const bool enforced = ns.enforceEgress || std::any_of(ns.services.begin(), ns.services.end(), [&](model::Index i) {
                          return p_.services[i].isolateEgress && selectorMatches(p_.services[i].selector, pod.labels);
                        });
  if (!enforced) return true;
  for (const model::Edge& e : p_.edges) {
    if (e.sides == ast::Sides::IngressOnly || !egressRuleReaches(e, pod)) continue;
    if (standsFor(t, e.to, to, subjectNamespace(e.from)) && portsMatch(e.ports, port, protocol) &&
        httpAllows(t, e, request))
      return true;
  }
  // Cilium: a pod with a DNS-name destination may resolve names through
  // kube-dns (kube-system, k8s-app=kube-dns) on port 53.
  if (t == Target::Cilium && to.isPod() && to.pod->ns == "kube-system" && port == 53 &&
      (protocol == "TCP" || protocol == "UDP")) {
    const auto it = to.pod->labels.find("k8s-app");
    if (it != to.pod->labels.end() && it->second == "kube-dns") {
      for (const model::Edge& e : p_.edges) {
        if (e.sides != ast::Sides::IngressOnly && e.to.kind == Kind::Fqdn && egressRuleReaches(e, pod)) return true;
      }
    }
  }
  return false;
}

bool Intended::ingressAllowed(Target t, const eval::Endpoint& from, const eval::Endpoint& to, int port,
                              const std::string& protocol, const eval::HttpRequest* request) const {
  if (!to.isPod()) return true;
  const eval::Pod& pod = *to.pod;
  const model::Index nsIndex = namespaceOf(pod);
  if (nsIndex == model::kNone || p_.namespaces[nsIndex].external) return true;
  const model::Namespace& ns = p_.namespaces[nsIndex];
  const auto targets = [&](const model::Edge& e) {
    return e.sides != ast::Sides::EgressOnly && ingressRuleReaches(e, pod);
  };
  // A baseline, `deny-all ingress SERVICE`, or being the target of an edge
  // isolates ingress; a bundle edge never does.
  const bool isolated =
      ns.enforceIngress ||
      std::any_of(ns.services.begin(), ns.services.end(),
                  [&](model::Index i) {
                    return p_.services[i].isolateIngress && selectorMatches(p_.services[i].selector, pod.labels);
                  }) ||
      std::any_of(p_.edges.begin(), p_.edges.end(), [&](const model::Edge& e) { return e.bundle.empty() && targets(e); });
  if (!isolated) return true;
  return std::any_of(p_.edges.begin(), p_.edges.end(), [&](const model::Edge& e) {
    return targets(e) && standsFor(t, e.from, from, subjectNamespace(e.to)) && portsMatch(e.ports, port, protocol) && httpAllows(t, e, request);
  });
}

bool Intended::allowed(Target t, const eval::Endpoint& from, const eval::Endpoint& to, int port,
                       const std::string& protocol, const eval::HttpRequest* request) const {
  return egressAllowed(t, from, to, port, protocol, request) && ingressAllowed(t, from, to, port, protocol, request);
}

std::vector<const model::Edge*> Intended::deniesOf(Target t, const eval::Endpoint& from, const eval::Endpoint& to,
                                                   int port, const std::string& protocol) const {
  std::vector<const model::Edge*> out;
  // Each end as the deny's own namespace reads it, and as the rules of the
  // other end's namespace do (the deny rules of --cilium-deny-rules).
  const auto namespaceOfEnd = [&](const model::Edge& d, const model::Peer& peer) {
    const bool one = peer.kind == Kind::Service || peer.kind == Kind::NamespacePods || peer.kind == Kind::Pods;
    return one ? subjectNamespace(peer) : d.ns;
  };
  for (const model::Edge& d : p_.denies) {
    const bool fromMatches =
        standsFor(t, d.from, from, d.ns) || standsFor(t, d.from, from, namespaceOfEnd(d, d.to));
    const bool toMatches = standsFor(t, d.to, to, d.ns) || standsFor(t, d.to, to, namespaceOfEnd(d, d.from));
    if (fromMatches && toMatches && portsMatch(d.ports, port, protocol)) out.push_back(&d);
  }
  return out;
}

}  // namespace nplc::differential
