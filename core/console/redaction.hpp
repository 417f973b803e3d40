// Redaction for everything a person or a log can see: form bodies, JSON bodies and URLs lose the values
// of secrets and tokens (docs/SECURITY.md rule 7: `1000.ab...yz`).
#pragma once
#include <string>

namespace zc {

/// True for names whose values are secret: any name that, reduced to lower-case letters and digits,
/// ends in secret, code, token, verifier, password or assertion (client_secret, Client-Secret, code,
/// refresh_token, accessToken, idToken, code_verifier, ...). Errs on the side of redacting.
bool is_secret_name(const std::string& name);

/// A form body (`a=b&client_secret=x`) with secret values redacted; other pairs as they were.
std::string redact_form(const std::string& body);

/// A JSON text with the values of secret names redacted at any depth (a non-string value under a
/// secret name is replaced whole); a text that is not JSON (or nests too deeply) is returned as
/// `<N bytes, not JSON>` so nothing unparsed can leak.
std::string redact_json(const std::string& body);

/// A URL whose query and fragment parameters with secret names (also in a fragment route's query,
/// `#/r?access_token=`) and any userinfo password are redacted.
std::string redact_url(const std::string& url);

}  // namespace zc
