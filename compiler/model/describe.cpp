#include "model/describe.h"

#include <fmt/format.h>

namespace nplc::model {

using K = model::Peer::Kind;

std::string portText(const model::Port& port) {
  const char* proto = model::protocolName(port.protocol);
  switch (port.kind) {
    case model::Port::Kind::Number:
      return fmt::format("{}/{}", port.port, proto);
    case model::Port::Kind::Range:
      return fmt::format("{}-{}/{}", port.port, port.endPort, proto);
    case model::Port::Kind::Named:
      return fmt::format("{}/{}", port.name, proto);
    case model::Port::Kind::AllOfProtocol:
      return fmt::format("every {} port", proto);
  }
  return "";
}

std::string portsText(const std::vector<model::Port>& ports) {
  if (ports.empty()) return "every port and protocol";
  std::string out;
  for (const auto& p : ports) out += (out.empty() ? "" : ", ") + portText(p);
  return out;
}

std::string httpText(const std::vector<model::HttpRule>& rules) {
  std::string out;
  for (const auto& r : rules) out += (out.empty() ? "" : ", ") + r.method + " " + r.path;
  return out;
}

namespace {

// Label values are validated ([A-Za-z0-9_.-], or empty): only the empty one
// needs quotes to read back as NPL.
std::string value(const std::string& v) { return v.empty() ? "\"\"" : v; }

std::string valueList(const std::vector<std::string>& vs) {
  std::string out;
  for (const auto& v : vs) out += (out.empty() ? "" : ", ") + value(v);
  return out;
}

}  // namespace

std::string selectorNpl(const model::LabelSelector& sel) {
  std::string out;
  for (const auto& r : sel.reqs) {
    std::string one;
    switch (r.op) {
      case ast::ReqOp::Equals:
        one = r.key + ": " + value(r.values.front());
        break;
      case ast::ReqOp::In:
        one = r.key + " in (" + valueList(r.values) + ")";
        break;
      case ast::ReqOp::NotIn:
        one = r.key + " notin (" + valueList(r.values) + ")";
        break;
      case ast::ReqOp::Exists:
        one = r.key;
        break;
      case ast::ReqOp::DoesNotExist:
        one = "!" + r.key;
        break;
    }
    out += (out.empty() ? "" : ", ") + one;
  }
  return out;
}

namespace {

std::string braces(const model::LabelSelector& sel) {
  const std::string s = selectorNpl(sel);
  return s.empty() ? "{ }" : "{ " + s + " }";
}

}  // namespace

std::string peerNpl(const model::Program& p, const model::Peer& peer, model::Index here) {
  switch (peer.kind) {
    case K::Any:
      return "any";
    case K::Service: {
      const auto& svc = p.services[peer.service];
      return peer.ns == here ? svc.name : p.namespaces[peer.ns].name + "/" + svc.name;
    }
    case K::NamespacePods:
      return peer.ns == here ? "*" : p.namespaces[peer.ns].name + "/*";
    case K::AllPods:
      return "*/*";
    case K::Pods: {
      std::string s = "pods " + braces(peer.pods);
      if (peer.ns != here) s += " in " + p.namespaces[peer.ns].name;
      return s;
    }
    case K::PodsInNamespaces:
      return "pods " + braces(peer.pods) + " in " +
             (peer.namespaces.empty() ? "*" : "namespaces " + braces(peer.namespaces));
    case K::Namespaces:
      return "namespaces " + braces(peer.namespaces);
    case K::Nodes:
      return "nodes " + braces(peer.nodes);
    case K::IpBlocks:
    case K::Fqdn:
    case K::Entity:
      return peer.text;
  }
  return peer.text;
}

std::string externalValue(const model::Peer& peer) {
  switch (peer.kind) {
    case K::IpBlocks: {
      std::string out;
      for (const auto& b : peer.blocks) {
        std::string one = b.cidr.str();
        if (!b.except.empty()) {
          one += " except ";
          for (std::size_t i = 0; i < b.except.size(); ++i) one += (i ? ", " : "") + b.except[i].str();
        }
        out += (out.empty() ? "" : "; ") + one;
      }
      return out;
    }
    case K::Fqdn: {
      std::string out;
      for (const auto& f : peer.fqdns) out += (out.empty() ? "" : ", ") + f;
      return out;
    }
    case K::Entity:
      return "entity " + peer.entity;
    default:
      return "";
  }
}

std::string sidesText(const model::Edge& e) {
  switch (e.sides) {
    case ast::Sides::IngressOnly:
      return "ingress side only";
    case ast::Sides::EgressOnly:
      return "egress side only";
    case ast::Sides::Both:
      return "";
  }
  return "";
}

}  // namespace nplc::model
