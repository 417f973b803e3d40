#include "console/end_user_id.hpp"

#include <algorithm>

namespace zc {

std::optional<Error> end_user_id_error(const Profile& profile, std::string_view end_user) {
  constexpr const char* kSource = "Integration guide: Allow Users to Authorize the Integration";
  if (profile.authorization_mode == AuthorizationMode::kEndUser && end_user.empty()) {
    return Error{"authorize.end_user",
                 "In end-user mode each end user authorizes for themselves: enter the End User Id first.", kSource};
  }
  if (std::any_of(end_user.begin(), end_user.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    return Error{"authorize.end_user",
                 "The end-user id holds a control character; an end-user id is printable text (it names the end "
                 "user's token set in storage).",
                 kSource};
  }
  return std::nullopt;
}

}  // namespace zc
