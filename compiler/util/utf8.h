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

// For text that must be ASCII (names, label values, host names): a note
// naming its first non-ASCII character by code point, since a look-alike
// (Cyrillic 'а' for 'a') or an invisible one (U+200B) cannot be seen in the
// message; empty when `s` is ASCII. `s` must be valid UTF-8.
std::string nonAsciiNote(std::string_view s);

// "U+0430" for the code point that starts at s[0] (valid UTF-8).
std::string codePointName(std::string_view s);

}  // namespace nplc::util
