#pragma once
// UTF-8 validation, by hand: the checks are a few lines and no Debian
// library offers "the offset of the first invalid byte".
#include <cstddef>
#include <string>
#include <string_view>

namespace nplc::util {

// The byte offset of the first invalid UTF-8 sequence (overlong forms and
// surrogates included), or npos.
std::size_t firstInvalidUtf8(std::string_view s);

// `s` with each invalid byte replaced by U+FFFD, safe to print anywhere.
std::string sanitizeUtf8(std::string_view s);

}  // namespace nplc::util
