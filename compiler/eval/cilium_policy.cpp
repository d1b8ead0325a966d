#include "eval/cilium_policy.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "eval/yaml_read.h"

namespace nplc::eval::cilium {
namespace {

const char* const kNamespaceKey = "io.kubernetes.pod.namespace";
const char* const kNamespaceLabelsPrefix = "io.cilium.k8s.namespace.labels.";

using yaml::checkKeys;
using yaml::fail;
using yaml::present;
using yaml::scalar;

YAML::Node list(const YAML::Node& n, const std::string& where) {
  if (!n.IsSequence()) fail(where, "expected a list");
  return n;
}

std::string at(const std::string& where, std::size_t i) { return where + "[" + std::to_string(i) + "]"; }

// "k8s:app" -> (k8s, app); "app" -> (any, app).
std::pair<std::string, std::string> splitKey(const std::string& key, const std::string& where) {
  auto colon = key.find(':');
  if (colon == std::string::npos) return {"any", key};
  if (colon == 0 || key.find(':', colon + 1) != std::string::npos) fail(where, "bad label key '" + key + "'");
  return {key.substr(0, colon), key.substr(colon + 1)};
}

EndpointSelector parseSelector(const YAML::Node& n, const std::string& where) {
  EndpointSelector sel;
  checkKeys(n, {"matchLabels", "matchExpressions"}, where);
  if (present(n["matchLabels"])) {
    if (!n["matchLabels"].IsMap()) fail(where + ".matchLabels", "expected a mapping");
    for (const auto& kv : n["matchLabels"]) {
      auto [source, key] = splitKey(kv.first.as<std::string>(), where + ".matchLabels");
      sel.reqs.push_back({source, key, Requirement::Op::In, {scalar(kv.second, where + ".matchLabels")}});
    }
  }
  if (present(n["matchExpressions"])) {
    const auto exprs = list(n["matchExpressions"], where + ".matchExpressions");
    for (std::size_t i = 0; i < exprs.size(); ++i) {
      const std::string w = at(where + ".matchExpressions", i);
      checkKeys(exprs[i], {"key", "operator", "values"}, w);
      auto [source, key] = splitKey(scalar(exprs[i]["key"], w + ".key"), w + ".key");
      Req r{source, key, Requirement::Op::In, {}};
      const std::string op = scalar(exprs[i]["operator"], w + ".operator");
      r.op = yaml::selectorOperator(op, w + ".operator");
      if (present(exprs[i]["values"])) {
        const auto vals = list(exprs[i]["values"], w + ".values");
        for (std::size_t j = 0; j < vals.size(); ++j) r.values.push_back(scalar(vals[j], at(w + ".values", j)));
      }
      const bool setOp = r.op == Requirement::Op::In || r.op == Requirement::Op::NotIn;
      if (setOp == r.values.empty())
        fail(w + ".values", setOp ? "must be non-empty for " + op : "must be empty for " + op);
      sel.reqs.push_back(std::move(r));
    }
  }
  return sel;
}

// Cilium's scoping of from/toEndpoints in a namespaced policy; a
// clusterwide policy's (ns empty) are not scoped.
void scopePeerSelector(EndpointSelector& sel, const std::string& ns, const std::string& where) {
  if (ns.empty()) {
    // Whether `{}` there also matches identities that are not pods (host,
    // world) is not documented: nplc never writes it, the reader refuses it.
    if (sel.reqs.empty()) fail(where, "an empty selector in a CiliumClusterwideNetworkPolicy");
    return;
  }
  if (sel.mentionsSource("reserved")) return;
  if (sel.mentions(kNamespaceKey) || sel.mentionsPrefix(kNamespaceLabelsPrefix)) return;
  sel.reqs.push_back({"k8s", kNamespaceKey, Requirement::Op::In, {ns}});
}

PortRule parsePortRule(const YAML::Node& n, const std::string& where, bool deny) {
  checkKeys(n, deny ? std::set<std::string>{"ports"} : std::set<std::string>{"ports", "rules"}, where);
  PortRule pr;
  if (present(n["ports"])) {
    const auto ports = list(n["ports"], where + ".ports");
    for (std::size_t i = 0; i < ports.size(); ++i) {
      const std::string w = at(where + ".ports", i);
      checkKeys(ports[i], {"port", "endPort", "protocol"}, w);
      PortProtocol pp;
      pp.port = scalar(ports[i]["port"], w + ".port");
      if (present(ports[i]["endPort"])) pp.endPort = ports[i]["endPort"].as<int>();
      if (present(ports[i]["protocol"])) pp.protocol = scalar(ports[i]["protocol"], w + ".protocol");
      if (pp.protocol != "TCP" && pp.protocol != "UDP" && pp.protocol != "SCTP" && pp.protocol != "ANY") {
        fail(w + ".protocol", "unsupported protocol " + pp.protocol);
      }
      pr.ports.push_back(std::move(pp));
    }
  }
  if (present(n["rules"])) {
    const auto& rules = n["rules"];
    checkKeys(rules, {"http", "dns"}, where + ".rules");
    if (present(rules["http"])) {
      pr.hasHttp = true;
      const auto http = list(rules["http"], where + ".rules.http");
      for (std::size_t i = 0; i < http.size(); ++i) {
        const std::string w = at(where + ".rules.http", i);
        checkKeys(http[i], {"method", "path"}, w);
        HttpRule h;
        if (present(http[i]["method"])) h.method = scalar(http[i]["method"], w + ".method");
        if (present(http[i]["path"])) h.path = scalar(http[i]["path"], w + ".path");
        pr.http.push_back(std::move(h));
      }
    }
    if (present(rules["dns"])) {
      pr.hasDns = true;
      const auto dns = list(rules["dns"], where + ".rules.dns");
      for (std::size_t i = 0; i < dns.size(); ++i)
        checkKeys(dns[i], {"matchName", "matchPattern"}, at(where + ".rules.dns", i));
    }
    if (pr.hasHttp && pr.hasDns) fail(where + ".rules", "http and dns rules in one PortRule");
  }
  return pr;
}

CidrRule parseCidrRule(const YAML::Node& n, const std::string& where) {
  checkKeys(n, {"cidr", "except"}, where);
  CidrRule c;
  auto parsed = parseLenientCidr(scalar(n["cidr"], where + ".cidr"));
  if (!parsed) fail(where + ".cidr", "not a CIDR");
  c.cidr = *parsed;
  if (present(n["except"])) {
    const auto ex = list(n["except"], where + ".except");
    for (std::size_t i = 0; i < ex.size(); ++i) {
      auto e = parseLenientCidr(scalar(ex[i], at(where + ".except", i)));
      if (!e) fail(at(where + ".except", i), "not a CIDR");
      c.except.push_back(*e);
    }
  }
  return c;
}

Rule parseRule(const YAML::Node& n, const std::string& where, const std::string& ns, bool ingress, bool deny) {
  const std::string pre = ingress ? "from" : "to";
  std::set<std::string> keys = {pre + "Endpoints", pre + "CIDR", pre + "CIDRSet", pre + "Entities", "toPorts"};
  if (!ingress && !deny) keys.insert("toFQDNs");
  checkKeys(n, keys, where);
  Rule r;
  if (present(n[pre + "Endpoints"])) {
    const auto eps = list(n[pre + "Endpoints"], where + "." + pre + "Endpoints");
    for (std::size_t i = 0; i < eps.size(); ++i) {
      auto sel = parseSelector(eps[i], at(where + "." + pre + "Endpoints", i));
      scopePeerSelector(sel, ns, at(where + "." + pre + "Endpoints", i));
      r.endpoints.push_back(std::move(sel));
    }
  }
  if (present(n[pre + "CIDR"])) {  // CIDRs without excepts (nplc writes CIDRSet; import reads both)
    const auto cs = list(n[pre + "CIDR"], where + "." + pre + "CIDR");
    for (std::size_t i = 0; i < cs.size(); ++i) {
      auto parsed = parseLenientCidr(scalar(cs[i], at(where + "." + pre + "CIDR", i)));
      if (!parsed) fail(at(where + "." + pre + "CIDR", i), "not a CIDR");
      r.cidrs.push_back({*parsed, {}});
    }
  }
  if (present(n[pre + "CIDRSet"])) {
    const auto cs = list(n[pre + "CIDRSet"], where + "." + pre + "CIDRSet");
    for (std::size_t i = 0; i < cs.size(); ++i)
      r.cidrs.push_back(parseCidrRule(cs[i], at(where + "." + pre + "CIDRSet", i)));
  }
  if (present(n[pre + "Entities"])) {
    const auto es = list(n[pre + "Entities"], where + "." + pre + "Entities");
    for (std::size_t i = 0; i < es.size(); ++i)
      r.entities.push_back(scalar(es[i], at(where + "." + pre + "Entities", i)));
  }
  if (present(n["toFQDNs"])) {
    const auto fs = list(n["toFQDNs"], where + ".toFQDNs");
    for (std::size_t i = 0; i < fs.size(); ++i) {
      const std::string w = at(where + ".toFQDNs", i);
      checkKeys(fs[i], {"matchName", "matchPattern"}, w);
      if (fs[i].size() != 1) fail(w, "expected one of matchName and matchPattern");
      const bool pattern = present(fs[i]["matchPattern"]);
      r.fqdns.push_back({pattern, scalar(pattern ? fs[i]["matchPattern"] : fs[i]["matchName"], w)});
    }
  }
  int kinds = !r.endpoints.empty() + !r.cidrs.empty() + !r.entities.empty() + !r.fqdns.empty();
  if (kinds > 1) fail(where, "more than one L3 kind in one rule (Cilium rejects it)");
  if (present(n["toPorts"])) {
    const auto tp = list(n["toPorts"], where + ".toPorts");
    for (std::size_t i = 0; i < tp.size(); ++i)
      r.toPorts.push_back(parsePortRule(tp[i], at(where + ".toPorts", i), deny));
  }
  return r;
}

std::vector<Rule> parseSection(const YAML::Node& spec, const char* key, const std::string& where, const std::string& ns,
                               bool ingress, bool deny) {
  std::vector<Rule> out;
  if (!present(spec[key])) return out;
  const auto rules = list(spec[key], where + "." + key);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    out.push_back(parseRule(rules[i], at(where + "." + key, i), ns, ingress, deny));
  }
  return out;
}

CiliumPolicy parseOne(const YAML::Node& doc, const std::string& where) {
  checkKeys(doc, {"apiVersion", "kind", "metadata", "spec"}, where);
  if (scalar(doc["apiVersion"], where + ".apiVersion") != "cilium.io/v2")
    fail(where, "apiVersion must be cilium.io/v2");
  const std::string kind = scalar(doc["kind"], where + ".kind");
  const bool clusterwide = kind == "CiliumClusterwideNetworkPolicy";
  if (kind != "CiliumNetworkPolicy" && !clusterwide)
    fail(where, "kind must be CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy");
  CiliumPolicy p;
  p.clusterwide = clusterwide;
  const auto& md = doc["metadata"];
  checkKeys(md, clusterwide ? std::set<std::string>{"name", "labels", "annotations"}
                            : std::set<std::string>{"name", "namespace", "labels", "annotations"},
            where + ".metadata");
  p.name = scalar(md["name"], where + ".metadata.name");
  if (!clusterwide) p.ns = scalar(md["namespace"], where + ".metadata.namespace");
  const std::string w = where + ".spec";
  const auto& spec = doc["spec"];
  checkKeys(spec, {"endpointSelector", "enableDefaultDeny", "ingress", "egress", "ingressDeny", "egressDeny"}, w);
  if (!present(spec["endpointSelector"])) fail(w, "endpointSelector is required");
  p.endpointSelector = parseSelector(spec["endpointSelector"], w + ".endpointSelector");
  // A CiliumNetworkPolicy always applies in its own namespace; a clusterwide
  // one wherever its selector says (nplc always says which namespaces).
  if (!clusterwide) p.endpointSelector.reqs.push_back({"k8s", kNamespaceKey, Requirement::Op::In, {p.ns}});
  else if (!p.endpointSelector.mentions(kNamespaceKey) && !p.endpointSelector.mentionsPrefix(kNamespaceLabelsPrefix))
    fail(w + ".endpointSelector", "a clusterwide policy's selector that names no namespace (it would also select "
                                  "what is not a pod)");
  if (present(spec["enableDefaultDeny"])) {
    const auto& edd = spec["enableDefaultDeny"];
    checkKeys(edd, {"ingress", "egress"}, w + ".enableDefaultDeny");
    if (present(edd["ingress"])) p.defaultDenyIngress = edd["ingress"].as<bool>();
    if (present(edd["egress"])) p.defaultDenyEgress = edd["egress"].as<bool>();
  }
  p.ingress = parseSection(spec, "ingress", w, p.ns, true, false);
  p.egress = parseSection(spec, "egress", w, p.ns, false, false);
  p.ingressDeny = parseSection(spec, "ingressDeny", w, p.ns, true, true);
  p.egressDeny = parseSection(spec, "egressDeny", w, p.ns, false, true);
  return p;
}

bool reqMatches(const Req& r, const Identity& id) {
  std::vector<const std::string*> values;
  for (const auto& l : id) {
    if (l.key == r.key && (r.source == "any" || r.source == l.source)) values.push_back(&l.value);
  }
  auto valueIn = [&] {
    for (const auto* v : values) {
      for (const auto& want : r.values) {
        if (*v == want) return true;
      }
    }
    return false;
  };
  switch (r.op) {
    case Requirement::Op::In:
      return valueIn();
    case Requirement::Op::NotIn:
      return !valueIn();
    case Requirement::Op::Exists:
      return !values.empty();
    case Requirement::Op::DoesNotExist:
      return values.empty();
  }
  return false;
}

}  // namespace

bool EndpointSelector::matches(const Identity& id) const {
  for (const auto& r : reqs) {
    if (!reqMatches(r, id)) return false;
  }
  return true;
}

bool EndpointSelector::mentions(const std::string& key) const {
  for (const auto& r : reqs) {
    if (r.key == key && (r.source == "k8s" || r.source == "any")) return true;
  }
  return false;
}

bool EndpointSelector::mentionsPrefix(const std::string& prefix) const {
  for (const auto& r : reqs) {
    if (r.key.rfind(prefix, 0) == 0 && (r.source == "k8s" || r.source == "any")) return true;
  }
  return false;
}

bool EndpointSelector::mentionsSource(const std::string& source) const {
  for (const auto& r : reqs) {
    if (r.source == source) return true;
  }
  return false;
}

std::vector<CiliumPolicy> parseCiliumPolicies(const std::string& yamlText, const std::string& origin) {
  return yaml::parseDocuments(yamlText, origin, parseOne);
}

}  // namespace nplc::eval::cilium
