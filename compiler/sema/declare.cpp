// Pass: declare namespaces, services, externals and bundles; apply baselines.
// Reports duplicates and invalid names.
#include <fmt/format.h>

#include <map>
#include <optional>

#include "sema/context.h"
#include "util/k8s_names.h"
#include "util/suggest.h"

namespace nplc::sema {

namespace {

void duplicate(Context& cx, const char* what, const std::string& name, source::Span here, source::Span first) {
  cx.sink.report("E0105", here, fmt::format("{} '{}' is declared twice", what, name))
      .label(first, "first declared here")
      .withHelp("remove one declaration, or rename it");
}

// A service's `ports { }`: names and numbers valid, no name twice, no number
// twice for one protocol (E0216).
std::vector<model::ContainerPort> containerPorts(Context& cx, const std::vector<ast::ContainerPort>& ports) {
  std::vector<model::ContainerPort> out;
  for (const auto& p : ports) {
    bool ok = true;
    if (auto why = util::checkPortName(p.name.text)) {
      cx.sink.report("E0205", p.name.span, fmt::format("invalid port name '{}': {}", p.name.text, *why))
          .withHelp("container port names are at most 15 lower-case letters, digits and '-', e.g. http or grpc-web");
      ok = false;
    }
    if (p.port < 1 || p.port > 65535) {
      cx.sink.report("E0204", p.portSpan, fmt::format("port {} is out of range", cx.sm.text(p.portSpan)))
          .withHelp("ports are 1 to 65535");
      ok = false;
    }
    model::ContainerPort cp{p.name.text, static_cast<std::uint16_t>(p.port), model::Protocol::TCP, p.span};
    if (p.protocol) {
      const auto proto = resolveProtocol(cx, *p.protocol);
      ok = ok && proto.has_value();
      if (proto) cp.protocol = *proto;
    }
    if (!ok) continue;
    for (const auto& seen : out) {
      const bool sameName = seen.name == cp.name;
      if (!sameName && (seen.port != cp.port || seen.protocol != cp.protocol)) continue;
      cx.sink
          .report("E0216", p.span,
                  sameName ? fmt::format("port name '{}' is declared twice", cp.name)
                           : fmt::format("port {}/{} is declared twice", cp.port, model::protocolName(cp.protocol)))
          .label(seen.span, "first declared here")
          .withHelp("a pod names each container port once: remove one, or rename it");
      ok = false;
      break;
    }
    if (ok) out.push_back(cp);
  }
  return out;
}

model::Index declareNamespace(Context& cx, const ast::Namespace& decl) {
  auto it = cx.namespaceByName.find(decl.name.text);
  if (it != cx.namespaceByName.end()) {
    model::Namespace& ns = cx.program.namespaces[it->second];
    if (ns.external != decl.external) {
      cx.sink.report("E0105", decl.name.span,
                     fmt::format("namespace '{}' is declared both as managed and as external", decl.name.text))
          .label(ns.span, "declared here")
          .withHelp("a namespace is either managed here (`namespace`) or only referred to (`external namespace`)");
    }
    cx.nsDecls[it->second].push_back(&decl);
    return it->second;
  }
  validName(cx, decl.name, "namespace");
  const model::Index idx = cx.program.namespaces.size();
  model::Namespace ns;
  ns.name = decl.name.text;
  ns.external = decl.external;
  ns.span = decl.name.span;
  cx.program.namespaces.push_back(std::move(ns));
  cx.namespaceByName[decl.name.text] = idx;
  cx.servicesByNs.emplace_back();
  cx.externalsByNs.emplace_back();
  cx.nsDecls.push_back({&decl});
  return idx;
}

ExternalSym* newExternal(Context& cx, const ast::External& x, model::Index ns) {
  cx.externalStore.push_back(std::make_unique<ExternalSym>());
  ExternalSym* sym = cx.externalStore.back().get();
  sym->decl = &x;
  sym->ns = ns;
  return sym;
}

void declareLabels(Context& cx, model::Index nsIdx, const ast::Labels& l, std::map<model::Index, source::Span>& seen) {
  model::Namespace& ns = cx.program.namespaces[nsIdx];
  if (auto it = seen.find(nsIdx); it != seen.end()) {
    cx.sink.report("E0105", l.span, fmt::format("namespace '{}' has a second `labels` block", ns.name))
        .label(it->second, "the first one")
        .withHelp("list every label of the namespace in one block");
    return;
  }
  seen[nsIdx] = l.span;
  std::map<std::string, source::Span> keys;
  for (const auto& r : l.selector.reqs) {
    if (r.op != ast::ReqOp::Equals) {
      cx.sink.report("E0212", r.span, "namespace labels are `key: value` pairs")
          .withHelp("write the labels the namespace has, e.g. labels { team: payments }");
    } else if (auto [it, fresh] = keys.emplace(r.key.text, r.span); !fresh) {
      cx.sink.report("E0212", r.span, fmt::format("label '{}' is given twice; a namespace has one value per label", r.key.text))
          .label(it->second, "given here first")
          .withHelp("keep one value");
    }
  }
  ns.selector = resolveSelector(cx, l.selector, /*reportUnsatisfiable=*/false);
}

// The label key that finds a service of this block declared without a
// selector: `selector-key KEY`, or app.
std::string selectorKey(Context& cx, const ast::Namespace& decl) {
  if (decl.selectorKeys.empty()) return ast::selectorKeyOf(decl);
  const ast::SelectorKey& first = decl.selectorKeys.front();
  for (std::size_t i = 1; i < decl.selectorKeys.size(); ++i) {
    cx.sink.report("E0105", decl.selectorKeys[i].span, "`selector-key` is given twice in this block")
        .label(first.span, "first given here")
        .withHelp("keep one: the services of a block without a selector are found by one label key");
  }
  ast::Selector keyExists;  // checks the key as any selector's key is checked (E0202)
  keyExists.reqs.push_back({ast::ReqOp::Exists, first.key, {}, first.key.span});
  resolveSelector(cx, keyExists, /*reportUnsatisfiable=*/false);
  return ast::selectorKeyOf(decl);
}

void declareMembers(Context& cx, model::Index nsIdx, const ast::Namespace& decl,
                    std::map<model::Index, source::Span>& labelsSeen) {
  for (const auto& l : decl.labels) declareLabels(cx, nsIdx, l, labelsSeen);
  const std::string key = selectorKey(cx, decl);
  for (const auto& s : decl.services) {
    auto& table = cx.servicesByNs[nsIdx];
    if (auto it = table.find(s.name.text); it != table.end()) {
      duplicate(cx, "service", s.name.text, s.name.span, cx.program.services[it->second].span);
      continue;
    }
    if (auto it = cx.externalsByNs[nsIdx].find(s.name.text); it != cx.externalsByNs[nsIdx].end()) {
      duplicate(cx, "name", s.name.text, s.name.span, it->second->decl->name.span);
      continue;
    }
    validName(cx, s.name, "service");
    model::Service svc;
    svc.ns = nsIdx;
    svc.name = s.name.text;
    svc.span = s.name.span;
    if (s.selector) {
      svc.selector = resolveSelector(cx, *s.selector);
    } else {
      svc.selector.reqs.push_back({ast::ReqOp::Equals, key, {s.name.text}});
    }
    svc.ports = containerPorts(cx, s.ports);
    const model::Index idx = cx.program.services.size();
    cx.program.services.push_back(std::move(svc));
    cx.program.namespaces[nsIdx].services.push_back(idx);
    table[s.name.text] = idx;
  }
  for (const auto& x : decl.externals) {
    auto& table = cx.externalsByNs[nsIdx];
    if (auto it = table.find(x.name.text); it != table.end()) {
      duplicate(cx, "external", x.name.text, x.name.span, it->second->decl->name.span);
      continue;
    }
    if (auto it = cx.servicesByNs[nsIdx].find(x.name.text); it != cx.servicesByNs[nsIdx].end()) {
      duplicate(cx, "name", x.name.text, x.name.span, cx.program.services[it->second].span);
      continue;
    }
    table[x.name.text] = newExternal(cx, x, nsIdx);
  }
}

// For E0306 "not a service": the service NAME was probably meant to be, or,
// for `deny-all egres`, the direction (the misspelt word was read as a service).
// Returns the help and the replacement of NAME, or nothing.
std::optional<std::pair<std::string, std::string>> denyAllTargetFix(const Context& cx, model::Index nsIdx,
                                                                    const ast::Baseline& b) {
  std::vector<std::string> services;
  for (const auto& entry : cx.servicesByNs[nsIdx]) services.push_back(entry.first);
  if (const auto close = util::closestNames(b.service->text, services); !close.empty()) {
    return std::pair{fmt::format("did you mean `{}`?", close.front()), close.front()};
  }
  if (b.dir != ast::Direction::Both) return std::nullopt;
  const auto dir = util::closestNames(b.service->text, {"ingress", "egress"});
  if (dir.empty()) return std::nullopt;
  return std::pair{fmt::format("did you mean `deny-all {} baseline`?", dir.front()), dir.front() + " baseline"};
}

void applyBaselines(Context& cx, model::Index nsIdx, const ast::Namespace& decl) {
  for (const auto& b : decl.baselines) {
    const bool in = b.dir != ast::Direction::Egress;
    const bool eg = b.dir != ast::Direction::Ingress;
    if (!b.service) {
      model::Namespace& ns = cx.program.namespaces[nsIdx];
      if (in && !ns.enforceIngress) ns.ingressBaseline = b.span;
      if (eg && !ns.enforceEgress) ns.egressBaseline = b.span;
      ns.enforceIngress |= in;
      ns.enforceEgress |= eg;
      continue;
    }
    if (b.service->text == "*") {
      const char* dir = b.dir == ast::Direction::Both ? "" : b.dir == ast::Direction::Ingress ? "ingress " : "egress ";
      cx.sink.report("E0306", b.service->span, "`deny-all` takes a service or `baseline`, not `*`")
          .note("every pod of the namespace is what a baseline isolates")
          .withHelp(fmt::format("write `deny-all {}baseline`", dir))
          .withEdit(b.service->span, "baseline");
      continue;
    }
    auto it = cx.servicesByNs[nsIdx].find(b.service->text);
    if (it == cx.servicesByNs[nsIdx].end()) {
      auto& d = cx.sink.report("E0306", b.service->span,
                               fmt::format("'{}' is not a service of namespace '{}'", b.service->text,
                                           cx.program.namespaces[nsIdx].name));
      if (const auto fix = denyAllTargetFix(cx, nsIdx, b)) d.withHelp(fix->first).withEdit(b.service->span, fix->second);
      else d.withHelp("declare it with `service NAME { selector }`, or write `deny-all baseline` for the namespace");
      continue;
    }
    model::Service& svc = cx.program.services[it->second];
    svc.isolateIngress |= in;
    svc.isolateEgress |= eg;
    if (!svc.isolateSpan.valid()) svc.isolateSpan = b.span;
  }
}

}  // namespace

void declareSymbols(Context& cx) {
  std::vector<std::pair<model::Index, const ast::Namespace*>> decls;
  for (const auto& f : cx.files) {
    for (const auto& ns : f.namespaces) decls.emplace_back(declareNamespace(cx, ns), &ns);
  }
  std::map<model::Index, source::Span> labelsSeen;
  for (const auto& [idx, decl] : decls) declareMembers(cx, idx, *decl, labelsSeen);
  for (const auto& [idx, decl] : decls) applyBaselines(cx, idx, *decl);
  // Namespaces without labels are selected by the label Kubernetes sets.
  for (auto& ns : cx.program.namespaces) {
    if (ns.selector.empty()) ns.selector.reqs.push_back(analysis::namespaceNamed(ns.name));
  }
  for (const auto& f : cx.files) {
    for (const auto& x : f.externals) {
      if (auto it = cx.globalExternals.find(x.name.text); it != cx.globalExternals.end()) {
        duplicate(cx, "external", x.name.text, x.name.span, it->second->decl->name.span);
        continue;
      }
      cx.globalExternals[x.name.text] = newExternal(cx, x, model::kNone);
    }
    for (const auto& b : f.bundles) {
      if (auto it = cx.bundles.find(b.name.text); it != cx.bundles.end()) {
        duplicate(cx, "bundle", b.name.text, b.name.span, it->second->name.span);
        continue;
      }
      // Bundle names become policy names (allow-NAME).
      validName(cx, b.name, "bundle");
      cx.bundles[b.name.text] = &b;
    }
  }
  // Resolve every external once, so errors in unused ones are reported too.
  for (auto& sym : cx.externalStore) resolveExternal(cx, *sym);
}

}  // namespace nplc::sema
