// Reading the authorization response that comes back on the redirect URI. Sources: RFC 6749 s4.1.2 and
// s4.1.2.1 (code, state, error), s4.2.2 (implicit: parameters in the fragment), RFC 9700 s4.4 and
// RFC 9207 (mix-up: which server answered), Zoho "Multi DC" (`location`, `accounts-server`).
#pragma once
#include <string>
#include <string_view>

#include "oauth/error.hpp"
#include "oauth/percent.hpp"

namespace zc {

/// Where the response parameters are: the query (`response_type=code`) or the fragment (implicit).
enum class ResponseMode { kQuery, kFragment };

/// The parameters of an authorization response. Each named field is a view into `all` (the decoded
/// parameters, which own the bytes), empty when absent: parsing copies nothing twice (issue 16's callback
/// budget). A copy re-points its views into its own `all`; a move keeps them (a vector's move keeps its
/// elements where they are).
struct CallbackResponse {
  std::string_view code;
  std::string_view state;
  std::string_view location;         // Zoho: the user's data centre, e.g. `eu`
  std::string_view accounts_server;  // Zoho: the user's accounts server, e.g. https://accounts.zoho.eu
  std::string_view error;            // RFC 6749 s4.1.2.1, e.g. access_denied
  std::string_view error_description;
  std::string_view access_token;     // implicit only
  std::string_view token_type;       // implicit only
  std::string_view expires_in;       // implicit only, seconds as text
  std::string_view api_domain;       // Zoho implicit only
  std::string_view iss;              // RFC 9207: the issuer identifier of the server that answered
  Params all;                        // every parameter, in order

  CallbackResponse() = default;
  CallbackResponse(CallbackResponse&&) noexcept = default;
  CallbackResponse& operator=(CallbackResponse&&) noexcept = default;
  CallbackResponse(const CallbackResponse& other) : all(other.all) { bind(); }
  CallbackResponse& operator=(const CallbackResponse& other);
  /// Points each named field at its parameter in `all` (the first of that name), or empties it.
  void bind();
};

/// True when a URL carries an authorization response at all (a `code`, `error`, `state` or
/// `access_token` parameter in the chosen part): a page opened without one never runs callback handling.
bool looks_like_callback(std::string_view url, ResponseMode mode);

/// Parses the response from the full callback URL. The fragment is ignored in query mode
/// (`?code=x#/route?code=evil` yields `x`) and the query in fragment mode.
/// Errors: `callback.mangled_separators` (the '&' between parameters arrived as `&amp;`, `&#38;` or
/// `%26`: a callback copied from an HTML page, an e-mail or an encoder; named as such, never read as a
/// CSRF), `callback.duplicate_parameter` (any parameter given twice, RFC 6749 s3.1),
/// `callback.empty` (no parameters), `callback.url` (not a URL).
Result<CallbackResponse> parse_callback(std::string_view url, ResponseMode mode);

}  // namespace zc
