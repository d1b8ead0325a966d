#pragma once
// Source files and byte spans. Line and column are computed only when a
// diagnostic is rendered.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nplc::source {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

// A half-open byte range [begin, end) in one file.
struct Span {
  FileId file = kNoFile;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool valid() const { return file != kNoFile; }
  // Whether `inner` lies within this span, in the same file.
  bool contains(const Span& inner) const {
    return valid() && inner.file == file && begin <= inner.begin && inner.end <= end;
  }
  bool operator==(const Span&) const = default;
};

struct LineCol {
  std::uint32_t line = 0;  // 1-based
  std::uint32_t col = 0;   // 1-based, in code points
};

struct SourceFile {
  std::string path;     // as shown to the user (relative where possible)
  std::string text;     // raw bytes
  bool isStdlib = false;
  // The canonical path of a file read from disk or an editor; empty for std/.
  std::string absolutePath;
  std::vector<std::uint32_t> lineStarts;  // byte offset of each line
  // UTF-8 without NUL bytes. A file that is not (E0002, E0003) is not NPL:
  // no diagnostic shows any of its content (it may be a secret), in any format.
  bool isText = true;
};

class SourceManager {
 public:
  FileId add(std::string path, std::string text, bool isStdlib = false, std::string absolutePath = {});
  const SourceFile& file(FileId id) const { return files_.at(id); }
  std::size_t size() const { return files_.size(); }

  LineCol lineCol(FileId id, std::uint32_t offset) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view lineText(FileId id, std::uint32_t line) const;
  std::string_view text(Span span) const;

 private:
  std::vector<SourceFile> files_;
};

}  // namespace nplc::source
