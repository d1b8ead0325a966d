#include "syntax/ast_builder.h"

#include <tuple>

#include "syntax/literals.h"
#include "util/check.h"

namespace nplc::syntax {

using P = gen::NplParser;

OffsetMap::OffsetMap(source::FileId file, const std::string& text)
    : file_(file), size_(static_cast<std::uint32_t>(text.size())) {
  bool ascii = true;
  for (unsigned char c : text) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return;
  offsets_.reserve(text.size() + 1);
  // ANTLRInputStream drops a leading byte-order mark: code point 0 is the
  // character after it.
  const std::uint32_t first = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  for (std::uint32_t i = first; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets_.push_back(i);
  }
  offsets_.push_back(size_);
}

std::uint32_t OffsetMap::byteOffset(std::size_t cp) const {
  if (offsets_.empty()) return static_cast<std::uint32_t>(std::min<std::size_t>(cp, size_));
  return cp < offsets_.size() ? offsets_[cp] : size_;
}

source::Span OffsetMap::span(const antlr4::Token* start, const antlr4::Token* stop) const {
  if (start == nullptr) return {file_, size_, size_};
  if (start->getType() == antlr4::Token::EOF) {
    const auto at = byteOffset(start->getStartIndex());
    return {file_, at, at};
  }
  if (stop == nullptr || stop->getType() == antlr4::Token::EOF || stop->getStopIndex() < start->getStartIndex()) {
    stop = start;
  }
  return {file_, byteOffset(start->getStartIndex()), byteOffset(stop->getStopIndex() + 1)};
}

namespace {

class Builder {
 public:
  explicit Builder(const OffsetMap& map) : m_(map) {}

  ast::File file(P::File_Context* ctx) {
    ast::File f;
    f.file = m_.file();
    for (auto* item : ctx->topItem()) {
      if (auto* u = item->useDecl()) {
        f.uses.push_back(use(u));
      } else if (auto* n = item->namespaceDecl()) {
        f.namespaces.push_back(namespaceDecl(n));
      } else if (auto* e = item->externalNamespaceDecl()) {
        f.namespaces.push_back(externalNamespace(e));
      } else if (auto* x = item->externalDecl()) {
        f.externals.push_back(external(x));
      } else if (auto* b = item->bundleDecl()) {
        f.bundles.push_back(bundle(b));
      } else if (auto* c = item->clusterBlock()) {
        f.clusterBlocks.push_back(clusterBlock(c));
      } else if (auto* x = item->expectDecl()) {
        f.expects.push_back(expect(x));
      }
    }
    return f;
  }

 private:
  const OffsetMap& m_;

  // A name is one token: its text without ParseTree::getText's tree walk.
  ast::Ident ident(P::NameContext* ctx) { return {ctx->getStart()->getText(), m_.span(ctx)}; }

  // What RuleContext::getText returns (the tokens' texts, without what lies
  // between them), without its ostringstream per node: label keys are read
  // for every selector, and that stream was 3% of an edit in the language
  // server.
  static void appendTokens(antlr4::tree::ParseTree* node, std::string& out) {
    if (node->children.empty()) {
      if (auto* leaf = dynamic_cast<antlr4::tree::TerminalNode*>(node)) out += leaf->getSymbol()->getText();
      return;
    }
    for (auto* child : node->children) appendTokens(child, out);
  }
  static std::string tokensText(antlr4::tree::ParseTree* node) {
    std::string out;
    appendTokens(node, out);
    return out;
  }

  ast::Ident stringLit(antlr4::tree::TerminalNode* node) { return {unquoted(node->getText()), m_.span(node)}; }

  ast::Use use(P::UseDeclContext* ctx) {
    ast::Use u;
    u.span = m_.span(ctx);
    if (ctx->STRING() != nullptr) {
      u.path = stringLit(ctx->STRING()).text;
      u.quoted = true;
      u.pathSpan = m_.span(ctx->STRING());
    } else {
      u.path = tokensText(ctx->modulePath());
      u.pathSpan = m_.span(ctx->modulePath());
    }
    return u;
  }

  ast::Namespace namespaceDecl(P::NamespaceDeclContext* ctx) {
    ast::Namespace ns;
    ns.name = ident(ctx->name());
    ns.span = m_.span(ctx);
    const auto items = ctx->nsItem();
    ns.edges.reserve(items.size());
    for (auto* item : items) {
      if (auto* l = item->labelsDecl()) {
        ns.labels.push_back({selector(l->selector()), m_.span(l)});
      } else if (auto* k = item->selectorKeyDecl()) {
        ns.selectorKeys.push_back(selectorKey(k));
      } else if (auto* s = item->serviceDecl()) {
        ns.services.push_back(service(s));
      } else if (auto* b = item->baselineDecl()) {
        ns.baselines.push_back(baseline(b));
      } else if (auto* a = item->allowDecl()) {
        ns.allows.push_back({ident(a->name()), m_.span(a)});
      } else if (auto* x = item->externalDecl()) {
        ns.externals.push_back(external(x));
      } else if (auto* d = item->denyDecl()) {
        edges(ns.edges, d->edgeSources(), d->edgeTarget(), nullptr, true, m_.span(d));
      } else if (auto* x = item->expectDecl()) {
        ns.expects.push_back(expect(x));
      } else if (auto* e = item->edgeDecl()) {
        edgeDecl(ns.edges, e);
      }
    }
    return ns;
  }

  ast::Namespace externalNamespace(P::ExternalNamespaceDeclContext* ctx) {
    ast::Namespace ns;
    ns.name = ident(ctx->name());
    ns.external = true;
    ns.span = m_.span(ctx);
    for (auto* item : ctx->extNsItem()) {
      if (auto* l = item->labelsDecl()) {
        ns.labels.push_back({selector(l->selector()), m_.span(l)});
      } else if (auto* k = item->selectorKeyDecl()) {
        ns.selectorKeys.push_back(selectorKey(k));
      } else if (auto* s = item->serviceDecl()) {
        ns.services.push_back(service(s));
      }
    }
    return ns;
  }

  ast::SelectorKey selectorKey(P::SelectorKeyDeclContext* ctx) {
    ast::SelectorKey k;
    k.span = m_.span(ctx);
    if (ctx->labelKey() != nullptr) k.key = {tokensText(ctx->labelKey()), m_.span(ctx->labelKey())};
    return k;
  }

  ast::Service service(P::ServiceDeclContext* ctx) {
    ast::Service s;
    s.name = ident(ctx->name());
    s.span = m_.span(ctx);
    if (ctx->selector() != nullptr) s.selector = selector(ctx->selector());
    if (auto* ports = ctx->servicePorts()) {
      for (auto* c : ports->containerPort()) {
        ast::ContainerPort p;
        p.name = ident(c->name(0));
        p.port = numberOf(c->NUMBER()->getText());
        p.portSpan = m_.span(c->NUMBER());
        if (c->name().size() > 1) p.protocol = ident(c->name(1));
        p.span = m_.span(c);
        s.ports.push_back(std::move(p));
      }
    }
    return s;
  }

  ast::ExpectEnd expectEnd(P::ExpectEndContext* ctx) {
    ast::ExpectEnd end;
    end.span = m_.span(ctx);
    if (ctx->STRING() != nullptr) {
      end.dnsName = stringLit(ctx->STRING());
    } else {
      end.peer = peer(ctx->peer());
    }
    return end;
  }

  ast::Expect expect(P::ExpectDeclContext* ctx) {
    ast::Expect x;
    x.span = m_.span(ctx);
    x.from = expectEnd(ctx->expectEnd(0));
    x.to = expectEnd(ctx->expectEnd(1));
    x.ports = portSpec(ctx->portSpec(), ctx->httpRules());
    x.allowed = ctx->ALLOWED() != nullptr;
    x.verdictSpan = m_.span(x.allowed ? ctx->ALLOWED() : ctx->DENIED());
    for (auto* t : ctx->name()) x.targets.push_back(ident(t));
    return x;
  }

  static ast::Direction direction(P::DirectionContext* ctx) {
    if (ctx == nullptr) return ast::Direction::Both;
    return ctx->INGRESS() != nullptr ? ast::Direction::Ingress : ast::Direction::Egress;
  }

  ast::Baseline baseline(P::BaselineDeclContext* ctx) {
    ast::Baseline b;
    b.dir = direction(ctx->direction());
    if (ctx->name() != nullptr) b.service = ident(ctx->name());
    if (ctx->STAR() != nullptr) b.service = ast::Ident{"*", m_.span(ctx->STAR())};
    b.span = m_.span(ctx);
    return b;
  }

  ast::CidrRef cidrRef(P::CidrItemContext* ctx) {
    ast::CidrRef r;
    r.isName = ctx->name() != nullptr;
    r.text = ctx->getStart()->getText();
    r.span = m_.span(ctx);
    return r;
  }

  ast::External external(P::ExternalDeclContext* ctx) {
    ast::External x;
    x.name = ident(ctx->name());
    x.span = m_.span(ctx);
    auto* value = ctx->externalValue();
    if (auto* f = dynamic_cast<P::FqdnExternalContext*>(value)) {
      x.kind = ast::External::Kind::Fqdn;
      for (auto* s : f->STRING()) x.fqdns.push_back(stringLit(s));
    } else if (auto* e = dynamic_cast<P::EntityExternalContext*>(value)) {
      x.kind = ast::External::Kind::Entity;
      x.entity = ident(e->name());
    } else if (auto* c = dynamic_cast<P::CidrExternalContext*>(value)) {
      x.kind = ast::External::Kind::Cidr;
      // Items after EXCEPT are excepts: split by the EXCEPT token's position.
      const auto* exceptTok = c->EXCEPT() != nullptr ? c->EXCEPT()->getSymbol() : nullptr;
      for (auto* item : c->cidrItem()) {
        const bool isExcept = exceptTok != nullptr && item->getStart()->getTokenIndex() > exceptTok->getTokenIndex();
        (isExcept ? x.excepts : x.blocks).push_back(cidrRef(item));
      }
    }
    return x;
  }

  ast::Bundle bundle(P::BundleDeclContext* ctx) {
    ast::Bundle b;
    b.name = ident(ctx->name());
    b.span = m_.span(ctx);
    for (auto* e : ctx->edgeDecl()) edgeDecl(b.edges, e);
    return b;
  }

  ast::ClusterBlock clusterBlock(P::ClusterBlockContext* ctx) {
    ast::ClusterBlock b;
    b.tier = ctx->ADMIN() != nullptr ? ast::ClusterBlock::Tier::Admin : ast::ClusterBlock::Tier::Baseline;
    b.span = m_.span(ctx);
    for (auto* item : ctx->clusterItem()) b.rules.push_back(clusterRule(item));
    return b;
  }

  ast::ClusterRule clusterRule(P::ClusterItemContext* ctx) {
    ast::ClusterRule r;
    r.span = m_.span(ctx);
    P::ClusterPriorityContext* priority = nullptr;
    if (auto* rule = dynamic_cast<P::ClusterRuleContext*>(ctx)) {
      auto* action = rule->clusterAction();
      r.kind = action->ALLOW() != nullptr  ? ast::ClusterRule::Kind::Allow
               : action->DENY() != nullptr ? ast::ClusterRule::Kind::Deny
                                           : ast::ClusterRule::Kind::Pass;
      // An edge: its peers and ports; `ingress`/`egress` (one side, as on edges) in `dir`, as for `deny-all`.
      ast::Edge e = edge(rule->peer(0), rule->peer(1), rule->portSpec(), nullptr, nullptr, false, r.span);
      r.dir = direction(rule->direction());
      r.from = std::move(e.from);
      r.to = std::move(e.to);
      r.ports = std::move(e.ports);
      priority = rule->clusterPriority();
    } else if (auto* all = dynamic_cast<P::ClusterDenyAllContext*>(ctx)) {
      r.kind = ast::ClusterRule::Kind::DenyAll;
      r.dir = direction(all->direction());
      priority = all->clusterPriority();
    } else if (auto* bundle = dynamic_cast<P::ClusterBundleContext*>(ctx)) {
      r.kind = ast::ClusterRule::Kind::Bundle;
      r.bundle = ident(bundle->name());
      priority = bundle->clusterPriority();
    }
    if (priority != nullptr && priority->NUMBER() != nullptr) {
      r.priority = numberOf(priority->NUMBER()->getText());
      r.prioritySpan = m_.span(priority);
    }
    return r;
  }

  void edgeDecl(std::vector<ast::Edge>& out, P::EdgeDeclContext* ctx) {
    edges(out, ctx->edgeSources(), ctx->edgeTarget(), ctx->direction(), false, m_.span(ctx));
  }

  // A list form is the edges of every source to every destination, sources
  // first: `a, b -> c, d` is a -> c, a -> d, b -> c, b -> d.
  void edges(std::vector<ast::Edge>& out, P::EdgeSourcesContext* sources,
             const std::vector<P::EdgeTargetContext*>& targets, P::DirectionContext* dir, bool deny,
             source::Span span) {
    for (auto* from : sources->peer()) {
      for (auto* to : targets) out.push_back(edge(from, to->peer(), to->portSpec(), to->httpRules(), dir, deny, span));
    }
  }

  ast::Edge edge(P::PeerContext* from, P::PeerContext* to, P::PortSpecContext* ports, P::HttpRulesContext* http,
                 P::DirectionContext* dir, bool deny, source::Span span) {
    ast::Edge e;
    e.deny = deny;
    e.span = span;
    if (dir != nullptr) e.sides = dir->INGRESS() != nullptr ? ast::Sides::IngressOnly : ast::Sides::EgressOnly;
    e.from = peer(from);
    e.to = peer(to);
    e.ports = portSpec(ports, http);
    return e;
  }

  std::optional<ast::PortSpec> portSpec(P::PortSpecContext* ports, P::HttpRulesContext* http) {
    if (ports == nullptr && http == nullptr) return std::nullopt;
    ast::PortSpec ps;
    ps.span = ports != nullptr ? m_.span(ports) : m_.span(http);
    if (ports != nullptr) {
      for (auto* item : ports->portItem()) ps.ports.push_back(portItem(item));
    }
    if (http != nullptr) {
      for (auto* h : http->httpRule()) ps.http.push_back(httpRule(h));
    }
    return ps;
  }

  ast::PortItem portItem(P::PortItemContext* ctx) {
    ast::PortItem p;
    p.span = m_.span(ctx);
    auto* v = ctx->portValue();
    p.valueSpan = m_.span(v);
    if (v->NUMBER() != nullptr) {
      p.kind = ast::PortItem::Kind::Number;
      p.lo = p.hi = numberOf(v->getStart()->getText());
    } else if (v->PORT_RANGE() != nullptr) {
      p.kind = ast::PortItem::Kind::Range;
      std::tie(p.lo, p.hi) = portRangeOf(v->getStart()->getText());
    } else if (v->STAR() != nullptr) {
      p.kind = ast::PortItem::Kind::AllOfProtocol;
    } else {
      p.kind = ast::PortItem::Kind::Named;
      p.name = v->getStart()->getText();
    }
    if (ctx->name() != nullptr) p.protocol = ident(ctx->name());
    return p;
  }

  ast::HttpRule httpRule(P::HttpRuleContext* ctx) { return httpRuleOf(ctx->getStart()->getText(), m_.span(ctx)); }

  ast::Peer peer(P::PeerContext* ctx) {
    ast::Peer p;
    p.span = m_.span(ctx);
    using K = ast::Peer::Kind;
    if (dynamic_cast<P::AnyPeerContext*>(ctx) != nullptr) {
      p.kind = K::Any;
    } else if (dynamic_cast<P::AllPodsPeerContext*>(ctx) != nullptr) {
      p.kind = K::AllPods;
    } else if (dynamic_cast<P::LocalPodsPeerContext*>(ctx) != nullptr) {
      p.kind = K::LocalPods;
    } else if (auto* n = dynamic_cast<P::NamespacePodsPeerContext*>(ctx)) {
      p.kind = K::NamespacePods;
      p.ns = ident(n->name());
    } else if (auto* q = dynamic_cast<P::QualifiedPeerContext*>(ctx)) {
      p.kind = K::Qualified;
      p.ns = ident(q->name(0));
      p.name = ident(q->name(1));
    } else if (auto* pods = dynamic_cast<P::PodsPeerContext*>(ctx)) {
      p.kind = K::Pods;
      p.selector = selector(pods->selector());
      if (auto* ref = pods->nsRef()) {
        if (ref->NAMESPACES() != nullptr) {
          p.nsRef = ast::Peer::NsRef::Selector;
          p.nsSelector = selector(ref->selector());
        } else if (ref->STAR() != nullptr) {
          p.nsRef = ast::Peer::NsRef::All;
        } else {
          p.nsRef = ast::Peer::NsRef::Named;
          p.ns = ident(ref->name());
        }
      }
    } else if (auto* nss = dynamic_cast<P::NamespacesPeerContext*>(ctx)) {
      p.kind = K::Namespaces;
      p.selector = selector(nss->selector());
    } else if (auto* nodes = dynamic_cast<P::NodesPeerContext*>(ctx)) {
      p.kind = K::Nodes;
      p.selector = selector(nodes->selector());
    } else if (auto* ent = dynamic_cast<P::EntityPeerContext*>(ctx)) {
      p.kind = K::Entity;
      p.name = ident(ent->name());
    } else if (dynamic_cast<P::CidrPeerContext*>(ctx) != nullptr) {
      p.kind = K::Cidr;
      p.name = {ctx->getStart()->getText(), p.span};
    } else if (auto* nm = dynamic_cast<P::NamePeerContext*>(ctx)) {
      p.kind = K::Name;
      p.name = ident(nm->name());
    } else {
      NPLC_CHECK(false, "unhandled peer alternative");
    }
    return p;
  }

  ast::Ident labelValue(P::LabelValueContext* ctx) {
    if (ctx->STRING() != nullptr) return stringLit(ctx->STRING());
    return {ctx->getStart()->getText(), m_.span(ctx)};
  }

  std::vector<ast::Ident> values(const std::vector<P::LabelValueContext*>& list) {
    std::vector<ast::Ident> out;
    for (auto* v : list) out.push_back(labelValue(v));
    return out;
  }

  ast::Selector selector(P::SelectorContext* ctx) {
    ast::Selector s;
    s.span = m_.span(ctx);
    for (auto* r : ctx->requirement()) {
      ast::Requirement req;
      req.span = m_.span(r);
      if (auto* eq = dynamic_cast<P::EqualsReqContext*>(r)) {
        req.op = ast::ReqOp::Equals;
        req.key = {tokensText(eq->labelKey()), m_.span(eq->labelKey())};
        req.values.push_back(labelValue(eq->labelValue()));
      } else if (auto* in = dynamic_cast<P::InReqContext*>(r)) {
        req.op = ast::ReqOp::In;
        req.key = {tokensText(in->labelKey()), m_.span(in->labelKey())};
        req.values = values(in->labelValue());
      } else if (auto* notIn = dynamic_cast<P::NotInReqContext*>(r)) {
        req.op = ast::ReqOp::NotIn;
        req.key = {tokensText(notIn->labelKey()), m_.span(notIn->labelKey())};
        req.values = values(notIn->labelValue());
      } else if (auto* nex = dynamic_cast<P::NotExistsReqContext*>(r)) {
        req.op = ast::ReqOp::DoesNotExist;
        req.key = {tokensText(nex->labelKey()), m_.span(nex->labelKey())};
      } else if (auto* ex = dynamic_cast<P::ExistsReqContext*>(r)) {
        req.op = ast::ReqOp::Exists;
        req.key = {tokensText(ex->labelKey()), m_.span(ex->labelKey())};
      }
      s.reqs.push_back(std::move(req));
    }
    return s;
  }
};

}  // namespace

ast::File buildAst(P::File_Context* tree, const OffsetMap& map) { return Builder(map).file(tree); }

}  // namespace nplc::syntax
