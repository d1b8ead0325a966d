// --format github: GitHub Actions workflow commands, one per diagnostic:
//   ::warning title=W0200 missing-baseline,file=a.npl,line=3,endLine=3,col=11,endColumn=15::message
// Properties come in the order and with the escaping of @actions/core's
// issueCommand (tests/ci/github_format.test.mjs compares the two).
#include <fmt/format.h>

#include "diag/catalog.h"
#include "diag/locate.h"
#include "diag/render_formats.h"

namespace nplc::diag {

namespace {

// escapeData: % CR LF.
std::string escapeData(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

// escapeProperty: also ':' and ','.
std::string escapeProperty(std::string_view s) {
  std::string out;
  for (char c : escapeData(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

}  // namespace

void renderGithub(std::ostream& out, const source::SourceManager& sm, const std::vector<Diagnostic>& diags,
                  const RunInfo& run) {
  for (const auto& e : run.ioErrors) out << "::error::" << escapeData(e) << "\n";
  for (const auto& d : diags) {
    const auto* entry = lookup(d.code);
    std::string title = d.code;
    if (entry != nullptr && !entry->name.empty()) title += " " + std::string(entry->name);
    std::vector<std::pair<std::string, std::string>> props = {{"title", title}};
    std::string message = fullMessage(d);
    if (const auto p = locate(sm, d.span)) {
      // The annotation lands on a file of the repository; std/ modules are not.
      if (!p->relative.empty()) {
        props.push_back({"file", p->relative});
        props.push_back({"line", std::to_string(p->line)});
        props.push_back({"endLine", std::to_string(p->endLine)});
        props.push_back({"col", std::to_string(p->column)});
        props.push_back({"endColumn", std::to_string(p->endColumn)});
      } else {
        message = fmt::format("{}:{}:{}: {}", p->path, p->line, p->column, message);
      }
    }
    out << "::" << (d.severity == Severity::Error ? "error" : "warning") << " ";
    for (std::size_t i = 0; i < props.size(); ++i) {
      out << (i ? "," : "") << props[i].first << "=" << escapeProperty(props[i].second);
    }
    out << "::" << escapeData(message) << "\n";
  }
}

}  // namespace nplc::diag
