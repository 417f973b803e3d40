// What an end-user id may be: any printable text, and one is required in end-user mode (the integration
// guide's "Allow Users to Authorize the Integration"). The id names the end user's token set in storage
// ("<profile id>/<end user>") and in the log, and storage keys reach the browser's IndexedDB as C strings:
// a NUL would cut "ada\0b" to "ada". So a control character is refused wherever an authorization starts
// (redirect or device flow, the End User Id field or an end-user link), before anything is stored.
#pragma once
#include <optional>
#include <string_view>

#include "console/profile.hpp"
#include "oauth/error.hpp"

namespace zc {

/// The refusal of `end_user` (UTF-8) as the end user an authorization of `profile` is for, or none. Errors,
/// code `authorize.end_user`: an empty id in end-user mode; an id holding a C0 control character or DEL
/// (in any mode).
std::optional<Error> end_user_id_error(const Profile& profile, std::string_view end_user);

}  // namespace zc
