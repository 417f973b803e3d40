#include "console/authorization_flow.hpp"

#include <algorithm>

#include "console/end_user_id.hpp"
#include "console/openid_nonce.hpp"
#include "console/profile_endpoints.hpp"
#include "console/redaction.hpp"
#include "oauth/callback.hpp"
#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"
#include "oauth/token_request.hpp"
#include "oauth/url.hpp"

namespace zc {

using nlohmann::json;

namespace {
// The code exchange (RFC 6749 s4.1.3) of `code` by `profile_id` at `token_url` of `accounts_server`.
InFlight exchange_of(const std::string& profile_id, const std::string& accounts_server, const std::string& token_url,
                     const std::string& code) {
  InFlight exchange;
  exchange.purpose = Purpose::kExchange;
  exchange.profile_id = profile_id;
  exchange.accounts_server = accounts_server;
  exchange.url = token_url;
  exchange.code = code;
  return exchange;
}
}  // namespace

AuthorizationFlow::AuthorizationFlow(std::string base_url) : base_url_(std::move(base_url)) {}

void AuthorizationFlow::load(const json& pending, std::int64_t now, Outbox& out) {
  if (!pending.is_array()) return;
  for (const json& j : pending) {
    auto p = pending_from_json(j);
    if (!p) continue;
    if (p->exchanging_since != 0) {
      // Its code was on its way to the token endpoint when the last page closed or reloaded.
      out.remove("pending", p->state);
      Error e{"flow.interrupted",
              "The last authorization was interrupted while its grant code was being exchanged (the page was "
              "reloaded or closed before the answer came). The code may be spent; press Authorize again.",
              "RFC 6749 s4.1.3"};
      out.set_error(e);
      out.set_status(e.message);
      out.add_log(now, "error", e.message);
      continue;
    }
    // An expired entry leaves storage now, but stays in memory for this page so that its callback,
    // if it is this page's address, is refused as expired (the rule that applies), not as unknown.
    if (now - p->created_at > kPendingLifetime) out.remove("pending", p->state);
    pending_[p->state] = *p;
  }
}

// [SECTION] Redirect flow

std::optional<Error> AuthorizationFlow::require_end_user(const Profile& profile, const std::string& end_user,
                                                         std::int64_t now, Outbox& out) const {
  auto e = end_user_id_error(profile, end_user);
  if (e) out.fail(*e, now);
  return e;
}

std::optional<Error> AuthorizationFlow::start(const Profile& profile, const Result<std::string>& url,
                                              const std::string& state, std::int64_t now,
                                              const std::string& code_verifier, const std::string& code_challenge,
                                              const std::string& end_user, Outbox& out, const std::string& nonce) {
  if (profile.client_type == ClientType::kSelf) {
    return out.fail({"authorize.self_client",
                     "A self client has no redirect: generate a grant code in Zoho's API console (Self Client > "
                     "Generate Code) and paste it into Grant Code.",
                     "Zoho OAuth: Self client"}, now);
  }
  if (!is_valid_state(state)) {
    // docs/SECURITY.md rule 2: a guessable state would let another site plant its own grant code (CSRF).
    return out.fail({"authorize.state", "The state this browser made is weaker than 256 random bits; nothing was "
                                        "sent. Reload the page and press Authorize again.", "RFC 6749 s10.12"}, now);
  }
  if (profile.pkce && code_challenge.empty()) {
    return out.fail({"authorize.pkce", "PKCE is on but no code challenge was made; this browser may lack WebCrypto "
                                       "(it needs https or localhost).", "RFC 7636 s4.2"}, now);
  }
  // A caller that makes no nonce (the model's API before OpenID Connect) authorizes as before; the browser
  // shell always makes one (wasm/effect_runner.cpp).
  const bool openid = asks_for_id_token(profile.scopes) && !nonce.empty();
  if (auto e = openid ? nonce_problem(nonce) : std::nullopt) {
    out.fail(*e, now);
    return e;
  }
  if (!url.ok()) {
    out.fail(url.error(), now);
    return url.error();
  }
  PendingAuthorization p = pending_authorization_for(profile, base_url_, state, now);
  p.profile_id = profile.id;
  p.end_user = profile.authorization_mode == AuthorizationMode::kEndUser ? end_user : "";
  p.code_verifier = profile.pkce ? code_verifier : "";
  p.nonce = openid ? nonce : "";
  pending_[state] = p;
  out.put("pending", state, pending_to_json(p));
  std::string query = "state=" + percent_encode(state);
  if (profile.pkce) query += "&code_challenge=" + percent_encode(code_challenge) + "&code_challenge_method=S256";
  if (openid) query += "&nonce=" + percent_encode(nonce);
  const std::string full = append_query(url.value(), query);
  out.push(Navigate{full});
  out.set_phase(FlowPhase::kRedirecting);
  out.clear_error();
  out.set_status("Redirecting to the authorization server...");
  out.add_log(now, "request", "GET " + redact_url(full));
  LoggedRequest sent{Party::kBrowser, Party::kAccountsServer, "GET", redact_url(full)};
  sent.starts = true;
  out.log_request(std::move(sent));
  return std::nullopt;
}

std::optional<AcceptedRedirect> AuthorizationFlow::receive(const std::string& url, std::int64_t now, Outbox& out) {
  // docs/SECURITY.md rule 6: the response leaves the address bar before anything else happens.
  out.push(ReplaceUrl{strip_query_and_fragment(url)});
  // A code comes in the query; an implicit token in the fragment (RFC 6749 s4.2.2). Each is read only in
  // its own place (docs/SECURITY.md rule 3).
  const ResponseMode mode = looks_like_callback(url, ResponseMode::kQuery) ? ResponseMode::kQuery : ResponseMode::kFragment;
  auto parsed = parse_callback(url, mode);
  if (!parsed.ok()) {
    out.fail(parsed.error(), now);
    return std::nullopt;
  }
  const CallbackResponse& r = parsed.value();
  out.add_log(now, "response", "Callback " + redact_url(url));
  out.log_request({Party::kBrowser, Party::kConsole, "GET", redact_url(url)});
  // Single flight per grant code (docs/SECURITY.md rule 6): a second render or a replayed address is ignored,
  // and the flow keeps the outcome of the first exchange.
  if (!r.code.empty() && spent(r.code)) {
    out.add_log(now, "info", "This grant code was already exchanged; it is not sent again.");
    return std::nullopt;
  }
  const auto it = pending_.find(r.state);
  if (r.state.empty() || it == pending_.end()) {
    out.fail({"callback.state_unknown",
              "The callback's state matches no authorization started here (it was already used, expired, or "
              "belongs to another browser). Nothing was sent. Press Authorize to start again.",
              "RFC 6749 s10.12"},
             now);
    return std::nullopt;
  }
  PendingAuthorization pending = std::move(it->second);
  pending_.erase(it);
  out.remove("pending", pending.state);
  if ((pending.response_type == "token") != (mode == ResponseMode::kFragment)) {
    out.fail({"callback.response_mode",
              "The response came in the " + std::string(mode == ResponseMode::kQuery ? "query" : "fragment") +
                  ", but this authorization expects it in the " +
                  (pending.response_type == "token" ? "fragment (implicit grant)." : "query (code grant).") +
                  " Nothing was used. Check the profile's client type.",
              "RFC 6749 s4.1.2, s4.2.2"},
             now);
    return std::nullopt;
  }
  auto accepted = accept_callback(r, pending, base_url_, now);
  if (!accepted.ok()) {
    out.fail(accepted.error(), now);
    return std::nullopt;
  }
  return AcceptedRedirect{std::move(pending), std::move(accepted).value()};
}

void AuthorizationFlow::implicit_authorized(const std::string& end_user, std::int64_t now, Outbox& out) {
  last_end_user_ = end_user;
  out.authorized("Authorized (implicit grant): access token received. A client-based app gets no refresh token; "
                 "press Authorize again when it expires.",
                 now);
}

Call AuthorizationFlow::exchange_redirected(const AcceptedRedirect& accepted, const Profile& profile, std::int64_t now,
                                            Outbox& out) {
  const PendingAuthorization& pending = accepted.pending;
  const AcceptedCallback& a = accepted.callback;
  exchanged_codes_.push_back(a.code);
  PendingAuthorization marked = pending;
  marked.exchanging_since = now;
  out.put("pending", pending.state, pending_to_json(marked));  // deleted when the answer arrives
  InFlight exchange = exchange_of(pending.profile_id, a.accounts_server, a.token_url, a.code);
  exchange.end_user = pending.end_user;
  exchange.redirect_uri = pending.redirect_uri;
  exchange.pending_state = pending.state;
  exchange.nonce = pending.nonce;  // the id_token in the answer must carry it (OpenID Connect Core s3.1.3.7)
  out.set_phase(FlowPhase::kExchanging);
  out.set_status("Exchanging the grant code at " + a.token_url + "...");
  return Call{build_code_exchange(a.token_url, client_credentials(profile), a.code, pending.redirect_uri,
                                  pending.code_verifier),
              std::move(exchange)};
}

bool AuthorizationFlow::spent(std::string_view code) const {
  return std::find(exchanged_codes_.begin(), exchanged_codes_.end(), code) != exchanged_codes_.end();
}

void AuthorizationFlow::release_code(const std::string& code) {
  exchanged_codes_.erase(std::remove(exchanged_codes_.begin(), exchanged_codes_.end(), code), exchanged_codes_.end());
}

// [SECTION] Self client

Result<std::string> AuthorizationFlow::pasted_code(const std::string& pasted, std::int64_t now, Outbox& out) const {
  // Pasted text often carries spaces or a newline around the code.
  std::string code;
  for (char c : pasted) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') code += c;
  }
  if (!code.empty()) return code;
  return out.fail({"self_client.code",
                   "Grant Code is empty: generate one in Zoho's API console (Self Client) and paste it.",
                   "Zoho OAuth: Self client"}, now);
}

Result<Call> AuthorizationFlow::exchange_pasted(const std::string& code, const Profile& draft, std::int64_t now,
                                                Outbox& out) {
  if (spent(code)) {
    return out.fail({"self_client.reused",
                     "This grant code was already exchanged; a code works once. Generate a new one.",
                     "RFC 6749 s4.1.2"}, now);
  }
  exchanged_codes_.push_back(code);
  clock_.stop();
  const ProfileEndpoints e = resolve_endpoints(draft, base_url_);
  const std::string accounts = e.token_url.substr(0, e.token_url.find("/oauth/"));
  out.set_phase(FlowPhase::kExchanging);
  out.clear_error();
  out.set_status("Exchanging the pasted grant code at " + e.token_url + "...");
  // A self client's token request carries no redirect_uri: there was no redirect.
  return Call{build_code_exchange(e.token_url, client_credentials(draft), code, "", ""),
              exchange_of(draft.id, accounts, e.token_url, code)};
}

Result<Call> AuthorizationFlow::generate_demo_code(const Profile& draft, std::int64_t now, Outbox& out) const {
  if (draft.provider != Provider::kZoho || draft.data_centre != "demo" || draft.client_type != ClientType::kSelf) {
    return out.fail({"self_client.not_demo",
                     "Only the demo data centre generates grant codes here; for Zoho, use the API console (Self "
                     "Client > Generate Code) and paste the code.",
                     "Zoho OAuth: Self client"}, now);
  }
  const std::string token_url = resolve_endpoints(draft, base_url_).token_url;
  const std::string url = token_url.substr(0, token_url.find("/oauth/")) + "/oauth/v2/self-client/code";
  HttpRequest r{"POST", url,
                {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}},
                form_serialize({{"client_id", draft.client_id},
                                {"client_secret", draft.client_secret},
                                {"scope", join_scopes(draft.scopes)},
                                {"minutes", std::to_string(clock_.minutes())}})};
  InFlight flight;
  flight.purpose = Purpose::kSelfCode;
  flight.profile_id = draft.id;
  flight.url = url;
  out.set_status("Generating a grant code in the demo's API console...");
  return Call{std::move(r), std::move(flight)};
}

void AuthorizationFlow::on_generated_code(const HttpResponse& response, const Profile& draft, std::int64_t now,
                                          Outbox& out) {
  const json j = parse_json(response.body);
  const std::string code = string_at(j, "code");
  if (response.status != 200 || code.empty()) {
    out.fail({"self_client.generate",
              "The demo's API console made no code: " +
                  printable(string_at(j, "error").empty() ? response.body : string_at(j, "error"), 200) +
                  ". Check Client Id, Client Secret and Scopes.",
              "Zoho OAuth: Self client"},
             now);
    return;
  }
  generated_code_ = code;
  clock_.started(now);
  out.note("The demo's API console generated a grant code for " + join_scopes(draft.scopes) + " (it lives " +
               std::to_string(clock_.minutes()) + " minutes). It is in the Grant Code box: press Exchange code.",
           now);
}

}  // namespace zc
