// The console's requests in flight: what each HTTP request the model sent was for, so its answer is
// read by the handler of that purpose. Ids are the model's own (Effect Http::request_id), never reused
// within a page's life (docs/ARCHITECTURE.md "Layers": the shell answers by id).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "oauth/http.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// What a request is for. The accounts-server purposes (exchange, refresh, revoke, client credentials) go through the
/// profile's relay when it names one (README "Relay"); the CRM calls go to the token set's API domain.
enum class Purpose {
  kExchange,   // grant code -> token set (RFC 6749 s4.1.3), after a redirect or for a pasted code
  kRefresh,    // refresh token -> new access token (RFC 6749 s6)
  kRevoke,     // Zoho's revoke endpoint (Zoho OAuth: Revoke tokens)
  kSelfCode,   // the demo's "Self Client > Generate Code" (Zoho OAuth: Self client)
  kCrmGet,     // Test connection: GET Leads
  kCrmCreate,  // Create test lead: POST Leads
  kClientCredentials,  // Get token: client id and secret -> access token (RFC 6749 s4.4; Zoho self client)
  kDeviceCode,  // the device authorization request (RFC 8628 s3.1; Zoho: Initiation request)
  kDevicePoll,  // one poll of the device flow's token endpoint (RFC 8628 s3.4; Zoho: Polling request)
  kOpenIdConfiguration,  // verifying an id_token: the issuer's discovery document (OpenID Connect Discovery 1.0 s4)
  kJwks,                 // verifying an id_token: the JWK Set at its jwks_uri (RFC 7517 s5)
  kUserinfo,             // Call userinfo: GET with the access token as Bearer (OpenID Connect Core 1.0 s5.3)
  kDiscover,             // Discover: a custom provider's metadata for the form (OIDC Discovery s4, RFC 8414 s3)
  kScenario,             // the demo's failure scenario armed or disarmed (console/scenario_rehearsal.hpp)
};

/// True for the purposes answered by the accounts server (exchange, refresh, revoke, client credentials,
/// the device flow's).
bool goes_to_accounts_server(Purpose purpose);

/// One request in flight. Members are set by name; those a purpose does not use stay empty.
struct InFlight {
  Purpose purpose = Purpose::kExchange;
  std::string profile_id;
  std::string end_user;
  std::string accounts_server;    // the accounts server of the token set (or of the exchange)
  std::string url;                // where the request went (before any relay)
  std::string redirect_uri;       // exchange after a redirect; empty for a pasted code (self client)
  std::string held_access_token;  // refresh: the access token it replaces (cross-tab check)
  std::string relay;              // the relay it went through; empty: straight to the server
  std::string code;               // exchange: the grant code sent
  std::string pending_state;      // exchange after a redirect: its pending record, deleted on the answer
  std::string poll_url;           // device authorization request: the token endpoint its polls will go to
  std::string nonce;              // exchange of an OpenID Connect authorization: the nonce it sent
  std::string issuer;             // discovery (kOpenIdConfiguration, kJwks, kDiscover): the issuer it is for
  std::string scenario;           // kScenario: the id armed ("" disarms)
  std::int64_t sent_at = 0;       // Unix seconds when it was sent (the request timeout counts from here)
};

/// A request ready to send and what it is for: what a part of the model hands the model to send.
struct Call {
  HttpRequest request;
  InFlight flight;
};

/// What a request made with (or about) the stored token set `tokens` of `profile_id` and `end_user` is
/// for (refresh, revoke, the CRM calls): `purpose`, the set's accounts server, and `url`, where it goes.
InFlight token_set_call(Purpose purpose, const std::string& profile_id, const std::string& end_user,
                        const TokenSet& tokens, const std::string& url);

/// A GET of a provider's public metadata for `issuer` (a discovery document, a JWK Set: no credential
/// goes with it), answered as JSON; for the token set or draft of `profile_id` and `end_user`.
Call metadata_call(Purpose purpose, const std::string& url, const std::string& issuer, const std::string& profile_id,
                   const std::string& end_user = "");

/// The requests in flight, by id. Ids start at 1 and grow by one per request.
class RequestLedger {
 public:
  /// Records `flight` and returns its new id.
  int open(InFlight flight);
  /// The request `id`, or nullptr when it is not in flight (answered, dropped, or never sent).
  const InFlight* find(int id) const;
  /// Removes and returns the request `id`; nullopt when it is not in flight.
  std::optional<InFlight> close(int id);
  /// True while a refresh of the token set of `profile_id` and `end_user` is in flight (docs/SECURITY.md
  /// rule 9: one refresh per token set at a time).
  bool refreshing(const std::string& profile_id, const std::string& end_user) const;
  bool empty() const { return in_flight_.empty(); }
  /// The ids of the requests in flight sent before `time` (Unix seconds), oldest first.
  std::vector<int> sent_before(std::int64_t time) const;

 private:
  std::map<int, InFlight> in_flight_;
  int next_id_ = 1;
};

}  // namespace zc
