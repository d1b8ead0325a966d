// `# nplc:ignore CODE[, CODE...]: reason` comments, and
// `# nplc:ignore-namespace CODE[, CODE...]: reason` for a whole namespace block.
#include <fmt/format.h>

#include <map>
#include <set>

#include "diag/catalog.h"
#include "lint/controls.h"
#include "util/suggest.h"

namespace nplc::lint {

namespace {

constexpr std::string_view kPrefix = "nplc:ignore";
// The same, for every line of the namespace block it is written in.
constexpr std::string_view kNamespacePrefix = "nplc:ignore-namespace";

struct Directive {
  source::Span span;
  std::uint32_t targetLine = 0;  // a line directive's line
  source::Span scope;            // a namespace directive's block
  std::vector<std::string> codes;  // canonical codes, e.g. W0204
  std::set<std::string> used;
};

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// Whether the line of `offset` has something other than blanks before it.
bool codeBefore(std::string_view line, std::uint32_t col) {
  std::uint32_t i = 0;
  for (char c : line) {
    if (++i >= col) break;
    if (c != ' ' && c != '\t') return true;
  }
  return false;
}

// The first line after `line` that holds code (not blank, not only a comment).
std::uint32_t nextCodeLine(const source::SourceManager& sm, source::FileId f, std::uint32_t line) {
  const auto& file = sm.file(f);
  for (std::uint32_t l = line + 1; l <= file.lineStarts.size(); ++l) {
    const std::string t = trim(sm.lineText(f, l));
    if (!t.empty() && t[0] != '#') return l;
  }
  return 0;
}

std::vector<std::string> warningNames() {
  std::vector<std::string> out;
  for (const auto& e : diag::catalog()) {
    if (e.severity == diag::Severity::Warning) out.emplace_back(e.name);
  }
  return out;
}

// The namespace block of `file` that holds `span`, if any.
std::optional<source::Span> enclosingNamespace(const ast::File& file, source::Span span) {
  for (const auto& ns : file.namespaces) {
    if (ns.span.contains(span)) return ns.span;
  }
  return std::nullopt;
}

std::optional<Directive> parse(const source::SourceManager& sm, const ast::File& file, const ast::Comment& c,
                               diag::Sink& sink) {
  std::string_view body(c.text);
  body.remove_prefix(1);  // '#'
  const std::string text = trim(body);
  const bool wholeNamespace = text.rfind(kNamespacePrefix, 0) == 0;
  const std::string_view prefix = wholeNamespace ? kNamespacePrefix : kPrefix;
  if (text.rfind(prefix, 0) != 0) return std::nullopt;
  const std::string rest = text.substr(prefix.size());
  if (!rest.empty() && rest[0] != ' ' && rest[0] != '\t') return std::nullopt;  // nplc:ignored, ...
  const auto colon = rest.find(':');
  const std::string list = trim(rest.substr(0, colon));
  const std::string reason = colon == std::string::npos ? "" : trim(rest.substr(colon + 1));
  if (list.empty()) {
    sink.report("E0500", c.span, "this suppression names no warning")
        .withHelp(fmt::format("write `# {} W0204: why this is fine`", prefix));
    return std::nullopt;
  }
  if (reason.empty()) {
    sink.report("E0500", c.span, "a suppression needs a reason")
        .withHelp(fmt::format("say why after a colon: `# {} {}: <why this is fine>`", prefix, list));
    return std::nullopt;
  }
  Directive d;
  d.span = c.span;
  if (wholeNamespace) {
    const auto block = enclosingNamespace(file, c.span);
    if (!block) {
      sink.report("E0500", c.span, "`nplc:ignore-namespace` is outside every namespace block")
          .withHelp(fmt::format("write it inside the `namespace NAME {{ }}` block it is for, or use `# {} {}: {}` "
                                "on the line of the warning",
                                kPrefix, list, reason));
      return std::nullopt;
    }
    d.scope = *block;
  }
  std::string item;
  bool ok = true;
  auto flush = [&] {
    if (item.empty()) return;
    const auto* entry = diag::lookup(item);
    if (entry != nullptr && entry->severity == diag::Severity::Error) {
      sink.report("E0500", c.span, fmt::format("{} is an error; errors cannot be suppressed", item))
          .withHelp("fix the error; only warnings (W...) can be suppressed");
      ok = false;
    } else if (const auto* w = diag::lookupWarning(item)) {
      d.codes.emplace_back(w->code);
    } else {
      auto& diag = sink.report("E0500", c.span, fmt::format("unknown warning '{}' in a suppression", item));
      const auto close = util::closestNames(item, warningNames());
      if (!close.empty())
        diag.withHelp(fmt::format("did you mean '{}'?", close.front()));
      else
        diag.withHelp("name a warning code (W0204) or its -W name (redundant-edge); `nplc explain --list` lists them");
      ok = false;
    }
    item.clear();
  };
  for (char ch : list) {
    if (ch == ',' || ch == ' ' || ch == '\t')
      flush();
    else
      item += ch;
  }
  flush();
  if (!ok) return std::nullopt;
  if (wholeNamespace) return d;
  const auto lc = sm.lineCol(c.span.file, c.span.begin);
  d.targetLine =
      codeBefore(sm.lineText(c.span.file, lc.line), lc.col) ? lc.line : nextCodeLine(sm, c.span.file, lc.line);
  return d;
}

}  // namespace

void applySuppressions(const source::SourceManager& sm, const std::vector<ast::File>& files, diag::Sink& sink,
                       bool reportUnused) {
  std::vector<Directive> directives;
  std::map<std::pair<source::FileId, std::uint32_t>, std::vector<std::size_t>> byLine;
  std::vector<std::size_t> byBlock;  // namespace directives: few, searched in order
  for (const auto& f : files) {
    if (sm.file(f.file).isStdlib) continue;
    for (const auto& c : f.comments) {
      if (auto d = parse(sm, f, c, sink)) {
        if (d->scope.valid())
          byBlock.push_back(directives.size());
        else
          byLine[{c.span.file, d->targetLine}].push_back(directives.size());
        directives.push_back(std::move(*d));
      }
    }
  }
  if (directives.empty()) return;
  auto matches = [&](std::size_t idx, const diag::Diagnostic& d) {
    auto& dir = directives[idx];
    for (const auto& code : dir.codes) {
      if (code != d.code) continue;
      dir.used.insert(code);
      return true;
    }
    return false;
  };
  sink.rewrite([&](diag::Diagnostic& d) {
    if (d.severity != diag::Severity::Warning || !d.span.valid()) return true;
    bool drop = false;
    const auto it = byLine.find({d.span.file, sm.lineCol(d.span.file, d.span.begin).line});
    if (it != byLine.end()) {
      for (auto idx : it->second) drop = matches(idx, d) || drop;
    }
    for (auto idx : byBlock) {
      if (directives[idx].scope.contains(d.span)) drop = matches(idx, d) || drop;
    }
    return !drop;
  });
  if (!reportUnused) return;
  for (const auto& dir : directives) {
    for (const auto& code : dir.codes) {
      if (dir.used.count(code) != 0) continue;
      const auto* entry = diag::lookup(code);
      sink.report("W0210", dir.span, fmt::format("this suppression of {} ({}) matched no warning", code, entry->name))
          .withHelp("remove it: the warning it was written for is gone");
    }
  }
}

}  // namespace nplc::lint
