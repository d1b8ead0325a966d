#include "lsp/hover.h"

#include <fmt/format.h>

#include "lsp/positions.h"
#include "lsp/render.h"
#include "lsp/verdict_hover.h"

namespace nplc::lsp {

namespace {

using fmt::format;

// The declaration as written, in an npl code block.
std::string declarationBlock(const Analysis& a, source::Span span) {
  std::string text(a.c.sm.text(span));
  constexpr std::size_t kMax = 1200;
  if (text.size() > kMax) text = text.substr(0, kMax) + "\n…";
  return format("```npl\n{}\n```\n", text);
}

std::string fromWhere(const Analysis& a, Locator& loc, source::Span span) {
  if (!span.valid()) return {};
  const auto& f = a.c.sm.file(span.file);
  if (f.isStdlib) return format("\n*Declared in `{}`.*\n", f.path);
  return format("\n*Declared at `{}`.*\n", loc.where(span));
}

const model::Service* modelService(const model::Program& p, const std::string& ns, const std::string& name,
                                   model::Index& index) {
  for (index = 0; index < p.services.size(); ++index) {
    const auto& s = p.services[index];
    if (s.name == name && p.namespaces[s.ns].name == ns) return &s;
  }
  return nullptr;
}

std::string servicePolicies(const Analysis& a, const Decl& d) {
  if (!a.c.program) {
    const auto errors = a.c.sink.errorCount();
    return format("\n*Policies are shown once the program compiles: it has {} error{}.*\n", errors,
                  errors == 1 ? "" : "s");
  }
  const model::Program& p = *a.c.program;
  model::Index index = model::kNone;
  const model::Service* svc = modelService(p, d.ns, d.name, index);
  if (svc == nullptr) return {};
  std::string out = format("\nSelects pods with {} in namespace `{}`.\n", selectorText(svc->selector), d.ns);
  const bool external = p.namespaces[svc->ns].external;
  std::string own, peerOf;
  for (const auto& pol : p.policies) {
    const bool itsOwn = pol.subject.kind == model::PolicySubject::Kind::Service && pol.subject.service == index;
    const bool selectsIt = pol.ns == svc->ns && (itsOwn || pol.podSelector.empty());
    if (selectsIt) own += "- " + policySummary(p, pol) + "\n";
    bool mentions = false;
    for (const auto* rules : {&pol.ingressRules, &pol.egressRules}) {
      for (const auto& r : *rules) {
        for (const auto& rp : r.peers) {
          mentions |= rp.peer->kind == model::Peer::Kind::Service && rp.peer->service == index;
        }
      }
    }
    if (mentions) peerOf += format("{}`{}` ({})", peerOf.empty() ? "" : ", ", pol.name, p.namespaces[pol.ns].name);
  }
  if (external) {
    out += "\nNothing is generated for it: its namespace is external (only referred to).\n";
  } else {
    out += own.empty() ? "\n**No policy selects it**: its traffic is not restricted in either direction.\n"
                       : "\n**Policies that select it:**\n\n" + own;
  }
  if (!peerOf.empty()) out += "\n**A peer in:** " + peerOf + "\n";
  return out;
}

std::string describe(const Analysis& a, Locator& loc, const Decl& d) {
  switch (d.kind) {
    case Decl::Kind::Service: {
      std::string out =
          format("**service `{}`** in {}namespace `{}`\n\n", d.name, d.inExternalNs ? "external " : "", d.ns);
      out += declarationBlock(a, d.span);
      if (!a.c.program && d.service != nullptr) {
        out += format("\nSelects pods with {}.\n",
                      d.service->selector ? selectorText(*d.service->selector)
                                            : format("`{}={}`", ast::selectorKeyOf(*d.nsAst), d.name));
      }
      return out + servicePolicies(a, d) + fromWhere(a, loc, d.nameSpan);
    }
    case Decl::Kind::Namespace:
      return format(
                 "**{}namespace `{}`**{}\n", d.inExternalNs ? "external " : "", d.name,
                 d.inExternalNs ? " — only referred to: nplc generates nothing in it" : " — nplc writes its policies") +
             fromWhere(a, loc, d.nameSpan);
    case Decl::Kind::External:
      return format("**external `{}`**{}\n\n", d.name,
                    d.ns.empty() ? " (global)" : format(" in namespace `{}`", d.ns)) +
             declarationBlock(a, d.span) + fromWhere(a, loc, d.nameSpan);
    case Decl::Kind::Bundle:
      return format("**bundle `{}`** — `allow {}` adds these edges to a namespace, `*` standing for its pods\n\n",
                    d.name, d.name) +
             declarationBlock(a, d.span) + fromWhere(a, loc, d.nameSpan);
  }
  return {};
}

}  // namespace

Json hover(const Document& doc, const Analysis& a, Locator& loc, Position pos) {
  const ast::File* ast = a.astOf(doc.path);
  if (ast == nullptr) return nullptr;
  const LineIndex index(doc.text, false);
  const auto offset = index.offset(pos);
  const auto ref = referenceAt(*ast, offset);
  // On an `expect` or an edge: the verdict of each target, after what a name there stands for.
  const auto file = a.fileByPath.find(doc.path);
  const auto verdict = file == a.fileByPath.end() ? std::nullopt : verdictAt(a, file->second, offset);
  const auto verdictOnly = [&]() -> Json {
    return {{"contents", {{"kind", "markdown"}, {"value", verdict->markdown}}},
            {"range", toJson(index.range(verdict->span.begin, verdict->span.end))}};
  };
  if (!ref || ref->kind == Reference::Kind::File) return verdict ? verdictOnly() : Json(nullptr);
  const auto decls = a.index.resolve(*ref);
  if (decls.empty()) return verdict ? verdictOnly() : Json(nullptr);
  std::string value;
  // A namespace declared in several blocks is one namespace: describe it once.
  const std::size_t shown = ref->kind == Reference::Kind::Namespace ? 1 : decls.size();
  for (std::size_t i = 0; i < shown; ++i) value += (i > 0 ? "\n---\n\n" : "") + describe(a, loc, *decls[i]);
  if (decls.size() > 1 && ref->kind != Reference::Kind::Namespace) {
    value = format("*`{}` is ambiguous here: {} declarations match.*\n\n", ref->name, decls.size()) + value;
  }
  if (verdict) value += "\n---\n\n" + verdict->markdown;
  return {{"contents", {{"kind", "markdown"}, {"value", value}}},
          {"range", toJson(index.range(ref->span.begin, ref->span.end))}};
}

}  // namespace nplc::lsp
