// The demo accounts server's device flow, as Zoho documents it for non-browser applications (docs/ZOHO.md
// "Device flow"): the initiation request, the verification page where the person types the user code and
// chooses a data centre, and the polling request with its feedback (authorization_pending, slow_down,
// access_denied, expired, other_dc with user_location) or the token answer. Its own file: one concept, and
// the rules the console's polling is tested against (interval, expiry, the other data centre).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "zoho/demo_http.hpp"
#include "zoho/demo_server.hpp"
#include "zoho/demo_state.hpp"

namespace zc::demo {

/// How long a user code lives (Zoho: "Validity: 5 minutes") and the interval the demo announces and
/// enforces (Zoho's polling page: one request per 30 seconds), in seconds.
inline constexpr std::int64_t kDeviceCodeLifetime = 300;
inline constexpr std::int64_t kDeviceInterval = 30;

/// POST `{accounts}/oauth/v3/device/code` (parameters in the query or a form body): grant_type=device_request,
/// client_id (kDemoClientId), scope, access_type, prompt. Answers 200 {"device_code","expires_in",
/// "interval","user_code","verification_url"} (seconds); errors in Zoho's token-endpoint shape (HTTP 200,
/// one key `error`): invalid_client, unsupported_grant_type, invalid_scope (no scope). `entropy`: at least
/// 40 random bytes.
HttpResponse device_code(DemoState& state, const Route& route, const DemoRequest& request, std::int64_t now,
                         std::string_view entropy);

/// POST `{accounts}/oauth/v3/device/token` with client_id, client_secret, grant_type=device_token and
/// code={device_code}: `slow_down` when this accounts server was polled for the code less than
/// kDeviceInterval seconds ago; `expired` after kDeviceCodeLifetime; `authorization_pending` before the
/// decision; `access_denied` after Deny; `other_dc` with `user_location` when the person chose another data
/// centre than the one polled; else the token answer (once; then invalid_code). `entropy`: 64 bytes.
HttpResponse device_token(DemoState& state, const Route& route, const DemoRequest& request, std::int64_t now,
                          std::string_view entropy);

/// GET `{accounts}/oauth/v3/device`: the verification page (a user code field, prefilled from `user_code`
/// in the query; the person's data centre; Deny / Approve), whose form GETs `.../oauth/v3/device/decision`.
HttpResponse device_page(const Route& route, const std::string& base_url);

/// GET `{accounts}/oauth/v3/device/decision` with user_code, dc and decision (accept | deny): records the
/// decision on the live device code with that user code (case, spaces and dashes ignored) and shows a page
/// saying to return to the device; an unknown or expired code shows the page again with the error.
HttpResponse device_decision(DemoState& state, const Route& route, const std::string& base_url, std::int64_t now);

}  // namespace zc::demo
