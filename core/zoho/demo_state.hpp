// The demo data centre's memory, typed: the codes, tokens, consents and CRM records it has issued or
// stored. It exists apart from the server logic because it has a second life as JSON: the service worker
// (web/sw.js) keeps it in IndexedDB between its restarts, so its JSON form is a stored format. That form is
// the one the demo has always saved (state written by an earlier build still loads, and is written back
// the same), and a record read back is checked entry by entry, because IndexedDB can be wiped or corrupted
// (docs/SECURITY.md rule 11, storage faults: never a crash).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "zoho/demo_scenarios.hpp"

namespace zc {

/// A grant code the demo issued, from the consent decision or the self-client form. Kept (used or not)
/// until prune_demo_state() forgets it, so a second exchange meets `invalid_code` (Zoho Accounts
/// "Get access token": a code is single-use and lives 1-2 minutes).
struct DemoCode {
  std::string region;          // location of the data centre that issued it (`us`, `eu`, ...)
  std::string client_id;       // always kDemoClientId: the demo has one client
  std::string redirect_uri;    // as the authorization request gave it; "" for a self client's code
  std::string scope;           // as requested: Zoho's comma-separated list
  std::string access_type;     // `offline` asks for a refresh token
  std::string prompt;          // `consent` asks for a refresh token again after the first consent
  std::string code_challenge;  // RFC 7636 S256 challenge; "" when the request had none
  std::int64_t created_at = 0; // Unix seconds
  std::int64_t lifetime = 0;   // seconds (DemoServer::kCodeLifetime, or a self client's 3-10 minutes)
  bool used = false;           // exchanged once already
  std::string nonce;           // OpenID Connect: the request's nonce, put in the id_token; "" when none
};

/// An access token the demo issued (code exchange, refresh, or the implicit grant's redirect).
struct DemoAccessToken {
  std::string region;          // the only data centre whose CRM API accepts it
  std::string scope;           // granted scopes, comma-separated
  std::string refresh_token;   // the refresh token it was made from (revoking that kills it); "" when none
  std::int64_t expires_at = 0; // Unix seconds
};

/// A refresh token the demo issued, with what Zoho's limits need: the times of the access tokens it made
/// (the 10-per-10-minutes throttle) and its order of issue (the 21st deletes the oldest).
struct DemoRefreshToken {
  std::string region;                   // the only data centre that honours or revokes it
  std::string scope;                    // granted scopes, given again to every access token it makes
  std::vector<std::int64_t> requests;   // Unix seconds of the access tokens made in the last window
  std::optional<std::int64_t> issued;   // order of issue; absent in records saved before it existed
                                        // (such a token counts as the oldest)
};

/// A device authorization the demo issued (Zoho OAuth: Non-browser applications), keyed by its device code.
/// Lives kDeviceCodeLifetime seconds; the verification page records the person's decision and data centre.
struct DemoDeviceCode {
  std::string region;            // the data centre the device asked (the client's)
  std::string user_code;         // what the person types, e.g. "K7PD-93QX"
  std::string scope;             // as requested, comma-separated
  std::string access_type;       // `offline` asks for a refresh token
  std::string prompt;            // `consent` asks for one again after the first consent
  std::int64_t created_at = 0;   // Unix seconds
  std::string decision;          // "" (pending) | "accept" | "deny"
  std::string user_region;       // the data centre chosen on the verification page (accept only)
  std::string last_poll_region;  // where the last poll came (slow_down is counted per accounts server)
  std::int64_t last_poll_at = 0; // Unix seconds of that poll, 0 before the first
  bool used = false;             // its tokens were issued
};

/// A CRM record (the Leads module): Zoho's numeric-string `id` and the fields as the client sent them.
struct DemoRecord {
  std::string id;          // e.g. "572576700000045000"
  nlohmann::json fields;   // an object of the other fields, never holding `id`
};

/// Everything the demo remembers. The maps are keyed by the code or token itself.
struct DemoState {
  std::map<std::string, DemoCode> codes;
  std::map<std::string, DemoAccessToken> access_tokens;
  std::map<std::string, DemoRefreshToken> refresh_tokens;
  std::set<std::string> consents;  // "region|client_id" of every consent given (a refresh token needs the first)
  std::map<std::string, DemoDeviceCode> device_codes;
  std::map<std::string, std::vector<DemoRecord>> leads;  // per region; absent until its first CRM call
  std::int64_t next_lead_id = 45000;    // the next inserted record's id is "5725767000000" + this
  std::int64_t next_refresh_seq = 0;    // the next refresh token's `issued`
  DemoScenario scenario = DemoScenario::kNone;  // the failure scenario armed (zoho/demo_scenarios.hpp): it fires once
};

/// A record as one JSON object, its fields and its `id`: how the CRM API answers it and the state stores it.
nlohmann::json demo_record_json(const DemoRecord& record);

/// The state as the JSON object the service worker stores: {"version":1, "codes":{token:{...}},
/// "access_tokens", "refresh_tokens", "device_codes", "consents":{key:true}, "leads":{region:[record...]},
/// "next_lead_id", "next_refresh_seq", and "scenario" (its id) while one is armed}; every record's keys are its
/// struct's member names.
nlohmann::json demo_state_to_json(const DemoState& state);

/// The state stored in `saved`, entry by entry: an entry of the wrong shape or type is dropped (times and
/// counters must be integers in 0..10^11, so arithmetic on them cannot overflow); anything that is not a
/// version 1 object gives a fresh state. Never throws (a json type_error would abort the wasm build).
/// next_refresh_seq comes out past every kept token's `issued`, whatever `saved` says.
DemoState demo_state_from_json(const nlohmann::json& saved);

/// True when `scenario` is the one armed in `state`, which it then disarms: the scenario fires now, once.
bool take_scenario(DemoState& state, DemoScenario scenario);

/// Forgets what can no longer matter at `now` (Unix seconds): codes 20 minutes after issue (long past their
/// life, so a replay still meets invalid_code until then) and access tokens a day after they expired.
void prune_demo_state(DemoState& state, std::int64_t now);

}  // namespace zc
