// Provider metadata: the document an OpenID provider (OpenID Connect Discovery 1.0 s3-4) or an OAuth
// authorization server (RFC 8414 s2-3) publishes under /.well-known/, read into the endpoints the console
// fills a custom profile with and verifies id_tokens against.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "oauth/error.hpp"

namespace zc {

/// The parts of a discovery document the console uses. Endpoints are "" when the document leaves them
/// out (only issuer and authorization_endpoint are required here; a token-only use needs no more).
struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string userinfo_endpoint;
  std::string jwks_uri;
  std::string revocation_endpoint;
  std::string device_authorization_endpoint;  // RFC 8628 s4
  std::vector<std::string> scopes_supported;
  std::vector<std::string> response_types_supported;
  std::vector<std::string> id_token_signing_alg_values_supported;
  std::vector<std::string> code_challenge_methods_supported;
};

/// `{issuer}/.well-known/openid-configuration`, a trailing '/' of the issuer removed first (OpenID
/// Connect Discovery 1.0 s4).
std::string openid_configuration_url(std::string_view issuer);

/// RFC 8414 s3's location: `/.well-known/oauth-authorization-server` inserted between the issuer's host
/// and its path (`https://as.example/t1` -> `https://as.example/.well-known/oauth-authorization-server/t1`).
/// "" when `issuer` is not an http(s) URL.
std::string oauth_authorization_server_url(std::string_view issuer);

/// Parses a discovery document fetched for `expected_issuer`. Errors name the field:
/// `discovery.not_json`; `discovery.issuer` when `issuer` is absent or differs from `expected_issuer`
/// byte for byte (OIDC Discovery s4.3, RFC 8414 s3.3: a document for another issuer is an impersonation);
/// `discovery.<field>` for an endpoint that is not an http(s) URL or a list that is not an array of strings.
Result<ProviderMetadata> parse_discovery(std::string_view text, const std::string& expected_issuer);

/// The metadata as JSON with the documents' own field names (the CLI's output, the console's panel).
nlohmann::json metadata_to_json(const ProviderMetadata& m);

}  // namespace zc
