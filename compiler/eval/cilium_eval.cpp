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

}  // namespace

bool FqdnRule::matches(const std::string& dnsName) const {
  const std::string name = canonicalName(dnsName), want = canonicalName(value);
  if (!pattern) return name == want;
  if (want == "*") return true;  // `*` alone: every name
  return globMatch(want.c_str(), name.c_str());
}

Evaluator::Evaluator(const Cluster& cluster, std::vector<CiliumPolicy> policies)
    : cluster_(cluster), policies_(std::move(policies)) {}

Identity Evaluator::identity(const Endpoint& end) const {
  Identity id;
  if (!end.pod) {
    id.push_back({"reserved", end.kind == Endpoint::Kind::Entity ? end.name : "world", ""});
    return id;
  }
  const Pod& pod = *end.pod;
  for (const auto& [k, v] : pod.labels) id.push_back({"k8s", k, v});
  id.push_back({"k8s", "io.kubernetes.pod.namespace", pod.ns});
  if (const Namespace* ns = cluster_.findNamespace(pod.ns)) {
    for (const auto& [k, v] : ns->labels) id.push_back({"k8s", "io.cilium.k8s.namespace.labels." + k, v});
  }
  return id;
}

SideVerdict Evaluator::side(const Pod& local, const Endpoint& remote, const Endpoint& destination, int port,
                            const std::string& protocol, const HttpRequest* request, bool ingress) const {
  const Identity self = identity(local);
  const Identity peer = identity(remote);
  SideVerdict v;
  bool isolated = false;
  std::vector<std::pair<RuleRef, Match>> matches;
  for (const auto& p : policies_) {
    if (!p.endpointSelector.matches(self)) continue;
    const PolicyRef ref{"CiliumNetworkPolicy", p.ns, p.name};
    const auto& allow = ingress ? p.ingress : p.egress;
    const auto& deny = ingress ? p.ingressDeny : p.egressDeny;
    const auto& setting = ingress ? p.defaultDenyIngress : p.defaultDenyEgress;
    if ((!allow.empty() || !deny.empty()) && setting.value_or(true)) {
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

bool Evaluator::allowed(const std::string& from, const std::string& to, int port, const std::string& protocol,
                        const HttpRequest* request) const {
  const Pod* f = cluster_.findPod(from);
  const Pod* t = cluster_.findPod(to);
  if (!f) throw std::invalid_argument("unknown pod " + from);
  if (!t) throw std::invalid_argument("unknown pod " + to);
  return evaluate(*f, *t, port, protocol, request).allowed();
}

}  // namespace nplc::eval::cilium
