#include "diag/render_text.h"

#include <fmt/format.h>

#include <algorithm>

#include "util/utf8.h"

namespace nplc::diag {

namespace {

struct Style {
  bool on;
  std::string bold(std::string_view s) const { return on ? fmt::format("\033[1m{}\033[0m", s) : std::string(s); }
  std::string red(std::string_view s) const { return on ? fmt::format("\033[1;31m{}\033[0m", s) : std::string(s); }
  std::string yellow(std::string_view s) const { return on ? fmt::format("\033[1;33m{}\033[0m", s) : std::string(s); }
  std::string blue(std::string_view s) const { return on ? fmt::format("\033[1;34m{}\033[0m", s) : std::string(s); }
  std::string green(std::string_view s) const { return on ? fmt::format("\033[1;32m{}\033[0m", s) : std::string(s); }
};

}  // namespace

// Messages quote the user's text; a 10 MB value is cut in its middle.
std::string clip(std::string_view s) {
  constexpr std::size_t kHead = 120, kTail = 64;
  if (s.size() <= kHead + kTail + 64) return std::string(s);
  auto isCont = [&](std::size_t i) { return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80; };
  std::size_t head = kHead, tail = s.size() - kTail;
  while (head > 0 && isCont(head)) --head;
  while (tail < s.size() && isCont(tail)) ++tail;
  return fmt::format("{}…[{} bytes]…{}", s.substr(0, head), tail - head, s.substr(tail));
}

namespace {

// What reaches the terminal: valid UTF-8 without control characters (a
// string literal or a file name holding ESC must not drive the terminal).
std::string printable(std::string_view s) {
  std::string out;
  for (char c : util::sanitizeUtf8(s)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      out += fmt::format("\\x{:02x}", u);
    else
      out += c;
  }
  return out;
}

std::string location(const source::SourceManager& sm, source::Span span) {
  if (!span.valid()) return "nplc";
  const auto lc = sm.lineCol(span.file, span.begin);
  return fmt::format("{}:{}:{}", printable(sm.file(span.file).path), lc.line, lc.col);
}

// Prints the source line of `span` with carets under it.
void snippet(std::ostream& out, const source::SourceManager& sm, source::Span span, const Style& st,
             bool primary) {
  // Nothing of a file that is not text: it is not NPL and may hold a secret.
  if (!span.valid() || !sm.file(span.file).isText) return;
  const auto lc = sm.lineCol(span.file, span.begin);
  std::string_view line = sm.lineText(span.file, lc.line);
  // Very long lines are cut around the span so a 10 MB line stays readable.
  std::size_t cutStart = 0;
  constexpr std::size_t kMax = 160;
  std::string shown(line);
  std::uint32_t col = lc.col;
  if (line.size() > kMax) {
    // Cut around the span, on character boundaries, and count the caret's
    // column in characters like everything else.
    auto isCont = [&](std::size_t i) { return i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80; };
    const std::size_t at = span.begin - static_cast<std::uint32_t>(line.data() - sm.file(span.file).text.data());
    cutStart = at > 40 ? at - 40 : 0;
    while (cutStart > 0 && isCont(cutStart)) --cutStart;
    std::size_t cutEnd = std::min(line.size(), cutStart + kMax);
    while (cutEnd < line.size() && isCont(cutEnd)) ++cutEnd;
    shown = std::string(line.substr(cutStart, cutEnd - cutStart));
    col = 1;
    for (std::size_t i = cutStart; i < at && i < line.size(); ++i) col += isCont(i) ? 0 : 1;
  }
  for (char& c : shown) {
    if (c == '\t') c = ' ';
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  const std::string num = std::to_string(lc.line);
  const std::string pad(num.size(), ' ');
  out << fmt::format(" {} {} {}\n", st.blue(num), st.blue("|"), util::sanitizeUtf8(shown));
  std::uint32_t shownChars = 0;
  for (char c : shown) shownChars += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0 : 1;
  // Never mark past the end of what is shown.
  const std::uint32_t room = shownChars + 1 > col ? shownChars + 1 - col : 1;
  std::uint32_t width = 1;
  if (span.end > span.begin) {
    const auto endLc = sm.lineCol(span.file, span.end);
    width = endLc.line == lc.line ? std::max<std::uint32_t>(1, endLc.col - lc.col) : room;
  }
  width = std::min(width, room);
  const std::string marks(width, primary ? '^' : '-');
  out << fmt::format(" {} {} {}{}\n", pad, st.blue("|"), std::string(col - 1, ' '),
                     primary ? st.red(marks) : st.blue(marks));
}

}  // namespace

void renderText(std::ostream& out, const source::SourceManager& sm, const std::vector<Diagnostic>& diags,
                const RenderOptions& opts) {
  const Style st{opts.color};
  std::size_t shown = 0;
  for (const auto& d : diags) {
    if (shown++ == opts.maxDiagnostics) {
      out << fmt::format("nplc: only the first {} diagnostics are shown\n", opts.maxDiagnostics);
      break;
    }
    const bool err = d.severity == Severity::Error;
    // No code: a problem of nplc.yaml (driver/project_file.h), not of the program.
    const std::string tag = d.code.empty() ? "" : fmt::format("[{}]", d.code);
    const std::string kind = err ? st.red("error" + tag) : st.yellow("warning" + tag);
    out << fmt::format("{}: {}: {}\n", st.bold(location(sm, d.span)), kind, st.bold(printable(clip(d.message))));
    snippet(out, sm, d.span, st, true);
    for (const auto& l : d.labels) {
      out << fmt::format("{}: {}: {}\n", st.bold(location(sm, l.span)), st.green("note"), printable(clip(l.message)));
      snippet(out, sm, l.span, st, false);
    }
    for (const auto& n : d.notes) out << fmt::format("  = {}: {}\n", st.bold("note"), printable(clip(n)));
    if (!d.help.empty()) out << fmt::format("  = {}: {}\n", st.bold("help"), printable(clip(d.help)));
  }
}

std::string summaryLine(std::size_t errors, std::size_t warnings) {
  if (errors == 0 && warnings == 0) return {};
  auto plural = [](std::size_t n, std::string_view w) { return fmt::format("{} {}{}", n, w, n == 1 ? "" : "s"); };
  if (errors == 0) return plural(warnings, "warning");
  if (warnings == 0) return plural(errors, "error");
  return plural(errors, "error") + ", " + plural(warnings, "warning");
}

}  // namespace nplc::diag
