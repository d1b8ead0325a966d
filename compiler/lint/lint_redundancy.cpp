// W0204 redundant-edge, W0205 duplicate-edge, W0208 self-edge: edges that
// change nothing. "Implied" is decided conservatively: an edge is reported only
// when another edge or bundle certainly allows everything it allows, on every
// side where it generates a rule.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "lint/lint.h"
#include "util/check.h"

namespace nplc::lint {

namespace {

using K = model::Peer::Kind;
using PK = model::Port::Kind;
using model::Index;

bool blockCovers(const model::IpBlock& outer, const model::IpBlock& inner) {
  if (!util::contains(outer.cidr, inner.cidr)) return false;
  for (const auto& ex : outer.except) {
    if (!util::overlaps(ex, inner.cidr)) continue;
    // The hole must already be left out of `inner`.
    bool holeInInner = false;
    for (const auto& ie : inner.except) holeInInner = holeInInner || util::contains(ie, ex);
    if (!holeInInner) return false;
  }
  return true;
}

// `outer` stands for at least everything `inner` stands for (keys: their
// analysis::peerKey, interned: equal keys, equal numbers).
bool peerCovers(const model::Peer& outer, std::uint32_t outerKey, const model::Peer& inner, std::uint32_t innerKey) {
  if (outer.kind == K::Any) return true;
  if (outerKey == innerKey) return true;
  const bool everyPod = outer.kind == K::AllPods || (outer.kind == K::Namespaces && outer.namespaces.empty());
  if (everyPod) return inner.isPods();
  if (outer.kind == K::NamespacePods) {
    return (inner.kind == K::Service || inner.kind == K::Pods || inner.kind == K::NamespacePods) &&
           inner.ns == outer.ns;
  }
  if (outer.kind == K::IpBlocks && inner.kind == K::IpBlocks) {
    return std::all_of(inner.blocks.begin(), inner.blocks.end(), [&](const model::IpBlock& ib) {
      return std::any_of(outer.blocks.begin(), outer.blocks.end(),
                         [&](const model::IpBlock& ob) { return blockCovers(ob, ib); });
    });
  }
  return false;
}

bool portCovers(const model::Port& o, const model::Port& i) {
  if (o.protocol != i.protocol) return false;
  if (o.kind == PK::AllOfProtocol) return true;
  if (i.kind == PK::AllOfProtocol) return false;
  if (o.kind == PK::Named || i.kind == PK::Named) return o.kind == i.kind && o.name == i.name;
  const auto oEnd = o.kind == PK::Range ? o.endPort : o.port;
  const auto iEnd = i.kind == PK::Range ? i.endPort : i.port;
  return o.port <= i.port && iEnd <= oEnd;
}

bool portsCover(const std::vector<model::Port>& outer, const std::vector<model::Port>& inner) {
  if (outer.empty()) return true;
  if (inner.empty()) return false;
  return std::all_of(inner.begin(), inner.end(), [&](const model::Port& i) {
    return std::any_of(outer.begin(), outer.end(), [&](const model::Port& o) { return portCovers(o, i); });
  });
}

bool httpCovers(const std::vector<model::HttpRule>& outer, const std::vector<model::HttpRule>& inner) {
  if (outer.empty()) return inner.empty();  // L4 over L7 is E0303, not redundancy
  if (inner.empty()) return false;
  return std::all_of(inner.begin(), inner.end(), [&](const model::HttpRule& i) {
    return std::any_of(outer.begin(), outer.end(),
                       [&](const model::HttpRule& o) { return o.method == i.method && o.path == i.path; });
  });
}

class Redundancy {
 public:
  explicit Redundancy(const Input& in)
      : in_(in), p_(in.program), sides_(edgeSides(in.program)), keys_(in.program.edgeKeys) {
    NPLC_CHECK(keys_.from.size() == p_.edges.size(), "lint: the program's edge keys are not set");
    for (Index i = 0; i < p_.edges.size(); ++i) {
      const auto& to = p_.edges[i].to;
      const Bucket source = sourceBucket(p_.edges[i].from, keys_.from[i]);
      const auto file = [&](Bucket destination) { by_[key(destination, source)].push_back(i); };
      if (to.kind == K::Any) file({kToAny, 0});
      if (to.kind == K::IpBlocks) file({kToAddresses, 0});
      if (everyPod(to)) file({kToEveryPod, 0});
      if (to.kind == K::NamespacePods) file({kToNamespace, to.ns});
      file({kTo, keys_.to[i]});
    }
  }

  void run() {
    for (Index i = 0; i < p_.edges.size(); ++i) {
      const auto& e = p_.edges[i];
      if (!e.bundle.empty()) continue;  // bundles are checked where they are declared, not per use
      if (e.from.kind == K::Service && e.to.kind == K::Service && e.from.service == e.to.service) selfEdge(e);
      for (Index j : candidates(i)) {
        if (j == i || !covers(j, i)) continue;
        const auto& f = p_.edges[j];
        const bool mutual = covers(i, j);
        if (f.bundle.empty() && mutual) {
          // Equivalent user edges: report the later one as the duplicate.
          if (before(i, j)) continue;
          in_.sink.report("W0205", e.span, fmt::format("`{}` is written twice", text(e)))
              .label(f.span, "the same edge is already here")
              .withHelp("remove this one");
        } else if (!f.bundle.empty()) {
          in_.sink.report("W0204", e.span, fmt::format("`{}` is already allowed by bundle `{}`", text(e), f.bundle))
              .label(f.allowSpan, fmt::format("`allow {}` allows it", f.bundle))
              .withHelp("remove this edge");
        } else {
          in_.sink.report("W0204", e.span, fmt::format("`{}` is implied by a wider edge", text(e)))
              .label(f.span, "this edge already allows it")
              .withHelp("remove this edge, or narrow the wider one");
        }
        break;
      }
    }
  }

 private:
  const Input& in_;
  const model::Program& p_;
  const EdgeSides sides_;
  const model::EdgeKeys& keys_;  // the planner's
  // Edges filed by what their destination may cover and by their source, built
  // from what peerCovers can accept, so that each edge is compared only with
  // edges that may cover it: pairwise, 100,000 edges in one namespace, into one
  // hub service or to `any` took minutes. A source that covers only itself is
  // filed under its key; one that may contain other sources under kWide.
  // A bucket is a kind and a number (an interned key, a namespace), and a
  // bucket pair one 64-bit key: string keys made the lookups most of lint's
  // time on a million lines, the table being larger than the caches.
  std::unordered_map<std::uint64_t, std::vector<Index>> by_;
  enum Kind : std::uint64_t {
    kWide, kFrom, kInNamespace,                          // sources
    kToAny, kToAddresses, kToEveryPod, kToNamespace, kTo  // destinations
  };
  struct Bucket {
    Kind kind;
    std::uint64_t number;
  };
  static constexpr std::uint64_t kNumbers = std::uint64_t{1} << 28;

  static std::uint64_t key(Bucket destination, Bucket source) {
    NPLC_CHECK(destination.number < kNumbers && source.number < kNumbers, "lint: too many peers to file");
    return ((destination.kind << 28 | destination.number) << 32) | (source.kind << 28 | source.number);
  }

  // Where an edge with source `from` is filed: `ns/*` under its namespace (it
  // covers only sources of that namespace: 10,000 `ns/*` callers of one hub
  // compared each with all the others when they shared kWide), any other source
  // that may contain other sources under kWide, the rest under their own key.
  static Bucket sourceBucket(const model::Peer& from, std::uint32_t key) {
    if (from.kind == K::NamespacePods) return {kInNamespace, from.ns};
    if (from.kind == K::Any || everyPod(from) || from.kind == K::IpBlocks) return {kWide, 0};
    return {kFrom, key};
  }

  // Sources peerCovers lets an `ns/*` source cover: those of one namespace.
  static bool inOneNamespace(const model::Peer& from) {
    return from.kind == K::Service || from.kind == K::Pods || from.kind == K::NamespacePods;
  }

  static bool everyPod(const model::Peer& p) {
    return p.kind == K::AllPods || (p.kind == K::Namespaces && p.namespaces.empty());
  }

  // The edges that may cover edge i, in index order, each once.
  std::vector<Index> candidates(Index i) const {
    const auto& to = p_.edges[i].to;
    std::vector<Index> out;
    const auto& from = p_.edges[i].from;
    // The third only for a source of one namespace (its `ns` is set).
    const Bucket sources[] = {{kWide, 0}, {kFrom, keys_.from[i]}, {kInNamespace, from.ns}};
    const std::size_t nSources = inOneNamespace(from) ? 3 : 2;
    const auto append = [&](Bucket destination) {
      for (std::size_t s = 0; s < nSources; ++s) {
        if (const auto it = by_.find(key(destination, sources[s])); it != by_.end()) {
          out.insert(out.end(), it->second.begin(), it->second.end());
        }
      }
    };
    append({kToAny, 0});
    if (to.kind == K::IpBlocks) {
      append({kToAddresses, 0});
    } else {
      append({kTo, keys_.to[i]});
      if (to.isPods()) {
        append({kToEveryPod, 0});
        if (to.ns != model::kNone) append({kToNamespace, to.ns});
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  std::string text(const model::Edge& e) const { return std::string(in_.sm.text(e.span)); }

  bool before(Index a, Index b) const {
    const auto& x = p_.edges[a].span;
    const auto& y = p_.edges[b].span;
    return std::tie(x.file, x.begin) < std::tie(y.file, y.begin);
  }

  // Edge `f` allows everything edge `e` allows, on each side where `e` has a rule.
  bool covers(Index fi, Index ei) const {
    const auto& f = p_.edges[fi];
    const auto& e = p_.edges[ei];
    // Compared by the rules they generate, not by what was written: an edge to
    // an unmanaged namespace is egress-only whatever its sides.
    if (sides_.ingress[ei] && !sides_.ingress[fi]) return false;
    if (sides_.egress[ei] && !sides_.egress[fi]) return false;
    if (!sides_.ingress[ei] && !sides_.egress[ei]) return false;  // E0305/W0008 territory
    return portsCover(f.ports, e.ports) && httpCovers(f.http, e.http) &&
           peerCovers(f.to, keys_.to[fi], e.to, keys_.to[ei]) && peerCovers(f.from, keys_.from[fi], e.from, keys_.from[ei]);
  }

  void selfEdge(const model::Edge& e) {
    const std::string name = p_.services[e.from.service].name;
    in_.sink.report("W0208", e.span, fmt::format("`{}` lets the pods of '{}' connect to each other", text(e), name))
        .note("a pod can always reach itself; this edge is only about its replicas")
        .withHelp(fmt::format("remove it; if the replicas of {} do talk to each other, keep it with "
                              "`# nplc:ignore W0208: <why>`",
                              name));
  }
};

}  // namespace

void lintRedundancy(const Input& in) { Redundancy(in).run(); }

}  // namespace nplc::lint
