#include "eval/cluster_network_policy.h"

#include <yaml-cpp/yaml.h>

#include <regex>
#include <set>

#include "eval/yaml_read.h"

namespace nplc::eval {
namespace {

using yaml::checkKeys;
using yaml::fail;
using yaml::labelSelector;
using yaml::present;
using yaml::scalar;

constexpr std::size_t kMaxItems = 25;  // rules per direction, peers, protocols, networks, domain names

std::string at(const std::string& where, std::size_t i) { return where + "[" + std::to_string(i) + "]"; }

// A YAML list of 1..25 entries (`required`: absent is an error too).
YAML::Node boundedList(const YAML::Node& n, const std::string& where, bool required) {
  if (!present(n)) {
    if (required) fail(where, "is required");
    return n;
  }
  if (!n.IsSequence()) fail(where, "expected a list");
  if (n.size() < 1 || n.size() > kMaxItems) fail(where, "must have 1 to 25 entries, has " + std::to_string(n.size()));
  return n;
}

// The CRD's minProperties/maxProperties 1: the one field set.
std::string soleKey(const YAML::Node& n, const std::set<std::string>& allowed, const std::string& where) {
  checkKeys(n, allowed, where);
  if (n.size() != 1) fail(where, "must set exactly one field");
  return n.begin()->first.as<std::string>();
}

int integer(const YAML::Node& n, const std::string& where, int lo, int hi) {
  const std::string s = scalar(n, where);
  if (n.Tag() == "!" || s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos)
    fail(where, "expected an integer, got '" + s + "'");
  const int v = std::stoi(s);
  if (v < lo || v > hi) fail(where, "must be in " + std::to_string(lo) + ".." + std::to_string(hi));
  return v;
}

CnpProtocol parseProtocol(const YAML::Node& n, const std::string& where) {
  const std::string key = soleKey(n, {"tcp", "udp", "sctp", "destinationNamedPort"}, where);
  CnpProtocol p;
  if (key == "destinationNamedPort") {
    p.namedPort = scalar(n[key], where + ".destinationNamedPort");
    if (p.namedPort.empty()) fail(where + ".destinationNamedPort", "must not be empty");
    return p;
  }
  p.protocol = key == "tcp" ? "TCP" : key == "udp" ? "UDP" : "SCTP";
  const std::string w = where + "." + key;
  checkKeys(n[key], {"destinationPort"}, w);
  // The CRD requires it: "all ports of TCP" is a range 1..65535.
  if (!present(n[key]["destinationPort"])) fail(w, "destinationPort is required");
  const auto& dp = n[key]["destinationPort"];
  const std::string form = soleKey(dp, {"number", "range"}, w + ".destinationPort");
  if (form == "number") {
    p.first = p.last = integer(dp["number"], w + ".destinationPort.number", 1, 65535);
  } else {
    const std::string r = w + ".destinationPort.range";
    checkKeys(dp["range"], {"start", "end"}, r);
    p.first = integer(dp["range"]["start"], r + ".start", 1, 65535);
    p.last = integer(dp["range"]["end"], r + ".end", 1, 65535);
    if (p.first >= p.last) fail(r, "start must be less than end");
  }
  return p;
}

bool validDomainName(const std::string& name) {
  // The CRD's pattern, as written there (its `A-z` admits [\]^_` too).
  static const std::regex pattern(
      R"(^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$)");
  return std::regex_match(name, pattern);
}

std::string canonicalDomain(std::string name) {
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

std::vector<std::string> distinctScalars(const YAML::Node& n, const std::string& where) {
  boundedList(n, where, true);
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < n.size(); ++i) {
    std::string s = scalar(n[i], at(where, i));
    if (!seen.insert(s).second) fail(at(where, i), "duplicate entry '" + s + "'");
    out.push_back(std::move(s));
  }
  return out;
}

CnpPeer parsePeer(const YAML::Node& n, bool egress, const std::string& where) {
  std::set<std::string> allowed{"namespaces", "pods"};
  if (egress) allowed.insert({"networks", "nodes", "domainNames"});
  const std::string key = soleKey(n, allowed, where);
  const std::string w = where + "." + key;
  CnpPeer p;
  if (key == "namespaces") {
    p.namespaceSelector = labelSelector(n[key], w);
  } else if (key == "pods") {
    checkKeys(n[key], {"namespaceSelector", "podSelector"}, w);
    if (!n[key]["namespaceSelector"].IsDefined() || !n[key]["podSelector"].IsDefined())
      fail(w, "namespaceSelector and podSelector are required");
    p.kind = CnpPeer::Kind::Pods;
    p.namespaceSelector = labelSelector(n[key]["namespaceSelector"], w + ".namespaceSelector");
    p.podSelector = labelSelector(n[key]["podSelector"], w + ".podSelector");
  } else if (key == "nodes") {
    p.kind = CnpPeer::Kind::Nodes;
    p.nodeSelector = labelSelector(n[key], w);
  } else if (key == "networks") {
    p.kind = CnpPeer::Kind::Networks;
    const auto texts = distinctScalars(n[key], w);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (texts[i].size() > 43) fail(at(w, i), "longer than 43 characters");
      auto cidr = parseLenientCidr(texts[i]);  // CEL isCIDR() admits host bits
      if (!cidr) fail(at(w, i), "not a CIDR: " + texts[i]);
      p.networks.push_back(*cidr);
    }
  } else {
    p.kind = CnpPeer::Kind::DomainNames;
    const auto names = distinctScalars(n[key], w);
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (!validDomainName(names[i])) fail(at(w, i), "not a domain name pattern: " + names[i]);
      p.domainNames.push_back(canonicalDomain(names[i]));
    }
  }
  return p;
}

CnpRule::Action parseAction(const std::string& s, const std::string& where) {
  if (s == "Accept") return CnpRule::Action::Accept;
  if (s == "Deny") return CnpRule::Action::Deny;
  if (s == "Pass") return CnpRule::Action::Pass;
  fail(where, "action must be Accept, Deny or Pass, not " + s);
}

std::vector<CnpRule> parseRules(const YAML::Node& n, bool egress, const std::string& where) {
  std::vector<CnpRule> rules;
  if (!present(n)) return rules;
  if (!n.IsSequence()) fail(where, "expected a list");
  if (n.size() > kMaxItems) fail(where, "at most 25 rules, has " + std::to_string(n.size()));
  const char* peersKey = egress ? "to" : "from";
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string w = at(where, i);
    checkKeys(n[i], {"name", "action", peersKey, "protocols"}, w);
    CnpRule r;
    if (present(n[i]["name"])) {
      r.name = scalar(n[i]["name"], w + ".name");
      if (r.name.size() > 100) fail(w + ".name", "longer than 100 characters");
    }
    if (!present(n[i]["action"])) fail(w, "action is required");
    r.action = parseAction(scalar(n[i]["action"], w + ".action"), w + ".action");
    const YAML::Node peers = boundedList(n[i][peersKey], w + "." + peersKey, true);
    for (std::size_t j = 0; j < peers.size(); ++j)
      r.peers.push_back(parsePeer(peers[j], egress, at(w + "." + peersKey, j)));
    const YAML::Node protocols = boundedList(n[i]["protocols"], w + ".protocols", false);
    if (present(protocols))
      for (std::size_t j = 0; j < protocols.size(); ++j)
        r.protocols.push_back(parseProtocol(protocols[j], at(w + ".protocols", j)));
    // The experimental CRD's CEL rule: a named port is a pod's, so it cannot
    // go with peers that are addresses, nodes or names.
    bool named = false, addressPeer = false;
    for (const auto& p : r.protocols) named = named || !p.namedPort.empty();
    for (const auto& p : r.peers) addressPeer = addressPeer || (p.kind != CnpPeer::Kind::Namespaces && p.kind != CnpPeer::Kind::Pods);
    if (named && addressPeer)
      fail(w, "destinationNamedPort cannot be combined with networks, nodes or domainNames peers");
    bool domains = false;
    for (const auto& p : r.peers) domains = domains || p.kind == CnpPeer::Kind::DomainNames;
    if (domains && r.action != CnpRule::Action::Accept) fail(w, "domainNames peers are allowed in Accept rules only");
    rules.push_back(std::move(r));
  }
  return rules;
}

ClusterNetworkPolicy parseOne(const YAML::Node& doc, const std::string& where) {
  if (!doc.IsMap()) fail(where, "expected a mapping");
  checkKeys(doc, {"apiVersion", "kind", "metadata", "spec"}, where);
  if (!present(doc["kind"]) || doc["kind"].as<std::string>() != "ClusterNetworkPolicy")
    fail(where, "kind must be ClusterNetworkPolicy");
  if (!present(doc["apiVersion"]) || doc["apiVersion"].as<std::string>() != "policy.networking.k8s.io/v1alpha2")
    fail(where, "apiVersion must be policy.networking.k8s.io/v1alpha2");
  ClusterNetworkPolicy p;
  const auto& meta = doc["metadata"];
  if (!present(meta) || !present(meta["name"])) fail(where, "metadata.name is required");
  checkKeys(meta, {"name", "labels", "annotations"}, where + " metadata");
  p.name = scalar(meta["name"], where + " metadata.name");
  const std::string w = where + " " + p.name + " spec";
  const auto& spec = doc["spec"];
  if (!present(spec)) fail(where + " " + p.name, "spec is required");
  checkKeys(spec, {"tier", "priority", "subject", "ingress", "egress"}, w);
  if (!present(spec["tier"])) fail(w, "tier is required");
  const std::string tier = scalar(spec["tier"], w + ".tier");
  if (tier != "Admin" && tier != "Baseline") fail(w + ".tier", "must be Admin or Baseline, not " + tier);
  p.tier = tier == "Admin" ? ClusterNetworkPolicy::Tier::Admin : ClusterNetworkPolicy::Tier::Baseline;
  if (!present(spec["priority"])) fail(w, "priority is required");
  p.priority = integer(spec["priority"], w + ".priority", 0, 1000);
  if (!present(spec["subject"])) fail(w, "subject is required");
  const std::string subject = soleKey(spec["subject"], {"namespaces", "pods"}, w + ".subject");
  const auto& s = spec["subject"][subject];
  if (subject == "namespaces") {
    p.subjectNamespaces = labelSelector(s, w + ".subject.namespaces");
  } else {
    checkKeys(s, {"namespaceSelector", "podSelector"}, w + ".subject.pods");
    if (!s["namespaceSelector"].IsDefined() || !s["podSelector"].IsDefined())
      fail(w + ".subject.pods", "namespaceSelector and podSelector are required");
    p.subjectNamespaces = labelSelector(s["namespaceSelector"], w + ".subject.pods.namespaceSelector");
    p.subjectPods = labelSelector(s["podSelector"], w + ".subject.pods.podSelector");
  }
  p.ingress = parseRules(spec["ingress"], false, w + ".ingress");
  p.egress = parseRules(spec["egress"], true, w + ".egress");
  return p;
}

}  // namespace

const char* actionName(CnpRule::Action action) {
  switch (action) {
    case CnpRule::Action::Accept:
      return "Accept";
    case CnpRule::Action::Deny:
      return "Deny";
    case CnpRule::Action::Pass:
      return "Pass";
  }
  return "";
}

const char* tierName(ClusterNetworkPolicy::Tier tier) {
  return tier == ClusterNetworkPolicy::Tier::Admin ? "Admin" : "Baseline";
}

std::vector<ClusterNetworkPolicy> parseClusterNetworkPolicies(const std::string& yamlText, const std::string& origin) {
  return yaml::parseDocuments(yamlText, origin, parseOne);
}

void parseMixedPolicies(const std::string& yamlText, const std::string& origin, PolicySet& into) {
  // Each document is read by its kind's reader; the vector of kinds is only
  // there to reuse parseDocuments' document naming and error wrapping.
  yaml::parseDocuments(yamlText, origin, [&](const YAML::Node& doc, const std::string& where) {
    if (doc.IsMap() && present(doc["kind"]) && doc["kind"].as<std::string>() == "NetworkPolicy") {
      into.namespaced.push_back(yaml::networkPolicy(doc, where));
    } else {
      into.cluster.push_back(parseOne(doc, where));
    }
    return 0;
  });
}

}  // namespace nplc::eval
