// Unit tests for syntax/parser on the source text itself: line ends, BOM,
// non-ASCII text (spans are byte offsets), syntax errors (E0001), invalid
// UTF-8 (E0002), NUL bytes (E0003), empty files.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../test_support.h"

using namespace nplc;
using test::ok;
using test::parse;

namespace {

const ast::Namespace& onlyNs(const test::Parsed& p) {
    REQUIRE(p.file->namespaces.size() == 1);
    return p.file->namespaces[0];
}

}  // namespace

TEST_CASE("parser: CRLF line ends") {
    auto p = ok("namespace n {\r\n  service a\r\n  a -> a:80\r\n}\r\n");
    const auto& e = onlyNs(*p).edges.at(0);
    CHECK(p->text(e.span) == "a -> a:80");
    CHECK(p->at(e.to.span).line == 3);
    CHECK(p->at(e.to.span).col == 8);
    CHECK(p->sm.lineText(p->id, 2) == "  service a");
}

TEST_CASE("parser: a UTF-8 byte-order mark is accepted") {
    // ANTLR drops the BOM: spans must still be byte offsets into the file, and
    // columns of line 1 do not count it.
    auto p = ok("\xEF\xBB\xBFnamespace n {\n  x -> y:80\n}\n");
    const auto& ns = onlyNs(*p);
    CHECK(p->text(ns.name.span) == "n");
    CHECK(ns.name.span.begin == 13);
    CHECK(p->at(ns.name.span).col == 11);
    const auto& e = ns.edges.at(0);
    CHECK(p->text(e.to.span) == "y");
    CHECK(p->at(e.to.span).col == 8);
}

TEST_CASE("parser: spans are byte offsets after non-ASCII comments") {
    const std::string text = "# héllo wörld — ünïcode\nnamespace n { # ✓ ok\n  service a { v: \"é\" } ]\n}\n";
    auto p = parse(text);
    CHECK_FALSE(p->file.has_value());
    auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 1);
    CHECK(errs[0].span.begin == text.find(']'));
    CHECK(p->text(errs[0].span) == "]");
    const auto lc = p->at(errs[0].span);
    CHECK(lc.line == 3);
    CHECK(lc.col == 24);  // `  service a { v: "é" } ]`: é counts as one column

    const std::string text2 = "# ßßß\nnamespace n { service s { v: \"日本\" } s -> s:80 }";
    auto q = ok(text2);
    const auto& ns = onlyNs(*q);
    CHECK(q->text(ns.services[0].selector->reqs[0].values[0].span) == "\"日本\"");
    CHECK(q->text(ns.edges.at(0).span) == "s -> s:80");
    CHECK(ns.edges[0].span.begin == text2.find("s -> s"));
}

TEST_CASE("parser: syntax error reported with E0001 at the token") {
    const std::string text = "namespace prod {\n  service api\n  bogus here\n}\n";
    auto p = parse(text);
    CHECK_FALSE(p->file.has_value());
    auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 1);
    CHECK(p->text(errs[0].span) == "here");
    CHECK((p->at(errs[0].span).line == 3 && p->at(errs[0].span).col == 9));
    CHECK(errs[0].message.find("unexpected 'here'") != std::string::npos);
    CHECK(errs[0].message.find("'->'") != std::string::npos);
}

TEST_CASE("parser: several syntax errors in one file are all reported") {
    const std::string text = "namespace a {\n  x -> \n}\nnamespace b {\n  service = 3\n}\nnamespace c {\n  y => z\n}\n";
    auto p = parse(text);
    CHECK_FALSE(p->file.has_value());
    auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() >= 3);
    std::vector<std::uint32_t> lines;
    for (const auto& d : errs) lines.push_back(p->at(d.span).line);
    CHECK(std::find(lines.begin(), lines.end(), 3u) != lines.end());  // `}` where a peer was expected
    CHECK(std::find(lines.begin(), lines.end(), 5u) != lines.end());
    CHECK(std::find(lines.begin(), lines.end(), 8u) != lines.end());
    CHECK(p->sink.errorCount() == errs.size());
}

TEST_CASE("parser: messages for end of file, stray characters, strings and addresses") {
    auto p = parse("namespace n {\n  service a\n");
    auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 1);
    CHECK(errs[0].message.find("end of file") != std::string::npos);
    CHECK(p->at(errs[0].span).line == 3);

    p = parse("namespace n { service a { v: \"open\n} }");
    errs = test::withCode(p->sink, "E0001");
    REQUIRE_FALSE(errs.empty());
    CHECK(p->text(errs[0].span) == "\"");
    CHECK(errs[0].message == "unexpected character '\"'");
    CHECK_FALSE(errs[0].help.empty());

    p = parse("namespace n { a -> b:80 ; }");
    errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 1);
    CHECK(p->text(errs[0].span) == ";");

    p = parse("namespace n {\n  service a { x: 10.0.0.1 }\n}");  // an address where a CIDR is needed
    errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 1);
    CHECK(p->text(errs[0].span) == "10.0.0.1");
    CHECK(p->at(errs[0].span).line == 2);
    CHECK(errs[0].help.find("/32") != std::string::npos);
}

TEST_CASE("parser: invalid UTF-8 is E0002 at the bad byte") {
    struct Case {
        std::string text;
        std::size_t offset;
    };
    const Case cases[] = {
        {"# ok\nnamespace n { } # \xff\n", 23},
        {"# \xc0\x80 overlong NUL\n", 2},
        {"# \xed\xa0\x80 surrogate\n", 2},
        {"# \xf4\x90\x80\x80 past U+10FFFF\n", 2},
        {"# truncated \xe2\x82", 12},
        {"# bad continuation \xc3" "A\n", 19},
    };
    for (const auto& c : cases) {
        INFO("offset ", c.offset);
        auto p = parse(c.text);
        CHECK_FALSE(p->file.has_value());
        REQUIRE(test::codes(p->sink) == std::vector<std::string>{"E0002"});
        const auto d = p->sink.sorted()[0];
        CHECK(d.span.begin == c.offset);
        CHECK(d.span.end == c.offset + 1);
    }
    auto p = parse("# \xff\nnamespace n { }");
    // Not even the byte is quoted: the file is not NPL and may hold a secret.
    CHECK(p->sink.sorted()[0].message == "invalid UTF-8 in source file");
    // Valid multi-byte text in all lengths is fine.
    ok("# é ✓ 😀\nnamespace n { }");
}

TEST_CASE("parser: a NUL byte is E0003") {
    std::string text = "namespace n {\n  service a";
    text += '\0';
    text += "\n}\n";
    auto p = parse(text);
    CHECK_FALSE(p->file.has_value());
    REQUIRE(test::codes(p->sink) == std::vector<std::string>{"E0003"});
    const auto d = p->sink.sorted()[0];
    CHECK(d.span.begin == 25);
    CHECK(p->at(d.span).line == 2);
    CHECK(p->at(d.span).col == 12);
}

TEST_CASE("parser: empty and comment-only files") {
    for (const std::string text : {"", "\n\n", "   \t\r\n", "# only a comment", "# one\n# two\n"}) {
        auto p = ok(text);
        const ast::File& f = *p->file;
        CHECK(f.file == p->id);
        CHECK((f.uses.empty() && f.namespaces.empty() && f.externals.empty() && f.bundles.empty()));
        CHECK(p->sink.all().empty());
    }
}
