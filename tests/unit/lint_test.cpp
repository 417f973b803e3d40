#include "console/lint.hpp"

#include <gtest/gtest.h>

namespace zc {

Profile good_profile() {
  Profile p;
  p.id = "p-1";
  p.name = "Leads";
  p.data_centre = "eu";
  p.client_id = "1000.ABCDEFGHIJ0123456789";
  p.client_secret = "secret";
  p.scopes = {"ZohoCRM.modules.leads.ALL", "ZohoCRM.users.READ"};
  p.redirect_uri = "https://console.example/callback";
  p.authorization_url = "https://accounts.zoho.eu/oauth/v2/auth";
  p.token_url = "https://accounts.zoho.eu/oauth/v2/token";
  p.refresh_token_url = "https://accounts.zoho.eu/oauth/v2/token";
  return p;
}

// True when a diagnostic of `severity` names `field` and its message contains `text`.
bool says(const std::vector<Diagnostic>& d, const std::string& severity, const std::string& field, const std::string& text) {
  for (const Diagnostic& x : d) {
    if (x.severity == severity && x.field == field && x.message.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Lint, AGoodProfileHasNoFinding) { EXPECT_TRUE(lint_profile(good_profile(), "").empty()); }

// jwksUrl and userinfoUrl are linted like the other URLs when set: https, or http on a loopback host.
TEST(Lint, JwksAndUserinfoUrlsAreLintedLikeTheOtherUrls) {
  Profile p = good_profile();
  p.provider = Provider::kCustom;
  p.authorization_url = "https://id.example/auth";
  p.token_url = p.refresh_token_url = "https://id.example/token";
  EXPECT_TRUE(lint_profile(p, "").empty()) << "both optional";
  p.jwks_url = "http://id.example/jwks";
  p.userinfo_url = "http://127.0.0.1:9000/me";
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "jwksUrl", "http://"));
  EXPECT_FALSE(says(lint_profile(p, ""), "error", "userinfoUrl", "http://")) << "loopback http is fine";
  p.userinfo_url = "not a url";
  EXPECT_FALSE(lint_profile(p, "").empty());
}

// The integration guide's own example: authorization URL on .com, token and refresh URLs on .in.
TEST(Lint, ASelfClientNeedsNoRedirectUriButAServerBasedOneDoes) {
  Profile p = good_profile();
  p.redirect_uri.clear();
  p.client_type = ClientType::kSelf;
  EXPECT_TRUE(lint_profile(p, "").empty());
  p.client_type = ClientType::kServer;
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "redirectUri", "empty"));
}

TEST(Lint, UrlsOfDifferentDataCentresInOneProfile) {
  Profile p = good_profile();
  p.data_centre = "us";
  p.authorization_url = "https://accounts.zoho.com/oauth/v2/auth";
  p.token_url = "https://accounts.zoho.in/oauth/v2/token";
  p.refresh_token_url = "https://accounts.zoho.in/oauth/v2/token";
  auto d = lint_profile(p, "");
  EXPECT_TRUE(has_errors(d));
  EXPECT_TRUE(says(d, "error", "tokenUrl", "different data centres (in, us)"));
}

TEST(Lint, HttpUrlsRefusedExceptLoopbackRedirect) {
  Profile p = good_profile();
  p.token_url = "http://accounts.zoho.eu/oauth/v2/token";
  p.redirect_uri = "http://console.example/cb";
  auto d = lint_profile(p, "");
  EXPECT_TRUE(says(d, "error", "tokenUrl", "http://"));
  EXPECT_TRUE(says(d, "error", "redirectUri", "http://"));
  p = good_profile();
  p.redirect_uri = "http://localhost:8000/";
  EXPECT_FALSE(has_errors(lint_profile(p, "")));
}

TEST(Lint, RedirectUriWithFragment) {
  Profile p = good_profile();
  p.redirect_uri = "https://console.example/#/callback";
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "redirectUri", "fragment"));
}

TEST(Lint, NoScopeUnknownScopeAndSpaceSeparatedScopes) {
  Profile p = good_profile();
  p.scopes = {};
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "scopes", "No scope"));
  p.scopes = {"ZohoCRM.modules.leads.ALL ZohoCRM.users.READ"};
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "scopes", "commas"));
  p.scopes = {"ZohoCRM.modules.leeds.EVERYTHING"};
  EXPECT_TRUE(says(lint_profile(p, ""), "warning", "scopes", "not a Zoho scope"));
  p.scopes = {"ZohoCRM.settings.fields.READ", "aaaserver.profile.READ", "ZohoCRM.coql.READ", "ZohoCRM.modules.all"};
  EXPECT_TRUE(lint_profile(p, "").empty());
}

TEST(Lint, AccountsZohoCaInsteadOfZohoCloudCa) {
  Profile p = good_profile();
  p.data_centre = "ca";
  p.authorization_url = "https://accounts.zoho.ca/oauth/v2/auth";
  p.token_url = "https://accounts.zohocloud.ca/oauth/v2/token";
  p.refresh_token_url = "https://accounts.zohocloud.ca/oauth/v2/token";
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "authorizationUrl", "accounts.zohocloud.ca"));
}

TEST(Lint, OfflineWithoutPromptConsent) {
  Profile p = good_profile();
  p.prompt = "";
  EXPECT_TRUE(says(lint_profile(p, ""), "warning", "prompt", "first consent"));
}

TEST(Lint, EmptyOrMalformedClientId) {
  Profile p = good_profile();
  p.client_id = "";
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "clientId", "empty"));
  for (const char* bad : {"1000.abc", "1000.ABC DEF", "ABCDEFGHIJ", " 1000.ABCDEFGHIJ"}) {
    p.client_id = bad;
    EXPECT_TRUE(says(lint_profile(p, ""), "error", "clientId", "does not look like")) << bad;
  }
}

TEST(Lint, DataCentreDisagreesWithUrls) {
  Profile p = good_profile();
  p.data_centre = "us";
  EXPECT_TRUE(says(lint_profile(p, ""), "warning", "tokenUrl", "Europe"));
}

TEST(Lint, DemoDataCentreIsKnown) {
  Profile p = good_profile();
  p.data_centre = "demo";
  p.authorization_url = p.token_url = p.refresh_token_url = "";
  EXPECT_TRUE(lint_profile(p, "http://127.0.0.1:8000/").empty());
}

TEST(Lint, ServerClientNeedsSecretBrowserClientShouldNotHaveOne) {
  Profile p = good_profile();
  p.client_secret = "";
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "clientSecret", "needs"));
  p.client_type = ClientType::kClient;
  p.client_secret = "x";
  EXPECT_TRUE(says(lint_profile(p, ""), "warning", "clientSecret", "no client secret"));
}

TEST(Lint, JsonShape) {
  auto j = diagnostics_to_json({{"error", "scopes", "m"}});
  EXPECT_EQ(j.dump(), R"([{"field":"scopes","message":"m","severity":"error"}])");
}


// Issue 10, case 3: the host as typed in another case is still Zoho's accounts server.
TEST(Lint, AccountsServerHostInAnyCaseIsZohos) {
  Profile p = good_profile();
  p.authorization_url = "https://Accounts.Zoho.EU/oauth/v2/auth";
  p.token_url = "HTTPS://ACCOUNTS.ZOHO.EU/oauth/v2/token";
  const auto d = lint_profile(p, "");
  EXPECT_TRUE(d.empty()) << (d.empty() ? "" : d[0].message);
  p.token_url = "https://Accounts.Zoho.IN/oauth/v2/token";  // a real mix, whatever the case
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "tokenUrl", "different data centres"));
  p.token_url = "https://Accounts.Zoho.CA/oauth/v2/token";
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "tokenUrl", "accounts.zohocloud.ca"));
}

// Issue 10, case 4: every loopback address may use http:// (RFC 8252 s7.3), no public one may.
TEST(Lint, HttpOnAnyLoopbackAddressIsFine) {
  Profile p = good_profile();
  for (const char* uri : {"http://127.0.0.2:8000/", "http://127.10.0.1/cb", "http://[::1]:8000/", "http://[0:0:0:0:0:0:0:1]/",
                          "http://localhost:8000/", "http://console.localhost/"}) {
    p.redirect_uri = uri;
    EXPECT_FALSE(says(lint_profile(p, ""), "error", "redirectUri", "http://")) << uri;
  }
  for (const char* uri : {"http://128.0.0.1/", "http://10.0.0.1/", "http://localhost.example.com/", "http://0127.0.0.1/"}) {
    p.redirect_uri = uri;
    EXPECT_TRUE(says(lint_profile(p, ""), "error", "redirectUri", "http:// on a public host")) << uri;
  }
}

Profile custom_profile() {
  Profile p;
  p.id = "c-1";
  p.name = "IdP";
  p.provider = Provider::kCustom;
  p.client_id = "console-public";
  p.scopes = {"openid", "offline_access"};
  p.redirect_uri = "http://127.0.0.1:8000/";
  p.authorization_url = "https://idp.example/auth";
  p.token_url = "https://idp.example/token";
  p.client_authentication = ClientAuthentication::kNone;
  p.pkce = true;
  return p;
}

// Issue 10, case 7: a public client needs no secret; it should use PKCE; a secret beside none is unused.
TEST(Lint, PublicClientNeedsNoSecretButPkce) {
  Profile p = custom_profile();
  const auto d = lint_profile(p, "");
  EXPECT_TRUE(d.empty()) << (d.empty() ? "" : d[0].message);
  p.pkce = false;
  EXPECT_TRUE(says(lint_profile(p, ""), "warning", "pkce", "RFC 9700"));
  p.pkce = true;
  p.client_secret = "left-over";
  EXPECT_TRUE(says(lint_profile(p, ""), "warning", "clientSecret", "never sent"));
  Profile z = good_profile();
  z.client_authentication = ClientAuthentication::kNone;
  z.client_secret = "";
  z.pkce = true;
  EXPECT_TRUE(says(lint_profile(z, ""), "warning", "clientAuthentication", "Zoho"));
  EXPECT_FALSE(says(lint_profile(z, ""), "error", "clientSecret", "needs"));
}

TEST(Lint, IssuerIsAnHttpsUrlWithoutQuery) {
  Profile p = custom_profile();
  p.issuer = "https://idp.example";
  EXPECT_TRUE(lint_profile(p, "").empty());
  p.issuer = "https://idp.example/?tenant=1";
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "issuer", "query"));
  p.issuer = "http://idp.example";
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "issuer", "http://"));
  p.issuer = "http://127.0.0.1:3000";
  EXPECT_TRUE(lint_profile(p, "").empty());
  p.issuer = "idp.example";
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "issuer", "Issuer"));
}

// Issue 11, case 7: a redirect URI meant to come back to this console must be its address exactly.
TEST(Lint, RedirectUriOnTheConsolesServerMustBeTheConsole) {
  Profile p = good_profile();
  const std::string console = "http://localhost:8790/";
  p.redirect_uri = "http://LOCALHOST:8790/";
  EXPECT_TRUE(says(lint_profile(p, console), "warning", "redirectUri", "only in the case of the scheme or host"));
  p.redirect_uri = "http://localhost:8790";
  EXPECT_TRUE(says(lint_profile(p, console), "warning", "redirectUri", "lacks the trailing /"));
  p.redirect_uri = "http://localhost:8790/callback";
  EXPECT_TRUE(says(lint_profile(p, console), "warning", "redirectUri", "not the console's address http://localhost:8790/"));
  for (const char* fine : {"http://localhost:8790/", "http://localhost:8790/index.html", "http://localhost:9999/cb",
                           "http://127.0.0.1:8790/", "https://console.example/callback"}) {
    p.redirect_uri = fine;
    EXPECT_FALSE(says(lint_profile(p, console), "warning", "redirectUri", "console")) << fine;
  }
}


// What the breaker found: user info in URLs, a public host behind a backslash, and choices that belong to
// the other kind of provider.
TEST(Lint, UserInfoBackslashAndProviderChoices) {
  Profile c = custom_profile();
  c.authorization_url = "http://alice:PASSWORD123@127.0.0.1:18999/auth";
  EXPECT_TRUE(says(lint_profile(c, ""), "error", "authorizationUrl", "user name or password"));
  c = custom_profile();
  c.redirect_uri = "http://evil.com\\@127.0.0.1/";
  EXPECT_TRUE(says(lint_profile(c, ""), "error", "redirectUri", "http:// on a public host"));
  c.redirect_uri = "http://[:::1]/";
  EXPECT_TRUE(says(lint_profile(c, ""), "error", "redirectUri", "Redirect URI"));
  c = custom_profile();
  c.client_type = ClientType::kSelf;
  EXPECT_TRUE(says(lint_profile(c, ""), "error", "clientType", "Self Client is Zoho's"));
  Profile z = good_profile();
  z.issuer = "https://idp.example.com";
  EXPECT_TRUE(says(lint_profile(z, ""), "warning", "issuer", "custom providers only"));
  z = good_profile();
  z.client_authentication = ClientAuthentication::kBasic;
  EXPECT_TRUE(says(lint_profile(z, ""), "warning", "clientAuthentication", "form body"));
}

}  // namespace zc

namespace zc {

// Sign in with Zoho: openid, email and profile are Zoho scopes (docs/ZOHO.md); a look-alike is not.
TEST(Lint, SignInWithZohoScopesAreKnown) {
  Profile p = good_profile();
  p.scopes = {"openid", "email", "profile", "ZohoCRM.users.READ"};
  EXPECT_TRUE(lint_profile(p, "").empty());
  p.scopes = {"OpenID"};
  EXPECT_TRUE(says(lint_profile(p, ""), "warning", "scopes", "OpenID"));
}

}  // namespace zc
