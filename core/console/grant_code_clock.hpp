// The life of a self client's grant code (Zoho OAuth: Self client): the Time Duration chosen for it in
// Zoho's API console, and when the code appeared in the console's Grant Code field. The console cannot
// know when Zoho made the code, so what it shows is an upper bound of the time left.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace zc {

/// Times are Unix seconds; durations are whole minutes as Zoho's API console offers them.
class GrantCodeClock {
 public:
  /// The Grant Code field holds `code` at `now`: the clock starts when a code first appears (blank text
  /// is no code) and stops when the field is emptied.
  void edited(const std::string& code, std::int64_t now);
  /// A code appeared at `now` without typing (the demo generated it): the clock starts there.
  void started(std::int64_t now) { since_ = now; }
  /// The code was sent for exchange: it is spent, the clock stops.
  void stop() { since_ = 0; }
  /// Sets the Time Duration: 3, 5, 7 or 10 minutes; any other value is ignored. Default 3.
  void set_minutes(int minutes);
  int minutes() const { return minutes_; }
  /// At most how many seconds the entered code has left (negative once past); nullopt with no code.
  std::optional<std::int64_t> seconds_left(std::int64_t now) const;

 private:
  std::int64_t since_ = 0;  // when the field got its code; 0 when empty
  int minutes_ = 3;         // Zoho's API console's first choice
};

}  // namespace zc
