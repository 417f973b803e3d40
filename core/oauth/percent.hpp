// Percent-encoding and application/x-www-form-urlencoded codecs.
// Sources: RFC 3986 s2.1-2.3 (percent-encoding, unreserved set), WHATWG URL Standard
// "application/x-www-form-urlencoded" (space as '+', byte serializer).
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zc {

/// RFC 3986 percent-encoding of a query or path component value: every byte outside the unreserved set
/// `ALPHA DIGIT - . _ ~` becomes `%XX` with upper-case hex. Input: bytes (UTF-8 text); output: ASCII.
std::string percent_encode(std::string_view bytes);

/// Percent-decoding: `%XX` (either hex case) becomes its byte; an invalid or truncated escape (`%zz`, `%4`)
/// stays literal. When `plus_is_space` is true a `+` decodes to a space (form bodies and query strings,
/// WHATWG); otherwise it stays a `+`.
std::string percent_decode(std::string_view text, bool plus_is_space);

/// The byte a valid escape `%XX` at `text[at]` decodes to (0-255), or -1 when `text[at]` is not '%' or
/// the escape is invalid or truncated (percent_decode keeps such a '%' literal).
int percent_escape_at(std::string_view text, size_t at);

/// WHATWG application/x-www-form-urlencoded byte serializer for one name or value: space -> `+`;
/// `*-._` and ASCII alphanumerics stay; every other byte -> `%XX` upper-case.
std::string form_encode(std::string_view bytes);

/// An ordered list of name/value pairs (order and duplicates kept: duplicates matter to callers).
using Params = std::vector<std::pair<std::string, std::string>>;

/// Serializes pairs as `name=value&...` with form_encode (token request bodies, RFC 6749 s4.1.3).
std::string form_serialize(const Params& params);

/// Parses `a=b&c=d` (no leading `?`) with WHATWG rules: empty pieces skipped, `+` is space, percent
/// escapes decoded, a piece without `=` has an empty value. Order and duplicates are kept.
Params form_parse(std::string_view text);

/// Serializes pairs as a URL query (no leading `?`) with RFC 3986 percent_encode, so a space is `%20` and
/// a comma is `%2C`: the server sees exactly the intended bytes whatever proxies re-encode.
std::string query_serialize(const Params& params);

}  // namespace zc
