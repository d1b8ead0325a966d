// What `nplc diff` prints: text (coloured on a terminal), Markdown for a
// pull request comment, JSON. Only the result is printed, in its order, so
// that the same inputs give the same bytes.
#include "driver/diff_render.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace nplc::driver {
namespace {

const char* sign(IntentChange::Change c) {
  switch (c) {
    case IntentChange::Change::Added: return "+";
    case IntentChange::Change::Removed: return "-";
    case IntentChange::Change::Changed: return "~";
  }
  return "";
}

const char* changeWord(IntentChange::Change c) {
  switch (c) {
    case IntentChange::Change::Added: return "added";
    case IntentChange::Change::Removed: return "removed";
    case IntentChange::Change::Changed: return "changed";
  }
  return "";
}

const char* accessWord(AccessChange::Change c) {
  switch (c) {
    case AccessChange::Change::NowAllowed: return "now allowed";
    case AccessChange::Change::NowDenied: return "now denied";
    case AccessChange::Change::Changed: return "ports changed";
    case AccessChange::Change::Requests: return "requests changed";
  }
  return "";
}

// "now allowed: TCP 5432", "now denied (was TCP 80)", "TCP 80 -> TCP 80-90 (+ TCP 81-90)".
std::string accessText(const AccessChange& a) {
  switch (a.change) {
    case AccessChange::Change::NowAllowed: return "now allowed: " + a.newPorts;
    case AccessChange::Change::NowDenied: return "now denied (was " + a.oldPorts + ")";
    case AccessChange::Change::Requests: {
      std::vector<std::string> parts;
      if (!a.added.empty()) parts.push_back("requests now allowed: " + a.added);
      if (!a.removed.empty()) parts.push_back("requests now denied: " + a.removed);
      return fmt::format("{}", fmt::join(parts, "; "));
    }
    case AccessChange::Change::Changed: break;
  }
  std::string s = a.oldPorts + " -> " + a.newPorts;
  std::vector<std::string> parts;
  if (!a.added.empty()) parts.push_back("+ " + a.added);
  if (!a.removed.empty()) parts.push_back("- " + a.removed);
  return s + fmt::format(" ({})", fmt::join(parts, "; "));
}

// "shop.npl:12", "shop.npl:3 -> shop.npl:4", as the change exists.
std::string where(const IntentChange& ch) {
  if (ch.oldAt && ch.newAt) {
    return ch.oldAt->str() == ch.newAt->str() ? ch.newAt->str() : ch.oldAt->str() + " -> " + ch.newAt->str();
  }
  return ch.newAt ? ch.newAt->str() : ch.oldAt->str();
}

std::string valueText(const IntentChange& ch) {
  switch (ch.change) {
    case IntentChange::Change::Added: return ch.newValue;
    case IntentChange::Change::Removed: return ch.oldValue;
    case IntentChange::Change::Changed: return ch.oldValue == ch.newValue ? ch.newValue : ch.oldValue + " -> " + ch.newValue;
  }
  return "";
}

// "shop: web -> pods { app: api } (was shop: web -> pods { app: web })": an
// inline end changed.
std::string keyText(const IntentChange& ch, bool markdown) {
  const char* q = markdown ? "`" : "";
  const std::string key = fmt::format("{}{}{}", q, ch.key, q);
  return ch.oldKey.empty() ? key : fmt::format("{} (was {}{}{})", key, q, ch.oldKey, q);
}

// "added edge `shop: web -> db` (shop.npl:12)".
std::string causeText(const IntentChange& ch, bool markdown) {
  return fmt::format("{} {} {} ({})", changeWord(ch.change), ch.kind, keyText(ch, markdown), where(ch));
}

std::size_t widened(const DiffResult& r) {
  std::size_t n = 0;
  for (const auto& a : r.access) n += a.widened() ? 1 : 0;
  return n;
}

std::size_t objects(const DiffResult& r) {
  return r.objectsAdded.size() + r.objectsRemoved.size() + r.objectsChanged.size();
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string summary(const DiffResult& r) {
  if (r.empty()) return "no change";
  std::string s = fmt::format("{} ({} widened), {}, {}", plural(r.access.size(), "access change", "access changes"),
                              widened(r), plural(r.intent.size(), "intent change", "intent changes"),
                              plural(objects(r), "generated file changed", "generated files changed"));
  if (!r.objectsMoved.empty()) s += fmt::format(" ({} only moved)", r.objectsMoved.size());
  return s;
}

// The generated files by change, in the order they are listed.
struct FileList {
  const std::vector<std::string>* files;
  const char *word, *sign, *note;
};

std::vector<FileList> fileLists(const DiffResult& r) {
  return {{&r.objectsAdded, "added", "+", ""},
          {&r.objectsRemoved, "removed", "-", ""},
          {&r.objectsChanged, "changed", "~", ""},
          {&r.objectsMoved, "moved", "=", "  (moved: only the source line it cites differs)"}};
}

// ------------------------------------------------------------------ text

struct Paint {
  bool on;
  std::string operator()(const char* code, const std::string& s) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
  }
};

void text(std::ostream& out, const DiffResult& r, bool color) {
  const Paint paint{color};
  out << fmt::format("nplc diff {} -> {}: {}\n", r.oldLabel, r.newLabel, summary(r));
  if (!r.access.empty()) {
    out << fmt::format("\nAccess ({}):\n", fmt::join(r.targets, ", "));
    for (const auto& a : r.access) {
      const std::string mark = a.widened() ? paint("1;31", "WIDENED ") : "        ";
      out << fmt::format("  {}{} -> {}: {} [{}]\n", mark, a.from, a.to, accessText(a), fmt::join(a.targets, ", "));
      for (std::size_t i : a.causes) out << "      because " << causeText(r.intent[i], false) << "\n";
      for (const auto& line : a.reasons) out << "      " << line << "\n";
    }
  }
  if (!r.intent.empty()) {
    out << "\nIntent:\n";
    for (const auto& ch : r.intent) {
      const std::string mark = ch.widens.empty() ? "" : paint("1;31", "  WIDENS: " + ch.widens);
      const char* code = ch.change == IntentChange::Change::Added     ? "32"
                         : ch.change == IntentChange::Change::Removed ? "31"
                                                                      : "33";
      out << fmt::format("  {} {} {}: {} ({}){}\n", paint(code, sign(ch.change)), ch.kind, keyText(ch, false), valueText(ch),
                         where(ch), mark);
    }
  }
  if (objects(r) + r.objectsMoved.size() != 0) {
    out << "\nGenerated files:\n";
    for (const auto& list : fileLists(r)) {
      for (const auto& f : *list.files) out << "  " << list.sign << " " << f << list.note << "\n";
    }
  }
}

// -------------------------------------------------------------- Markdown

// A pull request comment has room for this many rows per section.
constexpr std::size_t kMaxRows = 50;

// Inline code that survives a table cell: no backtick or pipe inside.
std::string code(std::string s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : c == '`' ? std::string("'") : std::string(1, c);
  return "`" + out + "`";
}

std::string cell(std::string s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

void section(std::ostream& out, const std::string& title, bool open, const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows) {
  out << (open ? "<details open>\n" : "<details>\n") << "<summary>" << title << "</summary>\n\n";
  // markdownlint's compact table style: one space each side of a pipe.
  const auto row = [&](const std::vector<std::string>& cells) {
    std::string line = "|";
    for (const auto& c : cells) line += c.empty() ? " |" : " " + c + " |";
    out << line << "\n";
  };
  row(header);
  row(std::vector<std::string>(header.size(), "---"));
  for (std::size_t i = 0; i < rows.size() && i < kMaxRows; ++i) row(rows[i]);
  if (rows.size() > kMaxRows) {
    out << fmt::format("\n…and {} more: run `nplc diff` for the whole list.\n", rows.size() - kMaxRows);
  }
  out << "\n</details>\n";
}

void markdown(std::ostream& out, const DiffResult& r) {
  out << fmt::format("**nplc diff** {} → {}: {}\n", code(r.oldLabel), code(r.newLabel), summary(r));
  if (!r.access.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& a : r.access) {
      std::vector<std::string> causes;
      for (std::size_t i : a.causes) causes.push_back(cell(causeText(r.intent[i], true)));
      for (const auto& line : a.reasons) causes.push_back(cell(line));
      rows.push_back({a.widened() ? "**yes**" : "", code(a.from), code(a.to), cell(accessText(a)),
                      fmt::format("{}", fmt::join(a.targets, ", ")), fmt::format("{}", fmt::join(causes, "<br>"))});
    }
    out << "\n";
    section(out, fmt::format("Access: {} ({} widened)", plural(r.access.size(), "change", "changes"), widened(r)), true,
            {"widened", "from", "to", "change", "targets", "because"}, rows);
  }
  if (!r.intent.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& ch : r.intent) {
      rows.push_back({ch.widens.empty() ? "" : "**" + ch.widens + "**", changeWord(ch.change), ch.kind,
                      ch.oldKey.empty() ? code(ch.key) : code(ch.key) + "<br>was " + code(ch.oldKey),
                      code(valueText(ch)), cell(where(ch))});
    }
    out << "\n";
    section(out, "Intent: " + plural(r.intent.size(), "change", "changes"), true,
            {"widens", "change", "kind", "intent", "value", "where"}, rows);
  }
  if (objects(r) + r.objectsMoved.size() != 0) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& list : fileLists(r)) {
      for (const auto& f : *list.files) rows.push_back({list.word, code(f)});
    }
    out << "\n";
    section(out, "Generated files: " + plural(objects(r) + r.objectsMoved.size(), "file", "files"), false,
            {"change", "file"}, rows);
  }
}

// ------------------------------------------------------------------ JSON

void json(std::ostream& out, const DiffResult& r) {
  using Json = nlohmann::ordered_json;
  const auto at = [](const std::optional<DiffLocation>& l) {
    return l ? Json{{"file", l->file}, {"line", l->line}} : Json(nullptr);
  };
  Json intent = Json::array();
  for (const auto& ch : r.intent) {
    intent.push_back({{"change", changeWord(ch.change)},
                      {"kind", ch.kind},
                      {"key", ch.key},
                      {"old", ch.oldAt ? Json{{"key", ch.oldKey.empty() ? ch.key : ch.oldKey},
                                              {"value", ch.oldValue},
                                              {"at", at(ch.oldAt)}}
                                       : Json(nullptr)},
                      {"new", ch.newAt ? Json{{"key", ch.key}, {"value", ch.newValue}, {"at", at(ch.newAt)}} : Json(nullptr)},
                      {"widens", ch.widens.empty() ? Json(nullptr) : Json(ch.widens)}});
  }
  Json access = Json::array();
  for (const auto& a : r.access) {
    access.push_back({{"change", accessWord(a.change)},
                      {"widened", a.widened()},
                      {"from", a.from},
                      {"to", a.to},
                      {"targets", a.targets},
                      {"old", a.oldPorts},
                      {"new", a.newPorts},
                      {"added", a.added},
                      {"removed", a.removed},
                      {"causes", a.causes},
                      {"reasons", a.reasons}});
  }
  const Json doc = {{"old", r.oldLabel},
                    {"new", r.newLabel},
                    {"targets", r.targets},
                    {"summary", {{"access", r.access.size()}, {"widened", widened(r)}, {"intent", r.intent.size()},
                                 {"files", objects(r)}, {"moved", r.objectsMoved.size()}}},
                    {"access", std::move(access)},
                    {"intent", std::move(intent)},
                    {"files",
                     {{"added", r.objectsAdded},
                      {"removed", r.objectsRemoved},
                      {"changed", r.objectsChanged},
                      {"moved", r.objectsMoved}}}};
  out << doc.dump(2) << "\n";
}

}  // namespace

void renderDiff(std::ostream& out, const DiffResult& r, const std::string& format, bool color) {
  if (format == "json")
    json(out, r);
  else if (format == "markdown")
    markdown(out, r);
  else
    text(out, r, color);
}

}  // namespace nplc::driver
