#include "backends/markdown/markdown_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace nplc::backends::markdown {

std::string text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\`*_{}[]<>()#+!|~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string code(std::string_view s) {
  // The fence is one backtick longer than the longest run inside (CommonMark).
  std::size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !s.empty() && (s.front() == '`' || s.back() == '`');
  return fence + (pad ? " " : "") + std::string(s) + (pad ? " " : "") + fence;
}

std::string anchor(std::string_view heading) {
  // GitHub: lower case; drop everything but letters, digits, '-', '_' and
  // spaces; spaces become '-'.
  std::string out;
  for (unsigned char c : heading) {
    if (std::isalnum(c) || c == '-' || c == '_')
      out += static_cast<char>(std::tolower(c));
    else if (c == ' ')
      out += '-';
    else if (c >= 0x80)
      out += static_cast<char>(c);
  }
  return out;
}

std::string linkDestination(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::string_view("-._~/#:").find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string link(std::string_view label, std::string_view dest) { return fmt::format("[{}]({})", label, dest); }

void Document::block(std::string_view b) {
  if (!out_.empty()) out_ += "\n";
  out_ += b;
  if (out_.back() != '\n') out_ += "\n";
}

void Document::heading(int level, std::string_view t) { block(std::string(level, '#') + " " + std::string(t)); }

void Document::paragraph(std::string_view t) { block(t); }

void Document::bullets(const std::vector<std::string>& items) {
  std::string b;
  for (const auto& i : items) b += "- " + i + "\n";
  if (!b.empty()) block(b);
}

namespace {

std::string cell(const std::string& c) {
  if (c.empty()) return "—";
  std::string out;
  for (char ch : c) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

}  // namespace

void Document::table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string b = "|";
  for (const auto& h : header) b += " " + cell(h) + " |";
  b += "\n|";
  for (std::size_t i = 0; i < header.size(); ++i) b += " --- |";
  b += "\n";
  for (const auto& r : rows) {
    b += "|";
    for (const auto& c : r) b += " " + cell(c) + " |";
    b += "\n";
  }
  block(b);
}

void Document::fenced(std::string_view info, std::string_view body) {
  std::string b = "```" + std::string(info) + "\n" + std::string(body);
  if (b.back() != '\n') b += "\n";
  block(b + "```");
}

}  // namespace nplc::backends::markdown
