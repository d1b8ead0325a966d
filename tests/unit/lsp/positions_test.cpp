// Unit tests for lsp/positions: byte offsets <-> LSP positions (UTF-16 code
// units, lines ended by \n, \r\n or \r).
#include "lsp/positions.h"

#include <doctest/doctest.h>

#include <string>

using nplc::lsp::LineIndex;
using nplc::lsp::Position;

namespace {

std::string pos(const LineIndex& idx, std::uint32_t offset) {
    const Position p = idx.position(offset);
    return std::to_string(p.line) + ":" + std::to_string(p.character);
}

}  // namespace

TEST_CASE("ASCII: lines and columns") {
    const std::string text = "ab\ncd\n";
    const LineIndex idx(text, false);
    CHECK(pos(idx, 0) == "0:0");
    CHECK(pos(idx, 2) == "0:2");
    CHECK(pos(idx, 3) == "1:0");
    CHECK(pos(idx, 5) == "1:2");
    CHECK(pos(idx, 6) == "2:0");
    CHECK(pos(idx, 999) == "2:0");  // clamped to the end
    CHECK(idx.offset({1, 1}) == 4);
    CHECK(idx.offset({0, 99}) == 2);  // past the line's end: its end
    CHECK(idx.offset({99, 0}) == 6);  // past the last line: the end
}

TEST_CASE("UTF-16: two-byte, three-byte and four-byte characters") {
    // é is 2 bytes and 1 unit, € 3 bytes and 1 unit, 🙂 4 bytes and 2 units.
    const std::string text = "é€🙂x";
    const LineIndex idx(text, false);
    CHECK(pos(idx, 2) == "0:1");
    CHECK(pos(idx, 5) == "0:2");
    CHECK(pos(idx, 9) == "0:4");
    CHECK(pos(idx, 10) == "0:5");
    CHECK(idx.offset({0, 4}) == 9);
    CHECK(idx.offset({0, 2}) == 5);
    // Inside the surrogate pair of 🙂: the character's start.
    CHECK(idx.offset({0, 3}) == 5);
}

TEST_CASE("line ends: CRLF and a lone CR end a line") {
    const std::string text = "a\r\nb\rc";
    const LineIndex idx(text, false);
    CHECK(pos(idx, 1) == "0:1");
    CHECK(pos(idx, 2) == "0:1");  // between \r and \n: the end of line 0
    CHECK(pos(idx, 3) == "1:0");
    CHECK(pos(idx, 5) == "2:0");
    CHECK(idx.offset({0, 5}) == 1);  // not into the terminator
    CHECK(idx.offset({2, 1}) == 6);
}

TEST_CASE("a byte-order mark is hidden only in files read from disk") {
    const std::string text = "\xEF\xBB\xBFns x";
    CHECK(pos(LineIndex(text, true), 3) == "0:0");
    CHECK(LineIndex(text, true).offset({0, 0}) == 3);
    CHECK(pos(LineIndex(text, false), 3) == "0:1");  // U+FEFF typed into a buffer is a character
}

TEST_CASE("invalid UTF-8 bytes count one unit each") {
    const std::string text = "a\xff\xfe" "b";
    const LineIndex idx(text, true);
    CHECK(pos(idx, 3) == "0:3");
    CHECK(idx.offset({0, 2}) == 2);
    // A truncated four-byte sequence at the end.
    const std::string cut = "a\xF0\x9F";
    CHECK(pos(LineIndex(cut, false), 3) == "0:3");
}
