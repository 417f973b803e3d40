#include "console/hand_off.hpp"

#include <algorithm>
#include <optional>

#include "console/client_credentials_grant.hpp"
#include "console/profile_endpoints.hpp"
#include "oauth/device_authorization.hpp"
#include "oauth/revocation.hpp"
#include "oauth/token_request.hpp"
#include "oauth/url.hpp"
#include "zoho/crm.hpp"
#include "zoho/data_centres.hpp"

namespace zc {
namespace {

// A secret's stand-in inside a built request: letters, digits and `_` only, which form_encode and
// percent_encode leave as they are, so it can be found again in the body, URL or a header.
constexpr std::string_view kMark = "ZCHANDOFF__";
std::string placeholder(std::string_view name) { return std::string(kMark) + std::string(name) + "__"; }

// `text` as a shell word: literal stretches single-quoted, each placeholder as "${PREFIX_NAME}".
std::string shell_word(std::string_view text, const std::string& prefix) {
  std::string out;
  while (!text.empty()) {
    const size_t at = text.find(kMark);
    const size_t end = at == std::string_view::npos ? at : text.find("__", at + kMark.size());
    if (end == std::string_view::npos) {
      out += shell_quote(text);
      break;
    }
    if (at > 0) out += shell_quote(text.substr(0, at));
    out += "\"${" + prefix + std::string(text.substr(at + kMark.size(), end - at - kMark.size())) + "}\"";
    text = text.substr(end + 2);
  }
  return out.empty() ? "''" : out;
}

// The profile's name for a comment line: a line break in it would end the comment and make the rest of
// the name a command, so every control character becomes a space.
std::string comment_name(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return shell_quote(out);
}

// The Zoho data centre the calls go to: the token set's (Multi-DC: the user's), else the profile's.
std::optional<DataCentre> data_centre_of(const Profile& p, const TokenSet* tokens, const std::string& base_url) {
  if (p.provider != Provider::kZoho) return std::nullopt;
  if (tokens != nullptr) {
    if (auto dc = find_by_accounts_server(tokens->accounts_server, base_url)) return dc;
  }
  return find_data_centre(p.data_centre, base_url);
}

// `p` with its client secret replaced by the placeholder: the real secret never reaches a builder.
Profile without_secret(const Profile& p) {
  Profile q = p;
  q.client_secret = sends_client_secret(p) ? placeholder("CLIENT_SECRET") : "";
  return q;
}

void add_token_calls(const Profile& p, const ProfileEndpoints& e, std::vector<HandOffCall>& out) {
  const ClientCredentials c = client_credentials(p);
  const std::string verifier = p.pkce ? placeholder("CODE_VERIFIER") : "";
  switch (p.client_type) {
    case ClientType::kServer:
      out.push_back({"Exchange the grant code (RFC 6749 s4.1.3)",
                     build_code_exchange(e.token_url, c, placeholder("CODE"), p.redirect_uri, verifier)});
      break;
    case ClientType::kSelf:
      out.push_back({"Exchange the self client's grant code (no redirect_uri)",
                     build_code_exchange(e.token_url, c, placeholder("CODE"), "", verifier)});
      break;
    case ClientType::kClientCredentials:
      out.push_back({"Ask for an access token with the client credentials (RFC 6749 s4.4)",
                     client_credentials_request_for(p, e.token_url)});
      break;
    case ClientType::kNonBrowser: {
      const DeviceDialect d = p.provider == Provider::kZoho ? DeviceDialect::kZoho : DeviceDialect::kRfc8628;
      out.push_back({"Ask for a user code (device flow, RFC 8628 s3.1)",
                     build_device_authorization(d, e.device_authorization_url, c, p.scopes,
                                                d == DeviceDialect::kZoho ? spelling(p.access_type) : "", p.prompt)});
      out.push_back({"Poll for the tokens with the device code (RFC 8628 s3.4)",
                     build_device_poll(d, e.device_token_url, c, placeholder("DEVICE_CODE"))});
      break;
    }
    case ClientType::kClient: break;  // the token comes in the redirect: no token endpoint call
  }
  if (p.client_type != ClientType::kClient && p.client_type != ClientType::kClientCredentials) {
    out.push_back({"Refresh the access token (RFC 6749 s6)",
                   build_refresh(e.refresh_token_url, c, placeholder("REFRESH_TOKEN"))});
  }
}

}  // namespace

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string hand_off_prefix(const Profile& profile) {
  return profile.provider == Provider::kZoho ? "ZOHO_" : "OAUTH_";
}

std::vector<HandOffCall> hand_off_calls(const Profile& profile, const TokenSet* tokens, const std::string& base_url) {
  const Profile p = without_secret(profile);
  ProfileEndpoints e = resolve_endpoints(p, base_url);
  const auto dc = data_centre_of(p, tokens, base_url);
  if (dc && tokens != nullptr) e.token_url = e.refresh_token_url = token_endpoint(*dc);
  std::vector<HandOffCall> out;
  add_token_calls(p, e, out);
  if (!dc) return out;
  const bool refresh = p.client_type != ClientType::kClient && p.client_type != ClientType::kClientCredentials;
  out.push_back({"Revoke the " + std::string(refresh ? "refresh" : "access") + " token (Zoho OAuth: Revoke tokens)",
                 build_revoke(revoke_endpoint(*dc), placeholder(refresh ? "REFRESH_TOKEN" : "ACCESS_TOKEN"))});
  TokenSet t;
  t.access_token = placeholder("ACCESS_TOKEN");
  t.api_domain = tokens != nullptr && !tokens->api_domain.empty() ? tokens->api_domain : dc->api_domain;
  if (auto get = build_get_records(t, RecordsQuery{}); get.ok()) {
    out.push_back({"Call the CRM API with the access token (Get Records, Leads)", get.value()});
  }
  return out;
}

std::string hand_off_curl(const Profile& p, const TokenSet* tokens, const std::string& base_url) {
  const std::string prefix = hand_off_prefix(p);
  std::string out = "#!/usr/bin/env bash\n# Token calls of profile " + comment_name(p.name) +
                    " (zoho-auth handoff). Secrets are variables, never inline:\n# set them first, e.g. "
                    "set -a; . ./handoff.env; set +a (and " + prefix + "CODE, " + prefix +
                    "ACCESS_TOKEN, ... by hand).\n";
  for (const HandOffCall& call : hand_off_calls(p, tokens, base_url)) {
    const HttpRequest& r = call.request;
    out += "\n# " + call.title + "\ncurl -sS";
    if (r.method != "GET") out += " -X " + r.method;
    out += " " + shell_word(r.url, prefix);
    for (const auto& [name, value] : r.headers) {
      if (name == "Authorization" && value.rfind("Basic ", 0) == 0) {
        out += " \\\n  --user " + shell_word(form_encode(p.client_id) + ":" + placeholder("CLIENT_SECRET"), prefix);
      } else {
        out += " \\\n  -H " + shell_word(name + ": " + value, prefix);
      }
    }
    std::string_view body = r.body;
    while (!body.empty()) {
      const size_t amp = body.find('&');
      const std::string_view piece = body.substr(0, amp);
      const bool secret = piece.find(kMark) != std::string_view::npos;
      out += std::string(" \\\n  ") + (secret ? "--data-urlencode " : "--data-raw ") + shell_word(piece, prefix);
      body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    }
    out += "\n";
  }
  return out;
}

std::string hand_off_env(const Profile& p, const TokenSet* tokens, const std::string& base_url,
                         SecretValues secrets) {
  const std::string prefix = hand_off_prefix(p);
  std::string out = "# Environment of profile " + comment_name(p.name) + " (zoho-auth handoff), for a server-side "
                    "integration.\n";
  out += secrets == SecretValues::kIncluded
             ? "# WARNING: this text holds secrets. Keep it out of version control, chat and logs.\n"
             : "# Fill in the empty secrets; never commit them.\n";
  const auto line = [&](const std::string& name, const std::string& value, bool secret) {
    const std::string shown = !secret || secrets == SecretValues::kIncluded ? value
                              : secrets == SecretValues::kMasked && !value.empty() ? redact_secret(value) : "";
    out += prefix + name + "=" + shell_quote(shown) + "\n";
  };
  const auto dc = data_centre_of(p, tokens, base_url);
  const ProfileEndpoints e = resolve_endpoints(p, base_url);
  line("CLIENT_ID", p.client_id, false);
  if (sends_client_secret(p)) line("CLIENT_SECRET", p.client_secret, true);
  if (dc) line("ACCOUNTS_URL", dc->accounts_server, false);
  if (!dc && uses_redirect(p)) line("AUTHORIZATION_URL", e.authorization_url, false);
  if (!dc && uses_device_flow(p)) line("DEVICE_AUTHORIZATION_URL", e.device_authorization_url, false);
  line("TOKEN_URL", dc ? token_endpoint(*dc) : e.token_url, false);
  if (dc) line("API_DOMAIN", tokens != nullptr && !tokens->api_domain.empty() ? tokens->api_domain : dc->api_domain, false);
  std::string scope = join_scopes(p.scopes);  // Zoho's commas; RFC 6749 s3.3 spaces for other providers
  if (p.provider != Provider::kZoho) std::replace(scope.begin(), scope.end(), ',', ' ');
  line("SCOPE", scope, false);
  if (uses_redirect(p)) line("REDIRECT_URI", p.redirect_uri, false);
  if (p.client_type == ClientType::kClientCredentials) {
    if (dc) line("ORGANIZATION_ID", trim_white_space(p.organization_id), false);
  } else if (p.client_type != ClientType::kClient) {
    line("REFRESH_TOKEN", tokens != nullptr ? tokens->refresh_token : "", true);
  }
  return out;
}

}  // namespace zc
