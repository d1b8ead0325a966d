// CIDR and IP address handling for NetworkPolicy ipBlock values.
//
// Parsing follows the Kubernetes API server's strict IP/CIDR validation
// (KEP-4858, StrictIPCIDRValidation, as applied to ipBlock.cidr/except), so
// nplc rejects exactly what `kubectl apply` would reject:
//   * "ip/len" is required; a bare IP is an error,
//   * IPv4 octets are 0-255 decimal without leading zeros (no octal ambiguity),
//   * the prefix length is decimal without leading zeros, 0-32 or 0-128,
//   * IPv6 accepts the full RFC 4291 text syntax (including "::" and a trailing
//     dotted IPv4 part) but no zone ("%eth0"),
//   * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are rejected,
//   * no bits may be set beyond the prefix length.
// Non-canonical IPv6 spellings (upper case, "0db8", uncompressed) are accepted,
// as for the legacy ipBlock fields; str() produces the canonical form.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nplc::util {

// An IP prefix. IPv4 uses addr[0..3] (the remaining bytes stay zero); a
// parsed Cidr never has bits set beyond `prefix`.
struct Cidr {
    bool v6 = false;
    std::array<uint8_t, 16> addr{};
    int prefix = 0;

    // Canonical text: "10.0.0.0/8", IPv6 in RFC 5952 form ("2001:db8::/32").
    std::string str() const;

    // Member-wise: v4 sorts before v6, then address bytes, then prefix.
    friend bool operator==(const Cidr&, const Cidr&) = default;
    friend auto operator<=>(const Cidr&, const Cidr&) = default;
};

// Result of parseCidr: either `cidr` is set, or `error` holds a short
// lower-case phrase (the caller adds location and context) and `suggestion`
// may hold a corrected value to offer ("did you mean 10.0.0.0/8?").
struct CidrParse {
    std::optional<Cidr> cidr;
    std::string error;
    std::optional<Cidr> suggestion;
};

// Strictly parses "ip/len" (see the rules at the top of this file).
CidrParse parseCidr(std::string_view text);

// Strictly parses a bare IP address ("10.1.2.3", "2001:db8::1") with the same
// rules as the address part of parseCidr; returns a /32 or /128 Cidr, or
// nullopt if the text is not a valid address.
std::optional<Cidr> parseAddress(std::string_view text);

// Same family and inner's range lies inside outer's (equal prefixes count).
bool contains(const Cidr& outer, const Cidr& inner);

// contains() with outer.prefix < inner.prefix: Kubernetes requires each
// ipBlock.except entry to be a strict subset of the cidr.
bool strictlyContains(const Cidr& outer, const Cidr& inner);

// The two ranges share at least one address (same family).
bool overlaps(const Cidr& a, const Cidr& b);

// `ip` is a valid bare address (per parseAddress) inside `cidr`.
bool containsAddress(const Cidr& cidr, std::string_view ip);

}  // namespace nplc::util
