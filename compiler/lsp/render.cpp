#include "lsp/render.h"

#include "model/plan_text.h"

#include <fmt/format.h>

namespace nplc::lsp {

namespace {

using fmt::format;

std::string requirement(ast::ReqOp op, const std::string& key, const std::vector<std::string>& values) {
  switch (op) {
    case ast::ReqOp::Equals:
      return format("{}={}", key, values.empty() ? "" : values.front());
    case ast::ReqOp::In:
      return format("{} in ({})", key, fmt::join(values, ", "));
    case ast::ReqOp::NotIn:
      return format("{} notin ({})", key, fmt::join(values, ", "));
    case ast::ReqOp::Exists:
      return key;
    case ast::ReqOp::DoesNotExist:
      return "!" + key;
  }
  return key;
}

std::string joined(const std::vector<std::string>& parts, bool markdown) {
  if (parts.empty()) return "every pod (an empty selector)";
  const std::string text = format("{}", fmt::join(parts, ", "));
  return markdown ? "`" + text + "`" : text;
}

std::string portText(const model::Port& port) {
  const char* proto = model::protocolName(port.protocol);
  switch (port.kind) {
    case model::Port::Kind::Number:
      return format("{} {}", proto, port.port);
    case model::Port::Kind::Range:
      return format("{} {}-{}", proto, port.port, port.endPort);
    case model::Port::Kind::Named:
      return format("{} port `{}`", proto, port.name);
    case model::Port::Kind::AllOfProtocol:
      return format("every {} port", proto);
  }
  return {};
}

std::string ruleText(const model::Rule& r, bool ingress) {
  std::vector<std::string> peers, ports, http;
  for (const auto& rp : r.peers) {
    const model::Peer& p = *rp.peer;
    const bool ciliumOnly = p.kind == model::Peer::Kind::Fqdn || p.kind == model::Peer::Kind::Entity;
    peers.push_back(format("`{}`{}", p.text, ciliumOnly ? " (Cilium only: left out on Kubernetes)" : ""));
  }
  for (const auto& p : r.ports()) ports.push_back(portText(p));
  for (const auto& h : r.http()) http.push_back(format("`{} {}`", h.method, h.path));
  const std::string who = r.anyPeer || peers.empty() ? std::string("anywhere") : format("{}", fmt::join(peers, ", "));
  std::string out = format("{} {}", ingress ? "from" : "to", who);
  out += ports.empty() ? " on every port" : format(" on {}", fmt::join(ports, ", "));
  if (!http.empty()) out += format(" ({}; enforced by Cilium only)", fmt::join(http, ", "));
  return out;
}

}  // namespace

std::string selectorText(const model::LabelSelector& s, bool markdown) {
  std::vector<std::string> parts;
  for (const auto& r : s.reqs) parts.push_back(requirement(r.op, r.key, r.values));
  return joined(parts, markdown);
}

std::string selectorText(const ast::Selector& s, bool markdown) {
  std::vector<std::string> parts;
  for (const auto& r : s.reqs) {
    std::vector<std::string> values;
    for (const auto& v : r.values) values.push_back(v.text);
    parts.push_back(requirement(r.op, r.key.text, values));
  }
  return joined(parts, markdown);
}

std::string policySummary(const model::Program& p, const model::Policy& pol) {
  std::vector<std::string> types;
  if (pol.ingress) types.push_back("Ingress");
  if (pol.egress) types.push_back("Egress");
  std::string out = format("`{}` ({}, from {}", pol.name, fmt::join(types, " + "), model::describeSubject(p, pol.subject));
  if (pol.podSelector.empty()) out += format(", every pod of `{}`", p.namespaces[pol.ns].name);
  out += ")";
  std::vector<std::string> rules;
  for (const auto& r : pol.ingressRules) rules.push_back(ruleText(r, true));
  for (const auto& r : pol.egressRules) rules.push_back(ruleText(r, false));
  if (rules.empty()) return out + ": no rules, so it denies what no other policy allows";
  return format("{}: {}", out, fmt::join(rules, "; "));
}

}  // namespace nplc::lsp
