// Zoho's token limits counted from what this console saw (console/token_history.hpp), before they bite
// (docs/ZOHO.md "Limits" and "Token budget"): at most 20 refresh tokens per user and client, the 21st
// deleting the oldest without a word; at most 10 access tokens from one refresh token in 10 minutes, the
// 11th answered with the throttle. Warnings only: the console never blocks the action.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "console/token_history.hpp"

namespace zc {

/// Refresh tokens Zoho keeps per user and client; issuing one more deletes the oldest.
inline constexpr int kZohoRefreshTokenLimit = 20;
/// Access tokens one refresh token may give in kZohoAccessTokenWindow seconds.
inline constexpr int kZohoAccessTokenLimit = 10;
inline constexpr std::int64_t kZohoAccessTokenWindow = 600;

/// The counts for one token set, and what to say before the next action.
struct TokenBudget {
  /// Refresh tokens issued and not revoked, over every token set of the same client id and user.
  int refresh_tokens = 0;
  /// Access tokens this set's current refresh token gave in the last kZohoAccessTokenWindow seconds
  /// (its refreshes since it was issued; the exchange's own access token did not come from it).
  int access_tokens = 0;
  /// Seconds until the oldest of those leaves the window (0: none counted).
  std::int64_t window_frees_in = 0;
  /// Not empty when Authorize again would issue the 21st refresh token (the oldest is then deleted).
  std::string authorize_warning;
  /// Not empty when the next refresh would be the 11th access token in the window (throttled).
  std::string refresh_warning;
};

/// Counts for token set `own` at `now` (Unix seconds). `same_client_user`: the histories of every set of
/// the same client id and user, `own` among them. An event at exactly now - kZohoAccessTokenWindow has left
/// the window.
TokenBudget token_budget(const std::vector<const TokenHistory*>& same_client_user, const TokenHistory& own,
                         std::int64_t now);

}  // namespace zc
