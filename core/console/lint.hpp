// Profile lint: what is wrong or risky in an authorization profile, field by field, before anything is
// sent. Sources: docs/ZOHO.md (data centres, scopes, access_type and prompt), docs/SECURITY.md rule 5 (redirect
// URIs), RFC 6749 s3.1.2, the integration guide's own example (URLs of two data centres in one profile).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "console/profile.hpp"

namespace zc {

/// One finding. severity: `error` (the flow cannot work), `warning` (it may fail or is risky), `info`.
/// field: the profile's JSON key (`tokenUrl`, `scopes`, ...). message: what, why, and the fix.
struct Diagnostic {
  std::string severity;
  std::string field;
  std::string message;
};

/// Lints a profile. `base_url` places the demo data centre (empty outside the browser).
std::vector<Diagnostic> lint_profile(const Profile& profile, const std::string& base_url);

/// True when any diagnostic is an error.
bool has_errors(const std::vector<Diagnostic>& diagnostics);

/// `[{"severity","field","message"}]` (docs/ARCHITECTURE.md: `zoho-auth lint`).
nlohmann::json diagnostics_to_json(const std::vector<Diagnostic>& diagnostics);

}  // namespace zc
