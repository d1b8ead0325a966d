// Pass: resolve every edge, deny intent and `allow BUNDLE` to model edges:
// peers to services/namespaces/externals, ports validated.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "diag/text_edits.h"
#include "sema/context.h"
#include "util/k8s_names.h"
#include "util/suggest.h"

namespace nplc::sema {

namespace {

using K = model::Peer::Kind;

class EdgeResolver {
 public:
  explicit EdgeResolver(Context& cx) : cx_(cx) {}

  // For the cluster-scope blocks (resolve_cluster.cpp): ns is kNone there.
  std::optional<model::Peer> peerAt(const ast::Peer& p, model::Index ns, bool nodesAllowed) {
    nodesAllowed_ = nodesAllowed;
    return peer(p, ns);
  }
  std::optional<model::Port> portOf(const ast::PortItem& item) { return port(item); }

  void run() {
    reserveEdges();
    for (model::Index ns = 0; ns < cx_.nsDecls.size(); ++ns) {
      for (const ast::Namespace* decl : cx_.nsDecls[ns]) {
        for (const auto& e : decl->edges) addEdge(e, ns, "", {});
        for (const auto& a : decl->allows) expandBundle(a, ns);
        for (const auto& x : decl->expects) addExpect(x, ns);
      }
    }
    for (const auto& f : cx_.files) {
      for (const auto& x : f.expects) addExpect(x, model::kNone);
    }
  }

 private:
  Context& cx_;
  bool nodesAllowed_ = false;

  // At most one model edge per edge written and per edge of each allowed
  // bundle: reserved at once, since doubling an Edge vector of a large
  // program left up to half of its bytes unused at the planning's peak.
  void reserveEdges() {
    std::size_t count = cx_.program.edges.size();
    for (const auto& decls : cx_.nsDecls) {
      for (const ast::Namespace* decl : decls) {
        count += decl->edges.size();
        for (const auto& a : decl->allows) {
          auto it = cx_.bundles.find(a.bundle.text);
          if (it != cx_.bundles.end()) count += it->second->edges.size();
        }
      }
    }
    cx_.program.edges.reserve(count);
  }

  std::optional<model::Index> namespaceNamed(const ast::Ident& id) {
    auto it = cx_.namespaceByName.find(id.text);
    if (it != cx_.namespaceByName.end()) return it->second;
    std::vector<std::string> names;
    for (const auto& [n, _] : cx_.namespaceByName) names.push_back(n);
    const auto close = util::closestNames(id.text, names);
    auto& d = cx_.sink.report("E0106", id.span, fmt::format("unknown namespace '{}'", id.text));
    if (!close.empty()) {
      d.didYouMean(id.span, close.front());
    } else {
      d.withHelp(fmt::format("declare it: `namespace {0} {{ }}` if nplc manages it, `external namespace {0}` if not",
                             id.text));
    }
    return std::nullopt;
  }

  std::optional<model::Peer> serviceIn(model::Index ns, const ast::Ident& id, const ast::Peer& p) {
    auto& table = cx_.servicesByNs[ns];
    auto it = table.find(id.text);
    if (it == table.end()) {
      auto& d = cx_.sink.report("E0103", id.span,
                                fmt::format("namespace '{}' has no service '{}'", cx_.program.namespaces[ns].name, id.text));
      std::vector<std::string> names;
      for (const auto& [n, _] : table) names.push_back(n);
      const auto close = util::closestNames(id.text, names);
      if (!close.empty()) d.didYouMean(id.span, close.front());
      else if (!names.empty()) d.note(fmt::format("its services: {}", fmt::join(names, ", ")));
      else d.note("it declares no services");
      return std::nullopt;
    }
    model::Peer out;
    out.kind = K::Service;
    out.service = it->second;
    out.ns = ns;
    out.text = cx_.sm.text(p.span);
    out.span = p.span;
    return out;
  }

  std::optional<model::Peer> bareName(model::Index ns, const ast::Peer& p) {
    const ast::Ident& id = p.name;
    if (ns == model::kNone) return clusterName(p);
    if (cx_.servicesByNs[ns].count(id.text) != 0) return serviceIn(ns, id, p);
    ExternalSym* ext = nullptr;
    if (auto it = cx_.externalsByNs[ns].find(id.text); it != cx_.externalsByNs[ns].end()) ext = it->second;
    if (ext == nullptr) {
      if (auto it = cx_.globalExternals.find(id.text); it != cx_.globalExternals.end()) ext = it->second;
    }
    if (ext != nullptr) {
      auto peer = resolveExternal(cx_, *ext);
      if (!peer) return std::nullopt;
      peer->text = id.text;
      peer->span = p.span;
      return peer;
    }
    // Something else by that name: say what it is.
    if (cx_.bundles.count(id.text) != 0) {
      cx_.sink.report("E0107", id.span, fmt::format("'{}' is a bundle, not a peer", id.text))
          .withHelp(fmt::format("write `allow {}` on a line of its own to expand it", id.text));
      return std::nullopt;
    }
    if (cx_.namespaceByName.count(id.text) != 0) {
      cx_.sink.report("E0107", id.span, fmt::format("'{}' is a namespace, not a peer", id.text))
          .withHelp(fmt::format("write {0}/SERVICE for one of its services, or {0}/* for every pod of it", id.text));
      return std::nullopt;
    }
    // Not in scope: look for it elsewhere to say where it is.
    std::vector<std::string> elsewhere;
    for (const auto& [nsName, idx] : cx_.namespaceByName) {
      if (cx_.servicesByNs[idx].count(id.text) != 0) elsewhere.push_back(nsName + "/" + id.text);
    }
    if (elsewhere.size() > 1) {
      cx_.sink.report("E0104", id.span, fmt::format("'{}' is not declared in namespace '{}' and is ambiguous", id.text,
                                                    cx_.program.namespaces[ns].name))
          .note("candidates: " + fmt::format("{}", fmt::join(elsewhere, ", ")))
          .withHelp("qualify the name with its namespace");
      return std::nullopt;
    }
    auto& d = cx_.sink.report("E0103", id.span, fmt::format("unknown name '{}' in namespace '{}'", id.text,
                                                            cx_.program.namespaces[ns].name));
    std::vector<std::string> inScope;
    for (const auto& [n, _] : cx_.servicesByNs[ns]) inScope.push_back(n);
    for (const auto& [n, _] : cx_.externalsByNs[ns]) inScope.push_back(n);
    for (const auto& [n, _] : cx_.globalExternals) inScope.push_back(n);
    const auto close = util::closestNames(id.text, inScope);
    if (elsewhere.size() == 1) {
      d.withHelp(fmt::format("did you mean {}?", elsewhere[0])).withEdit(id.span, elsewhere[0]);
    } else if (!close.empty()) {
      d.didYouMean(id.span, close.front());
    } else {
      std::sort(inScope.begin(), inScope.end());
      if (!inScope.empty()) d.note(fmt::format("names in scope: {}", fmt::join(inScope, ", ")));
      d.withHelp("declare it with `service NAME` or `external NAME = ...`");
    }
    return std::nullopt;
  }

  // A bare name at cluster scope: a global external only.
  std::optional<model::Peer> clusterName(const ast::Peer& p) {
    const ast::Ident& id = p.name;
    if (auto it = cx_.globalExternals.find(id.text); it != cx_.globalExternals.end()) {
      auto peer = resolveExternal(cx_, *it->second);
      if (!peer) return std::nullopt;
      peer->text = id.text;
      peer->span = p.span;
      return peer;
    }
    std::vector<std::string> services;
    for (const auto& [nsName, idx] : cx_.namespaceByName)
      if (cx_.servicesByNs[idx].count(id.text) != 0) services.push_back(nsName + "/" + id.text);
    auto& d = cx_.sink.report("E0103", id.span, fmt::format("unknown name '{}' at cluster scope", id.text));
    if (services.size() == 1) {
      d.withHelp(fmt::format("did you mean {}?", services[0])).withEdit(id.span, services[0]);
    } else {
      d.note("a cluster-scope block sees no namespace's names: qualify a service (ns/service) or use a global external")
          .withHelp("write NAMESPACE/SERVICE, `*` for the namespaces nplc manages, or `*/*` for every pod");
    }
    return std::nullopt;
  }

  // E0604: `nodes { }` anywhere but as the destination of an egress
  // statement of a cluster block.
  void reportNodesPlace(source::Span span) {
    cx_.sink.report("E0604", span, "`nodes { … }` can only be where an egress statement of a cluster block goes")
        .note("nodes are a ClusterNetworkPolicy peer of egress rules (experimental): NetworkPolicy and namespaces' "
              "edges cannot select nodes, and no rule selects them as a source")
        .withHelp("write it in an admin or baseline block: `allow egress SOURCE -> nodes { … }:PORT`, and build "
                  "with --target cluster-network-policy");
  }

  std::optional<model::Peer> peer(const ast::Peer& p, model::Index ns) {
    model::Peer out;
    out.text = std::string(cx_.sm.text(p.span));
    out.span = p.span;
    switch (p.kind) {
      case ast::Peer::Kind::Any: out.kind = K::Any; return out;
      case ast::Peer::Kind::AllPods: out.kind = K::AllPods; return out;
      case ast::Peer::Kind::LocalPods:
        if (ns == model::kNone) return managedPods(cx_, out.text, p.span);
        out.kind = K::NamespacePods;
        out.ns = ns;
        return out;
      case ast::Peer::Kind::NamespacePods: {
        auto target = namespaceNamed(p.ns);
        if (!target) return std::nullopt;
        out.kind = K::NamespacePods;
        out.ns = *target;
        return out;
      }
      case ast::Peer::Kind::Qualified: {
        auto target = namespaceNamed(p.ns);
        if (!target) return std::nullopt;
        return serviceIn(*target, p.name, p);
      }
      case ast::Peer::Kind::Pods:
        out.pods = resolveSelector(cx_, p.selector);
        switch (p.nsRef) {
          case ast::Peer::NsRef::None:
            if (ns == model::kNone) {  // cluster scope: the pods of the managed namespaces
              out.kind = K::PodsInNamespaces;
              out.namespaces = managedPods(cx_, "", p.span).namespaces;
              break;
            }
            out.kind = K::Pods;
            out.ns = ns;
            break;
          case ast::Peer::NsRef::Named: {
            auto target = namespaceNamed(p.ns);
            if (!target) return std::nullopt;
            out.kind = K::Pods;
            out.ns = *target;
            break;
          }
          case ast::Peer::NsRef::Selector:
            out.kind = K::PodsInNamespaces;
            out.namespaces = resolveSelector(cx_, p.nsSelector);
            break;
          case ast::Peer::NsRef::All: out.kind = K::PodsInNamespaces; break;
        }
        return out;
      case ast::Peer::Kind::Namespaces:
        out.kind = K::Namespaces;
        out.namespaces = resolveSelector(cx_, p.selector);
        return out;
      case ast::Peer::Kind::Nodes:
        if (!nodesAllowed_) {
          reportNodesPlace(p.span);
          return std::nullopt;
        }
        out.kind = K::Nodes;
        out.nodes = resolveSelector(cx_, p.selector);
        return out;
      case ast::Peer::Kind::Entity: {
        ast::External synthetic;
        synthetic.kind = ast::External::Kind::Entity;
        synthetic.entity = p.name;
        synthetic.span = p.span;
        ExternalSym sym;
        sym.decl = &synthetic;
        auto r = resolveExternal(cx_, sym);
        if (r) r->text = out.text, r->span = p.span;
        return r;
      }
      case ast::Peer::Kind::Cidr: {
        auto parsed = util::parseCidr(p.name.text);
        if (!parsed.cidr) {
          auto& d = cx_.sink.report("E0208", p.span, fmt::format("invalid CIDR '{}': {}", p.name.text, parsed.error));
          if (parsed.suggestion)
            d.withHelp(fmt::format("write {}", parsed.suggestion->str())).withEdit(p.span, parsed.suggestion->str());
          return std::nullopt;
        }
        out.kind = K::IpBlocks;
        out.blocks.push_back({*parsed.cidr, {}, {}});
        return out;
      }
      case ast::Peer::Kind::Name: return bareName(ns, p);
    }
    return std::nullopt;
  }

  std::optional<model::Port> port(const ast::PortItem& item) {
    model::Port out;
    out.span = item.span;
    if (item.protocol) {
      const auto proto = resolveProtocol(cx_, *item.protocol);
      if (!proto) return std::nullopt;
      out.protocol = *proto;
    }
    switch (item.kind) {
      case ast::PortItem::Kind::Number:
      case ast::PortItem::Kind::Range: {
        bool ok = true;
        for (auto v : {item.lo, item.hi}) {
          if (v < 1 || v > 65535) {
            cx_.sink.report("E0204", item.valueSpan, fmt::format("port {} is out of range", cx_.sm.text(item.valueSpan)))
                .withHelp("ports are 1 to 65535");
            ok = false;
            break;
          }
        }
        if (!ok) return std::nullopt;
        if (item.hi < item.lo) {
          cx_.sink.report("E0206", item.valueSpan, fmt::format("port range {}-{} ends before it starts", item.lo, item.hi))
              .withHelp(fmt::format("write {}-{}", item.hi, item.lo))
              .withEdit(item.valueSpan, fmt::format("{}-{}", item.hi, item.lo));
          return std::nullopt;
        }
        out.kind = item.kind == ast::PortItem::Kind::Number || item.lo == item.hi ? model::Port::Kind::Number
                                                                                  : model::Port::Kind::Range;
        out.port = static_cast<std::uint16_t>(item.lo);
        out.endPort = static_cast<std::uint16_t>(item.hi);
        return out;
      }
      case ast::PortItem::Kind::Named:
        if (auto why = util::checkPortName(item.name)) {
          cx_.sink.report("E0205", item.valueSpan, fmt::format("invalid named port '{}': {}", item.name, *why))
              .withHelp("named ports are the container port's name, e.g. http or serve-80-tcp");
          return std::nullopt;
        }
        out.kind = model::Port::Kind::Named;
        out.name = item.name;
        return out;
      case ast::PortItem::Kind::AllOfProtocol:
        if (!item.protocol) {
          cx_.sink.report("E0215", item.span, "`*` needs a protocol")
              .withHelp("write `*/tcp`, or leave the port out for every port and protocol");
          return std::nullopt;
        }
        out.kind = model::Port::Kind::AllOfProtocol;
        return out;
    }
    return std::nullopt;
  }

  void addEdge(const ast::Edge& e, model::Index ns, const std::string& bundle, source::Span allowSpan) {
    model::Edge out;
    out.sides = e.sides;
    out.ns = ns;
    out.bundle = bundle;
    out.allowSpan = allowSpan;
    out.span = e.span;
    auto from = peer(e.from, ns);
    auto to = peer(e.to, ns);
    bool ok = from.has_value() && to.has_value();
    if (e.ports) {
      for (const auto& item : e.ports->ports) {
        if (auto p = port(item)) out.ports.push_back(*p);
        else ok = false;
      }
      for (const auto& h : e.ports->http) out.http.push_back({h.method, h.path, h.span});
      if (e.deny && !e.ports->http.empty()) {
        cx_.sink.report("E0308", e.ports->http.front().span, "a deny intent cannot have HTTP rules")
            .note("deny intents are about connections: a denied connection carries no request at all")
            .withHelp("deny the port, or narrow the allowing edge's HTTP rules instead");
        ok = false;
      }
    }
    if (!ok) return;
    if (!e.deny && bundle.empty()) warnBroad(e);
    out.from = std::move(*from);
    out.to = std::move(*to);
    (e.deny ? cx_.program.denies : cx_.program.edges).push_back(std::move(out));
  }

  // W0004 and W0005: allowed, but wider than it usually should be.
  void warnBroad(const ast::Edge& e) {
    if (!e.ports) {
      cx_.sink.report("W0004", e.to.span, fmt::format("`{}` allows every port and protocol", cx_.sm.text(e.span)))
          .withHelp(fmt::format("name the ports, e.g. {}:8080", cx_.sm.text(e.to.span)));
    }
    for (const ast::Peer* p : {&e.from, &e.to}) {
      if (p->kind == ast::Peer::Kind::NamespacePods || p->kind == ast::Peer::Kind::AllPods) {
        cx_.sink.report("W0005", p->span,
                        fmt::format("`{}` is every pod of {}", cx_.sm.text(p->span),
                                    p->kind == ast::Peer::Kind::AllPods ? "every namespace" : "a namespace"))
            .withHelp("name the service that needs the access (ns/service)");
      }
    }
  }

  // ---------------------------------------------------------------- expect

  // An end of an expectation: one the model has pods or addresses for.
  std::optional<model::Peer> expectEnd(const ast::ExpectEnd& end, model::Index ns) {
    if (end.dnsName) {
      ast::External synthetic;
      synthetic.kind = ast::External::Kind::Fqdn;
      synthetic.fqdns.push_back(*end.dnsName);
      synthetic.span = end.span;
      ExternalSym sym;
      sym.decl = &synthetic;
      auto r = resolveExternal(cx_, sym);
      if (r) r->text = cx_.sm.text(end.span), r->span = end.span;
      return r;
    }
    const auto kind = end.peer.kind;
    if (ns == model::kNone && (kind == ast::Peer::Kind::LocalPods ||
                               (kind == ast::Peer::Kind::Name && cx_.globalExternals.count(end.peer.name.text) == 0) ||
                               (kind == ast::Peer::Kind::Pods && end.peer.nsRef == ast::Peer::NsRef::None))) {
      cx_.sink.report("E0309", end.span, "outside a namespace, an expectation names pods with their namespace")
          .withHelp("write NAMESPACE/SERVICE or NAMESPACE/*, or move the `expect` into the namespace");
      return std::nullopt;
    }
    std::optional<model::Peer> out;
    if (ns == model::kNone && kind == ast::Peer::Kind::Name) {  // a global external
      out = resolveExternal(cx_, *cx_.globalExternals.at(end.peer.name.text));
      if (out) out->text = end.peer.name.text, out->span = end.span;
    } else if (kind == ast::Peer::Kind::Cidr && end.peer.name.text.find('/') == std::string::npos) {
      ast::Peer address = end.peer;  // an address: the one address (edges take CIDRs only)
      address.name.text += end.peer.name.text.find(':') == std::string::npos ? "/32" : "/128";
      out = peer(address, ns);
      if (out) out->text = end.peer.name.text;
    } else {
      out = peer(end.peer, ns);
    }
    if (!out) return std::nullopt;
    switch (out->kind) {
      case K::Service: case K::NamespacePods: case K::IpBlocks: case K::Fqdn: case K::Entity: return out;
      default:
        cx_.sink.report("E0309", end.span, fmt::format("`{}` is not one end an expectation can test", out->text))
            .note("an expectation tests the pods of a service or of a namespace, an address, a DNS name or an entity")
            .withHelp("name a service (`api`, `shop/api`), every pod of a namespace (`shop/*`) or an address");
        return std::nullopt;
    }
  }

  void addExpect(const ast::Expect& x, model::Index ns) {
    model::Expect out;
    out.ns = ns;
    out.span = x.span;
    out.allowed = x.allowed;
    auto from = expectEnd(x.from, ns);
    auto to = expectEnd(x.to, ns);
    bool ok = from.has_value() && to.has_value();
    const bool onePort = x.ports && x.ports->ports.size() == 1;
    if (!onePort) {
      const source::Span at = x.ports && !x.ports->ports.empty() ? x.ports->span : x.to.span;
      cx_.sink.report("E0309", at, "an expectation tests one port")
          .withHelp(fmt::format("write one port after the destination, e.g. `{}:8080`", cx_.sm.text(x.to.span)));
      ok = false;
    } else if (auto p = port(x.ports->ports.front())) {
      out.port = *p;
      if (p->kind != model::Port::Kind::Number && p->kind != model::Port::Kind::Named) {
        cx_.sink.report("E0309", p->span, "an expectation tests one port, not a range or every port")
            .withHelp("write one port number, or a port name the destination service declares");
        ok = false;
      }
    } else {
      ok = false;
    }
    if (x.ports && x.ports->http.size() > 1) {
      cx_.sink.report("E0309", x.ports->http[1].span, "an expectation tests one HTTP request")
          .withHelp("write one `expect` per request");
      ok = false;
    } else if (x.ports && !x.ports->http.empty()) {
      const auto& h = x.ports->http.front();
      out.hasHttp = true;
      out.http = {h.method, h.path, h.span};
    }
    for (const auto& t : x.targets) {
      out.targets.push_back(t.text);
      out.targetSpans.push_back(t.span);
    }
    if (!ok) return;
    out.from = std::move(*from);
    out.to = std::move(*to);
    if (out.port.kind == model::Port::Kind::Named && !namedPortDeclared(out.to, out.port)) return;
    cx_.program.expects.push_back(std::move(out));
  }

  // A named port of an expectation is a port the destination service declares.
  bool namedPortDeclared(const model::Peer& to, const model::Port& port) {
    if (to.kind == K::Service) {
      const model::Service& svc = cx_.program.services[to.service];
      for (const auto& cp : svc.ports) {
        if (cp.name == port.name && cp.protocol == port.protocol) return true;
      }
      cx_.sink
          .report("E0309", port.span,
                  fmt::format("service '{}' declares no {} port named '{}'", svc.name,
                              model::protocolName(port.protocol), port.name))
          .withHelp(fmt::format("write the port number, or add `{}: PORT` to the `ports {{ }}` of service '{}'",
                                port.name, svc.name));
      return false;
    }
    cx_.sink.report("E0309", port.span, "a named port needs a service as the destination, which declares it")
        .withHelp("write the port number");
    return false;
  }

  void expandBundle(const ast::Allow& a, model::Index ns) {
    auto it = cx_.bundles.find(a.bundle.text);
    if (it == cx_.bundles.end()) {
      if (cx_.servicesByNs[ns].count(a.bundle.text) != 0) {
        cx_.sink.report("E0107", a.bundle.span, fmt::format("'{}' is a service, not a bundle", a.bundle.text))
            .withHelp(fmt::format("to let it receive traffic, write an edge: SOURCE -> {}:PORT", a.bundle.text));
        return;
      }
      auto& d = cx_.sink.report("E0103", a.bundle.span, fmt::format("unknown bundle '{}'", a.bundle.text));
      if (a.bundle.text == "dns" || a.bundle.text == "kubernetes-api") {
        const std::string module = a.bundle.text == "dns" ? "dns" : "kubernetes";
        d.withHelp(fmt::format("add `use std/{}` at the top of the file", module))
            .withEdit(diag::useStd(a.bundle.span.file, module));
      } else {
        std::vector<std::string> names;
        for (const auto& [n, _] : cx_.bundles) names.push_back(n);
        const auto close = util::closestNames(a.bundle.text, names);
        if (!close.empty()) d.didYouMean(a.bundle.span, close.front());
        else d.withHelp("declare it with `bundle NAME { edges }`, or `use` the module that does");
      }
      return;
    }
    for (const auto& e : it->second->edges) {
      const bool local = e.from.kind == ast::Peer::Kind::LocalPods || e.to.kind == ast::Peer::Kind::LocalPods;
      if (!local) {
        cx_.sink.report("E0307", e.span, "a bundle edge must start or end at `*`")
            .label(a.span, "expanded here")
            .withHelp("`*` stands for the pods of the namespace that allows the bundle");
        continue;
      }
      addEdge(e, ns, a.bundle.text, a.span);
    }
  }
};

}  // namespace

void resolveEdges(Context& cx) { EdgeResolver(cx).run(); }

std::optional<model::Peer> resolvePeer(Context& cx, const ast::Peer& p, model::Index ns, bool nodesAllowed) {
  return EdgeResolver(cx).peerAt(p, ns, nodesAllowed);
}

std::optional<model::Port> resolvePort(Context& cx, const ast::PortItem& item) { return EdgeResolver(cx).portOf(item); }

model::Peer managedPods(const Context& cx, std::string text, source::Span span) {
  model::Requirement names{ast::ReqOp::In, kNamespaceNameLabel, {}};
  for (const auto& ns : cx.program.namespaces)
    if (!ns.external) names.values.push_back(ns.name);
  std::sort(names.values.begin(), names.values.end());  // whatever order the files came in
  if (names.values.empty())  // `In` with no value is refused by the API server, and would select nothing
    cx.sink
        .report("E0603", span,
                "this means the pods of the namespaces nplc manages, and the program declares none")
        .note("`*`, `pods { … }` without `in` and `deny-all` in a cluster block stand for the program's namespaces")
        .withHelp("declare the namespaces (`namespace NAME { … }`), or select every namespace with `namespaces { }`");
  model::Peer out;
  out.kind = model::Peer::Kind::Namespaces;
  out.namespaces.reqs.push_back(std::move(names));
  out.text = std::move(text);
  out.span = span;
  return out;
}

}  // namespace nplc::sema
