// Hand-written strict IP/CIDR parsing.
//
// Why not a library: nothing packaged in Debian parses with the Kubernetes
// strict rules. inet_pton/inet_aton (and Boost.Asio, which wraps them)
// accept or reinterpret forms the API server rejects (inet_aton reads
// "010.0.0.1" as octal, inet_pton allows IPv4-mapped IPv6 and knows nothing
// of prefixes or host bits), and the error texts would be unhelpful anyway.
// The grammar below mirrors Go's net/netip ParseAddr/ParsePrefix, which the
// API server uses for strict validation.
#include "util/cidr.h"
#include "util/hex.h"

#include <algorithm>
#include <cstddef>

namespace nplc::util {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string badChar(char c, std::string_view what) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        return "unexpected whitespace in " + std::string(what);
    }
    if (c >= 0x21 && c <= 0x7e) {
        return std::string("invalid character '") + c + "' in " + std::string(what);
    }
    return "invalid character in " + std::string(what);
}

// Parses dotted-quad IPv4 into out[0..3]. Returns an error phrase or "".
std::string parseV4(std::string_view s, uint8_t* out) {
    int octets = 0;
    std::size_t pos = 0;
    while (true) {
        std::size_t start = pos;
        while (pos < s.size() && isDigit(s[pos])) ++pos;
        std::size_t len = pos - start;
        if (len == 0) {
            if (pos < s.size() && s[pos] != '.') return badChar(s[pos], "IPv4 address");
            return "IPv4 address has an empty octet";
        }
        if (len > 1 && s[start] == '0') return "IPv4 octet has a leading zero";
        int value = 0;
        for (std::size_t i = start; i < pos && value <= 255; ++i) value = value * 10 + (s[i] - '0');
        if (value > 255) return "IPv4 octet out of range (0-255)";
        out[octets++] = static_cast<uint8_t>(value);
        if (pos == s.size()) break;
        if (s[pos] != '.') return badChar(s[pos], "IPv4 address");
        if (octets == 4) return "IPv4 address has more than 4 octets";
        ++pos;
    }
    if (octets != 4) return "IPv4 address must have 4 octets";
    return "";
}

// Parses RFC 4291 IPv6 text into out[0..15]. Returns an error phrase or "".
std::string parseV6(std::string_view s, uint8_t* out) {
    if (s.find('%') != std::string_view::npos) return "IPv6 zone is not allowed";
    int ellipsis = -1;  // byte index where "::" appeared
    int i = 0;          // bytes filled so far
    if (s.starts_with("::")) {
        ellipsis = 0;
        s.remove_prefix(2);
    } else if (s.starts_with(":")) {
        return "IPv6 address starts with a single ':'";
    }
    while (!s.empty() && i < 16) {
        std::size_t n = 0;
        int value = 0;
        while (n < s.size() && hexValue(s[n]) >= 0) {
            if (n < 4) value = value * 16 + hexValue(s[n]);
            ++n;
        }
        if (n < s.size() && s[n] == '.') {
            // Trailing dotted IPv4 part: fills the final 32 bits.
            if ((ellipsis < 0 && i != 12) || i > 12) {
                return "embedded IPv4 address must be the last 32 bits";
            }
            std::string err = parseV4(s, out + i);
            if (!err.empty()) return err;
            i += 4;
            s = {};
            break;
        }
        if (n == 0) {
            return s[0] == ':' ? "IPv6 address has an empty group" : badChar(s[0], "IPv6 address");
        }
        if (n > 4) return "IPv6 group has more than 4 hex digits";
        out[i++] = static_cast<uint8_t>(value >> 8);
        out[i++] = static_cast<uint8_t>(value & 0xff);
        s.remove_prefix(n);
        if (s.empty()) break;
        if (s[0] != ':') return badChar(s[0], "IPv6 address");
        s.remove_prefix(1);
        if (s.starts_with(":")) {
            if (ellipsis >= 0) return "IPv6 address has more than one '::'";
            ellipsis = i;
            s.remove_prefix(1);
        } else if (s.empty()) {
            return "IPv6 address ends with a single ':'";
        }
    }
    if (!s.empty()) return "IPv6 address has more than 8 groups";
    if (i < 16) {
        if (ellipsis < 0) return "IPv6 address has fewer than 8 groups";
        // Shift the groups after "::" to the end and zero-fill the gap.
        int tail = i - ellipsis;
        std::copy_backward(out + ellipsis, out + i, out + 16);
        std::fill(out + ellipsis, out + 16 - tail, uint8_t{0});
    } else if (ellipsis >= 0) {
        return "'::' must stand for at least one zero group";
    }
    return "";
}

// A bare address before the strict "no IPv4-mapped" check.
struct RawAddr {
    Cidr cidr;  // prefix set to the full length
    std::string error;
};

RawAddr parseRawAddress(std::string_view s) {
    RawAddr r;
    if (s.empty()) {
        r.error = "missing IP address";
    } else if (s.find(':') != std::string_view::npos) {
        r.cidr.v6 = true;
        r.cidr.prefix = 128;
        r.error = parseV6(s, r.cidr.addr.data());
    } else if (s.find('.') != std::string_view::npos) {
        r.cidr.prefix = 32;
        r.error = parseV4(s, r.cidr.addr.data());
    } else {
        r.error = "not an IP address";
    }
    return r;
}

// ::ffff:0:0/96 — IPv4 addresses embedded in IPv6 (RFC 4291 2.5.5.2).
bool isV4Mapped(const Cidr& c) {
    if (!c.v6) return false;
    for (int i = 0; i < 10; ++i) {
        if (c.addr[i] != 0) return false;
    }
    return c.addr[10] == 0xff && c.addr[11] == 0xff;
}

int familyBits(const Cidr& c) { return c.v6 ? 128 : 32; }

// `c` with every bit beyond c.prefix cleared.
Cidr masked(Cidr c) {
    for (int byte = 0; byte < 16; ++byte) {
        int keep = std::clamp(c.prefix - byte * 8, 0, 8);
        c.addr[byte] &= static_cast<uint8_t>(0xff00 >> keep);
    }
    return c;
}

// The first `bits` bits of a and b are equal.
bool samePrefixBits(const Cidr& a, const Cidr& b, int bits) {
    for (int byte = 0; byte * 8 < bits; ++byte) {
        int keep = std::min(bits - byte * 8, 8);
        auto mask = static_cast<uint8_t>(0xff00 >> keep);
        if ((a.addr[byte] & mask) != (b.addr[byte] & mask)) return false;
    }
    return true;
}

// The IPv4 equivalent of a mapped IPv6 prefix, for suggestions.
std::optional<Cidr> unmapped(const Cidr& c) {
    if (c.prefix < 96) return std::nullopt;
    Cidr v4;
    std::copy(c.addr.begin() + 12, c.addr.end(), v4.addr.begin());
    v4.prefix = c.prefix - 96;
    return masked(v4);
}

}  // namespace

std::string Cidr::str() const {
    std::string out;
    auto appendV4 = [&out](const uint8_t* b) {
        for (int i = 0; i < 4; ++i) {
            if (i) out += '.';
            out += std::to_string(b[i]);
        }
    };
    if (!v6) {
        appendV4(addr.data());
    } else if (isV4Mapped(*this)) {
        out = "::ffff:";  // RFC 5952 section 5: mixed notation for mapped
        appendV4(addr.data() + 12);
    } else {
        int groups[8];
        for (int g = 0; g < 8; ++g) groups[g] = addr[2 * g] << 8 | addr[2 * g + 1];
        // Longest run of >= 2 zero groups; the first one wins ties (RFC 5952 4.2).
        int bestStart = -1, bestLen = 1;
        for (int g = 0; g < 8;) {
            int end = g;
            while (end < 8 && groups[end] == 0) ++end;
            if (end - g > bestLen) bestStart = g, bestLen = end - g;
            g = end == g ? g + 1 : end;
        }
        static constexpr char kHex[] = "0123456789abcdef";
        for (int g = 0; g < 8; ++g) {
            if (g == bestStart) {
                out += "::";
                g += bestLen - 1;
                continue;
            }
            if (g > 0 && g != bestStart + bestLen) out += ':';
            bool started = false;
            for (int shift = 12; shift >= 0; shift -= 4) {
                int nibble = (groups[g] >> shift) & 0xf;
                if (nibble || started || shift == 0) out += kHex[nibble], started = true;
            }
        }
    }
    return out + '/' + std::to_string(prefix);
}

CidrParse parseCidr(std::string_view text) {
    CidrParse result;
    if (text.empty()) {
        result.error = "empty CIDR";
        return result;
    }
    std::size_t slash = text.find('/');
    RawAddr raw = parseRawAddress(text.substr(0, slash));
    if (!raw.error.empty()) {
        result.error = raw.error;
        return result;
    }
    Cidr c = raw.cidr;  // prefix is the full length for now
    const int bits = familyBits(c);

    if (slash == std::string_view::npos) {
        if (isV4Mapped(c)) {
            result.error = "IPv4-mapped IPv6 address is not allowed";
            result.suggestion = unmapped(c);
        } else {
            result.error = "missing prefix length";
            result.suggestion = c;  // the single address: /32 or /128
        }
        return result;
    }

    std::string_view len = text.substr(slash + 1);
    if (len.empty()) {
        result.error = "missing prefix length";
        result.suggestion = c;
        return result;
    }
    for (char ch : len) {
        if (!isDigit(ch)) {
            result.error = ch == '/' ? "more than one '/'" : "prefix length must be a decimal number";
            return result;
        }
    }
    if (len.size() > 1 && len[0] == '0') {
        result.error = "prefix length has a leading zero";
        return result;
    }
    int value = 0;
    for (char ch : len) value = std::min(value * 10 + (ch - '0'), 1000);  // saturate
    if (value > bits) {
        result.error = "prefix length out of range (0-" + std::to_string(bits) + ")";
        return result;
    }
    c.prefix = value;

    if (isV4Mapped(c)) {
        result.error = "IPv4-mapped IPv6 address is not allowed";
        result.suggestion = unmapped(c);
        return result;
    }
    if (masked(c) != c) {
        result.error = "has bits set beyond the prefix length";
        result.suggestion = masked(c);
        return result;
    }
    result.cidr = c;
    return result;
}

std::optional<Cidr> parseAddress(std::string_view text) {
    RawAddr raw = parseRawAddress(text);
    if (!raw.error.empty() || isV4Mapped(raw.cidr)) return std::nullopt;
    return raw.cidr;
}

bool contains(const Cidr& outer, const Cidr& inner) {
    return outer.v6 == inner.v6 && outer.prefix <= inner.prefix &&
           samePrefixBits(outer, inner, outer.prefix);
}

bool strictlyContains(const Cidr& outer, const Cidr& inner) {
    return outer.prefix < inner.prefix && contains(outer, inner);
}

bool overlaps(const Cidr& a, const Cidr& b) {
    return contains(a, b) || contains(b, a);
}

bool containsAddress(const Cidr& cidr, std::string_view ip) {
    std::optional<Cidr> addr = parseAddress(ip);
    return addr && contains(cidr, *addr);
}

}  // namespace nplc::util
