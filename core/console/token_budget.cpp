#include "console/token_budget.hpp"

#include <algorithm>

namespace zc {

TokenBudget token_budget(const std::vector<const TokenHistory*>& same_client_user, const TokenHistory& own,
                         std::int64_t now) {
  TokenBudget b;
  for (const TokenHistory* h : same_client_user) {
    int live = 0;  // a new authorization leaves the set's earlier refresh tokens alive at Zoho; Revoke ends one
    for (const TokenEvent& e : *h) live += e.kind == TokenEventKind::kIssued ? 1 : e.kind == TokenEventKind::kRevoked ? -1 : 0;
    b.refresh_tokens += std::max(live, 0);
  }
  // Only the refreshes of the current refresh token: those after the set's last issue.
  for (const TokenEvent& e : own) {
    if (e.kind == TokenEventKind::kIssued) {
      b.access_tokens = 0;
      b.window_frees_in = 0;
    } else if (e.kind == TokenEventKind::kRefreshed && e.at > now - kZohoAccessTokenWindow && e.at <= now) {
      if (b.access_tokens++ == 0) b.window_frees_in = e.at + kZohoAccessTokenWindow - now;
    }
  }
  if (b.refresh_tokens >= kZohoRefreshTokenLimit) {
    b.authorize_warning = "Authorize again would issue refresh token " + std::to_string(b.refresh_tokens + 1) +
                          ": Zoho keeps 20 and silently deletes the oldest, maybe your integration's. Revoke a "
                          "token set you no longer need first.";
  }
  if (b.access_tokens >= kZohoAccessTokenLimit) {
    b.refresh_warning = "Refresh now would be access token " + std::to_string(b.access_tokens + 1) +
                        " in 10 minutes: Zoho throttles past 10. Wait " + std::to_string(b.window_frees_in) +
                        " s; the current access token still works.";
  }
  return b;
}

}  // namespace zc
