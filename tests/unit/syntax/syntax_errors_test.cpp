// Unit tests for syntax errors that name their cause (syntax/error_messages,
// keyword_typos, unclosed_blocks, error_recovery): a misspelt keyword, a `}`
// left out, one error per statement. Every help is applied to the text as a
// user would, and the result must compile.
#include <doctest/doctest.h>

#include <string>

#include "../test_support.h"

using namespace nplc;
using test::parse;

namespace {

// The code between the first pair of backticks of a help line.
std::string proposed(const std::string& help) {
    const auto a = help.find('`');
    const auto b = help.find('`', a + 1);
    REQUIRE(b != std::string::npos);
    return help.substr(a + 1, b - a - 1);
}

// "did you mean `KEYWORD`?": the word at the span becomes KEYWORD.
std::string applyKeyword(std::string text, const diag::Diagnostic& d) {
    REQUIRE(d.help.rfind("did you mean `", 0) == 0);
    text.replace(d.span.begin, d.span.end - d.span.begin, proposed(d.help));
    return text;
}

// "add `}` on a new line after line N", or "add `}` after 'WORD' on line N".
std::string applyBrace(std::string text, const diag::Diagnostic& d) {
    REQUIRE(proposed(d.help) == "}");
    const auto lineAt = d.help.rfind("line ");
    REQUIRE(lineAt != std::string::npos);
    const int line = std::stoi(d.help.substr(lineAt + 5));
    std::size_t begin = 0;
    for (int i = 1; i < line; ++i) begin = text.find('\n', begin) + 1;
    const std::size_t end = text.find('\n', begin);
    REQUIRE(end != std::string::npos);
    if (d.help.find("on a new line after line") != std::string::npos) return text.insert(end + 1, "}\n");
    const auto q = d.help.find('\'');
    const std::string word = d.help.substr(q + 1, d.help.find('\'', q + 1) - q - 1);
    const auto at = text.rfind(word, end);
    REQUIRE((at != std::string::npos && at >= begin));
    return text.insert(at + word.size(), " }");
}

// An error about a `{` left open: where it is reported, its message, and the
// note at the `{`.
void checkOpenBrace(const test::Parsed& p, const diag::Diagnostic& d, std::uint32_t line, const std::string& message,
                    std::uint32_t openLine) {
    CHECK(p.at(d.span).line == line);
    CHECK(d.message == message);
    REQUIRE(d.labels.size() == 1);
    CHECK(p.text(d.labels[0].span) == "{");
    CHECK(p.at(d.labels[0].span).line == openLine);
}

void requireCompiles(const std::string& text) {
    auto c = test::compileText(text);
    INFO("fixed text:\n", text, "\ndiagnostics:\n", test::joinCodes(c->sink));
    CHECK_FALSE(c->sink.hasErrors());
}

}  // namespace

TEST_CASE("syntax errors: a misspelt keyword that starts a statement gets the keyword meant") {
    const std::string text =
        "use std/dns\n"
        "namespace web {\n"
        "  servce api { app: api }\n"
        "  sevrice db\n"
        "  denyall ingress baseline\n"
        "  alow dns\n"
        "  api -> db:5432\n"
        "}\n";
    auto p = parse(text);
    CHECK_FALSE(p->file.has_value());
    const auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 4);  // one a statement, none for what follows the typo
    const std::vector<std::pair<std::string, std::string>> want = {
        {"servce", "service"}, {"sevrice", "service"}, {"denyall", "deny-all"}, {"alow", "allow"}};
    std::string fixed = text;
    for (std::size_t i = want.size(); i-- > 0;) {  // from the end, so that earlier spans stay right
        CHECK(p->text(errs[i].span) == want[i].first);
        CHECK(p->at(errs[i].span).line == i + 3);
        CHECK(errs[i].message == "unknown keyword '" + want[i].first + "'");
        CHECK(errs[i].help == "did you mean `" + want[i].second + "`?");
        fixed = applyKeyword(fixed, errs[i]);
    }
    requireCompiles(fixed);
}

TEST_CASE("syntax errors: a misspelt keyword where only keywords fit") {
    const std::string text = "namspace web {\n  service api\n  api -> api:80\n}\n";
    auto p = parse(text);
    const auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 1);
    CHECK(p->text(errs[0].span) == "namspace");
    CHECK(errs[0].message.rfind("unexpected 'namspace'; expected 'admin', 'baseline', 'bundle', 'expect', 'external', 'namespace'", 0) == 0);
    CHECK(errs[0].help == "did you mean `namespace`?");
    requireCompiles(applyKeyword(text, errs[0]));
}

TEST_CASE("syntax errors: a name far from every keyword is not corrected") {
    auto p = parse("namespace web {\n  bogus here\n}\n");
    const auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 1);
    CHECK(p->text(errs[0].span) == "here");
    CHECK(errs[0].help.empty());
}

TEST_CASE("syntax errors: an unclosed namespace points at its `{` and says where the `}` goes") {
    const std::string text =
        "namespace web {\n"
        "  service api\n"
        "  api -> api:80\n"
        "\n"
        "namespace shop {\n"
        "  service cart\n"
        "}\n";
    auto p = parse(text);
    const auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 1);
    checkOpenBrace(*p, errs[0], 5, "`namespace web` has no closing '}' before 'namespace'", 1);
    CHECK(errs[0].labels[0].message == "`namespace web` opened here");
    CHECK(errs[0].help == "add `}` on a new line after line 3");
    requireCompiles(applyBrace(text, errs[0]));

    // At the end of the file, and for a bundle.
    const std::string eof = "bundle b {\n  * -> kube-system/kube-dns:53/udp\n";
    p = parse(eof);
    const auto e2 = test::withCode(p->sink, "E0001");
    REQUIRE(e2.size() == 1);
    checkOpenBrace(*p, e2[0], 3, "`bundle b` has no closing '}' before end of file", 1);
    CHECK(e2[0].help == "add `}` on a new line after line 2");
}

TEST_CASE("syntax errors: a selector missing its `}` is one error, and the next statements are read") {
    const std::string text =
        "namespace web {\n"
        "  deny-all ingress baseline\n"
        "  service api { app: api\n"
        "  service db { app: db }\n"
        "  api -> db:5432\n"
        "  alow x\n"
        "}\n";
    auto p = parse(text);
    const auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 2);
    checkOpenBrace(*p, errs[0], 4, "the selector of `service api` has no closing '}' before 'service'", 3);
    CHECK(p->at(errs[0].labels[0].span).col == 15);
    CHECK(errs[0].help == "add `}` after 'api' on line 3");
    // The statements after it are parsed: the typo two lines below is found.
    CHECK(p->at(errs[1].span).line == 6);
    CHECK(errs[1].help == "did you mean `allow`?");

    const std::string one = "namespace web {\n  service api { app: api\n  service db\n  api -> db:5432\n}\n";
    p = parse(one);
    const auto e1 = test::withCode(p->sink, "E0001");
    REQUIRE(e1.size() == 1);
    requireCompiles(applyBrace(one, e1[0]));
}

TEST_CASE("syntax errors: a stray token in a selector skips to the selector's own `}`") {
    auto p = parse("namespace web {\n  service b { app: x . }\n  service c { app.: y }\n  b -> c:80\n}\n");
    const auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 2);
    CHECK(p->at(errs[0].span).line == 2);
    CHECK(p->at(errs[1].span).line == 3);
}

TEST_CASE("syntax errors: a namespace's `}` that closed a selector is pointed at") {
    const std::string text = "namespace web {\n  service db { app: db }\n  service api { app: api\n}\n";
    auto p = parse(text);
    const auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 1);
    CHECK(p->text(errs[0].span) == "}");
    checkOpenBrace(*p, errs[0], 4, "this '}' closes the selector of `service api`, not `namespace web`", 3);
    CHECK(errs[0].help == "add `}` after 'api' on line 3");
    requireCompiles(applyBrace(text, errs[0]));

    // A `}` indented like the selector's line closes the selector as meant:
    // the namespace is what lacks its `}`.
    p = parse("namespace web {\n  service api {\n    app: api\n  }\n");
    const auto e2 = test::withCode(p->sink, "E0001");
    REQUIRE(e2.size() == 1);
    CHECK(e2[0].message == "`namespace web` has no closing '}' before end of file");
}

TEST_CASE("syntax errors: a broken edge ends at the line break, not in the next statement") {
    for (const std::string broken : {"api -> ]", "api -> -> api:80", "api -> api:80 ]"}) {
        auto p = parse("namespace a {\n  service api\n  " + broken + "\n  api -> api:443\n  api -> api:80\n}\n");
        const auto errs = test::withCode(p->sink, "E0001");
        INFO(broken);
        REQUIRE(errs.size() == 1);
        CHECK(p->at(errs[0].span).line == 3);
    }
    // Inside a selector the next line goes on with the selector.
    auto p = parse("namespace a {\n  service api {\n    app: api ]\n    tier: web\n  }\n  api -> api:80\n}\n");
    const auto errs = test::withCode(p->sink, "E0001");
    REQUIRE(errs.size() == 1);
    CHECK(p->at(errs[0].span).line == 3);
}
