#pragma once
// Writing Markdown that renders as meant and passes markdownlint: escaping,
// code spans, GitHub heading anchors, and a block writer that puts exactly
// one blank line between blocks.
#include <string>
#include <string_view>
#include <vector>

namespace nplc::backends::markdown {

// Plain text with every character Markdown could read as syntax escaped.
std::string text(std::string_view s);
// A code span that holds `s` verbatim, whatever backticks it contains.
std::string code(std::string_view s);
// The anchor GitHub (and markdownlint's MD051) derive from a heading.
std::string anchor(std::string_view heading);
// A link destination: bytes outside the URL-safe set are percent-encoded.
std::string linkDestination(std::string_view path);
// "[label](dest)"; label is Markdown already.
std::string link(std::string_view label, std::string_view dest);

class Document {
 public:
  void heading(int level, std::string_view textMarkdown);
  void paragraph(std::string_view markdownText);
  void bullets(const std::vector<std::string>& items);
  // Cells are Markdown; '|' in them is escaped here; an empty cell shows "—".
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);
  void fenced(std::string_view info, std::string_view body);
  std::string str() const { return out_; }

 private:
  void block(std::string_view b);
  std::string out_;
};

}  // namespace nplc::backends::markdown
