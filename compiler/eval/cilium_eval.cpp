#include "eval/cilium_eval.h"

#include <regex>
#include <stdexcept>

namespace nplc::eval::cilium {
namespace {

// The entities `cluster` stands for besides the pods (Cilium's reserved
// identities inside the cluster).
bool inCluster(const std::string& entity) {
  return entity == "host" || entity == "remote-node" || entity == "kube-apiserver" || entity == "init" ||
         entity == "health" || entity == "unmanaged" || entity == "ingress" || entity == "cluster";
}

bool outside(const Endpoint& e) { return e.kind == Endpoint::Kind::Address || e.kind == Endpoint::Kind::DnsName; }

bool entityMatches(const std::string& entity, const Endpoint& remote) {
  if (entity == "all") return true;
  if (remote.pod) return entity == "cluster";
  if (entity == "world") return outside(remote) || remote.name == "world";
  if (entity == "world-ipv4" || entity == "world-ipv6") {
    const bool v6 = remote.ip().find(':') != std::string::npos;
    return outside(remote) && !remote.ip().empty() && v6 == (entity == "world-ipv6");
  }
  if (remote.kind != Endpoint::Kind::Entity) return false;
  return remote.name == entity || (entity == "cluster" && inCluster(remote.name));
}

bool l3Matches(const Rule& r, const Identity& identity, const Endpoint& remote) {
  if (!r.hasL3()) return !r.toPorts.empty();  // L4-only rule: every peer; `{}`: none
  for (const auto& sel : r.endpoints) {
    if (sel.matches(identity)) return true;
  }
  for (const auto& e : r.entities) {
    if (entityMatches(e, remote)) return true;
  }
  if (outside(remote)) {  // CIDR rules never match pods
    for (const auto& c : r.cidrs) {
      if (inBlock(remote.ip(), c.cidr, c.except)) return true;
    }
  }
  if (remote.kind == Endpoint::Kind::DnsName) {
    for (const auto& f : r.fqdns) {
      if (f.matches(remote.name)) return true;
    }
  }
  return false;
}

bool protocolMatches(const std::string& rule, const std::string& traffic) { return rule == "ANY" || rule == traffic; }

bool portMatches(const PortProtocol& pp, const Endpoint& destination, int port, const std::string& protocol) {
  if (!protocolMatches(pp.protocol, protocol)) return false;
  if (pp.port.find_first_not_of("0123456789") != std::string::npos) {
    if (!destination.pod) return false;  // named ports are container ports
    for (const auto& cp : destination.pod->ports) {
      if (cp.name == pp.port && cp.protocol == protocol && cp.port == port) return true;
    }
    return false;
  }
  const int p = std::stoi(pp.port);
  if (p == 0) return true;
  if (pp.endPort > p) return port >= p && port <= pp.endPort;
  return port == p;
}

bool fullMatch(const std::string& regex, const std::string& value) {
  return regex.empty() || std::regex_match(value, std::regex(regex));
}

// How a rule lets the traffic through: not at all, at L4 (every request), or
// through the L7 rules of its port rules for that port.
struct Match {
  bool l3l4 = false;
  bool l4Only = false;
  std::vector<const PortRule*> l7;
};

Match ruleMatches(const Rule& r, const Identity& identity, const Endpoint& remote, const Endpoint& destination,
                  int port, const std::string& protocol) {
  Match m;
  if (!l3Matches(r, identity, remote)) return m;
  if (r.toPorts.empty()) {
    m.l3l4 = m.l4Only = true;
    return m;
  }
  for (const auto& pr : r.toPorts) {
    for (const auto& pp : pr.ports) {
      if (!portMatches(pp, destination, port, protocol)) continue;
      m.l3l4 = true;
      if (!pr.hasHttp && !pr.hasDns)
        m.l4Only = true;
      else
        m.l7.push_back(&pr);
    }
  }
  return m;
}

bool requestMatches(const Match& m, const HttpRequest& req) {
  for (const PortRule* pr : m.l7) {
    if (!pr->hasHttp) continue;  // a DNS rule: not an HTTP request
    for (const auto& h : pr->http) {
      if (fullMatch(h.method, req.method) && fullMatch(h.path, req.path)) return true;
    }
  }
  return false;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

bool dnsChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; }

// `*` matches any run of DNS characters within one label.
bool globMatch(const char* pat, const char* name) {
  if (*pat == '\0') return *name == '\0';
  if (*pat == '*') {
    for (const char* n = name;; ++n) {
      if (globMatch(pat + 1, n)) return true;
      if (*n == '\0' || !dnsChar(*n)) return false;
    }
  }
  return *pat == *name && globMatch(pat + 1, name + 1);
}

std::string canonicalName(const std::string& name) {
  std::string s = lower(name);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// The policy puts the pods it selects in default deny for that direction.
bool defaultDeny(const CiliumPolicy& p, bool ingress) {
  const bool sections = ingress ? !p.ingress.empty() || !p.ingressDeny.empty() : !p.egress.empty() || !p.egressDeny.empty();
  return sections && (ingress ? p.defaultDenyIngress : p.defaultDenyEgress).value_or(true);
}

}  // namespace

bool FqdnRule::matches(const std::string& dnsName) const {
  const std::string name = canonicalName(dnsName), want = canonicalName(value);
  if (!pattern) return name == want;
  if (want == "*") return true;  // `*` alone: every name
  return globMatch(want.c_str(), name.c_str());
}

Evaluator::Evaluator(const Cluster& cluster, std::vector<CiliumPolicy> policies)
    : cluster_(cluster), policies_(std::move(policies)) {
  for (std::size_t i = 0; i < policies_.size(); ++i) byNamespace_[policies_[i].ns].push_back(i);
  for (const auto& pod : cluster_.pods()) selected_.put(pod, select(pod));
}

Evaluator::Selected Evaluator::select(const Pod& pod) const {
  Selected out{podIdentity(pod), {}};
  for (const std::string& ns : {std::string(), pod.ns}) {  // the clusterwide policies first
    const auto it = byNamespace_.find(ns);
    if (it == byNamespace_.end()) continue;
    for (std::size_t i : it->second) {
      if (policies_[i].endpointSelector.matches(out.identity)) out.policies.push_back(i);
    }
  }
  return out;
}

const Evaluator::Selected& Evaluator::selected(const Pod& pod, Selected& scratch) const {
  if (const Selected* cached = selected_.find(pod)) return *cached;
  scratch = select(pod);
  return scratch;
}

Identity Evaluator::identity(const Endpoint& end) const {
  if (!end.pod) return {{"reserved", end.kind == Endpoint::Kind::Entity ? end.name : "world", ""}};
  Selected scratch;
  return selected(*end.pod, scratch).identity;
}

const Identity& Evaluator::peerIdentity(const Endpoint& remote, Selected& scratch) const {
  if (remote.pod) return selected(*remote.pod, scratch).identity;
  scratch.identity = identity(remote);
  return scratch.identity;
}

Identity Evaluator::podIdentity(const Pod& pod) const {
  Identity id;
  for (const auto& [k, v] : pod.labels) id.push_back({"k8s", k, v});
  id.push_back({"k8s", "io.kubernetes.pod.namespace", pod.ns});
  if (const Namespace* ns = cluster_.findNamespace(pod.ns)) {
    for (const auto& [k, v] : ns->labels) id.push_back({"k8s", "io.cilium.k8s.namespace.labels." + k, v});
  }
  return id;
}

SideVerdict Evaluator::side(const Pod& local, const Endpoint& remote, const Endpoint& destination, int port,
                            const std::string& protocol, const HttpRequest* request, bool ingress) const {
  Selected scratch, remoteScratch;
  const Selected& self = selected(local, scratch);
  const Identity& peer = peerIdentity(remote, remoteScratch);
  SideVerdict v;
  bool isolated = false;
  std::vector<std::pair<RuleRef, Match>> matches;
  for (std::size_t index : self.policies) {
    const auto& p = policies_[index];
    const PolicyRef ref{p.clusterwide ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy", p.ns, p.name};
    const auto& allow = ingress ? p.ingress : p.egress;
    const auto& deny = ingress ? p.ingressDeny : p.egressDeny;
    if (defaultDeny(p, ingress)) {
      isolated = true;
      v.isolatedBy.push_back(ref);
    }
    const std::string section = ingress ? "ingress" : "egress";
    for (std::size_t i = 0; i < deny.size(); ++i) {
      if (ruleMatches(deny[i], peer, remote, destination, port, protocol).l3l4)
        v.deniedBy.push_back({ref, section + "Deny", i});
    }
    for (std::size_t i = 0; i < allow.size(); ++i) {
      Match m = ruleMatches(allow[i], peer, remote, destination, port, protocol);
      if (m.l3l4) matches.push_back({{ref, section, i}, std::move(m)});
    }
  }
  // With a request, a rule lets it through at L4 (no HTTP rules for that
  // port: Cilium merges it with the L7 rules, every request passes) or by
  // one of its HTTP rules.
  for (const auto& [ref, m] : matches) {
    if (!request || m.l4Only || requestMatches(m, *request)) v.allowedBy.push_back(ref);
  }
  v.isolated = isolated;
  v.allowed = v.deniedBy.empty() && (!isolated || !v.allowedBy.empty());
  return v;
}

Verdict Evaluator::evaluate(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                            const HttpRequest* request) const {
  Verdict v;
  if (from.pod) v.egress = side(*from.pod, to, to, port, protocol, request, false);
  if (to.pod) v.ingress = side(*to.pod, from, to, port, protocol, request, true);
  return v;
}

bool Evaluator::mayAllow(const Endpoint& from, const Endpoint& to) const {
  const auto sideMay = [&](const Pod& local, const Endpoint& remote, bool ingress) {
    Selected scratch, remoteScratch;
    const Identity& peer = peerIdentity(remote, remoteScratch);
    bool isolated = false;
    for (std::size_t index : selected(local, scratch).policies) {
      const auto& p = policies_[index];
      isolated = isolated || defaultDeny(p, ingress);
      for (const auto& rule : ingress ? p.ingress : p.egress)
        if (l3Matches(rule, peer, remote)) return true;
    }
    return !isolated;
  };
  return (!from.pod || sideMay(*from.pod, to, false)) && (!to.pod || sideMay(*to.pod, from, true));
}

bool Evaluator::onlyByEntityOrName(const RuleRef& ref, const Endpoint& remote) const {
  for (const auto& p : policies_) {
    if (p.ns != ref.policy.ns || p.name != ref.policy.name) continue;
    // A cluster-scope statement means what ClusterNetworkPolicy means: its
    // entities (the sources that are not pods) are never beyond it.
    if (p.clusterwide) return false;
    if (ref.section != "ingress" && ref.section != "egress") return false;  // allow rules only
    const auto& rules = ref.section == "ingress" ? p.ingress : p.egress;
    if (ref.index >= rules.size()) return false;
    Rule narrowed = rules[ref.index];  // the same rule without its entities and DNS names
    if (narrowed.entities.empty() && narrowed.fqdns.empty()) return false;
    narrowed.entities.clear();
    narrowed.fqdns.clear();
    if (!narrowed.hasL3()) return true;
    Selected scratch;
    return !l3Matches(narrowed, peerIdentity(remote, scratch), remote);
  }
  return false;
}

bool Evaluator::allowed(const std::string& from, const std::string& to, int port, const std::string& protocol,
                        const HttpRequest* request) const {
  const Pod* f = cluster_.findPod(from);
  const Pod* t = cluster_.findPod(to);
  if (!f) throw std::invalid_argument("unknown pod " + from);
  if (!t) throw std::invalid_argument("unknown pod " + to);
  return evaluate(*f, *t, port, protocol, request).allowed();
}

}  // namespace nplc::eval::cilium
