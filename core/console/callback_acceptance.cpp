#include "console/callback_acceptance.hpp"

#include <algorithm>
#include <utility>

#include "oauth/json_text.hpp"
#include "oauth/token_response.hpp"
#include "oauth/url.hpp"
#include "zoho/data_centres.hpp"
#include "zoho/explain.hpp"

namespace zc {

namespace {
// The refusal of a callback naming an accounts server that is not where the authorization went, nor a
// data centre Zoho may move the user to (RFC 9700 s4.4: a mix-up attack).
Error accounts_server_refusal(const CallbackResponse& r, bool zoho) {
  return Error{"callback.accounts_server",
               "The callback names the accounts server '" + printable(r.accounts_server) + "', which is " +
                   (zoho ? "not one of Zoho's data centres" : "not where this authorization was sent (only Zoho "
                                                              "moves a user to another data centre)") +
                   ". It was refused and nothing was sent (this is how a mix-up attack would steal the code and "
                   "client secret). Start again from the console.",
               "RFC 9700 s4.4"};
}

// The refusal of a callback whose `iss` is not the `expected` issuer (RFC 9207 s2.4).
Error iss_refusal(const CallbackResponse& r, const std::string& expected, bool zoho) {
  return Error{"callback.iss",
               "The callback's issuer (iss) is '" + printable(r.iss, 120) + "', but this authorization was sent to '" +
                   printable(expected, 120) + "'. The answer may come from another server (a mix-up attack), so it "
                   "was refused and nothing was sent." +
                   (zoho ? std::string(" Start again from the console.")
                         : " If '" + printable(r.iss, 120) + "' really is your server's issuer, enter it as the "
                           "profile's Issuer exactly; then press Authorize again."),
               "RFC 9207 s2.4"};
}

// The authorization server's own `error` answer (RFC 6749 s4.1.2.1), explained.
Error server_refusal(const CallbackResponse& r, const PendingAuthorization& pending, const std::string& base_url) {
  const std::string code = error_code_from_server(r.error);
  Error e{code, "The authorization server answered " + code +
                    (r.error_description.empty() ? "." : " (" + printable(r.error_description, 300) + ")."),
          "RFC 6749 s4.1.2.1"};
  ExplainContext context{data_centre_label(pending.accounts_server, base_url), pending.redirect_uri,
                         pending.token_url, "callback"};
  context.zoho = pending.provider != Provider::kCustom;
  return explain_error(e, context);
}

// Implicit grant (Zoho client-based apps): `out.tokens` from the fragment, issued by `out.accounts_server`,
// with no refresh token. Its API domain: the fragment's when it is one of the table's of `user_dc`'s kind
// (the access token will be sent there), else `user_dc`'s. The error when the fragment does not do.
std::optional<Error> read_implicit_tokens(const CallbackResponse& r, const std::optional<DataCentre>& user_dc, bool zoho,
                                          const std::string& base_url, std::int64_t now, AcceptedCallback& out) {
  if (r.access_token.empty()) {
    return Error{"callback.access_token", "The callback carries no access_token. Press Authorize again.",
                 "RFC 6749 s4.2.2"};
  }
  // The fragment's token answer obeys the token endpoint's rules (lifetime readings, bearer type):
  // read it as the same JSON the token endpoint would have sent.
  nlohmann::json answer = nlohmann::json::object();
  for (const auto& [name, value] : r.all) {
    if (name == "access_token" || name == "token_type" || name == "expires_in" || name == "expires_in_sec" ||
        name == "scope") {
      answer[name] = value;
    }
  }
  auto parsed = parse_token_response(200, to_json_text(answer), std::nullopt, now, out.accounts_server,
                                     zoho ? ExpiresInReading::kZohoMillisecondsFallback : ExpiresInReading::kSeconds);
  if (!parsed.ok()) return parsed.error();
  TokenSet t = parsed.value();
  if (!r.api_domain.empty() && zoho) {
    const auto api = find_by_api_domain(r.api_domain, base_url);
    if (!api || !user_dc || api->demo != user_dc->demo) {
      return Error{"callback.api_domain",
                   "The callback names the API domain '" + printable(r.api_domain) +
                       "', which is not one of Zoho's; the token would be sent there. It was refused.",
                   "RFC 9700 s4.4"};
    }
    t.api_domain = r.api_domain;  // exactly as given: it is one of the table's (a sandbox host, say)
  } else if (user_dc) {
    t.api_domain = user_dc->api_domain;
  }
  out.tokens = t;
  return std::nullopt;
}
}  // namespace

Result<AcceptedCallback> accept_callback(const CallbackResponse& r, const PendingAuthorization& pending,
                                         const std::string& base_url, std::int64_t now) {
  if (r.state != pending.state) {
    return Error{"callback.state_mismatch",
                 "The callback's state does not match the authorization started here (possible CSRF). Nothing "
                 "was sent. Press Authorize to start again.",
                 "RFC 6749 s10.12"};
  }
  if (now - pending.created_at > kPendingLifetime) {
    return Error{"callback.state_expired",
                 "The authorization was started more than 10 minutes ago and has expired. Press Authorize again.",
                 "RFC 6749 s10.12"};
  }
  const bool zoho = pending.provider != Provider::kCustom;
  const auto started = zoho ? find_by_accounts_server(pending.accounts_server, base_url) : std::nullopt;
  // Zoho Multi-DC: the user's accounts server, when the callback names one of the table's other than the
  // one the request went to (scheme and host compared case-insensitively, RFC 3986 s6.2.2.1).
  std::optional<DataCentre> switched;
  if (!r.accounts_server.empty() && !same_url(r.accounts_server, pending.accounts_server)) {
    // Only one of the table's, only when the request itself went to one of the table's (a custom
    // provider never follows it), and only of the same kind (demo stays demo): anything else is a mix-up
    // attack that would hand the code and client secret to a stranger.
    const auto dc = find_by_accounts_server(r.accounts_server, base_url);
    if (!dc || !started || started->demo != dc->demo) {
      return accounts_server_refusal(r, zoho);
    }
    if (dc->accounts_server != started->accounts_server) switched = dc;
  }
  // RFC 9207 s2.4: an `iss` must be exactly the issuer the request went to (for Zoho, the accounts server
  // that answered: the user's after a Multi-DC switch). Checked on error responses too: a forged one
  // is a mix-up attempt whatever it carries.
  // Present counts, even empty: `iss=` is no issuer of anyone's.
  const bool has_iss = std::any_of(r.all.begin(), r.all.end(), [](const auto& p) { return p.first == "iss"; });
  if (has_iss && !pending.issuer.empty()) {
    const std::string expected = switched ? switched->accounts_server : pending.issuer;
    if (r.iss != expected) {
      return iss_refusal(r, expected, zoho);
    }
  }
  if (!r.error.empty()) {
    return server_refusal(r, pending, base_url);
  }
  AcceptedCallback out;
  out.accounts_server = pending.accounts_server;
  out.token_url = pending.token_url;
  out.location = r.location;
  std::optional<DataCentre> user_dc = started;
  if (switched) {
    user_dc = switched;
    out.accounts_server = switched->accounts_server;
    out.token_url = token_endpoint(*switched);
  }
  if (pending.response_type == "token") {
    if (auto e = read_implicit_tokens(r, user_dc, zoho, base_url, now, out)) return std::move(*e);
    return out;
  }
  if (r.code.empty()) {
    return Error{"callback.code", "The callback carries no code. Press Authorize again.", "RFC 6749 s4.1.2"};
  }
  out.code = r.code;
  return out;
}

}  // namespace zc
