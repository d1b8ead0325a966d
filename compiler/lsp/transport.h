#pragma once
// The LSP base protocol: message bodies framed by a `Content-Length` header,
// read from and written to file descriptors (stdin and stdout for nplc lsp).
// Hand-written because it is forty lines and no Debian library offers it
// without a whole LSP framework; the JSON inside is nlohmann's.
#include <cstddef>
#include <optional>
#include <string>

namespace nplc::lsp {

class Transport {
 public:
  Transport(int in, int out) : in_(in), out_(out) {}

  // The next message body, or nullopt at the end of the input. A header
  // without a usable Content-Length is skipped and described in `problem`
  // (the body that follows it cannot be found, so reading resumes at the
  // next header).
  std::optional<std::string> read(std::string& problem);

  // True when more input is already waiting, so that the server can finish a
  // burst of edits before compiling.
  bool pending();

  // False when the output is closed.
  bool write(const std::string& body);

 private:
  bool fill();  // reads more bytes; false at end of input

  int in_, out_;
  std::string buf_;
  std::size_t pos_ = 0;  // start of what has not been consumed
  bool eof_ = false;
};

}  // namespace nplc::lsp
