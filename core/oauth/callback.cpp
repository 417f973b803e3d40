#include "oauth/callback.hpp"

#include <cstdint>
#include <cstring>
#include <set>
#include <tuple>
#include <utility>

#include "oauth/json_text.hpp"
#include "oauth/url.hpp"

namespace zc {
namespace {

std::string_view response_part(std::string_view url, ResponseMode mode) {
  const size_t hash = url.find('#');
  if (mode == ResponseMode::kFragment) {
    return hash == std::string_view::npos ? std::string_view() : url.substr(hash + 1);
  }
  const std::string_view before_fragment = url.substr(0, hash);
  const size_t question = before_fragment.find('?');
  return question == std::string_view::npos ? std::string_view() : before_fragment.substr(question + 1);
}

// The parameters CallbackResponse names, and where each goes.
struct Field {
  std::string_view name;
  std::string_view CallbackResponse::*member;
};
constexpr Field kFields[] = {
    {"code", &CallbackResponse::code},
    {"state", &CallbackResponse::state},
    {"location", &CallbackResponse::location},
    {"accounts-server", &CallbackResponse::accounts_server},
    {"error", &CallbackResponse::error},
    {"error_description", &CallbackResponse::error_description},
    {"access_token", &CallbackResponse::access_token},
    {"token_type", &CallbackResponse::token_type},
    {"expires_in", &CallbackResponse::expires_in},
    {"api_domain", &CallbackResponse::api_domain},
    {"iss", &CallbackResponse::iss},
};

// The names of an authorization response's parameters (RFC 6749 s4.1.2, s4.2.2; RFC 9207; Zoho Multi-DC).
constexpr std::string_view kResponseNames[] = {"code",       "state",      "location",   "accounts-server",
                                               "error",      "iss",        "access_token", "api_domain",
                                               "expires_in", "token_type", "scope",      "error_description"};

// An HTML character reference for '&' at the start of `text`, as a page or an e-mail writes one:
// "amp;" (any case), "#38;", "#038;", "#x26;", "#x026;" (within its first 12 characters). Its length, or 0.
size_t ampersand_entity(std::string_view text) {
  text = text.substr(0, 12);
  if (starts_with_lower(text, "amp;")) return 4;
  if (text.empty() || text[0] != '#') return 0;
  size_t i = 1;
  const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
  if (hex) ++i;
  while (i < text.size() && text[i] == '0') ++i;
  const std::string_view digits = hex ? "26;" : "38;";
  return starts_with_lower(text.substr(i), digits) ? i + digits.size() : 0;
}

// True when `value` holds a separator glued to a response parameter's name: "&code=" or, encoded once
// more, "%26code%3D" (any case).
bool glues_a_response_parameter(std::string_view value) {
  // One memchr sweep per separator (find_first_of("&%") would call memchr once per byte of the value).
  for (const char separator : {'&', '%'}) {
    const bool encoded = separator == '%';
    for (size_t at = value.find(separator); at != std::string_view::npos; at = value.find(separator, at + 1)) {
      const std::string_view rest = value.substr(at);
      if (encoded && !starts_with_lower(rest, "%26")) continue;
      const std::string_view after = rest.substr(encoded ? 3 : 1);
      for (std::string_view known : kResponseNames) {
        if (!starts_with_lower(after, known)) continue;
        const std::string_view tail = after.substr(known.size());
        if (encoded ? starts_with_lower(tail, "%3d") : tail.substr(0, 1) == "=") return true;
      }
    }
  }
  return false;
}

// The bytes the one pass over a response part stops at; every other byte is copied as it is. (Spaces and
// control characters are split_url's: it has refused the URL before the pass.)
constexpr unsigned char kSeparator = 1, kEquals = 2, kPercent = 3, kPlus = 4;
struct PartBytes {
  unsigned char of[256] = {};
  constexpr PartBytes() {
    of[static_cast<unsigned char>('&')] = kSeparator;
    of[static_cast<unsigned char>('=')] = kEquals;
    of[static_cast<unsigned char>('%')] = kPercent;
    of[static_cast<unsigned char>('+')] = kPlus;
  }
};
constexpr PartBytes kPartBytes;

// Where the next byte the pass stops at is, from `at` on; `text.size()` when there is none. Eight bytes at
// a time (the "has a zero byte" word trick of url.cpp's has_control, once per stop byte: exact as a yes/no
// answer), then byte by byte inside the word that has one: a code or a state is one long run of plain
// bytes, and a byte-by-byte table loop over them was most of the pass's time.
size_t next_stop(std::string_view text, size_t at) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  for (; at + 8 <= text.size(); at += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + at, 8);
    const std::uint64_t amp = w ^ (kOnes * '&'), eq = w ^ (kOnes * '=');
    const std::uint64_t pct = w ^ (kOnes * '%'), plus = w ^ (kOnes * '+');
    const std::uint64_t zero = ((amp - kOnes) & ~amp) | ((eq - kOnes) & ~eq) | ((pct - kOnes) & ~pct) |
                               ((plus - kOnes) & ~plus);
    if (zero & kHighs) break;
  }
  for (; at < text.size(); ++at) {
    if (kPartBytes.of[static_cast<unsigned char>(text[at])] != 0) return at;
  }
  return text.size();
}

// What the pass over a response part found besides its parameters. Its errors are given only once the
// pass is over, in the order parse_callback's errors take precedence.
struct PartScan {
  bool entity = false;  // an '&' written as an HTML character reference (ampersand_entity)
  bool glued = false;   // a value holding a separator glued to a response parameter's name
};

// `text` decoded as form_parse decodes a name or a value, copied as it is when the pass saw nothing in it
// to decode (nearly every code and state).
std::string form_decoded(std::string_view text, bool escaped) {
  return escaped ? percent_decode(text, true) : std::string(text);
}

// Splits, decodes and checks the raw response part `part` (a view into `url`) in one pass: appends its
// parameters to `params` exactly as form_parse(part) returns them (WHATWG application/
// x-www-form-urlencoded: empty pieces skipped, the first '=' splits, '+' is a space, escapes decoded) and
// reports the mangled separators it saw. One pass instead of form_parse followed by a sweep for entities
// and one for glued parameters: issue 16 wants callback parsing >= 0.8x the plain form parser.
PartScan scan_response_part(std::string_view url, std::string_view part, Params& params) {
  PartScan found;
  // A callback has a handful of parameters: one allocation for the list, growing only for more.
  params.reserve(8);
  size_t start = 0;                        // where the current '&'-separated piece starts
  size_t equals = std::string_view::npos;  // its first '=' (an index into `part`)
  bool name_escaped = false, value_escaped = false, value_percent = false;
  for (size_t i = next_stop(part, 0);; i = next_stop(part, i + 1)) {
    const unsigned char kind = i < part.size() ? kPartBytes.of[static_cast<unsigned char>(part[i])] : kSeparator;
    if (kind == kEquals) {
      if (equals == std::string_view::npos) equals = i;
    } else if (kind != kSeparator) {  // '%' or '+': the name or the value needs decoding
      if (equals == std::string_view::npos) {
        name_escaped = true;
      } else {
        value_escaped = true;
        value_percent = value_percent || kind == kPercent;
      }
    } else {
      if (i > start) {
        const std::string_view piece = part.substr(start, i - start);
        if (equals == std::string_view::npos) {
          params.emplace_back(form_decoded(piece, name_escaped), std::string());
        } else {
          const std::string_view name = piece.substr(0, equals - start);
          const std::string_view value = piece.substr(equals - start + 1);
          params.emplace_back(std::piecewise_construct, std::forward_as_tuple(form_decoded(name, name_escaped)),
                              std::forward_as_tuple(form_decoded(value, value_escaped)));
          // Only an escape puts an '&' or a '%' into a decoded value (a raw '&' separates), so only such a
          // value can hold a glued separator.
          if (value_percent && !found.glued) found.glued = glues_a_response_parameter(params.back().second);
        }
      }
      if (i == part.size()) return found;
      // The entity is read on into the rest of `url` (a '#' one cuts the rest off into a fragment).
      if (!found.entity) {
        const size_t offset = static_cast<size_t>(part.data() - url.data());
        found.entity = ampersand_entity(url.substr(offset + i + 1)) != 0;
      }
      start = i + 1;
      equals = std::string_view::npos;
      name_escaped = value_escaped = value_percent = false;
    }
  }
}

}  // namespace

void CallbackResponse::bind() {
  for (const auto& [known, member] : kFields) this->*member = {};
  for (auto it = all.rbegin(); it != all.rend(); ++it) {  // from the end: the first of a name wins
    for (const auto& [known, member] : kFields) {
      if (it->first == known) this->*member = it->second;
    }
  }
}

CallbackResponse& CallbackResponse::operator=(const CallbackResponse& other) {
  if (this != &other) {
    all = other.all;
    bind();
  }
  return *this;
}

bool looks_like_callback(std::string_view url, ResponseMode mode) {
  for (const auto& [name, value] : form_parse(response_part(url, mode))) {
    if (name == "code" || name == "error" || name == "state" || name == "access_token") return true;
  }
  return false;
}

Result<CallbackResponse> parse_callback(std::string_view url, ResponseMode mode) {
  // Views, not copies: only the response part is read, and decoded once.
  const auto parts = split_url(url, "Callback URL");
  if (!parts.ok()) {
    return Error{"callback.url", "The callback is not an absolute URL; paste the whole address from the browser.",
                 "RFC 6749 s4.1.2"};
  }
  // Built inside the Result it is returned in (no move of a dozen strings on the way out).
  Result<CallbackResponse> result{CallbackResponse{}};
  CallbackResponse& r = result.value();
  const std::string_view part = mode == ResponseMode::kFragment ? parts.value().fragment : parts.value().query;
  const PartScan found = scan_response_part(url, part, r.all);
  if (r.all.empty()) {
    return Error{"callback.empty",
                 std::string("The callback URL carries no authorization response (no code, error or state parameter) in its ") +
                     (mode == ResponseMode::kQuery ? "query; a token in the fragment (#access_token=...) means the "
                                                     "client type is client-based."
                                                   : "fragment; a code in the query (?code=...) means the client type "
                                                     "is server-based."),
                 "RFC 6749 s4.1.2"};
  }
  // How a copied callback lost its separators. From an HTML page or an e-mail, '&' arrives as an entity
  // ("&amp;", "&AMP;", "&#38;", "&#038;", "&#x26;"; a '#' one cuts the rest off into a fragment). Through
  // a URL encoder it arrives as "%26" (once or twice encoded), so one parameter's value holds
  // "&state=..." or "%26state%3D...". Any such separator in front of a response parameter's name is
  // named: reading on would lose the parameters after it (Multi-DC's accounts-server, say) or send a code
  // with another parameter glued to it.
  if (found.entity || found.glued) {
    const char* how = found.entity ? "&amp;" : "%26";
    const bool percent = !found.entity;
    return Error{"callback.mangled_separators",
                 std::string("The callback's parameters are joined by ") + how + " instead of &" +
                     (percent ? ": the address was percent-encoded a second time (by a URL encoder or a redirect "
                                "service), so code and state run together."
                              : ": the address was copied from an HTML page or an e-mail, which escapes & as " +
                                    std::string(how) + ".") +
                     " Nothing was used. Copy the address from the browser's address bar instead (or replace each " +
                     how + " with &), and load it again; a grant code lives only a minute or two, so you may have "
                           "to press Authorize again.",
                 "RFC 6749 s4.1.2; WHATWG URL: application/x-www-form-urlencoded"};
  }
  // Duplicate check: a linear scan for the handful of parameters a real callback has (no allocation),
  // a set for hostile inputs with thousands of them.
  std::set<std::string_view> seen;
  const bool many = r.all.size() > 16;
  for (size_t i = 0; i < r.all.size(); ++i) {
    const std::string& name = r.all[i].first;
    const std::string& value = r.all[i].second;
    bool repeated = false;
    if (many) {
      repeated = !seen.insert(name).second;
    } else {
      for (size_t k = 0; k < i && !repeated; ++k) repeated = r.all[k].first == name;
    }
    if (repeated) {
      return Error{"callback.duplicate_parameter",
                   "The callback repeats the parameter '" + printable(name, 40) +
                       "'; a response parameter must not be included more than once, so it was refused "
                       "(possible injection). Start the authorization again.",
                   "RFC 6749 s3.1"};
    }
    for (const auto& [known, member] : kFields) {
      if (name == known) {  // string_view: sizes first, bytes only when they match
        r.*member = value;  // a view into r.all, which never grows again
        break;
      }
    }
  }
  return result;
}

}  // namespace zc
