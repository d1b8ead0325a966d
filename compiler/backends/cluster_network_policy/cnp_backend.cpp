#include "backends/cluster_network_policy/cnp_backend.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "backends/policy_yaml.h"
#include "util/utf8.h"

namespace nplc::backends::cluster_network_policy {
namespace {

using K = model::Peer::Kind;
using CR = model::ClusterRule;

constexpr std::size_t kLimit = 25;      // rules, peers, protocols, CIDRs (the CRD's maxItems)
constexpr std::size_t kNameLimit = 100;  // a rule's name
constexpr int kMaxPriority = 1000;
constexpr int kGap = 10;

// A subject or a peer as the API writes it: `namespaces` (a selector),
// `pods` (namespaceSelector AND podSelector), `networks` or `domainNames`.
struct Shape {
  enum class Kind { Namespaces, Pods, Networks, DomainNames, Nodes };
  Kind kind = Kind::Namespaces;
  model::LabelSelector namespaces, pods, nodes;
  std::vector<std::string> values;  // Networks, DomainNames (at most 25 each once split)
};

struct Protocol {
  std::string key;  // tcp, udp, sctp; empty for a named port
  int first = 0, last = 0;
  std::string named;
};

// One object: a side of a statement, or a part of one after splitting.
struct Object {
  const CR* rule = nullptr;
  bool ingress = false;
  Shape subject;
  std::vector<Shape> peers;
  std::vector<Protocol> protocols;
  int priority = 0;
  std::string name;
};

std::string lowerProtocol(model::Protocol p) {
  switch (p) {
    case model::Protocol::TCP:
      return "tcp";
    case model::Protocol::UDP:
      return "udp";
    case model::Protocol::SCTP:
      return "sctp";
  }
  return "tcp";
}

// Keeps at most `limit` bytes of `s`, never cutting a UTF-8 character.
std::string truncateUtf8(std::string s, std::size_t limit) {
  if (s.size() <= limit) return s;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s;
}

template <class T>
std::vector<std::vector<T>> chunks(const std::vector<T>& items) {
  std::vector<std::vector<T>> out;
  for (std::size_t i = 0; i < items.size(); i += kLimit)
    out.emplace_back(items.begin() + static_cast<std::ptrdiff_t>(i),
                     items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), i + kLimit)));
  if (out.empty()) out.emplace_back();
  return out;
}

class Writer {
 public:
  explicit Writer(const BackendInput& in) : in_(in), p_(in.program) {}

  OutputFiles run() {
    for (auto tier : {CR::Tier::Admin, CR::Tier::Baseline}) {
      int previous = -1;
      std::set<int> taken;
      for (const auto& rule : p_.clusterRules) {
        if (rule.tier != tier) continue;
        const auto parts = split(rule);
        for (std::size_t i = 0; i < parts.size(); ++i) {
          Object o = parts[i];
          if (i == 0 && rule.priority >= 0) {
            o.priority = rule.priority;
          } else if (i == 0) {
            o.priority = (previous / kGap + 1) * kGap;
          } else {
            o.priority = previous + 1;  // the split parts follow each other
          }
          if (o.priority > kMaxPriority || !taken.insert(o.priority).second) {
            in_.sink.report("E0601", rule.span,
                            o.priority > kMaxPriority
                                ? fmt::format("no priority left for this statement ({} is past 1000)", o.priority)
                                : fmt::format("priority {} is taken by an earlier statement of this tier", o.priority))
                .withHelp("give the statement a free `priority N` (0 to 1000, each used once per tier), or fewer statements");
            continue;
          }
          previous = o.priority;
          o.name = fmt::format("{}-{:04}-{}", tier == CR::Tier::Admin ? "admin" : "baseline", o.priority,
                               o.ingress ? "ingress" : "egress");
          objects_.push_back(std::move(o));
        }
      }
    }
    OutputFiles files;
    std::vector<std::string> resources;
    for (const auto& o : objects_) {
      if (in_.origins) {
        const auto index = static_cast<std::size_t>(o.rule - p_.clusterRules.data());
        (*in_.origins)[{"cluster-network-policy", "", o.name, o.ingress ? "ingress" : "egress", 0}] = {{}, "", index};
      }
      const std::string rel = o.name + ".yaml";
      files["cluster-network-policy/" + rel] = render(o);
      resources.push_back(rel);
    }
    files["cluster-network-policy/kustomization.yaml"] = kustomization(resources);
    return files;
  }

 private:
  const BackendInput& in_;
  const model::Program& p_;
  std::vector<Object> objects_;

  void unexpressible(const model::Peer& peer, const std::string& why, const std::string& help) {
    in_.sink.report("E0602", peer.span, fmt::format("`{}` cannot be expressed as ClusterNetworkPolicy: {}", peer.text, why))
        .withHelp(help);
  }

  // The pods of `peer` as a subject or a pod peer.
  Shape pods(const model::Peer& peer) const {
    Shape s;
    switch (peer.kind) {
      case K::Service:
        s.kind = Shape::Kind::Pods;
        s.namespaces = p_.namespaces[peer.ns].selector;
        s.pods = p_.services[peer.service].selector;
        break;
      case K::Pods:
        s.kind = Shape::Kind::Pods;
        s.namespaces = p_.namespaces[peer.ns].selector;
        s.pods = peer.pods;
        break;
      case K::PodsInNamespaces:
        s.kind = Shape::Kind::Pods;
        s.namespaces = peer.namespaces;
        s.pods = peer.pods;
        break;
      case K::NamespacePods:
        s.namespaces = p_.namespaces[peer.ns].selector;
        break;
      case K::Namespaces:
        s.namespaces = peer.namespaces;
        break;
      default:  // AllPods: every namespace
        break;
    }
    return s;
  }

  // The peers of the rule on `ingress` or egress, or nullopt after an error.
  std::optional<std::vector<Shape>> peers(const CR& rule, const model::Peer& peer, bool ingress) {
    if (peer.isPods()) return std::vector<Shape>{pods(peer)};
    std::vector<Shape> out;
    Shape s;
    switch (peer.kind) {
      case K::Any:
        if (ingress) return std::vector<Shape>{Shape{}};  // every pod: ingress peers are pods only
        s.kind = Shape::Kind::Networks;
        s.values = {"0.0.0.0/0", "::/0"};
        return std::vector<Shape>{s};
      case K::IpBlocks: {
        if (ingress) {
          unexpressible(peer, "ingress rules match pods and namespaces only",
                        "name the source pods, or write the rule as a namespace's edge (NetworkPolicy has ipBlock)");
          return std::nullopt;
        }
        std::vector<std::string> cidrs;
        for (const auto& b : peer.blocks) {
          if (!b.except.empty()) {
            unexpressible(peer, "`networks` has no `except`",
                          "list the CIDRs that remain, or deny the excepted ranges first in the same block");
            return std::nullopt;
          }
          cidrs.push_back(b.cidr.str());
        }
        for (auto& chunk : chunks(cidrs)) {
          Shape n;
          n.kind = Shape::Kind::Networks;
          n.values = std::move(chunk);
          out.push_back(std::move(n));
        }
        return out;
      }
      case K::Fqdn: {
        if (ingress || rule.action != CR::Action::Allow) {
          unexpressible(peer, "`domainNames` are egress destinations of allow rules only",
                        "deny the addresses instead, or allow the name");
          return std::nullopt;
        }
        for (auto& chunk : chunks(peer.fqdns)) {
          Shape d;
          d.kind = Shape::Kind::DomainNames;
          d.values = std::move(chunk);
          out.push_back(std::move(d));
        }
        return out;
      }
      case K::Nodes: {  // sema keeps it to egress destinations (E0604)
        Shape n;
        n.kind = Shape::Kind::Nodes;
        n.nodes = peer.nodes;
        return std::vector<Shape>{n};
      }
      default:
        unexpressible(peer, "it is a Cilium entity", "name the pods, or the addresses with an external");
        return std::nullopt;
    }
  }

  std::vector<Protocol> protocols(const CR& rule) const {
    std::vector<Protocol> out;
    for (const auto& port : rule.ports) {
      Protocol pr;
      switch (port.kind) {
        case model::Port::Kind::Number:
          pr = {lowerProtocol(port.protocol), port.port, port.port, ""};
          break;
        case model::Port::Kind::Range:
          pr = {lowerProtocol(port.protocol), port.port, port.endPort, ""};
          break;
        case model::Port::Kind::AllOfProtocol:
          pr = {lowerProtocol(port.protocol), 1, 65535, ""};
          break;
        case model::Port::Kind::Named:
          pr = {"", 0, 0, port.name};
          break;
      }
      out.push_back(std::move(pr));
    }
    return out;
  }

  // The objects of a statement: a side for each end that is pods (as the
  // statement's `sides` allow), split for the API's limits.
  std::vector<Object> split(const CR& rule) {
    std::vector<Object> out;
    bool anySide = false;
    for (bool ingress : {false, true}) {
      const model::Peer& subject = ingress ? rule.to : rule.from;
      const model::Peer& peer = ingress ? rule.from : rule.to;
      if (rule.sides == (ingress ? ast::Sides::EgressOnly : ast::Sides::IngressOnly) || !subject.isPods()) continue;
      anySide = true;
      auto shapes = peers(rule, peer, ingress);
      if (!shapes) continue;
      const auto protos = protocols(rule);
      const bool named = std::any_of(protos.begin(), protos.end(), [](const Protocol& p) { return !p.named.empty(); });
      const bool addresses = std::any_of(shapes->begin(), shapes->end(), [](const Shape& s) {
        return s.kind == Shape::Kind::Networks || s.kind == Shape::Kind::DomainNames || s.kind == Shape::Kind::Nodes;
      });
      if (named && addresses) {  // the CRD's CEL rule: a named port is a pod's
        unexpressible(peer, "a named port cannot go with addresses, domain names or nodes",
                      "write the port number, or name the pods");
        continue;
      }
      for (const auto& peerChunk : chunks(*shapes))
        for (const auto& protoChunk : chunks(protos)) {
          Object o;
          o.rule = &rule;
          o.ingress = ingress;
          o.subject = pods(subject);
          o.peers = peerChunk;
          o.protocols = protoChunk;
          out.push_back(std::move(o));
        }
    }
    if (!anySide && rule.sides != ast::Sides::Both) {  // `allow ingress shop/* -> 10.0.0.0/8`: the kept end is no pods
      const bool ingress = rule.sides == ast::Sides::IngressOnly;
      const model::Peer& end = ingress ? rule.to : rule.from;
      auto& d = in_.sink.report(
          "E0602", rule.span,
          fmt::format("the {} side of this statement is `{}`, which is not pods: no ClusterNetworkPolicy can select it",
                      ingress ? "ingress" : "egress", end.text));
      // Only the ingress side can flip: an ingress rule's peer must be pods.
      if (ingress && rule.from.isPods()) d.withHelp("the source is pods: `egress` keeps its side");
      else d.withHelp("`ingress` keeps the destination's side, `egress` the source's: that end must be pods");
    } else if (!anySide) {
      in_.sink.report("E0602", rule.span, "neither end of this statement is pods: no ClusterNetworkPolicy can select it")
          .withHelp("a cluster-scope statement starts or ends at pods (`*`, `*/*`, ns/service, pods { }, namespaces { })");
    }
    return out;
  }

  static void selectorShape(YamlWriter& out, const Shape& s) {
    out.beginMap();
    switch (s.kind) {
      case Shape::Kind::Namespaces:
        out.key("namespaces");
        emitLabelSelector(out, s.namespaces);
        break;
      case Shape::Kind::Pods:
        out.key("pods");
        out.beginMap();
        out.key("namespaceSelector");
        emitLabelSelector(out, s.namespaces);
        out.key("podSelector");
        emitLabelSelector(out, s.pods);
        out.endMap();
        break;
      case Shape::Kind::Nodes:
        out.key("nodes");
        emitLabelSelector(out, s.nodes);
        break;
      case Shape::Kind::Networks:
      case Shape::Kind::DomainNames:
        out.key(s.kind == Shape::Kind::Networks ? "networks" : "domainNames");
        out.beginSeq();
        for (const auto& v : s.values) out.quoted(v);
        out.endSeq();
        break;
    }
    out.endMap();
  }

  std::string ruleName(const CR& rule) const {
    const std::string text = spanOnOneLine(in_.sm, rule.span);
    // Valid UTF-8 before the cut: a file name may hold any bytes, and the
    // writer would replace each invalid one by U+FFFD (three bytes), pushing
    // the written name past the limit (a fuzz finding).
    return truncateUtf8(util::sanitizeUtf8(sourceAnnotation(in_.sm, rule.span) + " " + text), kNameLimit);
  }

  std::string render(const Object& o) const {
    const CR& rule = *o.rule;
    YamlWriter out;
    beginPolicyObject(out, "policy.networking.k8s.io/v1alpha2", "ClusterNetworkPolicy", o.name, "",
                      sourceAnnotation(in_.sm, rule.span));
    out.key("spec");
    out.beginMap();
    out.key("tier");
    out.string(rule.tier == CR::Tier::Admin ? "Admin" : "Baseline");
    out.key("priority");
    out.number(o.priority);
    out.key("subject");
    selectorShape(out, o.subject);
    out.key(o.ingress ? "ingress" : "egress");
    out.beginSeq();
    out.beginMap();
    out.key("name");
    out.string(ruleName(rule));
    out.key("action");
    out.string(rule.action == CR::Action::Allow ? "Accept" : rule.action == CR::Action::Deny ? "Deny" : "Pass");
    out.key(o.ingress ? "from" : "to");
    out.beginSeq();
    for (const auto& s : o.peers) selectorShape(out, s);
    out.endSeq();
    if (!o.protocols.empty()) {
      out.key("protocols");
      out.beginSeq();
      for (const auto& pr : o.protocols) {
        out.beginMap();
        if (!pr.named.empty()) {
          out.key("destinationNamedPort");
          out.string(pr.named);
        } else {
          out.key(pr.key);
          out.beginMap();
          out.key("destinationPort");
          out.beginMap();
          if (pr.first == pr.last) {
            out.key("number");
            out.number(pr.first);
          } else {
            out.key("range");
            out.beginMap();
            out.key("start");
            out.number(pr.first);
            out.key("end");
            out.number(pr.last);
            out.endMap();
          }
          out.endMap();
          out.endMap();
        }
        out.endMap();
      }
      out.endSeq();
    }
    out.endMap();
    out.endSeq();
    out.endMap();
    out.endMap();
    return out.finish();
  }
};

}  // namespace

OutputFiles generate(const BackendInput& in) { return Writer(in).run(); }

}  // namespace nplc::backends::cluster_network_policy
