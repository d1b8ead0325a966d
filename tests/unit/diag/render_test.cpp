// Unit tests for diag: the text renderer, the summary line, Sink ordering and
// de-duplication, and the catalog check on codes.
#include "diag/render_text.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "../test_support.h"
#include "diag/catalog.h"
#include "util/check.h"

using namespace nplc;
using source::Span;

namespace {

const std::string kText = "namespace prod {\n  service api\n  apii -> database:5432\n}\n";

struct Fixture {
    source::SourceManager sm;
    diag::Sink sink;
    source::FileId file;
    Fixture() { file = sm.add("shop.npl", kText); }

    // The span of the first occurrence of `needle` in the file.
    Span at(const std::string& needle, std::size_t from = 0) const {
        const auto pos = kText.find(needle, from);
        REQUIRE(pos != std::string::npos);
        return {file, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + needle.size())};
    }

    std::string render(bool color = false) const {
        std::ostringstream out;
        diag::renderText(out, sm, sink.sorted(), diag::RenderOptions{color});
        return out.str();
    }
};

}  // namespace

TEST_CASE("render: location, code, source line and carets") {
    Fixture f;
    f.sink.report("E0103", f.at("apii"), "unknown name 'apii' in namespace 'prod'");
    CHECK(f.render() ==
          "shop.npl:3:3: error[E0103]: unknown name 'apii' in namespace 'prod'\n"
          " 3 |   apii -> database:5432\n"
          "   |   ^^^^\n");
}

TEST_CASE("render: caret width follows the span") {
    Fixture f;
    f.sink.report("E0103", f.at("database:5432"), "m");
    const std::string out = f.render();
    CHECK(out.find("\n   |           ^^^^^^^^^^^^^\n") != std::string::npos);

    Fixture empty;  // an empty span still gets one caret
    empty.sink.report("E0001", Span{empty.file, 20, 20}, "m");
    CHECK(empty.render().find("\n   |    ^\n") != std::string::npos);

    Fixture multi;  // a span over several lines is marked to the end of its first line
    multi.sink.report("E0001", multi.at("service api\n  apii"), "m");
    CHECK(multi.render().find("\n   |   ^^^^^^^^^^^\n") != std::string::npos);
}

TEST_CASE("render: warnings, labels, notes and help") {
    Fixture f;
    f.sink.report("E0105", f.at("api", 20), "service 'api' is declared twice")
        .label(f.at("service"), "first declared here")
        .note("a note")
        .withHelp("remove one declaration");
    f.sink.report("W0004", f.at("database"), "`apii -> database` allows every port");
    CHECK(f.render() ==
          "shop.npl:2:11: error[E0105]: service 'api' is declared twice\n"
          " 2 |   service api\n"
          "   |           ^^^\n"
          "shop.npl:2:3: note: first declared here\n"
          " 2 |   service api\n"
          "   |   -------\n"
          "  = note: a note\n"
          "  = help: remove one declaration\n"
          "shop.npl:3:11: warning[W0004]: `apii -> database` allows every port\n"
          " 3 |   apii -> database:5432\n"
          "   |           ^^^^^^^^\n");
}

TEST_CASE("render: a diagnostic without a location") {
    Fixture f;
    f.sink.report("E0101", Span{}, "no standard module 'std/x'").withHelp("h");
    CHECK(f.render() == "nplc: error[E0101]: no standard module 'std/x'\n  = help: h\n");
}

TEST_CASE("render: columns count code points, tabs keep their width") {
    source::SourceManager sm;
    const auto id = sm.add("u.npl", "# é\n\tsérvice x\n");
    diag::Sink sink;
    const auto pos = static_cast<std::uint32_t>(std::string("# é\n\tsérvice x\n").find('x'));
    sink.report("E0001", Span{id, pos, pos + 1}, "m");
    std::ostringstream out;
    diag::renderText(out, sm, sink.sorted(), {});
    CHECK(out.str() == "u.npl:2:10: error[E0001]: m\n 2 |  sérvice x\n   |          ^\n");
}

TEST_CASE("render: colour codes only when asked") {
    Fixture f;
    f.sink.report("E0103", f.at("apii"), "m").label(f.at("api"), "l").withHelp("h");
    f.sink.report("W0004", f.at("database"), "w");
    CHECK(f.render(false).find('\033') == std::string::npos);
    const std::string coloured = f.render(true);
    CHECK(coloured.find("\033[") != std::string::npos);
    // Stripped of its escapes, the coloured text is the plain one.
    std::string stripped;
    for (std::size_t i = 0; i < coloured.size(); ++i) {
        if (coloured[i] == '\033') {
            i = coloured.find('m', i);
            continue;
        }
        stripped += coloured[i];
    }
    CHECK(stripped == f.render(false));
}

TEST_CASE("render: summary line") {
    CHECK(diag::summaryLine(0, 0).empty());
    CHECK(diag::summaryLine(1, 0) == "1 error");
    CHECK(diag::summaryLine(2, 0) == "2 errors");
    CHECK(diag::summaryLine(0, 1) == "1 warning");
    CHECK(diag::summaryLine(0, 3) == "3 warnings");
    CHECK(diag::summaryLine(1, 1) == "1 error, 1 warning");
    CHECK(diag::summaryLine(2, 5) == "2 errors, 5 warnings");
}

TEST_CASE("sink: severity and counts come from the catalog") {
    diag::Sink sink;
    CHECK_FALSE(sink.hasErrors());
    sink.report("W0004", {}, "w");
    CHECK_FALSE(sink.hasErrors());
    CHECK(sink.warningCount() == 1);
    auto& d = sink.report("E0001", {}, "e");
    CHECK(d.severity == diag::Severity::Error);
    CHECK(sink.hasErrors());
    CHECK(sink.errorCount() == 1);
    CHECK(sink.all().size() == 2);
    for (const auto& e : diag::catalog()) {
        CHECK(diag::lookup(e.code) == &e);
        CHECK(e.severity == (e.code[0] == 'E' ? diag::Severity::Error : diag::Severity::Warning));
    }
}

TEST_CASE("sink: an unknown code is an internal error") {
    diag::Sink sink;
    CHECK_THROWS_AS(sink.report("E9999", {}, "m"), util::InternalError);
    CHECK_THROWS_WITH_AS(sink.report("X", {}, "m"), doctest::Contains("internal error"), util::InternalError);
    CHECK(sink.all().empty());
    CHECK_FALSE(sink.hasErrors());
    CHECK(diag::lookup("E9999") == nullptr);
}

TEST_CASE("sink: sorted by file, position and code, duplicates removed") {
    source::SourceManager sm;
    const auto a = sm.add("a.npl", std::string(100, ' '));
    const auto b = sm.add("b.npl", std::string(100, ' '));
    diag::Sink sink;
    sink.report("E0103", {b, 5, 6}, "b5");
    sink.report("E0105", {a, 40, 41}, "a40");
    sink.report("E0103", {a, 40, 41}, "a40");
    sink.report("W0004", {a, 10, 12}, "a10");
    sink.report("E0105", {a, 40, 41}, "a40");  // exact duplicate
    sink.report("E0103", {a, 40, 41}, "a40 other message");
    sink.report("E0103", {a, 2, 3}, "a2");
    std::vector<std::string> order;
    for (const auto& d : sink.sorted()) order.push_back(d.code + " " + d.message);
    CHECK(order == std::vector<std::string>{"E0103 a2", "W0004 a10", "E0103 a40", "E0103 a40 other message",
                                            "E0105 a40", "E0103 b5"});
    CHECK(sink.all().size() == 7);  // sorted() does not change what was reported
}

TEST_CASE("sink: removing duplicates recounts what is left") {
    source::SourceManager sm;
    const auto a = sm.add("a.npl", std::string(10, ' '));
    diag::Sink sink;
    sink.report("W0002", {a, 1, 2}, "m");
    sink.report("W0002", {a, 1, 2}, "m");  // the same problem from another pass
    sink.report("E0103", {a, 3, 4}, "e");
    sink.report("E0103", {a, 3, 4}, "e");
    sink.report("W0002", {a, 5, 6}, "m");
    CHECK(sink.warningCount() == 3);
    CHECK(sink.errorCount() == 2);
    sink.removeDuplicates();
    CHECK(sink.all().size() == 3);
    CHECK(sink.warningCount() == 2);
    CHECK(sink.errorCount() == 1);
}

TEST_CASE("sink: equal diagnostics are kept in report order") {
    source::SourceManager sm;
    const auto a = sm.add("a.npl", std::string(10, ' '));
    diag::Sink sink;
    sink.report("E0302", {a, 1, 2}, "m").label({a, 5, 6}, "first");
    sink.report("E0302", {a, 1, 4}, "m").label({a, 7, 8}, "second");
    const auto sorted = sink.sorted();
    REQUIRE(sorted.size() == 2);  // different ends: not duplicates
    CHECK(sorted[0].span.end == 2);
    CHECK(sorted[1].span.end == 4);
}

namespace {

std::size_t codePoints(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Renders an error on the first `]` of `line` and checks that the caret stands
// under it: as many code points precede it in the caret line as in the shown line.
void caretUnderBracket(const std::string& line) {
    source::SourceManager sm;
    const auto id = sm.add("long.npl", line + "\n");
    diag::Sink sink;
    const auto pos = static_cast<std::uint32_t>(line.find(']'));
    sink.report("E0001", Span{id, pos, pos + 1}, "m");
    std::ostringstream out;
    diag::renderText(out, sm, sink.sorted(), {});
    std::istringstream in(out.str());
    std::string header, shown, carets;
    std::getline(in, header);
    std::getline(in, shown);
    std::getline(in, carets);
    INFO(out.str());
    CHECK(header == "long.npl:1:" + std::to_string(codePoints(line.substr(0, pos)) + 1) + ": error[E0001]: m");
    const auto bracket = shown.find(']');
    const auto caret = carets.find('^');
    REQUIRE(bracket != std::string::npos);
    REQUIRE(caret != std::string::npos);
    CHECK(codePoints(std::string_view(shown).substr(0, bracket)) == codePoints(std::string_view(carets).substr(0, caret)));
}

}  // namespace

TEST_CASE("render: a long ASCII line is cut around the span") {
    const std::string line = "# " + std::string(300, 'a') + " ] " + std::string(300, 'b');
    caretUnderBracket(line);
}

TEST_CASE("render: a long line with multi-byte characters keeps the caret under the span") {
    // Regression (fixed): render_text.cpp cuts lines over 160 bytes and then computes the caret
    // column as a byte offset (`at - cutStart + 1`), while the shown text is
    // measured in code points: with 'é' before the span the caret lands to the
    // right of it (the cut can also split a character in two).
    std::string accents;
    for (int i = 0; i < 60; ++i) accents += "é";
    caretUnderBracket("# " + std::string(100, 'a') + accents + " ] " + std::string(100, 'b'));
}
