// Unit tests for util/k8s_names: apimachinery-compatible name checks.
#include "util/k8s_names.h"

#include <doctest/doctest.h>

#include <string>

using namespace nplc::util;

namespace {

const std::string kLabelMsg =
    "must consist of lower case alphanumeric characters or '-', and must start and end "
    "with an alphanumeric character";
const std::string kSubdomainMsg =
    "must consist of lower case alphanumeric characters, '-' or '.', and must start and "
    "end with an alphanumeric character";
const std::string kQualifiedMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character";

std::string rep(char c, std::size_t n) { return std::string(n, c); }

// "a.b.c..." subdomain of exactly n characters, made of short labels.
std::string subdomainOfLength(std::size_t n) {
    std::string s;
    while (s.size() < n) s += (s.size() % 2 == 0) ? 'a' : '.';
    if (s.back() == '.') s.back() = 'b';
    return s;
}

}  // namespace

TEST_CASE("checkDns1123Label") {
    CHECK_FALSE(checkDns1123Label("a"));
    CHECK_FALSE(checkDns1123Label("0"));
    CHECK_FALSE(checkDns1123Label("my-name"));
    CHECK_FALSE(checkDns1123Label("123-abc"));
    CHECK_FALSE(checkDns1123Label("a--b"));
    CHECK(checkDns1123Label("") == "must not be empty");
    CHECK(checkDns1123Label("-a") == kLabelMsg);
    CHECK(checkDns1123Label("a-") == kLabelMsg);
    CHECK(checkDns1123Label("-") == kLabelMsg);
    CHECK(checkDns1123Label("My-Name") == kLabelMsg);  // upper case
    CHECK(checkDns1123Label("a_b") == kLabelMsg);
    CHECK(checkDns1123Label("a.b") == kLabelMsg);
    CHECK(checkDns1123Label("a b") == kLabelMsg);
    // Length boundary: 63 ok, 64 too long.
    CHECK_FALSE(checkDns1123Label(rep('a', 63)));
    CHECK(checkDns1123Label(rep('a', 64)) == "must be no more than 63 characters");
}

TEST_CASE("checkDns1123Subdomain") {
    CHECK_FALSE(checkDns1123Subdomain("a"));
    CHECK_FALSE(checkDns1123Subdomain("example.com"));
    CHECK_FALSE(checkDns1123Subdomain("a-1.b-2.c"));
    CHECK_FALSE(checkDns1123Subdomain("0.0"));
    CHECK(checkDns1123Subdomain("") == "must not be empty");
    CHECK(checkDns1123Subdomain(".a") == kSubdomainMsg);
    CHECK(checkDns1123Subdomain("a.") == kSubdomainMsg);
    CHECK(checkDns1123Subdomain("a..b") == kSubdomainMsg);
    CHECK(checkDns1123Subdomain("a.-b") == kSubdomainMsg);
    CHECK(checkDns1123Subdomain("a-.b") == kSubdomainMsg);
    CHECK(checkDns1123Subdomain("Example.com") == kSubdomainMsg);  // upper case
    CHECK(checkDns1123Subdomain("a_b.com") == kSubdomainMsg);
    // Like apimachinery, a single label longer than 63 is fine within 253.
    CHECK_FALSE(checkDns1123Subdomain(rep('a', 100)));
    // Length boundary: 253 ok, 254 too long.
    CHECK(subdomainOfLength(253).size() == 253);
    CHECK_FALSE(checkDns1123Subdomain(subdomainOfLength(253)));
    CHECK(checkDns1123Subdomain(subdomainOfLength(254)) == "must be no more than 253 characters");
    CHECK_FALSE(checkDns1123Subdomain(rep('a', 253)));
    CHECK(checkDns1123Subdomain(rep('a', 254)) == "must be no more than 253 characters");
}

TEST_CASE("checkResourceName is a DNS-1123 subdomain") {
    CHECK_FALSE(checkResourceName("allow-frontend"));
    CHECK_FALSE(checkResourceName("allow.frontend.v2"));
    CHECK(checkResourceName("Allow-Frontend") == kSubdomainMsg);
    CHECK(checkResourceName("allow_frontend") == kSubdomainMsg);
    CHECK(checkResourceName("") == "must not be empty");
    CHECK_FALSE(checkResourceName(rep('a', 253)));
    CHECK(checkResourceName(rep('a', 254)) == "must be no more than 253 characters");
}

TEST_CASE("checkLabelKey without prefix") {
    CHECK_FALSE(checkLabelKey("app"));
    CHECK_FALSE(checkLabelKey("MyName"));
    CHECK_FALSE(checkLabelKey("my.name"));
    CHECK_FALSE(checkLabelKey("my_name-1"));
    CHECK_FALSE(checkLabelKey("a"));
    CHECK_FALSE(checkLabelKey("A"));
    CHECK(checkLabelKey("") == "name part must be non-empty");
    CHECK(checkLabelKey("-app") == "name part " + kQualifiedMsg);
    CHECK(checkLabelKey("app-") == "name part " + kQualifiedMsg);
    CHECK(checkLabelKey("_app") == "name part " + kQualifiedMsg);
    CHECK(checkLabelKey("app.") == "name part " + kQualifiedMsg);
    CHECK(checkLabelKey("my app") == "name part " + kQualifiedMsg);
    CHECK(checkLabelKey("app:x") == "name part " + kQualifiedMsg);
    CHECK_FALSE(checkLabelKey(rep('a', 63)));
    CHECK(checkLabelKey(rep('a', 64)) == "name part must be no more than 63 characters");
}

TEST_CASE("checkLabelKey with prefix") {
    CHECK_FALSE(checkLabelKey("example.com/MyName"));
    CHECK_FALSE(checkLabelKey("app.kubernetes.io/name"));
    CHECK_FALSE(checkLabelKey("kubernetes.io/metadata.name"));
    CHECK_FALSE(checkLabelKey("a/b"));
    CHECK(checkLabelKey("a/b/c").has_value());  // two slashes
    CHECK(checkLabelKey("example.com//name").has_value());
    CHECK(checkLabelKey("/name") == "prefix part must be non-empty");
    CHECK(checkLabelKey("example.com/") == "name part must be non-empty");
    CHECK(checkLabelKey("/") == "prefix part must be non-empty");
    CHECK(checkLabelKey("Example.com/name") == "prefix part " + kSubdomainMsg);
    CHECK(checkLabelKey("example_com/name") == "prefix part " + kSubdomainMsg);
    CHECK(checkLabelKey("example.com/-name") == "name part " + kQualifiedMsg);
    // Prefix up to 253, name up to 63, independently.
    CHECK_FALSE(checkLabelKey(subdomainOfLength(253) + "/" + rep('n', 63)));
    CHECK(checkLabelKey(subdomainOfLength(254) + "/n") ==
          "prefix part must be no more than 253 characters");
    CHECK(checkLabelKey("example.com/" + rep('n', 64)) ==
          "name part must be no more than 63 characters");
}

TEST_CASE("checkLabelValue") {
    CHECK_FALSE(checkLabelValue(""));  // empty is valid
    CHECK_FALSE(checkLabelValue("frontend"));
    CHECK_FALSE(checkLabelValue("Frontend"));
    CHECK_FALSE(checkLabelValue("v1.2_3-a"));
    CHECK_FALSE(checkLabelValue("0"));
    CHECK(checkLabelValue("-x") == "must be empty or " + kQualifiedMsg.substr(5));
    CHECK(checkLabelValue("x.") == "must be empty or " + kQualifiedMsg.substr(5));
    CHECK(checkLabelValue("a/b") == "must be empty or " + kQualifiedMsg.substr(5));
    CHECK(checkLabelValue("a b") == "must be empty or " + kQualifiedMsg.substr(5));
    CHECK_FALSE(checkLabelValue(rep('a', 63)));
    CHECK(checkLabelValue(rep('a', 64)) == "must be no more than 63 characters");
}

TEST_CASE("checkPortName (IANA_SVC_NAME)") {
    CHECK_FALSE(checkPortName("http"));
    CHECK_FALSE(checkPortName("h"));
    CHECK_FALSE(checkPortName("dns-tcp"));
    CHECK_FALSE(checkPortName("8080a"));
    CHECK_FALSE(checkPortName("a-1-b"));
    CHECK(checkPortName("") == "must not be empty");
    // Length boundary: 15 ok, 16 too long.
    CHECK_FALSE(checkPortName(rep('a', 15)));
    CHECK(checkPortName(rep('a', 16)) == "must be no more than 15 characters");
    // Character set: lower case alphanumerics and '-' only.
    const std::string charset =
        "must contain only lower case alphanumeric characters (a-z, 0-9) and hyphens (-)";
    CHECK(checkPortName("HTTP") == charset);
    CHECK(checkPortName("Http") == charset);
    CHECK(checkPortName("my_port") == charset);
    CHECK(checkPortName("my.port") == charset);
    CHECK(checkPortName("my port") == charset);
    // At least one letter.
    CHECK(checkPortName("8080") == "must contain at least one letter (a-z)");
    CHECK(checkPortName("80-80") == "must contain at least one letter (a-z)");
    CHECK(checkPortName("-") == "must contain at least one letter (a-z)");
    // No consecutive hyphens.
    CHECK(checkPortName("a--b") == "must not contain consecutive hyphens");
    // No leading or trailing hyphen.
    CHECK(checkPortName("-http") == "must not begin or end with a hyphen");
    CHECK(checkPortName("http-") == "must not begin or end with a hyphen");
}

TEST_CASE("checkPortNumber") {
    const std::string range = "must be between 1 and 65535, inclusive";
    CHECK_FALSE(checkPortNumber(1));
    CHECK_FALSE(checkPortNumber(80));
    CHECK_FALSE(checkPortNumber(65535));
    CHECK(checkPortNumber(0) == range);
    CHECK(checkPortNumber(-1) == range);
    CHECK(checkPortNumber(65536) == range);
    CHECK(checkPortNumber(1L << 40) == range);
}
