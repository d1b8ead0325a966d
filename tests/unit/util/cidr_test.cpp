// Unit tests for util/cidr: strict Kubernetes-style CIDR parsing,
// canonical printing and containment.
#include "util/cidr.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using nplc::util::Cidr;
using nplc::util::CidrParse;
using nplc::util::parseAddress;
using nplc::util::parseCidr;

namespace {

// Parses text that must be valid and returns its canonical form.
std::string canon(std::string_view text) {
    CidrParse p = parseCidr(text);
    INFO("input: ", text, " error: ", p.error);
    REQUIRE(p.cidr.has_value());
    CHECK(p.error.empty());
    CHECK_FALSE(p.suggestion.has_value());
    return p.cidr->str();
}

// Parses text that must be invalid and returns the error phrase.
std::string error(std::string_view text) {
    CidrParse p = parseCidr(text);
    INFO("input: ", text);
    CHECK_FALSE(p.cidr.has_value());
    CHECK_FALSE(p.error.empty());
    return p.error;
}

// The suggestion offered for an invalid text, as a string ("" if none).
std::string suggestion(std::string_view text) {
    CidrParse p = parseCidr(text);
    return p.suggestion ? p.suggestion->str() : "";
}

Cidr cidr(std::string_view text) {
    CidrParse p = parseCidr(text);
    INFO("input: ", text, " error: ", p.error);
    REQUIRE(p.cidr.has_value());
    return *p.cidr;
}

}  // namespace

TEST_CASE("valid IPv4 CIDRs") {
    CHECK(canon("10.0.0.0/8") == "10.0.0.0/8");
    CHECK(canon("0.0.0.0/0") == "0.0.0.0/0");
    CHECK(canon("192.168.1.0/24") == "192.168.1.0/24");
    CHECK(canon("255.255.255.255/32") == "255.255.255.255/32");
    CHECK(canon("172.16.0.0/12") == "172.16.0.0/12");
    CHECK(canon("10.0.0.1/32") == "10.0.0.1/32");
    Cidr c = cidr("192.168.1.0/24");
    CHECK_FALSE(c.v6);
    CHECK(c.prefix == 24);
    CHECK(c.addr[0] == 192);
    CHECK(c.addr[2] == 1);
    CHECK(c.addr[4] == 0);  // bytes beyond the IPv4 address stay zero
}

TEST_CASE("invalid IPv4 CIDRs") {
    CHECK(error("") == "empty CIDR");
    CHECK(error("/8") == "missing IP address");
    CHECK(error("256.0.0.0/8") == "IPv4 octet out of range (0-255)");
    CHECK(error("1000.0.0.0/8") == "IPv4 octet out of range (0-255)");
    CHECK(error("10.0.0/8") == "IPv4 address must have 4 octets");
    CHECK(error("10.0.0.0.0/8") == "IPv4 address has more than 4 octets");
    CHECK(error("10..0.0/8") == "IPv4 address has an empty octet");
    CHECK(error(".10.0.0/8") == "IPv4 address has an empty octet");
    CHECK(error("10.0.0./8") == "IPv4 address has an empty octet");
    CHECK(error("10.0.0.x/8") == "invalid character 'x' in IPv4 address");
    CHECK(error("10.0.0.-1/8") == "invalid character '-' in IPv4 address");
    CHECK(error(" 10.0.0.0/8") == "unexpected whitespace in IPv4 address");
    CHECK(error("10.0.0.0 /8") == "unexpected whitespace in IPv4 address");
    CHECK(error("example.com/8") == "invalid character 'e' in IPv4 address");
    CHECK(error("localhost/8") == "not an IP address");
    CHECK(error("10.0.0.0/8/8") == "more than one '/'");
}

TEST_CASE("leading zeros are rejected") {
    CHECK(error("010.0.0.0/8") == "IPv4 octet has a leading zero");
    CHECK(error("10.00.0.0/16") == "IPv4 octet has a leading zero");
    CHECK(error("10.0.0.01/32") == "IPv4 octet has a leading zero");
    CHECK(error("10.0.0.0000/32") == "IPv4 octet has a leading zero");
    CHECK(error("10.0.0.0/08") == "prefix length has a leading zero");
    CHECK(error("10.0.0.0/00") == "prefix length has a leading zero");
    CHECK(error("2001:db8::/064") == "prefix length has a leading zero");
    CHECK_FALSE(parseAddress("010.1.2.3").has_value());
    // A single 0 is not a leading zero.
    CHECK(canon("0.0.0.0/0") == "0.0.0.0/0");
    CHECK(canon("10.0.0.0/8") == "10.0.0.0/8");
}

TEST_CASE("prefix length syntax and range") {
    CHECK(error("10.0.0.0/33") == "prefix length out of range (0-32)");
    CHECK(error("10.0.0.0/99999999999999999999") == "prefix length out of range (0-32)");
    CHECK(error("2001:db8::/129") == "prefix length out of range (0-128)");
    CHECK(error("10.0.0.0/-1") == "prefix length must be a decimal number");
    CHECK(error("10.0.0.0/+8") == "prefix length must be a decimal number");
    CHECK(error("10.0.0.0/8 ") == "prefix length must be a decimal number");
    CHECK(error("10.0.0.0/255.0.0.0") == "prefix length must be a decimal number");
    CHECK(error("10.0.0.0/") == "missing prefix length");
    CHECK(suggestion("10.0.0.0/") == "10.0.0.0/32");
    CHECK(canon("10.0.0.0/32") == "10.0.0.0/32");
    CHECK(canon("::/128") == "::/128");
    CHECK(canon("::/0") == "::/0");
}

TEST_CASE("bare IP is an error with a single-address suggestion") {
    CHECK(error("10.1.2.3") == "missing prefix length");
    CHECK(suggestion("10.1.2.3") == "10.1.2.3/32");
    CHECK(error("2001:db8::1") == "missing prefix length");
    CHECK(suggestion("2001:db8::1") == "2001:db8::1/128");
    // An invalid bare address reports the address problem, without suggestion.
    CHECK(error("10.1.2") == "IPv4 address must have 4 octets");
    CHECK(suggestion("10.1.2").empty());
}

TEST_CASE("host bits beyond the prefix are an error with the masked suggestion") {
    CHECK(error("10.1.2.3/8") == "has bits set beyond the prefix length");
    CHECK(suggestion("10.1.2.3/8") == "10.0.0.0/8");
    CHECK(suggestion("192.168.1.1/24") == "192.168.1.0/24");
    CHECK(suggestion("10.0.0.1/0") == "0.0.0.0/0");
    CHECK(suggestion("172.31.255.255/12") == "172.16.0.0/12");
    CHECK(suggestion("10.0.0.129/25") == "10.0.0.128/25");
    CHECK(error("2001:db8::1/64") == "has bits set beyond the prefix length");
    CHECK(suggestion("2001:db8::1/64") == "2001:db8::/64");
    CHECK(suggestion("2001:db8:ffff::/33") == "2001:db8:8000::/33");
    CHECK(suggestion("2001:db8::1/127") == "2001:db8::/127");
}

TEST_CASE("valid IPv6 CIDRs and RFC 5952 canonical form") {
    CHECK(canon("2001:db8::/32") == "2001:db8::/32");
    CHECK(canon("2001:DB8::/32") == "2001:db8::/32");
    CHECK(canon("2001:0db8:0000:0000:0000:0000:0000:0000/32") == "2001:db8::/32");
    CHECK(canon("fe80::/10") == "fe80::/10");
    CHECK(canon("::1/128") == "::1/128");
    CHECK(canon("1::/16") == "1::/16");
    CHECK(canon("1:2:3:4:5:6:7:8/128") == "1:2:3:4:5:6:7:8/128");
    CHECK(canon("1:2:3:4:5:6:7::/128") == "1:2:3:4:5:6:7:0/128");   // one zero group: no "::"
    CHECK(canon("1:0:0:4:0:0:0:8/128") == "1:0:0:4::8/128");         // longest run wins
    CHECK(canon("1:0:0:4:5:0:0:8/128") == "1::4:5:0:0:8/128");       // first of equal runs
    CHECK(canon("0:0:1:0:0:0:0:0/128") == "0:0:1::/128");
    CHECK(canon("2001:db8:0:1::/64") == "2001:db8:0:1::/64");
    CHECK(canon("::1.2.3.4/128") == "::102:304/128");                 // IPv4-compatible: allowed
    CHECK(canon("64:ff9b::192.0.2.0/120") == "64:ff9b::c000:200/120");
    CHECK(canon("1:2:3:4:5:6:1.2.3.4/128") == "1:2:3:4:5:6:102:304/128");
    CHECK(canon("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128") ==
          "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
    Cidr c = cidr("2001:db8::/32");
    CHECK(c.v6);
    CHECK(c.addr[0] == 0x20);
    CHECK(c.addr[3] == 0xb8);
}

TEST_CASE("invalid IPv6 CIDRs") {
    CHECK(error("2001:db8:::/48") == "IPv6 address has an empty group");
    CHECK(error("1::2::3/128") == "IPv6 address has more than one '::'");
    CHECK(error(":1::/16") == "IPv6 address starts with a single ':'");
    CHECK(error("1:2:3:4:5:6:7:/128") == "IPv6 address ends with a single ':'");
    CHECK(error("1:2:3:4:5:6:7/128") == "IPv6 address has fewer than 8 groups");
    CHECK(error("1:2:3:4:5:6:7:8:9/128") == "IPv6 address has more than 8 groups");
    CHECK(error("1:2:3:4:5:6:7:8::/128") == "'::' must stand for at least one zero group");
    CHECK(error("::1:2:3:4:5:6:7:8/128") == "'::' must stand for at least one zero group");
    CHECK(error("12345::/16") == "IPv6 group has more than 4 hex digits");
    CHECK(error("2001:dg8::/32") == "invalid character 'g' in IPv6 address");
    CHECK(error("fe80::1%eth0/128") == "IPv6 zone is not allowed");
    CHECK(error("1.2.3.4::/128") == "embedded IPv4 address must be the last 32 bits");
    CHECK(error("1:2:3:4:5:1.2.3.4/128") == "embedded IPv4 address must be the last 32 bits");
    CHECK(error("::1.2.3.04/128") == "IPv4 octet has a leading zero");
    CHECK(error("::1.2.3/128") == "IPv4 address must have 4 octets");
    CHECK(error("1.2.3.4:80/32") == "embedded IPv4 address must be the last 32 bits");
}

TEST_CASE("IPv4-mapped IPv6 is rejected") {
    CHECK(error("::ffff:1.2.3.4/128") == "IPv4-mapped IPv6 address is not allowed");
    CHECK(suggestion("::ffff:1.2.3.4/128") == "1.2.3.4/32");
    CHECK(error("::ffff:10.0.0.0/104") == "IPv4-mapped IPv6 address is not allowed");
    CHECK(suggestion("::ffff:10.0.0.0/104") == "10.0.0.0/8");
    CHECK(error("::FFFF:0a00:0000/104") == "IPv4-mapped IPv6 address is not allowed");
    CHECK(error("::ffff:0:0/96") == "IPv4-mapped IPv6 address is not allowed");
    CHECK(suggestion("::ffff:0:0/96") == "0.0.0.0/0");
    CHECK(error("::ffff:1.2.3.4") == "IPv4-mapped IPv6 address is not allowed");
    CHECK(suggestion("::ffff:1.2.3.4") == "1.2.3.4/32");
    CHECK_FALSE(parseAddress("::ffff:1.2.3.4").has_value());
    // Neighbours of the mapped range are ordinary IPv6.
    CHECK(canon("::fffe:1.2.3.4/128") == "::fffe:102:304/128");
    CHECK(canon("0:0:0:0:1:ffff:102:304/128") == "::1:ffff:102:304/128");
    // str() of a mapped value (not produced by parsing) uses mixed notation.
    Cidr mapped{true, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4}, 128};
    CHECK(mapped.str() == "::ffff:1.2.3.4/128");
}

TEST_CASE("parseAddress") {
    auto a = parseAddress("10.1.2.3");
    REQUIRE(a.has_value());
    CHECK(a->str() == "10.1.2.3/32");
    auto b = parseAddress("2001:DB8::1");
    REQUIRE(b.has_value());
    CHECK(b->str() == "2001:db8::1/128");
    CHECK_FALSE(parseAddress("").has_value());
    CHECK_FALSE(parseAddress("10.1.2.3/32").has_value());
    CHECK_FALSE(parseAddress("10.1.2").has_value());
    CHECK_FALSE(parseAddress("256.1.2.3").has_value());
    CHECK_FALSE(parseAddress("fe80::1%eth0").has_value());
}

TEST_CASE("contains and strictlyContains") {
    using nplc::util::contains;
    using nplc::util::strictlyContains;
    CHECK(contains(cidr("10.0.0.0/8"), cidr("10.1.0.0/16")));
    CHECK(contains(cidr("10.0.0.0/8"), cidr("10.255.255.255/32")));
    CHECK(contains(cidr("0.0.0.0/0"), cidr("192.168.0.0/16")));
    CHECK(contains(cidr("10.0.0.0/8"), cidr("10.0.0.0/8")));  // equal counts
    CHECK_FALSE(contains(cidr("10.1.0.0/16"), cidr("10.0.0.0/8")));
    CHECK_FALSE(contains(cidr("10.0.0.0/8"), cidr("11.0.0.0/16")));
    CHECK_FALSE(contains(cidr("0.0.0.0/0"), cidr("::/0")));  // families differ
    CHECK_FALSE(contains(cidr("::/0"), cidr("10.0.0.0/8")));
    CHECK(contains(cidr("2001:db8::/32"), cidr("2001:db8:1::/48")));
    CHECK_FALSE(contains(cidr("2001:db8::/32"), cidr("2001:db9::/48")));
    CHECK(contains(cidr("10.0.0.128/25"), cidr("10.0.0.200/32")));
    CHECK_FALSE(contains(cidr("10.0.0.128/25"), cidr("10.0.0.127/32")));

    CHECK(strictlyContains(cidr("10.0.0.0/8"), cidr("10.1.0.0/16")));
    CHECK_FALSE(strictlyContains(cidr("10.0.0.0/8"), cidr("10.0.0.0/8")));  // equal is not strict
    CHECK_FALSE(strictlyContains(cidr("::/0"), cidr("::/0")));
    CHECK_FALSE(strictlyContains(cidr("10.1.0.0/16"), cidr("10.0.0.0/8")));
    CHECK_FALSE(strictlyContains(cidr("10.0.0.0/8"), cidr("11.0.0.0/16")));
    CHECK(strictlyContains(cidr("2001:db8::/32"), cidr("2001:db8::/33")));
}

TEST_CASE("overlaps") {
    using nplc::util::overlaps;
    CHECK(overlaps(cidr("10.0.0.0/8"), cidr("10.1.0.0/16")));
    CHECK(overlaps(cidr("10.1.0.0/16"), cidr("10.0.0.0/8")));
    CHECK(overlaps(cidr("10.0.0.0/8"), cidr("10.0.0.0/8")));
    CHECK_FALSE(overlaps(cidr("10.0.0.0/8"), cidr("11.0.0.0/8")));
    CHECK_FALSE(overlaps(cidr("10.0.0.0/25"), cidr("10.0.0.128/25")));
    CHECK_FALSE(overlaps(cidr("0.0.0.0/0"), cidr("::/0")));
    CHECK(overlaps(cidr("::/0"), cidr("2001:db8::1/128")));
    CHECK_FALSE(overlaps(cidr("2001:db8::/32"), cidr("fe80::/10")));
}

TEST_CASE("containsAddress") {
    using nplc::util::containsAddress;
    Cidr net = cidr("10.0.0.0/24");
    CHECK(containsAddress(net, "10.0.0.0"));
    CHECK(containsAddress(net, "10.0.0.255"));
    CHECK_FALSE(containsAddress(net, "10.0.1.0"));
    CHECK_FALSE(containsAddress(net, "9.255.255.255"));
    CHECK_FALSE(containsAddress(net, "10.0.0.010"));   // invalid address
    CHECK_FALSE(containsAddress(net, "::ffff:10.0.0.1"));  // mapped: invalid
    CHECK_FALSE(containsAddress(net, "not-an-ip"));
    CHECK_FALSE(containsAddress(cidr("::/0"), "10.0.0.1"));
    CHECK(containsAddress(cidr("2001:db8::/64"), "2001:db8::abcd"));
    CHECK_FALSE(containsAddress(cidr("2001:db8::/64"), "2001:db8:0:1::1"));
}

TEST_CASE("equality and ordering") {
    CHECK(cidr("10.0.0.0/8") == cidr("10.0.0.0/8"));
    CHECK(cidr("2001:db8::/32") == cidr("2001:0DB8::/32"));
    CHECK_FALSE(cidr("10.0.0.0/8") == cidr("10.0.0.0/16"));
    std::vector<Cidr> v = {cidr("::/0"), cidr("10.0.0.0/16"), cidr("10.0.0.0/8"),
                           cidr("9.0.0.0/8"), cidr("2001:db8::/32")};
    std::sort(v.begin(), v.end());
    std::vector<std::string> got;
    for (const Cidr& c : v) got.push_back(c.str());
    CHECK(got == std::vector<std::string>{"9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "::/0",
                                          "2001:db8::/32"});
    CHECK(cidr("255.255.255.255/32") < cidr("::/0"));  // v4 before v6
}
