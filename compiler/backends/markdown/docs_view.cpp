#include "backends/markdown/docs_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "backends/markdown/markdown_text.h"

namespace nplc::backends::markdown {

namespace fs = std::filesystem;
using K = model::Peer::Kind;
using model::Index;
using model::kNone;

View::View(const source::SourceManager& sm, const model::Program& p, const Options& opts,
           std::vector<diag::Diagnostic> warnings)
    : sm_(sm), p_(p), opts_(opts), warnings_(std::move(warnings)) {
  for (const auto& pol : p_.policies) {
    for (int dir : {kIngress, kEgress}) {
      for (const auto& rule : dir == kIngress ? pol.ingressRules : pol.egressRules) {
        for (Index e : rule.edges) {
          auto& v = carriers_[{e, dir}];
          if (std::find(v.begin(), v.end(), pol.name) == v.end()) v.push_back(pol.name);
        }
      }
    }
  }
  // The same resolution the loader uses for shown paths (symlinks resolved),
  // so links between the output folder and the sources are exact.
  std::error_code ec;
  cwd_ = fs::current_path(ec).generic_string();
  outAbs_ = fs::weakly_canonical(fs::absolute(opts_.outDir, ec), ec).generic_string();
}

namespace {

bool isEveryPod(const model::Peer& peer, Index ns) { return peer.kind == K::NamespacePods && peer.ns == ns; }
bool isService(const model::Peer& peer, Index svc) { return peer.kind == K::Service && peer.service == svc; }

}  // namespace

Subject View::subject(Index ns, Index service) const {
  Subject s;
  s.ns = ns;
  s.service = service;
  auto mine = [&](const model::Peer& peer) { return service == kNone ? isEveryPod(peer, ns) : isService(peer, service); };
  for (Index i = 0; i < p_.edges.size(); ++i) {
    const model::Edge& e = p_.edges[i];
    if (mine(e.to)) {
      auto it = carriers_.find({i, kIngress});
      s.rows[kIngress].push_back({i, &e.from, it == carriers_.end() ? std::vector<std::string>{} : it->second});
    }
    if (mine(e.from)) {
      auto it = carriers_.find({i, kEgress});
      s.rows[kEgress].push_back({i, &e.to, it == carriers_.end() ? std::vector<std::string>{} : it->second});
    }
  }
  // Policy names follow the plan's rule: SERVICE-ingress / SERVICE-egress
  // select the service; baselines, bundles and all-pods-* select every pod.
  for (const auto* pol : policies(ns)) {
    for (int dir : {kIngress, kEgress}) {
      if (!(dir == kIngress ? pol->ingress : pol->egress)) continue;
      const bool own = service != kNone && pol->name == p_.services[service].name + (dir == kIngress ? "-ingress" : "-egress");
      if (pol->podSelector.empty() || own) s.isolatedBy[dir].push_back(pol->name);
    }
  }
  return s;
}

std::vector<Index> View::namespacesByName() const {
  std::vector<Index> out;
  for (Index n = 0; n < p_.namespaces.size(); ++n) {
    if (hasPage(n)) out.push_back(n);
  }
  std::sort(out.begin(), out.end(), [&](Index a, Index b) { return p_.namespaces[a].name < p_.namespaces[b].name; });
  return out;
}

bool View::hasPage(Index ns) const {
  if (!p_.namespaces[ns].external) return true;
  // An external namespace gets a page when some edge refers to it.
  auto refers = [&](const model::Peer& peer) {
    return (peer.kind == K::Service || peer.kind == K::NamespacePods || peer.kind == K::Pods) && peer.ns == ns;
  };
  for (const auto& e : p_.edges) {
    if (refers(e.from) || refers(e.to)) return true;
  }
  return false;
}

std::map<std::string, source::Span> View::bundles(Index ns) const {
  std::map<std::string, source::Span> out;
  for (const auto& e : p_.edges) {
    if (e.ns == ns && !e.bundle.empty()) out.try_emplace(e.bundle, e.allowSpan);
  }
  return out;
}

std::vector<const model::Policy*> View::policies(Index ns) const {
  std::vector<const model::Policy*> out;
  for (const auto& pol : p_.policies) {
    if (pol.ns == ns) out.push_back(&pol);
  }
  return out;
}

std::string View::shownPath(source::FileId file) const {
  const auto& f = sm_.file(file);
  if (f.isStdlib) {
    std::string name = f.path;
    if (name.size() > 2 && name.front() == '<' && name.back() == '>') name = name.substr(1, name.size() - 2);
    return name;
  }
  const fs::path p(f.path);
  if (p.is_relative()) return p.generic_string();
  // Never an absolute path on a page: outside the working directory, the path from it.
  return p.lexically_relative(cwd_).generic_string();
}

namespace {

std::string absoluteSource(const std::string& path, const std::string& cwd) {
  const fs::path p(path);
  return (p.is_relative() ? fs::path(cwd) / p : p).lexically_normal().generic_string();
}

}  // namespace

std::string View::fileLink(source::FileId file, const std::string& pageDir) const {
  const auto& f = sm_.file(file);
  const std::string shown = shownPath(file);
  if (f.isStdlib) return code(shown) + " (standard library)";
  std::string dest;
  if (!opts_.docsSourceUrl.empty() && shown.rfind("../", 0) != 0) {
    std::string base = opts_.docsSourceUrl;
    while (!base.empty() && base.back() == '/') base.pop_back();
    dest = base + "/" + linkDestination(shown);
  } else {
    const fs::path page = fs::path(outAbs_) / pageDir;
    dest = linkDestination(fs::path(absoluteSource(f.path, cwd_)).lexically_relative(page).generic_string());
  }
  return link(text(shown), dest);
}

std::string View::sourceLink(source::Span span, const std::string& pageDir) const {
  if (!span.valid()) return "";
  const auto& f = sm_.file(span.file);
  const auto line = sm_.lineCol(span.file, span.begin).line;
  const std::string shown = shownPath(span.file);
  if (f.isStdlib) return fmt::format("{} line {}", code(shown), line);
  const std::string fileDest = fileLink(span.file, pageDir);
  // fileLink is "[label](dest)": add the line to both.
  const auto mid = fileDest.find("](");
  return fmt::format("{}:{}]({}#L{})", fileDest.substr(0, mid), line, fileDest.substr(mid + 2, fileDest.size() - mid - 3), line);
}

std::string View::edgeSource(const model::Edge& e, const std::string& pageDir) const {
  if (e.bundle.empty()) return sourceLink(e.span, pageDir);
  std::string s = sourceLink(e.allowSpan, pageDir) + " (" + code("allow " + e.bundle);
  if (e.span.valid()) s += ", defined at " + sourceLink(e.span, pageDir);
  return s + ")";
}

}  // namespace nplc::backends::markdown
