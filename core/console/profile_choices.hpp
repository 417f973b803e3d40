// The closed choices of an authorization profile, as types. Each is spelled in profile JSON exactly as
// docs/ARCHITECTURE.md "Profile JSON, version 1" shows; spelling() and parse_choice() are the only places that
// know the spellings, so the rest of the console compares values, never text.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace zc {

/// Whose authorization server: Zoho's (a data centre from the table) or any other OAuth 2.0 server.
/// JSON `provider`: `zoho` | `custom`.
enum class Provider { kZoho, kCustom };

/// Zoho's three kinds of client (Zoho OAuth: Register your application). JSON `clientType`:
/// `server` (code grant with a secret) | `client` (implicit grant, RFC 6749 s4.2) | `self` (a grant code
/// generated in Zoho's API console and pasted, no redirect) | `client-credentials` (a self client asking
/// with its id and secret alone, Zoho OAuth: Self client - client credentials flow; RFC 6749 s4.4 for a
/// custom provider) | `non-browser` (the device flow: a user code typed on another device, then polling;
/// Zoho OAuth: Non-browser applications, RFC 8628).
enum class ClientType { kServer, kClient, kSelf, kClientCredentials, kNonBrowser };

/// Who authorizes (Integration guide: Allow Users to Authorize the Integration). JSON
/// `authorizationMode`: `pre-authorize` (the developer, once) | `end-user` (each end user for themselves).
enum class AuthorizationMode { kPreAuthorize, kEndUser };

/// Zoho's access_type parameter: `offline` (a refresh token comes with the first consent) | `online`.
enum class AccessType { kOffline, kOnline };

/// How the token endpoint gets the client id and secret (RFC 6749 s2.3.1). JSON `clientAuthentication`:
/// `body` (client_secret_post) | `basic` (HTTP Basic) | `none` (a public client, RFC 6749 s2.1: the id alone).
enum class ClientAuthentication { kBody, kBasic, kNone };

/// The JSON spellings of a choice type, indexed by the enumerator's value (declaration order).
template <typename Choice>
struct ChoiceSpellings;
template <>
struct ChoiceSpellings<Provider> {
  static constexpr std::array<const char*, 2> names{"zoho", "custom"};
};
template <>
struct ChoiceSpellings<ClientType> {
  static constexpr std::array<const char*, 5> names{"server", "client", "self", "client-credentials", "non-browser"};
};
template <>
struct ChoiceSpellings<AuthorizationMode> {
  static constexpr std::array<const char*, 2> names{"pre-authorize", "end-user"};
};
template <>
struct ChoiceSpellings<AccessType> {
  static constexpr std::array<const char*, 2> names{"offline", "online"};
};
template <>
struct ChoiceSpellings<ClientAuthentication> {
  static constexpr std::array<const char*, 3> names{"body", "basic", "none"};
};

/// How many values a choice type has.
template <typename Choice>
inline constexpr std::size_t kChoiceCount = ChoiceSpellings<Choice>::names.size();

/// The JSON spelling of `value`, e.g. spelling(ClientType::kSelf) is "self".
template <typename Choice>
constexpr const char* spelling(Choice value) {
  return ChoiceSpellings<Choice>::names[static_cast<std::size_t>(value)];
}

/// The value spelled `text` (exact, case-sensitive), or nullopt for any other text.
template <typename Choice>
std::optional<Choice> parse_choice(std::string_view text) {
  const auto& names = ChoiceSpellings<Choice>::names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (text == names[i]) return static_cast<Choice>(i);
  }
  return std::nullopt;
}

}  // namespace zc
