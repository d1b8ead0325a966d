// Resolution of values shared by the passes: selectors, externals, names.
#include <fmt/format.h>

#include <algorithm>

#include "analysis/overlap.h"
#include "analysis/well_known.h"
#include "sema/context.h"
#include "util/k8s_names.h"
#include "util/utf8.h"

namespace nplc::sema {

bool validName(Context& cx, const ast::Ident& id, const char* what) {
  if (auto why = util::checkDns1123Label(id.text)) {
    cx.sink.report("E0201", id.span, fmt::format("invalid {} name '{}': {}", what, id.text, *why))
        .withHelp("names are DNS-1123 labels, e.g. web-gateway");
    return false;
  }
  return true;
}

model::LabelSelector resolveSelector(Context& cx, const ast::Selector& sel, bool reportUnsatisfiable) {
  model::LabelSelector out;
  bool valid = true;
  for (const auto& r : sel.reqs) {
    if (auto why = util::checkLabelKey(r.key.text)) {
      cx.sink.report("E0202", r.key.span, fmt::format("invalid label key '{}': {}", r.key.text, *why))
          .withHelp("a key is [prefix/]name, e.g. app or app.kubernetes.io/name");
      valid = false;
    }
    if ((r.op == ast::ReqOp::In || r.op == ast::ReqOp::NotIn) && r.values.empty()) {
      cx.sink.report("E0211", r.span, fmt::format("`{}` needs at least one value", r.op == ast::ReqOp::In ? "in" : "notin"))
          .withHelp(r.op == ast::ReqOp::In ? "list the values, e.g. tier in (web, api)"
                                           : "list the values, or write the key alone for \"the label exists\"");
      valid = false;
    }
    model::Requirement req;
    req.op = r.op;
    req.key = r.key.text;
    for (const auto& v : r.values) {
      if (auto why = util::checkLabelValue(v.text)) {
        auto& d = cx.sink.report("E0203", v.span, fmt::format("invalid label value '{}': {}", v.text, *why))
                      .withHelp("label values are at most 63 letters, digits, '-', '_' or '.'");
        if (auto note = util::nonAsciiNote(v.text); !note.empty()) d.note(note);
      }
      req.values.push_back(v.text);
    }
    out.reqs.push_back(std::move(req));
  }
  if (valid && reportUnsatisfiable && !selectorsCompatible(out, {})) {
    cx.sink.report("E0211", sel.span, "this selector can never match: its requirements contradict each other")
        .withHelp("a label has one value: check for a key required twice with different values, or required and excluded");
  }
  return out;
}

namespace {

// Adds the blocks of one `cidrItem` (an inline CIDR or the name of another
// CIDR external) to `out`.
void addCidrItem(Context& cx, ExternalSym& sym, const ast::CidrRef& ref, std::vector<model::IpBlock>& out,
                 bool isExcept) {
  if (!ref.isName) {
    auto parsed = util::parseCidr(ref.text);
    if (!parsed.cidr) {
      auto& d = cx.sink.report("E0208", ref.span, fmt::format("invalid CIDR '{}': {}", ref.text, parsed.error));
      if (parsed.suggestion)
        d.withHelp(fmt::format("write {}", parsed.suggestion->str())).withEdit(ref.span, parsed.suggestion->str());
      return;
    }
    out.push_back({*parsed.cidr, {}, {}});
    return;
  }
  ExternalSym* target = nullptr;
  if (sym.ns != model::kNone) {
    auto it = cx.externalsByNs[sym.ns].find(ref.text);
    if (it != cx.externalsByNs[sym.ns].end()) target = it->second;
  }
  if (target == nullptr) {
    auto it = cx.globalExternals.find(ref.text);
    if (it != cx.globalExternals.end()) target = it->second;
  }
  if (target == nullptr) {
    cx.sink.report("E0103", ref.span, fmt::format("unknown external '{}'", ref.text))
        .withHelp("name an external declared with `external NAME = CIDR`, or write the CIDR");
    return;
  }
  if (target->resolving) {
    cx.sink.report("E0107", ref.span, fmt::format("external '{}' is defined in terms of itself", ref.text))
        .label(target->decl->name.span, "declared here")
        .withHelp("externals may name other externals, but not in a cycle");
    return;
  }
  auto peer = resolveExternal(cx, *target);
  if (!peer) return;
  if (peer->kind != model::Peer::Kind::IpBlocks) {
    cx.sink.report("E0107", ref.span, fmt::format("'{}' is not a CIDR external", ref.text))
        .label(target->decl->span, "declared here");
    return;
  }
  for (const auto& b : peer->blocks) {
    if (isExcept && !b.except.empty()) {
      cx.sink.report("E0107", ref.span, fmt::format("'{}' has its own except list and cannot be used in one", ref.text))
          .label(target->decl->span, "declared here");
      return;
    }
    out.push_back(b);
  }
}

}  // namespace

std::optional<model::Peer> resolveExternal(Context& cx, ExternalSym& sym) {
  if (sym.resolved) return sym.peer.kind == model::Peer::Kind::Any ? std::nullopt : std::optional(sym.peer);
  const ast::External& x = *sym.decl;
  if (sym.resolving) {
    cx.sink.report("E0107", x.span, fmt::format("external '{}' refers to itself", x.name.text));
    return std::nullopt;
  }
  sym.resolving = true;
  model::Peer p;
  p.text = x.name.text;
  p.span = x.span;
  bool ok = true;
  switch (x.kind) {
    case ast::External::Kind::Fqdn:
      p.kind = model::Peer::Kind::Fqdn;
      for (const auto& f : x.fqdns) {
        // Labels may not be empty: no leading, trailing or doubled dot.
        std::string why;
        if (f.text.empty())
          why = "it is empty";
        else if (f.text.size() > 255)
          why = fmt::format("it has {} characters; at most 255", f.text.size());
        else if (f.text.front() == '.' || f.text.back() == '.' || f.text.find("..") != std::string::npos) {
          why = "a part between dots is empty";
        }
        for (char c : f.text) {
          if (why.empty() && !(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '*')) {
            why = std::isprint(static_cast<unsigned char>(c)) ? fmt::format("'{}' is not allowed", c)
                                                              : std::string("it has a character that is not allowed");
          }
        }
        const bool good = why.empty();
        if (!good) {
          auto& d = cx.sink.report("E0213", f.span, fmt::format("invalid DNS name \"{}\": {}", f.text, why))
                        .withHelp("use letters, digits, '-', '.' and '*' (e.g. \"*.example.com\")");
          if (auto note = util::nonAsciiNote(f.text); !note.empty()) d.note(note);
          ok = false;
        }
        p.fqdns.push_back(f.text);
      }
      break;
    case ast::External::Kind::Entity: {
      p.kind = model::Peer::Kind::Entity;
      p.entity = x.entity.text;
      if (!analysis::isCiliumEntity(x.entity.text)) {
        cx.sink.report("E0214", x.entity.span, fmt::format("unknown entity '{}'", x.entity.text))
            .withHelp("entities: world, cluster, host, remote-node, kube-apiserver, all, ...");
        ok = false;
      }
      break;
    }
    case ast::External::Kind::Cidr: {
      p.kind = model::Peer::Kind::IpBlocks;
      for (const auto& b : x.blocks) addCidrItem(cx, sym, b, p.blocks, false);
      if (x.blocks.size() == 1 && !x.blocks[0].isName && x.excepts.empty() && p.blocks.size() == 1)
        p.blocks[0].soleValue = x.blocks[0].span;
      std::vector<model::IpBlock> excepts;
      for (const auto& e : x.excepts) {
        const std::size_t before = excepts.size();
        addCidrItem(cx, sym, e, excepts, true);
        for (std::size_t i = before; i < excepts.size(); ++i) {
          bool placed = false;
          const model::IpBlock* wider = nullptr;  // a CIDR the except overlaps but cannot be attached to
          for (auto& b : p.blocks) {
            if (util::strictlyContains(b.cidr, excepts[i].cidr)) {
              b.except.push_back(excepts[i].cidr);
              placed = true;
            } else if (util::overlaps(b.cidr, excepts[i].cidr) && wider == nullptr) {
              wider = &b;
            }
          }
          // An except applies only to the CIDRs that strictly contain it: one
          // that also overlaps another CIDR of the list would leave that
          // CIDR's addresses allowed, so the external would read wider than
          // it is written.
          if (placed && wider != nullptr) {
            auto& d = cx.sink.report("E0209", e.span,
                                     fmt::format("except {} cannot apply to {}, which '{}' also lists",
                                                 excepts[i].cidr.str(), wider->cidr.str(), x.name.text));
            d.note(fmt::format("an except applies only to a CIDR that strictly contains it, so the addresses of {} "
                               "that it names would stay allowed",
                               wider->cidr.str()));
            d.withHelp(fmt::format("remove {} from the list, or split it into CIDRs that leave {} out",
                                   wider->cidr.str(), excepts[i].cidr.str()));
            ok = false;
            continue;
          }
          if (!placed) {
            auto& d = cx.sink.report("E0209", e.span,
                                     fmt::format("except {} is not strictly inside any CIDR of '{}'",
                                                 excepts[i].cidr.str(), x.name.text));
            d.note("the API server requires every except to be a strict subset of its cidr");
            d.withHelp("remove it, or widen the CIDR it belongs to");
            ok = false;
          }
        }
      }
      break;
    }
  }
  sym.resolving = false;
  sym.resolved = true;
  if (!ok) p.kind = model::Peer::Kind::Any;  // marks "failed" for later lookups
  sym.peer = p;
  return ok ? std::optional(p) : std::nullopt;
}

std::optional<model::Protocol> resolveProtocol(Context& cx, const ast::Ident& id) {
  std::string proto = id.text;
  for (char& c : proto) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (proto == "tcp") return model::Protocol::TCP;
  if (proto == "udp") return model::Protocol::UDP;
  if (proto == "sctp") return model::Protocol::SCTP;
  cx.sink.report("E0207", id.span, fmt::format("unknown protocol '{}'", id.text)).withHelp("use tcp, udp or sctp");
  return std::nullopt;
}

}  // namespace nplc::sema
