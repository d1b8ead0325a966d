#include "backends/markdown/docs_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "backends/markdown/markdown_text.h"

namespace nplc::backends::markdown {

namespace fs = std::filesystem;
using K = model::Peer::Kind;
using model::Index;
using model::kNone;

namespace {

// The subject an end of an edge belongs to: a service, or every pod (`*`) of a namespace.
std::optional<std::pair<Index, Index>> subjectKey(const model::Peer& peer) {
  if (peer.kind == K::Service) return std::make_pair(peer.ns, peer.service);
  if (peer.kind == K::NamespacePods) return std::make_pair(peer.ns, kNone);
  return std::nullopt;
}

bool inNamespace(const model::Peer& peer) {
  return peer.kind == K::Service || peer.kind == K::NamespacePods || peer.kind == K::Pods;
}

}  // namespace

View::View(const source::SourceManager& sm, const model::Program& p, const TargetOptions& opts,
           std::vector<diag::Diagnostic> warnings, const AccessMatrix* access)
    : sm_(sm),
      p_(p),
      opts_(opts),
      warnings_(std::move(warnings)),
      access_(access),
      referenced_(p.namespaces.size(), false),
      edgesByNs_(p.namespaces.size()) {
  std::map<std::pair<Index, int>, std::vector<std::string>> carriers;  // (edge, dir) -> policies
  for (const auto& pol : p_.policies) {
    policiesByNs_[pol.ns].push_back(&pol);
    for (int dir : {kIngress, kEgress}) {
      for (const auto& rule : dir == kIngress ? pol.ingressRules : pol.egressRules) {
        for (Index e : rule.edges) {
          auto& v = carriers[{e, dir}];
          if (std::find(v.begin(), v.end(), pol.name) == v.end()) v.push_back(pol.name);
        }
      }
    }
  }
  // One pass over the edges: each is a row of the subject at either end.
  for (Index i = 0; i < p_.edges.size(); ++i) {
    const model::Edge& e = p_.edges[i];
    if (!e.bundle.empty()) bundlesByNs_[e.ns].try_emplace(e.bundle, e.allowSpan);
    for (Index ns : {e.ns, inNamespace(e.from) ? e.from.ns : kNone, inNamespace(e.to) ? e.to.ns : kNone}) {
      if (ns != kNone && (edgesByNs_[ns].empty() || edgesByNs_[ns].back() != i)) edgesByNs_[ns].push_back(i);
    }
    for (int dir : {kIngress, kEgress}) {
      const model::Peer& mine = dir == kIngress ? e.to : e.from;
      const model::Peer& other = dir == kIngress ? e.from : e.to;
      if (inNamespace(mine)) referenced_[mine.ns] = true;
      const auto key = subjectKey(mine);
      if (!key) continue;
      auto it = carriers.find({i, dir});
      subjects_[*key].rows[dir].push_back({i, &other, it == carriers.end() ? std::vector<std::string>{} : it->second});
    }
  }
  // The same resolution the loader uses for shown paths (symlinks resolved),
  // so links between the output folder and the sources are exact.
  std::error_code ec;
  cwd_ = fs::current_path(ec).generic_string();
  outAbs_ = fs::weakly_canonical(fs::absolute(opts_.outDir, ec), ec).generic_string();
}

Subject View::subject(Index ns, Index service) const {
  Subject s;
  if (auto it = subjects_.find({ns, service}); it != subjects_.end()) s = it->second;
  s.ns = ns;
  s.service = service;
  // Policy names follow the plan's rule: SERVICE-ingress / SERVICE-egress
  // select the service; baselines, bundles and all-pods-* select every pod.
  for (const auto* pol : policies(ns)) {
    for (int dir : {kIngress, kEgress}) {
      if (!(dir == kIngress ? pol->ingress : pol->egress)) continue;
      const bool own = service != kNone && pol->subject.kind == model::PolicySubject::Kind::Service &&
                       pol->subject.service == service;
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
  // An external namespace gets a page when some edge refers to it.
  return !p_.namespaces[ns].external || referenced_[ns];
}

std::map<std::string, source::Span> View::bundles(Index ns) const {
  auto it = bundlesByNs_.find(ns);
  return it == bundlesByNs_.end() ? std::map<std::string, source::Span>{} : it->second;
}

std::vector<const model::Policy*> View::policies(Index ns) const {
  auto it = policiesByNs_.find(ns);
  return it == policiesByNs_.end() ? std::vector<const model::Policy*>{} : it->second;
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
  return fmt::format("{}:{}]({}#L{})", fileDest.substr(0, mid), line,
                     fileDest.substr(mid + 2, fileDest.size() - mid - 3), line);
}

std::string View::edgeSource(const model::Edge& e, const std::string& pageDir) const {
  if (e.bundle.empty()) return sourceLink(e.span, pageDir);
  std::string s = sourceLink(e.allowSpan, pageDir) + " (" + code("allow " + e.bundle);
  if (e.span.valid()) s += ", defined at " + sourceLink(e.span, pageDir);
  return s + ")";
}

}  // namespace nplc::backends::markdown
