#include "backends/cilium/emit_yaml.h"

#include <set>

#include "backends/policy_yaml.h"

namespace nplc::backends::cilium {

namespace {

void emitPortRules(YamlWriter& out, const std::vector<PortRule>& rules) {
  out.key("toPorts");
  out.beginSeq();
  for (const auto& pr : rules) {
    out.beginMap();
    out.key("ports");
    out.beginSeq();
    for (const auto& pp : pr.ports) {
      out.beginMap();
      out.key("port");
      out.quoted(pp.port);
      if (pp.endPort != 0) {
        out.key("endPort");
        out.number(pp.endPort);
      }
      out.key("protocol");
      out.string(pp.protocol);
      out.endMap();
    }
    out.endSeq();
    if (!pr.http.empty() || pr.dnsAll) {
      out.key("rules");
      out.beginMap();
      if (pr.dnsAll) {
        out.key("dns");
        out.beginSeq();
        out.beginMap();
        out.key("matchPattern");
        out.quoted("*");
        out.endMap();
        out.endSeq();
      } else {
        out.key("http");
        out.beginSeq();
        for (const auto& h : pr.http) {
          out.beginMap();
          out.key("method");
          out.string(h.method);
          out.key("path");
          out.string(h.path);
          out.endMap();
        }
        out.endSeq();
      }
      out.endMap();
    }
    out.endMap();
  }
  out.endSeq();
}

void emitRule(YamlWriter& out, const Rule& r, bool ingress) {
  out.beginMap();  // `{}` when it has neither peers nor ports: allows nothing
  switch (r.kind) {
    case Rule::L3::None:
      break;
    case Rule::L3::Endpoints:
      out.key(ingress ? "fromEndpoints" : "toEndpoints");
      out.beginSeq();
      for (const auto& s : r.endpoints) emitLabelSelector(out, s);
      out.endSeq();
      break;
    case Rule::L3::CidrSet:
      out.key(ingress ? "fromCIDRSet" : "toCIDRSet");
      out.beginSeq();
      for (const auto& b : r.cidrs) {
        out.beginMap();
        emitCidr(out, b);
        out.endMap();
      }
      out.endSeq();
      break;
    case Rule::L3::Entities:
      out.key(ingress ? "fromEntities" : "toEntities");
      out.beginSeq();
      for (const auto& e : r.entities) out.string(e);
      out.endSeq();
      break;
    case Rule::L3::Fqdns:
      out.key("toFQDNs");
      out.beginSeq();
      for (const auto& f : r.fqdns) {
        const bool pattern = f.find('*') != std::string::npos;
        out.beginMap();
        out.key(pattern ? "matchPattern" : "matchName");
        out.string(f);
        out.endMap();
      }
      out.endSeq();
      break;
  }
  if (!r.toPorts.empty()) emitPortRules(out, r.toPorts);
  out.endMap();
}

void emitSection(YamlWriter& out, const char* key, const std::vector<Rule>& rules, bool ingress) {
  if (rules.empty()) return;
  out.key(key);
  out.beginSeq();
  for (const auto& r : rules) emitRule(out, r, ingress);
  out.endSeq();
}

}  // namespace

std::string emitPolicy(const model::Program& p, const Policy& pol, const std::string& source) {
  YamlWriter out;
  const bool clusterwide = pol.ns == model::kNone;  // a cluster-scope statement's
  beginPolicyObject(out, "cilium.io/v2", clusterwide ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy",
                    pol.name, clusterwide ? "" : p.namespaces[pol.ns].name, source);
  out.key("spec");
  out.beginMap();
  out.key("endpointSelector");
  emitLabelSelector(out, pol.endpointSelector);
  if (pol.noDefaultDeny) {
    // A policy of deny rules only (or an admin allow) must not put its pods
    // into default deny.
    out.key("enableDefaultDeny");
    out.beginMap();
    if (!pol.ingressDeny.empty() || !pol.ingressRules.empty()) {
      out.key("ingress");
      out.boolean(false);
    }
    if (!pol.egressDeny.empty() || !pol.egressRules.empty()) {
      out.key("egress");
      out.boolean(false);
    }
    out.endMap();
  }
  emitSection(out, "ingress", pol.ingressRules, true);
  emitSection(out, "ingressDeny", pol.ingressDeny, true);
  emitSection(out, "egress", pol.egressRules, false);
  emitSection(out, "egressDeny", pol.egressDeny, false);
  out.endMap();
  out.endMap();
  return out.finish();
}

}  // namespace nplc::backends::cilium
