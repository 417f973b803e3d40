// Zoho's data centres: the accounts server that issues codes and tokens, and the API domain that serves
// the CRM API, for each location code. Source: Zoho Accounts "Multi DC" page; docs/ZOHO.md. Nothing here glues
// a TLD onto a string: the table is the only truth, and the accounts-server allowlist is built from it. Its
// rows live in data_centres.json (the build generates the C++ from it; serve.py's relay allowlist and the
// page's connect-src read the same file).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zc {

/// One data centre.
/// - location: Zoho's `location` code on the callback (`us`, `eu`, ...), also the profile's `dataCenter`.
/// - accounts_server: origin of the accounts server, no trailing slash (`https://accounts.zoho.eu`).
/// - api_domain: origin of the CRM API (`https://www.zohoapis.eu`).
/// - confirmed: false where no official Zoho page confirms a value (the UK API domain).
/// - demo: true for the built-in demo data centre served by the console's service worker.
struct DataCentre {
  std::string location;
  std::string name;
  std::string accounts_server;
  std::string api_domain;
  bool confirmed = true;
  bool demo = false;
};

/// The nine real data centres (US EU IN AU JP CN CA SA UK), in the order the guide lists them.
const std::vector<DataCentre>& zoho_data_centres();

/// The demo data centre's regions, one per real location, hosted under the console's base URL
/// `base_url` (absolute, ending in `/`): the `us` region at `{base}demo/accounts` and `{base}demo/api`,
/// every other region L at `{base}demo/L/accounts` and `{base}demo/L/api`.
std::vector<DataCentre> demo_data_centres(std::string_view base_url);

/// The data centre a profile names (`us` ... `uk`, or `demo` for the demo's `us` region).
/// nullopt for an unknown id.
std::optional<DataCentre> find_data_centre(std::string_view id, std::string_view base_url);

/// The data centre whose accounts server is `accounts_server`: scheme and host case-insensitively
/// (RFC 3986 s6.2.2.1), the path byte for byte; a trailing `/` is tolerated because Zoho sends none but
/// humans paste one. Real and demo regions are both checked.
/// This is the mix-up defence of RFC 9700 s4.4: anything not in the table is refused by the caller.
std::optional<DataCentre> find_by_accounts_server(std::string_view accounts_server,
                                                  std::string_view base_url);

/// The data centre `location` of the same table as `accounts_server` (the real one, or the demo's regions
/// under `base_url`): where Zoho's `other_dc` answer sends a device flow's polls (Zoho OAuth: Multi DC,
/// non-browser applications). nullopt when `accounts_server` is not in the table or `location` is unknown:
/// the client secret and device code go to no other server (RFC 9700 s4.4).
std::optional<DataCentre> find_other_data_centre(std::string_view location, std::string_view accounts_server,
                                                 std::string_view base_url);

/// The API hosts of a data centre: its API domain, and Zoho's sandbox and developer hosts beside it
/// (`https://sandbox.zohoapis.<tld>`, `https://developer.zohoapis.<tld>`; docs/ZOHO.md). The demo has one.
std::vector<std::string> api_hosts(const DataCentre& dc);

/// The data centre one of whose api_hosts() is `api_domain` (compared as find_by_accounts_server does);
/// nullopt when unknown.
std::optional<DataCentre> find_by_api_domain(std::string_view api_domain, std::string_view base_url);

/// "Europe (https://accounts.zoho.eu)" for an accounts server of the table; the URL itself otherwise.
std::string data_centre_label(std::string_view accounts_server, std::string_view base_url);

/// Refusal (`token_response.api_domain`) for an API domain outside the table: the access token would be
/// sent there. Empty api_domain is fine (the caller keeps the stored one).
std::optional<std::string> unknown_api_domain_message(std::string_view api_domain, std::string_view base_url);

/// Zoho's endpoint paths on an accounts server (Zoho OAuth: "Authorization request", "Generate tokens",
/// "Revoke tokens").
std::string authorization_endpoint(const DataCentre& dc);  // {accounts}/oauth/v2/auth
std::string token_endpoint(const DataCentre& dc);          // {accounts}/oauth/v2/token
std::string revoke_endpoint(const DataCentre& dc);         // {accounts}/oauth/v2/token/revoke
/// Zoho's device flow paths (Zoho OAuth: Non-browser applications, "Initiation request", "Polling request").
std::string device_code_endpoint(const DataCentre& dc);    // {accounts}/oauth/v3/device/code
std::string device_token_endpoint(const DataCentre& dc);   // {accounts}/oauth/v3/device/token

/// The demo client registered in every demo region (the demo data centre prefills these; any other
/// credentials get `invalid_client`, as Zoho answers).
inline constexpr const char* kDemoClientId = "1000.DEMOCONSOLE0CLIENT0ID";
inline constexpr const char* kDemoClientSecret = "demo0secret0d8f3a1c9e4b7";
/// The demo client's organization: its client-credentials requests must send soid=ZohoCRM.<this> (Zoho OAuth:
/// Self client - client credentials flow), as a Zoho CRM org id is digits.
inline constexpr const char* kDemoOrganizationId = "60001234434";

}  // namespace zc
