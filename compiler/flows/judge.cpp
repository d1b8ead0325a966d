#include "flows/judge.h"

#include <fmt/format.h>

#include <memory>
#include <set>

#include "eval/cilium_policy.h"
#include "eval/generated.h"
#include "eval/program_cluster.h"
#include "eval/reasons.h"

namespace nplc::flows {

namespace {

using model::Index;
using model::kNone;

eval::Labels labelMap(const FlowEnd& e) {
  eval::Labels m;
  for (const auto& l : e.labels) {
    const auto eq = l.find('=');
    m[l.substr(0, eq)] = eq == std::string::npos ? "" : l.substr(eq + 1);
  }
  return m;
}

std::string workloadKey(const FlowEnd& e) {
  std::string k = e.ns;
  for (const auto& l : e.labels) k += " " + l;
  return k;
}

// A peer that names addresses or DNS names (an external, or a CIDR written
// inline), and the namespace of the edge it was written in.
struct NamedPeer {
  const model::Peer* peer;
  Index ns;
};

// The path of an HTTP URL as Hubble writes it (http://host:port/path?query).
std::string urlPath(const std::string& url) {
  auto start = url.find("://");
  std::string path = start == std::string::npos ? url : url.substr(std::min(url.size(), url.find('/', start + 3)));
  return path.empty() ? "/" : path;
}

class FlowJudge {
 public:
  FlowJudge(const Inputs& in, const Connections& conns, diag::Sink& sink)
      : in_(in), conns_(conns), sink_(sink), pc_(eval::buildProgramCluster(in.program)) {
    for (const auto* edges : {&in.program.edges, &in.program.denies})
      for (const auto& e : *edges)
        for (const auto* p : {&e.from, &e.to})
          if (p->kind == model::Peer::Kind::IpBlocks || p->kind == model::Peer::Kind::Fqdn) peers_.push_back({p, e.ns});
    // Every observed pod joins the cluster before the evaluators read it.
    for (const auto* c : conns.all())
      for (const auto* e : {&c->src, &c->dst})
        if (e->isPod()) addPod(*e);
    for (const auto& t : in.targets) evaluators_.push_back(eval::evaluatorFor(t, pc_.cluster, in.files));
  }

  Judged run();

 private:
  Index serviceOf(const FlowEnd& e) const {
    if (!e.isPod()) return kNone;
    const auto labels = labelMap(e);
    for (Index s = 0; s < in_.program.services.size(); ++s) {
      const auto& svc = in_.program.services[s];
      if (in_.program.namespaces[svc.ns].name == e.ns && eval::toLabelSelector(svc.selector).matches(labels)) return s;
    }
    return kNone;
  }
  Index namespaceIndex(const std::string& name) const {
    for (Index n = 0; n < in_.program.namespaces.size(); ++n)
      if (in_.program.namespaces[n].name == name) return n;
    return kNone;
  }
  // The first external (or inline CIDR, or DNS external) that stands for the end.
  const NamedPeer* externalOf(const FlowEnd& e, const std::string& dnsName) const {
    for (const auto& np : peers_) {
      if (!dnsName.empty())
        for (const auto& f : np.peer->fqdns)
          if (eval::cilium::FqdnRule{f.find('*') != std::string::npos, f}.matches(dnsName)) return &np;
      if (!e.ip.empty())
        for (const auto& b : np.peer->blocks)
          if (eval::inBlock(e.ip, b.cidr, b.except)) return &np;
    }
    return nullptr;
  }
  bool byDnsName(const std::string& name) const {
    for (const auto& np : peers_)
      for (const auto& f : np.peer->fqdns)
        if (eval::cilium::FqdnRule{f.find('*') != std::string::npos, f}.matches(name)) return true;
    return false;
  }
  void addPod(const FlowEnd& e) {
    const std::string key = workloadKey(e);
    if (podOf_.count(key)) return;
    if (pc_.cluster.findNamespace(e.ns) == nullptr)
      pc_.cluster.addNamespace({e.ns, {{"kubernetes.io/metadata.name", e.ns}}});
    eval::Pod p;
    p.ns = e.ns;
    const std::string base = e.pod.empty() ? "observed" : e.pod;
    p.name = base;
    for (int n = 2; pc_.cluster.findPod(p.key()) != nullptr; ++n) p.name = base + "-" + std::to_string(n);
    p.labels = labelMap(e);
    p.ip = e.ip;
    if (const Index s = serviceOf(e); s != kNone)
      for (const auto& cp : in_.program.services[s].ports)
        p.ports.push_back({cp.name, cp.port, model::protocolName(cp.protocol)});
    podOf_[key] = p.key();
    pc_.cluster.addPod(std::move(p));
  }
  eval::Endpoint endpoint(const FlowEnd& e, const std::string& dnsName) const {
    if (e.isPod()) return *pc_.cluster.findPod(podOf_.at(workloadKey(e)));
    // By its name only where a DNS external may name it: a CIDR rule judges the address.
    if (!dnsName.empty() && byDnsName(dnsName)) return eval::Endpoint::ofDnsName(dnsName, e.ip);
    if (!e.entity.empty()) return eval::Endpoint::ofEntity(e.entity);
    return eval::Endpoint::ofAddress(e.ip);
  }
  // How a message names the end: its service, else the pod and its labels.
  std::string describe(const FlowEnd& e, const std::string& dnsName) const {
    if (e.isPod()) {
      const Index s = serviceOf(e);
      if (s != kNone) return e.ns + "/" + in_.program.services[s].name;
      return fmt::format("{}/{} {{{}}}", e.ns, e.pod.empty() ? "?" : e.pod, fmt::join(e.labels, ", "));
    }
    if (!e.entity.empty()) return "entity " + e.entity;
    if (!dnsName.empty()) return e.ip.empty() ? dnsName : fmt::format("{} ({})", dnsName, e.ip);
    return e.ip;
  }
  // The end as an edge written in namespace `block` names it; empty when
  // the model has no name for it.
  std::string peerText(const FlowEnd& e, const std::string& dnsName, Index block) const {
    if (e.isPod()) {
      const Index s = serviceOf(e);
      if (s == kNone) return "";
      const auto& svc = in_.program.services[s];
      return svc.ns == block ? svc.name : in_.program.namespaces[svc.ns].name + "/" + svc.name;
    }
    if (!e.entity.empty()) return "entity " + e.entity;
    const NamedPeer* np = externalOf(e, dnsName);
    if (np != nullptr && (np->ns == block || np->ns == kNone)) return np->peer->text;
    if (!dnsName.empty() || e.ip.empty()) return "";
    return e.ip + (e.ip.find(':') != std::string::npos ? "/128" : "/32");
  }
  std::string portText(const Connection& c) const {
    return c.protocol == "TCP" ? std::to_string(c.port) : fmt::format("{}/{}", c.port, c.protocol == "UDP" ? "udp" : "sctp");
  }
  std::string connText(const Connection& c) const {
    return fmt::format("{} -> {}:{}/{}", describe(c.src, ""), describe(c.dst, c.dstName), c.port, c.protocol);
  }
  void wouldBreak(const Connection& c, const std::vector<std::string>& deniedOn, bool byDenyIntent,
                  const std::vector<std::pair<std::string, std::string>>& deniedRequests);
  void unknown(const std::vector<const Connection*>& all);
  void unused(const std::vector<source::Span>& used, Judged& out);
  source::Span insertionPoint(Index ns) const;

  const Inputs& in_;
  const Connections& conns_;
  diag::Sink& sink_;
  eval::ProgramCluster pc_;
  std::vector<NamedPeer> peers_;
  std::map<std::string, std::string> podOf_;  // workload key -> the pod's key in the cluster
  std::vector<std::unique_ptr<eval::TargetEvaluator>> evaluators_;
};

// The start of the line of the block's closing brace, where a new line
// goes; invalid when the brace does not start its line. The namespace's span
// is its name: the block is the braces after it (comments and strings skipped).
source::Span FlowJudge::insertionPoint(Index ns) const {
  const source::Span name = in_.program.namespaces[ns].span;
  if (!name.valid()) return {};
  const std::string& text = in_.sm.file(name.file).text;
  int depth = 0;
  std::size_t close = std::string::npos;
  for (std::size_t i = name.end; i < text.size() && close == std::string::npos; ++i) {
    const char ch = text[i];
    if (ch == '#') {
      i = text.find('\n', i);
      if (i == std::string::npos) break;
    } else if (ch == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
    } else if (ch == '{') {
      ++depth;
    } else if (ch == '}' && --depth == 0) {
      close = i;
    }
  }
  if (close == std::string::npos) return {};
  std::size_t lineStart = close;
  while (lineStart > 0 && text[lineStart - 1] != '\n') --lineStart;
  if (text.find_first_not_of(" \t", lineStart) != close) return {};
  const auto at = static_cast<std::uint32_t>(lineStart);
  return {name.file, at, at};
}

void FlowJudge::wouldBreak(const Connection& c, const std::vector<std::string>& deniedOn, bool byDenyIntent,
                           const std::vector<std::pair<std::string, std::string>>& deniedRequests) {
  const Index srcSvc = serviceOf(c.src), dstSvc = serviceOf(c.dst);
  Index block = kNone;
  if (dstSvc != kNone)
    block = in_.program.services[dstSvc].ns;
  else if (srcSvc != kNone)
    block = in_.program.services[srcSvc].ns;
  else
    block = namespaceIndex(c.dst.isPod() ? c.dst.ns : c.src.ns);
  const source::Span at = block == kNone ? source::Span{} : in_.program.namespaces[block].span;
  auto& d = sink_.report("E0701", at,
                         fmt::format("observed {} ({} flow{}), but the built policies deny it on {}: the rollout "
                                     "would break it",
                                     connText(c), c.flows, c.flows == 1 ? "" : "s", fmt::join(deniedOn, ", ")));
  for (const auto& [method, path] : deniedRequests) d.note(fmt::format("denied request: {} {}", method, path));
  if (byDenyIntent) {
    d.withHelp("a deny intent denies it: remove the deny, or stop the traffic before the rollout");
    return;
  }
  const std::string from = block == kNone ? "" : peerText(c.src, "", block);
  const std::string to = block == kNone ? "" : peerText(c.dst, c.dstName, block);
  if (from.empty() || to.empty()) {
    d.withHelp(fmt::format("declare {} in the model (a service whose selector matches the pods' labels, or an "
                           "external for the address or DNS name), then allow the connection",
                           from.empty() && block != kNone ? "the source" : "the destination"));
    return;
  }
  std::vector<std::string> lines;
  const std::string base = fmt::format("{} -> {}:{}", from, to, portText(c));
  if (deniedRequests.empty())
    lines.push_back(base);
  else
    for (const auto& [method, path] : deniedRequests) lines.push_back(fmt::format("{} {} {}", base, method, path));
  d.withHelp(fmt::format("allow it in namespace {}: {}", in_.program.namespaces[block].name, fmt::join(lines, "; ")));
  const source::Span insert = insertionPoint(block);
  if (!insert.valid()) return;
  std::string text;
  for (const auto& l : lines) text += fmt::format("  {}  # observed: {} flow{}\n", l, c.flows, c.flows == 1 ? "" : "s");
  d.withEdit(insert, text);
}

void FlowJudge::unknown(const std::vector<const Connection*>& all) {
  // Destination group ("" for addresses outside the pods) -> connections.
  std::map<std::string, std::vector<const Connection*>> groups;
  for (const auto* c : all) {
    if (c->dst.isPod() ? serviceOf(c->dst) != kNone : (!c->dst.entity.empty() || externalOf(c->dst, c->dstName)))
      continue;
    groups[c->dst.isPod() ? c->dst.ns : ""].push_back(c);
  }
  constexpr std::size_t kListed = 10;
  for (const auto& [ns, conns] : groups) {
    std::set<std::string> ends;
    for (const auto* c : conns) ends.insert(describe(c->dst, c->dstName));
    const Index block = ns.empty() ? kNone : namespaceIndex(ns);
    const source::Span at = block == kNone ? source::Span{} : in_.program.namespaces[block].span;
    auto& d = sink_.report(
        "W0703", at,
        ns.empty() ? fmt::format("{} observed destination{} outside the pods match{} no external", ends.size(),
                                 ends.size() == 1 ? "" : "s", ends.size() == 1 ? "es" : "")
                   : fmt::format("{} observed destination{} in namespace {} match{} no service{}", ends.size(),
                                 ends.size() == 1 ? "" : "s", ns, ends.size() == 1 ? "es" : "",
                                 block == kNone ? " (the namespace is not declared)" : ""));
    std::size_t n = 0;
    for (const auto* c : conns) {
      if (n++ == kListed) {
        d.note(fmt::format("and {} more connections", conns.size() - kListed));
        break;
      }
      d.note(fmt::format("{} ({} flow{}; the first at {})", connText(*c), c->flows, c->flows == 1 ? "" : "s", c->at));
    }
    d.withHelp(ns.empty() ? "declare an external for these addresses or DNS names, or find out who sends to them"
                          : "declare a service whose selector matches these pods' labels");
  }
}

bool overlaps(const source::Span& a, const source::Span& b) {
  return a.valid() && b.valid() && a.file == b.file && a.begin < b.end && b.begin < a.end;
}

void FlowJudge::unused(const std::vector<source::Span>& used, Judged& out) {
  std::set<std::pair<source::FileId, std::uint32_t>> seen;
  const std::string span = conns_.first().empty() ? "the capture"
                                                  : fmt::format("the capture ({} to {})", conns_.first(), conns_.last());
  for (const auto& e : in_.program.edges) {
    const source::Span at = e.bundle.empty() ? e.span : e.allowSpan;
    if (!at.valid() || in_.sm.file(at.file).isStdlib || !seen.insert({at.file, at.begin}).second) continue;
    bool hit = false;
    for (const auto& u : used) hit = hit || overlaps(u, at) || overlaps(u, e.span);
    if (hit) continue;
    sink_.report("W0701", at, fmt::format("no observed connection used this edge in {}", span))
        .withHelp("if the capture covers every workload it allows, the edge may be removed");
    if (e.ns != kNone) ++out.namespaces[in_.program.namespaces[e.ns].name].unusedEdges;
  }
}

Judged FlowJudge::run() {
  Judged out;
  std::vector<source::Span> used;
  const auto all = conns_.all();
  for (const auto* c : all) {
    const eval::Endpoint from = endpoint(c->src, ""), to = endpoint(c->dst, c->dstName);
    std::vector<eval::HttpRequest> requests;
    for (const auto& [method, url] : c->requests) requests.push_back({method, urlPath(url)});
    std::vector<std::string> deniedOn;
    std::set<std::pair<std::string, std::string>> deniedRequests;
    bool byDenyIntent = false;
    std::vector<source::Span> allowing;
    for (std::size_t t = 0; t < evaluators_.size(); ++t) {
      const auto& ev = *evaluators_[t];
      bool denied = false;
      auto judge = [&](const eval::HttpRequest* r) {
        const eval::Verdict v = ev.evaluate(from, to, c->port, c->protocol, r);
        if (!v.allowed()) {
          denied = true;
          byDenyIntent = byDenyIntent || !v.egress.deniedBy.empty() || !v.ingress.deniedBy.empty();
          if (r != nullptr && ev.judgesHttp()) deniedRequests.insert({r->method, r->path});
          return;
        }
        for (const auto& reason :
             eval::reasonsFor(in_.sm, in_.program, in_.origins, in_.targets[t], v, from.str(), to.str()))
          if (reason.kind == eval::Reason::Kind::Allowed && reason.span.valid()) allowing.push_back(reason.span);
      };
      if (requests.empty()) judge(nullptr);
      for (const auto& r : requests) judge(&r);
      if (denied) deniedOn.push_back(in_.targets[t]);
    }
    used.insert(used.end(), allowing.begin(), allowing.end());
    auto& row = out.namespaces[c->dst.isPod() ? c->dst.ns : c->src.isPod() ? c->src.ns : "(outside the pods)"];
    row.flows += c->flows;
    ++row.connections;
    if (!deniedOn.empty()) {
      ++row.wouldBreak;
      wouldBreak(*c, deniedOn, byDenyIntent, {deniedRequests.begin(), deniedRequests.end()});
      continue;
    }
    ++row.covered;
    if (c->policyDropped > 0)
      sink_.report("W0702", allowing.empty() ? source::Span{} : allowing.front(),
                   fmt::format("the cluster dropped {} of {} flows of {} for policy, but the built policies allow "
                               "it: the cluster does not enforce what these sources build",
                               c->policyDropped, c->flows, connText(*c)))
          .withHelp("apply the built policies (nplc build), and look for other policies that select these pods");
  }
  unknown(all);
  unused(used, out);
  return out;
}

}  // namespace

Judged judgeConnections(const Inputs& in, const Connections& conns, diag::Sink& sink) {
  return FlowJudge(in, conns, sink).run();
}

}  // namespace nplc::flows
