#include "oauth/callback.hpp"

#include <set>

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

// True when a decoded value of the raw response part `part` can hold '&' or '%' at all: only an escape
// "%26" or "%25", or a '%' that percent_decode keeps literal, puts one there (a raw '&' separates the
// parameters). One sweep over the part spares the per-value sweeps of a callback without them, which is
// nearly every real one (issue 16: callback parsing >= 0.8x the plain form parser).
bool may_hold_separators(std::string_view part) {
  for (size_t at = part.find('%'); at != std::string_view::npos; at = part.find('%', at + 1)) {
    const int byte = percent_escape_at(part, at);
    if (byte < 0 || byte == '&' || byte == '%') return true;
  }
  return false;
}

// How a copied callback lost its separators, or nullptr when it did not. From an HTML page or an e-mail,
// '&' arrives as an entity ("&amp;", "&AMP;", "&#38;", "&#038;", "&#x26;"; a '#' one cuts the rest off
// into a fragment). Through a URL encoder it arrives as "%26" (once or twice encoded), so one
// parameter's value holds "&state=..." or "%26state%3D...". Any such separator in front of a response
// parameter's name is named: reading on would lose the parameters after it (Multi-DC's accounts-server,
// say) or send a code with another parameter glued to it. `part` is the raw response part (a view into
// `url`); only its separators count, an entity is read on into the rest of `url` (past a '#').
const char* mangled_separators(std::string_view url, std::string_view part, const Params& params) {
  const size_t offset = static_cast<size_t>(part.data() - url.data());
  for (size_t at = part.find('&'); at != std::string_view::npos; at = part.find('&', at + 1)) {
    if (ampersand_entity(url.substr(offset + at + 1)) != 0) return "&amp;";
  }
  if (!may_hold_separators(part)) return nullptr;
  for (const auto& [name, value] : params) {
    if (glues_a_response_parameter(value)) return "%26";
  }
  return nullptr;
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
  // Views, not copies: only the response part is read (and decoded once, by form_parse).
  const auto parts = split_url(url, "Callback URL");
  if (!parts.ok()) {
    return Error{"callback.url", "The callback is not an absolute URL; paste the whole address from the browser.",
                 "RFC 6749 s4.1.2"};
  }
  // Built inside the Result it is returned in (no move of a dozen strings on the way out).
  Result<CallbackResponse> result{CallbackResponse{}};
  CallbackResponse& r = result.value();
  const std::string_view part = mode == ResponseMode::kFragment ? parts.value().fragment : parts.value().query;
  r.all = form_parse(part);
  if (r.all.empty()) {
    return Error{"callback.empty",
                 std::string("The callback URL carries no authorization response (no code, error or state parameter) in its ") +
                     (mode == ResponseMode::kQuery ? "query; a token in the fragment (#access_token=...) means the "
                                                     "client type is client-based."
                                                   : "fragment; a code in the query (?code=...) means the client type "
                                                     "is server-based."),
                 "RFC 6749 s4.1.2"};
  }
  if (const char* how = mangled_separators(url, part, r.all)) {
    const bool percent = std::string_view(how) == "%26";
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
