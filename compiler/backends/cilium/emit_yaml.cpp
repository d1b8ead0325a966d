#include "backends/cilium/emit_yaml.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "backends/policy_yaml.h"
#include "backends/yaml_scalars.h"

namespace nplc::backends::cilium {

namespace {


void emitPortRules(YAML::Emitter& out, const std::vector<PortRule>& rules) {
  out << YAML::Key << "toPorts" << YAML::Value << YAML::BeginSeq;
  for (const auto& pr : rules) {
    out << YAML::BeginMap << YAML::Key << "ports" << YAML::Value << YAML::BeginSeq;
    for (const auto& pp : pr.ports) {
      out << YAML::BeginMap << YAML::Key << "port" << YAML::Value << YAML::DoubleQuoted << pp.port;
      if (pp.endPort != 0) out << YAML::Key << "endPort" << YAML::Value << pp.endPort;
      out << YAML::Key << "protocol" << YAML::Value << pp.protocol << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (!pr.http.empty() || pr.dnsAll) {
      out << YAML::Key << "rules" << YAML::Value << YAML::BeginMap;
      if (pr.dnsAll) {
        out << YAML::Key << "dns" << YAML::Value << YAML::BeginSeq << YAML::BeginMap << YAML::Key << "matchPattern"
            << YAML::Value << YAML::DoubleQuoted << "*" << YAML::EndMap << YAML::EndSeq;
      } else {
        out << YAML::Key << "http" << YAML::Value << YAML::BeginSeq;
        for (const auto& h : pr.http) {
          out << YAML::BeginMap << YAML::Key << "method" << YAML::Value;
          emitString(out, h.method);
          out << YAML::Key << "path" << YAML::Value;
          emitString(out, h.path);
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emitRule(YAML::Emitter& out, const Rule& r, bool ingress) {
  if (r.kind == Rule::L3::None && r.toPorts.empty()) {
    out << YAML::Flow << YAML::BeginMap << YAML::EndMap;  // allows nothing
    return;
  }
  out << YAML::BeginMap;
  switch (r.kind) {
    case Rule::L3::None:
      break;
    case Rule::L3::Endpoints:
      out << YAML::Key << (ingress ? "fromEndpoints" : "toEndpoints") << YAML::Value << YAML::BeginSeq;
      for (const auto& s : r.endpoints) emitLabelSelector(out, s);
      out << YAML::EndSeq;
      break;
    case Rule::L3::CidrSet:
      out << YAML::Key << (ingress ? "fromCIDRSet" : "toCIDRSet") << YAML::Value << YAML::BeginSeq;
      for (const auto& b : r.cidrs) {
        out << YAML::BeginMap << YAML::Key << "cidr" << YAML::Value << YAML::DoubleQuoted << b.cidr.str();
        if (!b.except.empty()) {
          out << YAML::Key << "except" << YAML::Value << YAML::BeginSeq;
          for (const auto& e : b.except) out << YAML::DoubleQuoted << e.str();
          out << YAML::EndSeq;
        }
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
      break;
    case Rule::L3::Entities:
      out << YAML::Key << (ingress ? "fromEntities" : "toEntities") << YAML::Value << YAML::BeginSeq;
      for (const auto& e : r.entities) emitString(out, e);
      out << YAML::EndSeq;
      break;
    case Rule::L3::Fqdns:
      out << YAML::Key << "toFQDNs" << YAML::Value << YAML::BeginSeq;
      for (const auto& f : r.fqdns) {
        const bool pattern = f.find('*') != std::string::npos;
        out << YAML::BeginMap << YAML::Key << (pattern ? "matchPattern" : "matchName") << YAML::Value;
        emitString(out, f);
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
      break;
  }
  if (!r.toPorts.empty()) emitPortRules(out, r.toPorts);
  out << YAML::EndMap;
}

void emitSection(YAML::Emitter& out, const char* key, const std::vector<Rule>& rules, bool ingress) {
  if (rules.empty()) return;
  out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (const auto& r : rules) emitRule(out, r, ingress);
  out << YAML::EndSeq;
}

}  // namespace

std::string emitPolicy(const model::Program& p, const Policy& pol, const std::string& source) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "apiVersion" << YAML::Value << "cilium.io/v2";
  out << YAML::Key << "kind" << YAML::Value << "CiliumNetworkPolicy";
  out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value;
  emitString(out, pol.name);
  out << YAML::Key << "namespace" << YAML::Value;
  emitString(out, p.namespaces[pol.ns].name);
  out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap << YAML::Key << "app.kubernetes.io/managed-by"
      << YAML::Value << "nplc" << YAML::EndMap;
  out << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap << YAML::Key << "nplc.dev/source" << YAML::Value;
  emitString(out, source);
  out << YAML::EndMap << YAML::EndMap;
  out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "endpointSelector" << YAML::Value;
  emitLabelSelector(out, pol.endpointSelector);
  if (pol.noDefaultDeny) {
    // A policy of deny rules only must not put its pods into default deny.
    out << YAML::Key << "enableDefaultDeny" << YAML::Value << YAML::BeginMap;
    if (!pol.ingressDeny.empty()) out << YAML::Key << "ingress" << YAML::Value << false;
    if (!pol.egressDeny.empty()) out << YAML::Key << "egress" << YAML::Value << false;
    out << YAML::EndMap;
  }
  emitSection(out, "ingress", pol.ingressRules, true);
  emitSection(out, "ingressDeny", pol.ingressDeny, true);
  emitSection(out, "egress", pol.egressRules, false);
  emitSection(out, "egressDeny", pol.egressDeny, false);
  out << YAML::EndMap << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace nplc::backends::cilium
