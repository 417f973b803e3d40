// The demo accounts server's HTML: the consent page and the error pages of the authorization endpoint.
// Apart from the accounts logic (demo_accounts.cpp) because it is presentation: markup, style and the
// page's own Content-Security-Policy, with every outside value HTML-escaped here and nowhere else.
#pragma once
#include <string>
#include <string_view>

#include "oauth/http.hpp"
#include "zoho/demo_http.hpp"

namespace zc::demo {

/// `s` with & < > " ' as HTML entities: every outside value on a demo page goes through this.
std::string html_escape(std::string_view s);

/// The `<option>`s of a data-centre `<select>`: every demo region under `base_url`, `selected` (a location)
/// preselected. The consent page's and the device verification page's "Your data centre".
std::string data_centre_options(const std::string& base_url, const std::string& selected);

/// A demo accounts page of `status`: Zoho's card with `title` and `inner` (markup, already escaped), its
/// own Content-Security-Policy (inline style only, forms only to this origin), no-store, no referrer.
HttpResponse html_page(int status, const std::string& title, const std::string& inner);

/// The consent page (HTTP 200) for an authorization request already checked: the requested scopes, a
/// choice of the user's data centre (the addressed region preselected) and Deny / Accept buttons. The form
/// GETs `{accounts}/oauth/v2/auth/decision` with every query parameter of `route` (but `decision` and `dc`)
/// as hidden fields. `base_url`: the console's base URL, which hosts the demo regions.
HttpResponse consent_page(const Route& route, const std::string& base_url);

/// The pages the authorization endpoint shows instead of redirecting (HTTP 200, as Zoho shows its own;
/// RFC 6749 s4.1.2.1: never redirect to an unverified URI): an unknown client id, a redirect URI not
/// registered (`base_url` and `{base_url}index.html` are), a response_type other than code or token, no scope.
HttpResponse invalid_client_page(const std::string& client_id);
HttpResponse invalid_redirect_uri_page(const std::string& redirect_uri, const std::string& base_url);
HttpResponse invalid_response_type_page();
HttpResponse missing_scope_page();

/// HTTP 404 page for any other address under the demo's `accounts/`.
HttpResponse not_found_page();

}  // namespace zc::demo
