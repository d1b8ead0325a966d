#include "layout/layout.h"

#include <fmt/format.h>

#include <algorithm>

#include "layout/lines.h"
#include "layout/structure.h"
#include "syntax/parser.h"
#include "syntax/tokens.h"
#include "util/check.h"

namespace nplc::layout {

namespace {

using syntax::Token;

constexpr int kIndent = 2;        // a block's statements, a selector's lines
constexpr int kContinuation = 4;  // a statement cut by a comment goes on here

std::string trimRight(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

// `GET   /x` is one token; its method and path are what count.
std::string tokenText(const Token& t) {
  if (t.kind == "COMMENT") return trimRight(t.text);
  if (t.kind != "HTTP_RULE") return t.text;
  const auto blank = t.text.find_first_of(" \t");
  return t.text.substr(0, blank) + " " + t.text.substr(t.text.find('/'));
}

bool noSpaceBefore(const std::string& kind) {
  return kind == "COMMA" || kind == "COLON" || kind == "SLASH" || kind == "RPAREN";
}
bool noSpaceAfter(const std::string& kind) { return kind == "SLASH" || kind == "LPAREN" || kind == "BANG"; }

class Formatter {
 public:
  Formatter(const std::string& text, const std::vector<Token>& tokens, const Structure& s)
      : text_(text), toks_(tokens), s_(s) {}

  std::vector<Line> run() {
    for (i_ = 0; i_ < toks_.size(); ++i_) {
      const Token& t = toks_[i_];
      const int newlines = newlinesBefore(t);
      if (t.kind == "COMMENT")
        comment(t, newlines);
      else
        code(t, newlines);
      lastEnd_ = t.end;
    }
    return std::move(lines_);
  }

 private:
  int newlinesBefore(const Token& t) const {
    int n = 0;
    for (std::uint32_t k = lastEnd_; k < t.begin; ++k) n += text_[k] == '\n' ? 1 : 0;
    return n;
  }

  Line& line() { return lines_.back(); }

  void newLine(int indent) {
    lines_.push_back(Line{});
    line().indent = indent;
    lineKind_.clear();
  }

  // A blank line the source had (several become one), where one may be.
  void blankIfWritten(int newlines) {
    if (newlines >= 2) blank();
  }
  void blank() {
    if (lines_.empty() || line().blank || line().opensBlock || inGroup_) return;
    lines_.push_back(Line{});
    line().blank = true;
    line().head = true;
  }

  // The next token that is not a comment, or null at the end.
  const Token* nextCode() const {
    for (std::size_t k = i_ + 1; k < toks_.size(); ++k)
      if (toks_[k].kind != "COMMENT") return &toks_[k];
    return nullptr;
  }

  bool startsLine(const Token& t) const {
    return s_.statements.count(t.begin) != 0 || s_.blockCloses.count(t.begin) != 0;
  }

  // A comment line, or a blank line, at the top level right after a block is
  // separated from it.
  void separateFromTopBlock() {
    if (depth_ == 0 && !lines_.empty() && line().closesTopBlock) blank();
  }

  void comment(const Token& t, int newlines) {
    if (newlines == 0 && !lines_.empty()) {  // after code on its line
      line().comment = tokenText(t);
      mark(t);
      mustBreak_ = true;
      return;
    }
    const Token* next = nextCode();
    int indent = depth_ * kIndent;
    if (next != nullptr && !startsLine(*next)) {
      if (inGroup_ && groupMulti_)
        indent = s_.items.count(next->begin) != 0 || next->kind == "RBRACE" ? groupIndent_ : groupIndent_ + kContinuation;
      else
        indent = stmtIndent_ + kContinuation;
    }
    const bool own = !inStatementBody(next);
    if (own) {
      blankIfWritten(newlines);
      separateFromTopBlock();
    }
    newLine(indent);
    line().head = own;
    line().comment = tokenText(t);
    mark(t);
    mustBreak_ = true;
  }

  // Whether a comment before `next` is inside a statement (no blank lines there).
  bool inStatementBody(const Token* next) const { return next != nullptr && !startsLine(*next) && !lines_.empty(); }

  void append(const Token& t) {
    std::string& code = line().code;
    if (!lineKind_.empty()) {
      const bool space = lineKind_ == "COLON" ? inGroup_ : !noSpaceBefore(t.kind) && !noSpaceAfter(lineKind_);
      if (space) code += ' ';
    }
    if (t.kind == "ASSIGN" && isExternal_ && line().assignAt < 0) line().assignAt = static_cast<int>(code.size()) - 1;
    code += tokenText(t);
    mark(t);
    lineKind_ = t.kind;
    mustBreak_ = false;
  }

  void code(const Token& t, int newlines) {
    if (s_.blockCloses.count(t.begin) != 0) return closeBlock(t);
    if (s_.statements.count(t.begin) != 0) {
      blankIfWritten(newlines);
      separateFromTopBlock();
      if (s_.topBlocks.count(t.begin) != 0 && !lines_.empty() && !line().code.empty()) blank();  // not after its comment
      newLine(depth_ * kIndent);
      line().head = true;
      stmtIndent_ = depth_ * kIndent;
      isExternal_ = s_.externals.count(t.begin) != 0;
      append(t);
      return;
    }
    if (s_.blockOpens.count(t.begin) != 0) {
      breakIfCut();
      append(t);
      line().opensBlock = true;
      ++depth_;
      return;
    }
    if (inGroup_) return groupToken(t);
    if (t.kind == "LBRACE") return openGroup(t);
    breakIfCut();
    append(t);
  }

  // After a comment, the statement goes on on a line of its own.
  void breakIfCut() {
    if (mustBreak_ || lines_.empty()) newLine(inGroup_ && groupMulti_ ? groupIndent_ + kContinuation : stmtIndent_ + kContinuation);
  }

  void closeBlock(const Token& t) {
    while (!lines_.empty() && line().blank) lines_.pop_back();
    --depth_;
    if (i_ > 0 && s_.blockOpens.count(toks_[i_ - 1].begin) != 0) {  // an empty block stays `{ }`
      line().opensBlock = false;
    } else {
      newLine(depth_ * kIndent);
      line().head = true;
    }
    append(t);
    line().closesTopBlock = depth_ == 0;
    mustBreak_ = true;
  }

  // A selector or `ports { }` list: on one line, or one item a line when
  // it was written over several lines or holds a comment.
  void openGroup(const Token& t) {
    breakIfCut();
    append(t);
    inGroup_ = true;
    firstItem_ = true;
    parens_ = 0;
    groupIndent_ = line().indent + kIndent;
    groupMulti_ = false;
    for (std::size_t k = i_ + 1; k < toks_.size() && toks_[k].kind != "RBRACE"; ++k) {
      if (toks_[k].kind == "COMMENT") groupMulti_ = true;
    }
    if (i_ + 1 < toks_.size() && toks_[i_ + 1].kind != "RBRACE") {
      for (std::uint32_t k = t.end; k < toks_[i_ + 1].begin; ++k) groupMulti_ = groupMulti_ || text_[k] == '\n';
    }
  }

  void groupToken(const Token& t) {
    if (t.kind == "RBRACE") {
      if (groupMulti_) newLine(groupIndent_ - kIndent);
      inGroup_ = false;
      append(t);
      return;
    }
    if (t.kind == "COMMA" && parens_ == 0) return;  // written again between items
    if (s_.items.count(t.begin) != 0) {
      if (!firstItem_) lastCodeLine().code += ',';
      if (groupMulti_) {
        newLine(groupIndent_);
      } else if (!firstItem_) {
        lineKind_ = "COMMA";
      }
      firstItem_ = false;
      append(t);
      return;
    }
    if (t.kind == "LPAREN") ++parens_;
    if (t.kind == "RPAREN") --parens_;
    breakIfCut();
    append(t);
  }

  void mark(const Token& t) {
    line().from = std::min(line().from, t.begin);
    line().to = std::max(line().to, t.end);
  }

  Line& lastCodeLine() {
    for (auto it = lines_.rbegin(); it != lines_.rend(); ++it)
      if (!it->code.empty()) return *it;
    return line();
  }

  const std::string& text_;
  const std::vector<Token>& toks_;
  const Structure& s_;
  std::vector<Line> lines_;
  std::size_t i_ = 0;
  std::uint32_t lastEnd_ = 0;
  std::string lineKind_;  // the kind of the last token on the current line; empty on a new line
  bool mustBreak_ = false;
  int depth_ = 0;
  int stmtIndent_ = 0;
  bool isExternal_ = false;
  bool inGroup_ = false, groupMulti_ = false, firstItem_ = false;
  int groupIndent_ = 0;
  int parens_ = 0;
};

// The tokens and comments in order, without what formatting may change: the
// commas between the items of a selector or `ports { }` list (a brace whose
// token two back is `namespace` or `bundle`, or one back `admin` or
// `baseline`, opens a block, any other a list).
std::vector<std::string> signature(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  std::vector<bool> braces;  // open braces: true for a list
  int parens = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const auto& t = tokens[k];
    if (t.kind == "LBRACE") {
      bool list = true;
      std::size_t back = 0;
      for (std::size_t j = k; j-- > 0 && back < 2;) {
        if (tokens[j].kind == "COMMENT") continue;
        ++back;
        const auto& kind = tokens[j].kind;
        if (back == 1 && (kind == "ADMIN" || kind == "BASELINE")) list = false;
        if (back == 2 && (kind == "NAMESPACE" || kind == "BUNDLE")) list = false;
      }
      braces.push_back(list);
    }
    if (t.kind == "RBRACE" && !braces.empty()) braces.pop_back();
    if (t.kind == "LPAREN") ++parens;
    if (t.kind == "RPAREN") --parens;
    if (t.kind == "COMMA" && parens == 0 && !braces.empty() && braces.back()) continue;
    out.push_back(t.kind + " " + tokenText(t));
  }
  return out;
}

}  // namespace

namespace {

// The file's lines as formatFile writes them, and its text; nullopt when it
// does not parse.
std::optional<std::pair<std::vector<Line>, std::string>> formatLines(const source::SourceManager& sm,
                                                                     source::FileId file, diag::Sink& sink,
                                                                     std::vector<int>* lineOf) {
  auto ast = syntax::parseFile(sm, file, sink);
  if (!ast) return std::nullopt;
  const std::string& text = sm.file(file).text;
  const auto tokens = syntax::tokenize(text);
  const Structure s = structureOf(*ast, text);
  auto lines = Formatter(text, tokens, s).run();
  std::string out = render(lines, lineOf);
  NPLC_CHECK(signature(syntax::tokenize(out)) == signature(tokens),
             fmt::format("formatting {} changed its tokens", sm.file(file).path));
  return std::make_pair(std::move(lines), std::move(out));
}

}  // namespace

std::optional<std::string> formatFile(const source::SourceManager& sm, source::FileId file, diag::Sink& sink) {
  auto formatted = formatLines(sm, file, sink, nullptr);
  if (!formatted) return std::nullopt;
  return std::move(formatted->second);
}

std::optional<std::string> formatText(const std::string& path, const std::string& text, diag::Sink& sink) {
  source::SourceManager sm;
  const auto id = sm.add(path, text);
  return formatFile(sm, id, sink);
}

std::optional<Edit> formatRange(const std::string& path, const std::string& text, std::uint32_t begin,
                                std::uint32_t end, diag::Sink& sink) {
  source::SourceManager sm;
  const auto id = sm.add(path, text);
  std::vector<int> lineOf;
  auto formatted = formatLines(sm, id, sink, &lineOf);
  if (!formatted) return std::nullopt;
  const auto& [lines, out] = *formatted;
  const auto size = static_cast<std::uint32_t>(text.size());
  begin = std::min(begin, size);
  end = std::max(begin, std::min(end, size));
  auto lineStart = [&](std::uint32_t at) {
    const auto nl = text.rfind('\n', at == 0 ? 0 : at - 1);
    return at == 0 || nl == std::string::npos ? 0u : static_cast<std::uint32_t>(nl + 1);
  };
  auto lineEnd = [&](std::uint32_t at) {  // past its newline
    const auto nl = text.find('\n', at);
    return nl == std::string::npos ? size : static_cast<std::uint32_t>(nl + 1);
  };
  // The formatted lines are statements (or their parts, or comments) in
  // source order: take those whose source lines meet the range's, then
  // widen to their whole source lines until both sides agree.
  std::uint32_t from = lineStart(begin), to = std::max(lineEnd(end == begin ? end : end - 1), from);
  std::size_t first = lines.size(), last = 0;
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const Line& l = lines[k];
      if (l.from == UINT32_MAX || l.to <= from || l.from >= to) continue;
      first = std::min(first, k);
      last = std::max(last, k);
    }
    if (first == lines.size()) return Edit{from, from, ""};  // only blanks: nothing to format
    // A statement over several lines is formatted whole.
    while (first > 0 && !lines[first].head) --first;
    while (last + 1 < lines.size() && !lines[last + 1].head) ++last;
    const std::uint32_t newFrom = std::min(from, lineStart(lines[first].from));
    const std::uint32_t newTo = std::max(to, lineEnd(lines[last].to - 1));
    grew = newFrom != from || newTo != to;
    from = newFrom;
    to = newTo;
  }
  // The output lines from the first kept to the last, with the blank lines
  // between them as formatFile writes them, and those around them where the
  // range covers blank lines there.
  int outFirst = lineOf[first], outLast = lineOf[last];
  auto blankLine = [&](std::uint32_t start) {
    const auto c = text.find_first_not_of(" \t\r", start);
    return c == std::string::npos || text[c] == '\n';
  };
  if (from < lineStart(lines[first].from)) {  // all of the blank lines before it
    while (from > 0 && blankLine(lineStart(from - 1))) from = lineStart(from - 1);
    if (first > 0 && lines[first - 1].blank && lineOf[first - 1] >= 0) outFirst = lineOf[first - 1];
  }
  if (to > lineEnd(lines[last].to - 1)) {  // all of the blank lines after it
    while (to < size && blankLine(to)) to = lineEnd(to);
    if (last + 1 < lines.size() && lines[last + 1].blank && lineOf[last + 1] >= 0) outLast = lineOf[last + 1];
  }
  std::size_t a = 0;
  for (int n = 0; n < outFirst; ++n) a = out.find('\n', a) + 1;
  std::size_t b = a;
  for (int n = outFirst; n <= outLast; ++n) b = out.find('\n', b) + 1;
  return Edit{from, to, out.substr(a, b - a)};
}

}  // namespace nplc::layout
