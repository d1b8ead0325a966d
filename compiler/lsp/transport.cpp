#include "lsp/transport.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace nplc::lsp {

namespace {

constexpr std::size_t kMaxBody = std::size_t{1} << 30;  // 1 GiB: anything larger is a broken client

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool Transport::fill() {
  if (eof_) return false;
  if (pos_ > 0 && pos_ >= buf_.size() / 2) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(in_, chunk, sizeof chunk);
    if (n > 0) {
      buf_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    eof_ = true;
    return false;
  }
}

std::optional<std::string> Transport::read(std::string& problem) {
  problem.clear();
  for (;;) {
    std::size_t headerEnd;
    while ((headerEnd = buf_.find("\r\n\r\n", pos_)) == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    const std::string_view header(buf_.data() + pos_, headerEnd - pos_);
    pos_ = headerEnd + 4;
    std::optional<std::size_t> length;
    std::size_t lineStart = 0;
    while (lineStart <= header.size()) {
      std::size_t lineEnd = header.find("\r\n", lineStart);
      if (lineEnd == std::string_view::npos) lineEnd = header.size();
      const std::string_view line = header.substr(lineStart, lineEnd - lineStart);
      lineStart = lineEnd + 2;
      const auto colon = line.find(':');
      if (colon == std::string_view::npos || !equalsIgnoreCase(trim(line.substr(0, colon)), "Content-Length")) continue;
      const std::string_view value = trim(line.substr(colon + 1));
      std::size_t n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec == std::errc() && end == value.data() + value.size() && !value.empty()) length = n;
    }
    if (!length) {
      problem = "a message header without a valid Content-Length was skipped";
      return std::string();
    }
    if (*length > kMaxBody) {
      problem = "a message of more than 1 GiB: giving up on this input";
      eof_ = true;
      return std::nullopt;
    }
    while (buf_.size() - pos_ < *length) {
      if (!fill()) return std::nullopt;
    }
    std::string body = buf_.substr(pos_, *length);
    pos_ += *length;
    return body;
  }
}

bool Transport::pending() {
  if (pos_ < buf_.size()) return true;
  if (eof_) return false;
  pollfd p{in_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP)) != 0;
}

bool Transport::write(const std::string& body) {
  const std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  std::size_t done = 0;
  while (done < frame.size()) {
    const ssize_t n = ::write(out_, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace nplc::lsp
