#pragma once
// The value of a hexadecimal digit, or -1 (IPv6 groups, %XX escapes in URIs).

namespace nplc::util {

constexpr int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace nplc::util
