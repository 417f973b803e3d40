// What the console itself saw happen to one token set: issued (a code exchange, the device flow, client
// credentials, an implicit grant), refreshed, revoked. Kept with the set in its `tokens` record as
// `history` (docs/ARCHITECTURE.md "Contracts"), so Zoho's token limits can be counted after a reload
// (console/token_budget.hpp, docs/ZOHO.md "Token budget") and the token timeline drawn. A record written
// before it existed has none: it reads as an empty history.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace zc {

enum class TokenEventKind : std::uint8_t { kIssued, kRefreshed, kRevoked };

/// One event; `at` in Unix seconds.
struct TokenEvent {
  TokenEventKind kind = TokenEventKind::kIssued;
  std::int64_t at = 0;
  bool operator==(const TokenEvent& o) const { return kind == o.kind && at == o.at; }
};

/// Oldest first.
using TokenHistory = std::vector<TokenEvent>;

/// A history keeps at most this many events. Past it the oldest `refreshed` leaves first: the budget needs
/// refreshes of the last 600 s only, but every issue and revocation.
inline constexpr std::size_t kMaxTokenEvents = 64;

/// `issued`, `refreshed` or `revoked`: the spelling in storage and on screen.
const char* token_event_name(TokenEventKind kind);

/// Appends an event at `at` (Unix seconds), then trims the history to kMaxTokenEvents.
void record_token_event(TokenHistory& history, TokenEventKind kind, std::int64_t at);

/// The stored form: [{"event": "issued", "at": 1700000000}, ...].
nlohmann::json token_history_to_json(const TokenHistory& history);
/// Reads the stored form from a token record's `history` (`record`: {profileId, endUser, tokens, history});
/// anything else (absent, null, a wrong type) is an empty history, and an entry of an unknown event or
/// without an integer `at` is skipped. At most kMaxTokenEvents are kept.
TokenHistory token_history_of_record(const nlohmann::json& record);

}  // namespace zc
