// Redaction for everything a person or a log can see: form bodies, JSON bodies and URLs lose the values
// of secrets and tokens (SECURITY.md rule 7: `1000.ab...yz`).
#pragma once
#include <string>

namespace zc {

/// The names whose values are secret: client_secret, code, refresh_token, access_token, code_verifier,
/// token, id_token, password (and their camelCase JSON spellings).
bool is_secret_name(const std::string& name);

/// A form body (`a=b&client_secret=x`) with secret values redacted; other pairs as they were.
std::string redact_form(const std::string& body);

/// A JSON text with the values of secret names redacted at any depth; a text that is not JSON is
/// returned as `<N bytes, not JSON>` so nothing unparsed can leak.
std::string redact_json(const std::string& body);

/// A URL whose query and fragment parameters with secret names are redacted.
std::string redact_url(const std::string& url);

}  // namespace zc
