#include "syntax/direct_parser.h"

#include <cstdint>
#include <string>
#include <tuple>

#include "NplLexer.h"  // token types only: the generated lexer is not linked (lexer.h)
#include "syntax/lexer.h"

namespace nplc::syntax {

namespace {

using L = gen::NplLexer;
using K = ast::Peer::Kind;

constexpr std::size_t kEnd = 0;  // the type past the last token (no token has it)

// Thrown where the parser declines the text: the caller hands it to ANTLR.
struct Declined {};

// The tokens the grammar's `name` rule accepts: identifiers and soft keywords.
bool isName(std::size_t t) {
  switch (t) {
    case L::IDENT: case L::DIGIT_WORD: case L::INGRESS: case L::EGRESS: case L::DNS: case L::ENTITY:
    case L::LABELS: case L::IN: case L::NOTIN: case L::PODS: case L::NAMESPACES: case L::NODES:
    case L::BASELINE: case L::BUNDLE: case L::ADMIN: case L::PASS: case L::PRIORITY: case L::PORTS:
    case L::EXPECT: case L::ALLOWED: case L::DENIED: case L::ON: case L::SELECTOR_KEY:
      return true;
    default:
      return false;
  }
}

// The first tokens of the grammar's `peer` rule.
bool startsPeer(std::size_t t) {
  return t == L::ANY || t == L::STAR || t == L::CIDR4 || t == L::CIDR6 || t == L::IPADDR4 || isName(t);
}

struct Tok {
  std::uint32_t type;
  std::uint32_t begin, end;  // bytes
};

class Parser {
 public:
  Parser(std::string_view text, source::FileId file) : text_(text), file_(file) {
    out_.file.file = file;
    NplTokenSource lexer(text);
    while (const auto lexeme = lexer.nextLexeme()) {
      const Tok t{static_cast<std::uint32_t>(lexeme->type), static_cast<std::uint32_t>(lexeme->start.pos),
                  static_cast<std::uint32_t>(lexeme->end)};
      if (t.type == L::COMMENT) {
        out_.file.comments.push_back({std::string(textOf(t)), spanOf(t)});
        continue;
      }
      if (t.type == L::STRING) findBadEscapes(textOf(t), file, t.begin, out_.escapes);
      toks_.push_back(t);
    }
  }

  DirectParse file() {
    ast::File& f = out_.file;
    while (at_ < toks_.size()) {
      switch (type()) {
        case L::USE: f.uses.push_back(use()); break;
        case L::NAMESPACE: f.namespaces.push_back(namespaceDecl()); break;
        case L::EXTERNAL:
          if (type(1) == L::NAMESPACE) {
            f.namespaces.push_back(externalNamespace());
          } else {
            f.externals.push_back(external());
          }
          break;
        case L::BUNDLE: f.bundles.push_back(bundle()); break;
        case L::ADMIN: case L::BASELINE: f.clusterBlocks.push_back(clusterBlock()); break;
        case L::EXPECT: f.expects.push_back(expect()); break;
        default: throw Declined{};
      }
    }
    return std::move(out_);
  }

 private:
  std::string_view text_;
  source::FileId file_;
  std::vector<Tok> toks_;
  std::size_t at_ = 0;
  DirectParse out_;

  std::size_t type(std::size_t ahead = 0) const {
    return at_ + ahead < toks_.size() ? toks_[at_ + ahead].type : kEnd;
  }
  std::string_view textOf(const Tok& t) const { return text_.substr(t.begin, t.end - t.begin); }
  source::Span spanOf(const Tok& t) const { return {file_, t.begin, t.end}; }
  // From token `first` to the last one read.
  source::Span spanFrom(std::size_t first) const { return {file_, toks_[first].begin, toks_[at_ - 1].end}; }

  // The current token, which must be of type `t`; moves past it.
  const Tok& take(std::size_t t) {
    if (type() != t) throw Declined{};
    return toks_[at_++];
  }
  bool skip(std::size_t t) {
    if (type() != t) return false;
    ++at_;
    return true;
  }
  ast::Ident name() {
    if (!isName(type())) throw Declined{};
    const Tok& t = toks_[at_++];
    return {std::string(textOf(t)), spanOf(t)};
  }
  ast::Ident string() {
    const Tok& t = take(L::STRING);
    return {unquoted(textOf(t)), spanOf(t)};
  }

  ast::Use use() {
    const std::size_t first = at_++;
    ast::Use u;
    if (type() == L::STRING) {
      u.pathSpan = spanOf(toks_[at_]);
      u.path = string().text;
      u.quoted = true;
    } else {
      const std::size_t path = at_;
      u.path = name().text;
      while (skip(L::SLASH)) u.path += "/" + name().text;
      u.pathSpan = spanFrom(path);
    }
    u.span = spanFrom(first);
    return u;
  }

  ast::Namespace namespaceDecl() {
    const std::size_t first = at_++;
    ast::Namespace ns;
    ns.name = name();
    take(L::LBRACE);
    while (!skip(L::RBRACE)) {
      switch (type()) {
        case L::SERVICE: ns.services.push_back(service()); break;
        case L::DENY_ALL: ns.baselines.push_back(baseline()); break;
        case L::ALLOW: {
          const std::size_t from = at_++;
          ns.allows.push_back({name(), {}});
          ns.allows.back().span = spanFrom(from);
          break;
        }
        case L::EXTERNAL: ns.externals.push_back(external()); break;
        case L::DENY: {
          const std::size_t from = at_++;
          edges(ns.edges, ast::Sides::Both, true, from);
          break;
        }
        case L::LABELS:
          // `labels {` is a labels statement: an edge's source `labels` is never followed by `{`.
          if (type(1) == L::LBRACE) {
            ns.labels.push_back(labels());
          } else {
            edgeDecl(ns.edges);
          }
          break;
        case L::SELECTOR_KEY:
          // A label key after it: an edge's source `selector-key` is never followed by a name or number.
          if (isName(type(1)) || type(1) == L::NUMBER) {
            ns.selectorKeys.push_back(selectorKey());
          } else {
            edgeDecl(ns.edges);
          }
          break;
        case L::EXPECT:
          // An edge's source `expect` is followed by `->`, `,` or `/`, none of which starts an expectation's end.
          if (type(1) == L::ARROW || type(1) == L::COMMA || type(1) == L::SLASH) {
            edgeDecl(ns.edges);
          } else {
            ns.expects.push_back(expect());
          }
          break;
        default: edgeDecl(ns.edges);
      }
    }
    ns.span = spanFrom(first);
    return ns;
  }

  ast::Namespace externalNamespace() {
    const std::size_t first = at_;
    at_ += 2;
    ast::Namespace ns;
    ns.name = name();
    ns.external = true;
    if (skip(L::LBRACE)) {
      while (!skip(L::RBRACE)) {
        switch (type()) {
          case L::LABELS: ns.labels.push_back(labels()); break;
          case L::SELECTOR_KEY: ns.selectorKeys.push_back(selectorKey()); break;
          case L::SERVICE: ns.services.push_back(service()); break;
          default: throw Declined{};
        }
      }
    }
    ns.span = spanFrom(first);
    return ns;
  }

  ast::Labels labels() {
    const std::size_t first = at_++;
    ast::Labels l;
    l.selector = selector();
    l.span = spanFrom(first);
    return l;
  }

  ast::SelectorKey selectorKey() {
    const std::size_t first = at_++;
    ast::SelectorKey k;
    k.key = labelKey();
    k.span = spanFrom(first);
    return k;
  }

  ast::Service service() {
    const std::size_t first = at_++;
    ast::Service s;
    s.name = name();
    // The next statement never starts with `{`, nor with `ports {`.
    if (type() == L::LBRACE) s.selector = selector();
    if (type() == L::PORTS && type(1) == L::LBRACE) {
      at_ += 2;
      while (!skip(L::RBRACE)) {
        const std::size_t from = at_;
        ast::ContainerPort p;
        p.name = name();
        take(L::COLON);
        const Tok& number = take(L::NUMBER);
        p.port = numberOf(textOf(number));
        p.portSpan = spanOf(number);
        if (skip(L::SLASH)) p.protocol = name();
        p.span = spanFrom(from);
        s.ports.push_back(std::move(p));
        skip(L::COMMA);
      }
    }
    s.span = spanFrom(first);
    return s;
  }

  // `ingress`/`egress` before something that `next` says may follow the
  // direction. Taking it is the grammar's first alternative; when it does not
  // let the statement go on, the parse fails later and ANTLR reads the text.
  std::optional<ast::Direction> direction(bool next) {
    if ((type() != L::INGRESS && type() != L::EGRESS) || !next) return std::nullopt;
    return toks_[at_++].type == L::INGRESS ? ast::Direction::Ingress : ast::Direction::Egress;
  }

  ast::Baseline baseline() {
    const std::size_t first = at_++;
    ast::Baseline b;
    const std::size_t t = type(1);
    if (auto dir = direction(t == L::BASELINE || t == L::STAR || isName(t))) b.dir = *dir;
    if (type() == L::STAR) {
      b.service = ast::Ident{"*", spanOf(toks_[at_++])};
    } else if (!skip(L::BASELINE)) {  // `baseline` is also a name: the grammar's first alternative is the keyword
      b.service = name();
    }
    b.span = spanFrom(first);
    return b;
  }

  ast::External external() {
    const std::size_t first = at_++;
    ast::External x;
    x.name = name();
    take(L::ASSIGN);
    if (type() == L::DNS && type(1) == L::STRING) {
      ++at_;
      x.kind = ast::External::Kind::Fqdn;
      x.fqdns.push_back(string());
      while (skip(L::COMMA)) x.fqdns.push_back(string());  // no statement starts with `,`
    } else if (type() == L::ENTITY && isName(type(1))) {
      ++at_;
      x.kind = ast::External::Kind::Entity;
      x.entity = name();
    } else {
      x.kind = ast::External::Kind::Cidr;
      x.blocks.push_back(cidrItem());
      while (skip(L::COMMA)) x.blocks.push_back(cidrItem());
      if (skip(L::EXCEPT)) {
        x.excepts.push_back(cidrItem());
        while (skip(L::COMMA)) x.excepts.push_back(cidrItem());
      }
    }
    x.span = spanFrom(first);
    return x;
  }

  ast::CidrRef cidrItem() {
    const std::size_t t = type();
    if (t != L::CIDR4 && t != L::CIDR6 && t != L::IPADDR4 && !isName(t)) throw Declined{};
    const Tok& tok = toks_[at_++];
    return {isName(t), std::string(textOf(tok)), spanOf(tok)};
  }

  ast::Bundle bundle() {
    const std::size_t first = at_++;
    ast::Bundle b;
    b.name = name();
    take(L::LBRACE);
    while (!skip(L::RBRACE)) edgeDecl(b.edges);
    b.span = spanFrom(first);
    return b;
  }

  ast::ClusterBlock clusterBlock() {
    const std::size_t first = at_++;
    ast::ClusterBlock b;
    b.tier = toks_[first].type == L::ADMIN ? ast::ClusterBlock::Tier::Admin : ast::ClusterBlock::Tier::Baseline;
    take(L::LBRACE);
    while (!skip(L::RBRACE)) b.rules.push_back(clusterRule());
    b.span = spanFrom(first);
    return b;
  }

  ast::ClusterRule clusterRule() {
    const std::size_t first = at_;
    ast::ClusterRule r;
    using RK = ast::ClusterRule::Kind;
    const std::size_t t = type();
    if (t == L::DENY_ALL) {
      ++at_;
      r.kind = RK::DenyAll;
      // No cluster statement starts with `ingress` or `egress`.
      if (auto dir = direction(true)) r.dir = *dir;
    } else if (t == L::ALLOW && isName(type(1)) && bundleNotRule()) {
      at_ += 1;
      r.kind = RK::Bundle;
      r.bundle = name();
    } else if (t == L::ALLOW || t == L::DENY || t == L::PASS) {
      ++at_;
      r.kind = t == L::ALLOW ? RK::Allow : t == L::DENY ? RK::Deny : RK::Pass;
      // A peer after `ingress` rules out `ingress` as the source: a peer is followed by `->`.
      if (auto dir = direction(startsPeer(type(1)))) r.dir = *dir;
      r.from = peer();
      take(L::ARROW);
      r.to = peer();
      if (type() == L::COLON) r.ports = portSpec(PortList::Only);
    } else {
      throw Declined{};
    }
    // `priority` starts no cluster statement.
    if (type() == L::PRIORITY) {
      const std::size_t from = at_++;
      r.priority = numberOf(textOf(take(L::NUMBER)));
      r.prioritySpan = spanFrom(from);
    }
    r.span = spanFrom(first);
    return r;
  }

  // At `allow NAME`: whether it can only be `allow BUNDLE [priority N]`.
  // The rule form (the grammar's first alternative) needs `->` after its
  // source; a source that starts with a name is NAME, NAME/..., `entity
  // NAME`, `pods {` (or namespaces, nodes), or a peer after `ingress`
  // (`egress`). Followed by the next statement, `}` or `priority N`, none of
  // those can reach `->`.
  bool bundleNotRule() const {
    const std::size_t next = type(2);
    return next == L::ALLOW || next == L::DENY || next == L::PASS || next == L::DENY_ALL || next == L::RBRACE ||
           (next == L::PRIORITY && type(3) == L::NUMBER);
  }

  void edgeDecl(std::vector<ast::Edge>& out) {
    const std::size_t first = at_;
    // `ingress` before a peer is a direction: as a source it would need `->`, `,` or `/` after it.
    ast::Sides sides = ast::Sides::Both;
    if (auto dir = direction(startsPeer(type(1))))
      sides = *dir == ast::Direction::Ingress ? ast::Sides::IngressOnly : ast::Sides::EgressOnly;
    edges(out, sides, false, first);
  }

  // The edges of the statement that starts at token `first`, its sources
  // next: every source to every destination, sources first.
  void edges(std::vector<ast::Edge>& out, ast::Sides sides, bool deny, std::size_t first) {
    std::vector<ast::Peer> sources{peer()};
    while (skip(L::COMMA)) sources.push_back(peer());
    take(L::ARROW);
    struct Target {
      ast::Peer peer;
      std::optional<ast::PortSpec> ports;
    };
    std::vector<Target> targets;
    do {
      Target t{peer(), std::nullopt};
      if (type() == L::COLON) t.ports = portSpec(PortList::BeforeDestinations);
      if (type() == L::HTTP_RULE) {
        if (!t.ports) t.ports.emplace();
        httpRules(*t.ports);
      }
      targets.push_back(std::move(t));
    } while (skip(L::COMMA));
    const source::Span span = spanFrom(first);
    for (const ast::Peer& source : sources) {
      for (const Target& target : targets) {
        ast::Edge e;
        e.sides = sides;
        e.deny = deny;
        e.from = source;
        e.to = target.peer;
        e.ports = target.ports;
        e.span = span;
        out.push_back(std::move(e));
      }
    }
  }

  ast::Expect expect() {
    const std::size_t first = at_++;
    ast::Expect x;
    x.from = expectEnd();
    take(L::ARROW);
    x.to = expectEnd();
    if (type() == L::COLON) x.ports = portSpec(PortList::Only);
    if (type() == L::HTTP_RULE) {
      if (!x.ports) x.ports.emplace();
      httpRules(*x.ports);
    }
    if (type() != L::ALLOWED && type() != L::DENIED) throw Declined{};
    x.allowed = type() == L::ALLOWED;
    x.verdictSpan = spanOf(toks_[at_++]);
    // `on` and a name never start a statement (a source `on` is followed by `->`, `,` or `/`).
    if (type() == L::ON && isName(type(1))) {
      ++at_;
      x.targets.push_back(name());
      while (skip(L::COMMA)) x.targets.push_back(name());
    }
    x.span = spanFrom(first);
    return x;
  }

  ast::ExpectEnd expectEnd() {
    const std::size_t first = at_;
    ast::ExpectEnd end;
    if (type() == L::STRING) {
      end.dnsName = string();
    } else {
      end.peer = peer();
    }
    end.span = spanFrom(first);
    return end;
  }

  // Where a port list is: alone (an expectation, a cluster rule), or before
  // more destinations of an edge, where `, x` may be either.
  enum class PortList { Only, BeforeDestinations };

  ast::PortSpec portSpec(PortList where) {
    const std::size_t first = at_++;  // the ':'
    ast::PortSpec ps;
    ps.ports.push_back(portItem());
    while (type() == L::COMMA && (where == PortList::Only || portFollows())) {
      ++at_;
      ps.ports.push_back(portItem());
    }
    ps.span = spanFrom(first);
    return ps;
  }

  // At `,` after a port of an edge's destination: whether a port follows
  // (the grammar's first alternative) rather than a destination. A port is
  // taken unless it cannot be one: a port is NUMBER, a range, `*` or a name,
  // then maybe `/protocol`, and is never followed by `:` or `{`.
  bool portFollows() const {
    const std::size_t t = type(1);
    if (t == L::NUMBER || t == L::PORT_RANGE) return true;
    if (t == L::STAR) {
      if (type(2) == L::SLASH) return type(3) != L::STAR;  // `*/*`: all pods
      return type(2) != L::COLON;
    }
    if (!isName(t)) return false;  // any, a CIDR: only a destination
    if (type(2) == L::SLASH) {
      if (type(3) == L::STAR) return false;  // ns/*
      return type(4) != L::COLON;            // ns/name:port
    }
    if (type(2) == L::COLON) return false;
    if (type(2) == L::LBRACE && (t == L::PODS || t == L::NAMESPACES || t == L::NODES)) return false;
    return true;
  }

  ast::PortItem portItem() {
    const std::size_t first = at_;
    ast::PortItem p;
    const Tok& v = toks_[at_ < toks_.size() ? at_ : 0];
    switch (type()) {
      case L::NUMBER:
        p.kind = ast::PortItem::Kind::Number;
        p.lo = p.hi = numberOf(textOf(v));
        break;
      case L::PORT_RANGE:
        p.kind = ast::PortItem::Kind::Range;
        std::tie(p.lo, p.hi) = portRangeOf(textOf(v));
        break;
      case L::STAR: p.kind = ast::PortItem::Kind::AllOfProtocol; break;
      default:
        if (!isName(type())) throw Declined{};
        p.kind = ast::PortItem::Kind::Named;
        p.name = std::string(textOf(v));
    }
    ++at_;
    p.valueSpan = spanOf(v);
    if (skip(L::SLASH)) p.protocol = name();  // nothing else follows a port with `/`
    p.span = spanFrom(first);
    return p;
  }

  // HTTP rules after a destination's ports (if any); the port spec's span
  // is the rules' when there are no ports.
  void httpRules(ast::PortSpec& ps) {
    const std::size_t first = at_;
    for (;;) {
      const Tok& t = take(L::HTTP_RULE);
      ps.http.push_back(httpRuleOf(textOf(t), spanOf(t)));
      if (type() != L::COMMA || type(1) != L::HTTP_RULE) break;  // else `,` starts a destination
      ++at_;
    }
    if (ps.ports.empty()) ps.span = spanFrom(first);
  }

  ast::Peer peer() {
    const std::size_t first = at_;
    ast::Peer p;
    const std::size_t t = type();
    if (t == L::ANY) {
      ++at_;
      p.kind = K::Any;
    } else if (t == L::STAR) {
      ++at_;
      p.kind = K::LocalPods;
      if (skip(L::SLASH)) {  // `*` is never followed by `/` otherwise
        take(L::STAR);
        p.kind = K::AllPods;
      }
    } else if ((t == L::PODS || t == L::NAMESPACES || t == L::NODES) && type(1) == L::LBRACE) {
      ++at_;
      p.kind = t == L::PODS ? K::Pods : t == L::NAMESPACES ? K::Namespaces : K::Nodes;
      p.selector = selector();
      // Nothing follows a peer with `in` but its namespace.
      if (t == L::PODS && skip(L::IN)) {
        if (type() == L::NAMESPACES && type(1) == L::LBRACE) {
          ++at_;
          p.nsRef = ast::Peer::NsRef::Selector;
          p.nsSelector = selector();
        } else if (skip(L::STAR)) {
          p.nsRef = ast::Peer::NsRef::All;
        } else {
          p.nsRef = ast::Peer::NsRef::Named;
          p.ns = name();
        }
      }
    } else if (t == L::ENTITY && isName(type(1))) {
      // The grammar's entity alternative comes before a peer named `entity`.
      ++at_;
      p.kind = K::Entity;
      p.name = name();
    } else if (t == L::CIDR4 || t == L::CIDR6 || t == L::IPADDR4) {
      ++at_;
      p.kind = K::Cidr;
      p.name = {std::string(textOf(toks_[first])), spanOf(toks_[first])};
    } else if (isName(t)) {
      p.name = name();
      p.kind = K::Name;
      if (skip(L::SLASH)) {  // a name is never followed by `/` otherwise
        p.ns = std::move(p.name);
        p.name = {};
        p.kind = K::NamespacePods;
        if (!skip(L::STAR)) {
          p.kind = K::Qualified;
          p.name = name();
        }
      }
    } else {
      throw Declined{};
    }
    p.span = spanFrom(first);
    return p;
  }

  ast::Selector selector() {
    const std::size_t first = at_;
    take(L::LBRACE);
    ast::Selector s;
    while (!skip(L::RBRACE)) {
      const std::size_t from = at_;
      ast::Requirement req;
      if (skip(L::BANG)) {
        req.op = ast::ReqOp::DoesNotExist;
        req.key = labelKey();
      } else {
        req.key = labelKey();
        req.op = ast::ReqOp::Exists;
        if (skip(L::COLON)) {
          req.op = ast::ReqOp::Equals;
          req.values.push_back(labelValue());
        } else if ((type() == L::IN || type() == L::NOTIN) && type(1) == L::LPAREN) {
          // A requirement `in` (a key) is never followed by `(`.
          req.op = type() == L::IN ? ast::ReqOp::In : ast::ReqOp::NotIn;
          at_ += 2;
          if (!skip(L::RPAREN)) {
            req.values.push_back(labelValue());
            while (skip(L::COMMA)) req.values.push_back(labelValue());
            take(L::RPAREN);
          }
        }
      }
      req.span = spanFrom(from);
      s.reqs.push_back(std::move(req));
      skip(L::COMMA);
    }
    s.span = spanFrom(first);
    return s;
  }

  // name or number parts joined by `/`, as written without what lies between them.
  ast::Ident labelKey() {
    const std::size_t first = at_;
    std::string key;
    for (;;) {
      if (!isName(type()) && type() != L::NUMBER) throw Declined{};
      key += textOf(toks_[at_++]);
      if (!skip(L::SLASH)) break;
      key += '/';
    }
    return {std::move(key), spanFrom(first)};
  }

  ast::Ident labelValue() {
    const std::size_t t = type();
    if (t == L::STRING) return string();
    if (!isName(t) && t != L::NUMBER && t != L::PORT_RANGE) throw Declined{};
    const Tok& tok = toks_[at_++];
    return {std::string(textOf(tok)), spanOf(tok)};
  }
};

}  // namespace

std::optional<DirectParse> parseDirect(std::string_view text, source::FileId file) {
  try {
    return Parser(text, file).file();
  } catch (const Declined&) {
    return std::nullopt;
  }
}

}  // namespace nplc::syntax
