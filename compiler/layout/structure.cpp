#include "layout/structure.h"

namespace nplc::layout {

namespace {

// The offset of the first character after `from` that is neither blank nor
// in a comment.
std::uint32_t nextCode(const std::string& text, std::uint32_t from) {
  std::uint32_t i = from;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
      ++i;
    } else if (text.compare(i, 3, "\xEF\xBB\xBF") == 0) {  // a BOM is a blank to the lexer
      i += 3;
    } else {
      break;
    }
  }
  return i;
}

class Collector {
 public:
  Collector(Structure& s, const std::string& text) : s_(s), text_(text) {}

  void block(const ast::Ident& name, source::Span span, bool topLevel) {
    const std::uint32_t open = nextCode(text_, name.span.end);
    if (open >= span.end || text_[open] != '{') return;  // `external namespace x` without a body
    s_.blockOpens.insert(open);
    s_.blockCloses.insert(span.end - 1);
    if (topLevel) s_.topBlocks.insert(span.begin);
  }

  // `admin {` and `baseline {`: the block opens after the tier's keyword.
  void clusterBlock(const ast::ClusterBlock& b) {
    s_.statements.insert(b.span.begin);
    const std::uint32_t open = nextCode(text_, b.span.begin + (b.tier == ast::ClusterBlock::Tier::Admin ? 5 : 8));
    if (open < b.span.end && text_[open] == '{') {
      s_.blockOpens.insert(open);
      s_.blockCloses.insert(b.span.end - 1);
      s_.topBlocks.insert(b.span.begin);
    }
    for (const auto& r : b.rules) {
      s_.statements.insert(r.span.begin);
      if (r.kind == ast::ClusterRule::Kind::Allow || r.kind == ast::ClusterRule::Kind::Deny ||
          r.kind == ast::ClusterRule::Kind::Pass) {
        peer(r.from);
        peer(r.to);
      }
    }
  }

  void selector(const ast::Selector& sel) {
    for (const auto& r : sel.reqs) s_.items.insert(r.span.begin);
  }

  void peer(const ast::Peer& p) {
    selector(p.selector);
    selector(p.nsSelector);
  }

  void edge(const ast::Edge& e) {
    s_.statements.insert(e.span.begin);
    peer(e.from);
    peer(e.to);
  }

  void expect(const ast::Expect& x) {
    s_.statements.insert(x.span.begin);
    if (!x.from.dnsName) peer(x.from.peer);
    if (!x.to.dnsName) peer(x.to.peer);
  }

  void external(const ast::External& x) {
    s_.statements.insert(x.span.begin);
    s_.externals.insert(x.span.begin);
  }

  void ns(const ast::Namespace& n) {
    s_.statements.insert(n.span.begin);
    block(n.name, n.span, true);
    for (const auto& l : n.labels) {
      s_.statements.insert(l.span.begin);
      selector(l.selector);
    }
    for (const auto& k : n.selectorKeys) s_.statements.insert(k.span.begin);
    for (const auto& svc : n.services) {
      s_.statements.insert(svc.span.begin);
      if (svc.selector) selector(*svc.selector);
      for (const auto& p : svc.ports) s_.items.insert(p.span.begin);
    }
    for (const auto& b : n.baselines) s_.statements.insert(b.span.begin);
    for (const auto& a : n.allows) s_.statements.insert(a.span.begin);
    for (const auto& x : n.externals) external(x);
    for (const auto& e : n.edges) edge(e);
    for (const auto& x : n.expects) expect(x);
  }

 private:
  Structure& s_;
  const std::string& text_;
};

}  // namespace

Structure structureOf(const ast::File& file, const std::string& text) {
  Structure s;
  Collector c(s, text);
  for (const auto& u : file.uses) s.statements.insert(u.span.begin);
  for (const auto& n : file.namespaces) c.ns(n);
  for (const auto& x : file.externals) c.external(x);
  for (const auto& b : file.bundles) {
    s.statements.insert(b.span.begin);
    c.block(b.name, b.span, true);
    for (const auto& e : b.edges) c.edge(e);
  }
  for (const auto& b : file.clusterBlocks) c.clusterBlock(b);
  for (const auto& x : file.expects) c.expect(x);
  return s;
}

}  // namespace nplc::layout
