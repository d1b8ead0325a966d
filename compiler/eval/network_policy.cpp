#include "eval/network_policy.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "eval/yaml_read.h"

namespace nplc::eval {

namespace yaml {

std::vector<std::string> stringList(const YAML::Node& n, const std::string& where) {
  std::vector<std::string> out;
  if (!present(n)) return out;
  if (!n.IsSequence()) fail(where, "expected a list");
  for (std::size_t i = 0; i < n.size(); ++i) out.push_back(scalar(n[i], where + "[" + std::to_string(i) + "]"));
  return out;
}

LabelSelector labelSelector(const YAML::Node& n, const std::string& where) {
  LabelSelector sel;
  if (!present(n)) return sel;
  checkKeys(n, {"matchLabels", "matchExpressions"}, where);
  if (present(n["matchLabels"])) {
    if (!n["matchLabels"].IsMap()) fail(where + ".matchLabels", "expected a mapping");
    for (const auto& kv : n["matchLabels"])
      sel.matchLabels[kv.first.as<std::string>()] = scalar(kv.second, where + ".matchLabels");
  }
  const auto& exprs = n["matchExpressions"];
  if (present(exprs)) {
    if (!exprs.IsSequence()) fail(where + ".matchExpressions", "expected a list");
    for (std::size_t i = 0; i < exprs.size(); ++i) {
      std::string w = where + ".matchExpressions[" + std::to_string(i) + "]";
      checkKeys(exprs[i], {"key", "operator", "values"}, w);
      Requirement r;
      r.key = scalar(exprs[i]["key"], w + ".key");
      const std::string op = scalar(exprs[i]["operator"], w + ".operator");
      r.op = yaml::selectorOperator(op, w + ".operator");
      r.values = stringList(exprs[i]["values"], w + ".values");
      bool setOp = r.op == Requirement::Op::In || r.op == Requirement::Op::NotIn;
      if (setOp && r.values.empty()) fail(w + ".values", "must be non-empty for " + op);
      if (!setOp && !r.values.empty()) fail(w + ".values", "must be empty for " + op);
      sel.matchExpressions.push_back(std::move(r));
    }
  }
  return sel;
}

}  // namespace yaml

namespace {

using yaml::checkKeys;
using yaml::fail;
using yaml::present;
using yaml::scalar;
using yaml::stringList;
using yaml::labelSelector;

bool isValidPortName(const std::string& s) {
  if (s.empty() || s.size() > 15 || s.front() == '-' || s.back() == '-') return false;
  if (s.find("--") != std::string::npos) return false;
  bool letter = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z')
      letter = true;
    else if (!(c >= '0' && c <= '9') && c != '-')
      return false;
  }
  return letter;
}

std::optional<int> asPortNumber(const YAML::Node& n) {
  // A quoted scalar ("80") is a string, hence a (bad) port name.
  if (n.Tag() == "!") return std::nullopt;
  std::string s = n.as<std::string>();
  if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(s);
}

PolicyPort parsePort(const YAML::Node& n, const std::string& where) {
  checkKeys(n, {"protocol", "port", "endPort"}, where);
  PolicyPort p;
  if (present(n["protocol"])) p.protocol = scalar(n["protocol"], where + ".protocol");
  if (p.protocol != "TCP" && p.protocol != "UDP" && p.protocol != "SCTP")
    fail(where + ".protocol", "unsupported protocol " + p.protocol);
  if (present(n["port"])) {
    std::string raw = scalar(n["port"], where + ".port");
    if (auto num = asPortNumber(n["port"])) {
      if (*num < 1 || *num > 65535) fail(where + ".port", "out of range: " + raw);
      p.port = *num;
    } else {
      if (!isValidPortName(raw)) fail(where + ".port", "invalid port name '" + raw + "'");
      p.name = raw;
    }
  }
  if (present(n["endPort"])) {
    if (!p.port) fail(where + ".endPort", "requires a numeric port");
    auto end = asPortNumber(n["endPort"]);
    if (!end || *end < *p.port || *end > 65535) fail(where + ".endPort", "must be a number in [port, 65535]");
    p.endPort = end;
  }
  return p;
}

util::Cidr parseCidr(const YAML::Node& n, const std::string& where) {
  std::string s = scalar(n, where);
  auto c = parseLenientCidr(s);
  if (!c) fail(where, "not a CIDR: " + s);
  return *c;
}

Peer parsePeer(const YAML::Node& n, const std::string& where) {
  checkKeys(n, {"podSelector", "namespaceSelector", "ipBlock"}, where);
  Peer p;
  if (n["podSelector"].IsDefined()) p.podSelector = labelSelector(n["podSelector"], where + ".podSelector");
  if (n["namespaceSelector"].IsDefined())
    p.namespaceSelector = labelSelector(n["namespaceSelector"], where + ".namespaceSelector");
  if (present(n["ipBlock"])) {
    const auto& b = n["ipBlock"];
    checkKeys(b, {"cidr", "except"}, where + ".ipBlock");
    IPBlock block;
    block.cidr = parseCidr(b["cidr"], where + ".ipBlock.cidr");
    const auto& ex = b["except"];
    if (present(ex)) {
      if (!ex.IsSequence()) fail(where + ".ipBlock.except", "expected a list");
      for (std::size_t i = 0; i < ex.size(); ++i) {
        std::string w = where + ".ipBlock.except[" + std::to_string(i) + "]";
        util::Cidr c = parseCidr(ex[i], w);
        if (!util::strictlyContains(block.cidr, c))
          fail(w, "must be a strict subset of cidr " + block.cidr.str());
        block.except.push_back(c);
      }
    }
    if (p.podSelector || p.namespaceSelector) fail(where, "may not specify both ipBlock and another peer");
    p.ipBlock = block;
  }
  if (!p.podSelector && !p.namespaceSelector && !p.ipBlock) fail(where, "must specify a peer");
  return p;
}

std::vector<Rule> parseRules(const YAML::Node& n, const char* peersKey, const std::string& where) {
  std::vector<Rule> rules;
  if (!present(n)) return rules;
  if (!n.IsSequence()) fail(where, "expected a list");
  for (std::size_t i = 0; i < n.size(); ++i) {
    std::string w = where + "[" + std::to_string(i) + "]";
    Rule r;
    if (present(n[i])) {  // `- {}` is an empty rule
      checkKeys(n[i], {peersKey, "ports"}, w);
      const auto& ports = n[i]["ports"];
      if (present(ports)) {
        if (!ports.IsSequence()) fail(w + ".ports", "expected a list");
        for (std::size_t j = 0; j < ports.size(); ++j)
          r.ports.push_back(parsePort(ports[j], w + ".ports[" + std::to_string(j) + "]"));
      }
      const auto& peers = n[i][peersKey];
      if (present(peers)) {
        if (!peers.IsSequence()) fail(w + "." + peersKey, "expected a list");
        for (std::size_t j = 0; j < peers.size(); ++j)
          r.peers.push_back(parsePeer(peers[j], w + "." + peersKey + "[" + std::to_string(j) + "]"));
      }
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

NetworkPolicy parseOne(const YAML::Node& doc, const std::string& where) {
  if (!doc.IsMap()) fail(where, "expected a mapping");
  if (!present(doc["kind"]) || doc["kind"].as<std::string>() != "NetworkPolicy")
    fail(where, "kind must be NetworkPolicy");
  if (!present(doc["apiVersion"]) || doc["apiVersion"].as<std::string>() != "networking.k8s.io/v1")
    fail(where, "apiVersion must be networking.k8s.io/v1");
  NetworkPolicy np;
  const auto& meta = doc["metadata"];
  if (!present(meta) || !present(meta["name"])) fail(where, "metadata.name is required");
  np.name = meta["name"].as<std::string>();
  std::string w = where + " " + np.name;
  if (!present(meta["namespace"])) fail(w, "metadata.namespace is required");
  np.ns = meta["namespace"].as<std::string>();
  w = where + " " + np.ns + "/" + np.name;
  const auto& spec = doc["spec"];
  if (!present(spec)) fail(w, "spec is required");
  checkKeys(spec, {"podSelector", "ingress", "egress", "policyTypes"}, w + " spec");
  if (!spec["podSelector"].IsDefined()) fail(w, "spec.podSelector is required");
  np.podSelector = labelSelector(spec["podSelector"], w + " spec.podSelector");
  np.ingress = parseRules(spec["ingress"], "from", w + " spec.ingress");
  np.egress = parseRules(spec["egress"], "to", w + " spec.egress");
  auto types = stringList(spec["policyTypes"], w + " spec.policyTypes");
  if (types.size() > 2) fail(w, "spec.policyTypes: may not specify more than two policyTypes");
  if (types.empty()) {  // SetDefaults_NetworkPolicy
    np.isolatesIngress = true;
    np.isolatesEgress = !np.egress.empty();
  }
  for (const auto& t : types) {
    if (t == "Ingress")
      np.isolatesIngress = true;
    else if (t == "Egress")
      np.isolatesEgress = true;
    else
      fail(w, "spec.policyTypes: unsupported value " + t);
  }
  return np;
}

}  // namespace

bool LabelSelector::matches(const Labels& labels) const {
  for (const auto& [k, v] : matchLabels) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  for (const auto& r : matchExpressions) {
    auto it = labels.find(r.key);
    bool has = it != labels.end();
    bool inValues = has && std::find(r.values.begin(), r.values.end(), it->second) != r.values.end();
    switch (r.op) {
      case Requirement::Op::In:
        if (!inValues) return false;
        break;
      case Requirement::Op::NotIn:
        if (inValues) return false;
        break;  // absent key matches
      case Requirement::Op::Exists:
        if (!has) return false;
        break;
      case Requirement::Op::DoesNotExist:
        if (has) return false;
        break;
    }
  }
  return true;
}

NetworkPolicy yaml::networkPolicy(const YAML::Node& doc, const std::string& where) { return parseOne(doc, where); }

std::vector<NetworkPolicy> parsePolicies(const std::string& yamlText, const std::string& origin) {
  return yaml::parseDocuments(yamlText, origin, parseOne);
}

}  // namespace nplc::eval
