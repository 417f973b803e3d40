#include "console/grant_code_clock.hpp"

namespace zc {

void GrantCodeClock::edited(const std::string& code, std::int64_t now) {
  if (code.find_first_not_of(" \t\r\n") == std::string::npos) {
    since_ = 0;
  } else if (since_ == 0) {
    since_ = now;
  }
}

void GrantCodeClock::set_minutes(int minutes) {
  // The durations Zoho's API console offers for a self client's grant code.
  if (minutes == 3 || minutes == 5 || minutes == 7 || minutes == 10) minutes_ = minutes;
}

std::optional<std::int64_t> GrantCodeClock::seconds_left(std::int64_t now) const {
  if (since_ == 0) return std::nullopt;
  return since_ + std::int64_t{minutes_} * 60 - now;
}

}  // namespace zc
