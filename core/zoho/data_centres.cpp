#include "zoho/data_centres.hpp"

#include "oauth/url.hpp"

namespace zc {

const std::vector<DataCentre>& zoho_data_centres() {
  // The rows come from core/zoho/data_centres.json, the table's one copy (serve.py and the page's
  // Content-Security-Policy read it too), generated into the build folder by scripts/data_centres.py.
  static const std::vector<DataCentre> table = {
#include "zoho/data_centres_table.inc"
  };
  return table;
}

std::vector<DataCentre> demo_data_centres(std::string_view base_url) {
  std::vector<DataCentre> out;
  const std::string base(base_url);
  for (const DataCentre& real : zoho_data_centres()) {
    const std::string prefix = real.location == "us" ? base + "demo/" : base + "demo/" + real.location + "/";
    out.push_back({real.location, "Demo " + real.name, prefix + "accounts", prefix + "api", true, true});
  }
  return out;
}

std::optional<DataCentre> find_data_centre(std::string_view id, std::string_view base_url) {
  if (id == "demo") return demo_data_centres(base_url).front();
  for (const DataCentre& dc : zoho_data_centres()) {
    if (dc.location == id) return dc;
  }
  return std::nullopt;
}

namespace {
std::string_view without_trailing_slash(std::string_view s) {
  if (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

// Scheme and host compare case-insensitively (RFC 3986 s6.2.2.1: `https://Accounts.Zoho.EU` is
// accounts.zoho.eu), the rest byte for byte: the demo's regions differ by path.
template <typename Field>
std::optional<DataCentre> find_by(std::string_view value, std::string_view base_url, Field field) {
  value = without_trailing_slash(value);
  for (const DataCentre& dc : zoho_data_centres()) {
    if (same_url(dc.*field, value)) return dc;
  }
  if (!base_url.empty()) {
    for (const DataCentre& dc : demo_data_centres(base_url)) {
      if (same_url(dc.*field, value)) return dc;
    }
  }
  return std::nullopt;
}
}  // namespace

std::optional<DataCentre> find_by_accounts_server(std::string_view accounts_server,
                                                  std::string_view base_url) {
  return find_by(accounts_server, base_url, &DataCentre::accounts_server);
}

std::vector<std::string> api_hosts(const DataCentre& dc) {
  std::vector<std::string> hosts = {dc.api_domain};
  const std::string www = "https://www.";
  if (!dc.demo && dc.api_domain.rfind(www, 0) == 0) {
    const std::string rest = dc.api_domain.substr(www.size());
    hosts.push_back("https://sandbox." + rest);
    hosts.push_back("https://developer." + rest);
  }
  return hosts;
}

std::optional<DataCentre> find_by_api_domain(std::string_view api_domain, std::string_view base_url) {
  api_domain = without_trailing_slash(api_domain);
  auto search = [&](const std::vector<DataCentre>& table) -> std::optional<DataCentre> {
    for (const DataCentre& dc : table) {
      for (const std::string& host : api_hosts(dc)) {
        if (same_url(host, api_domain)) return dc;
      }
    }
    return std::nullopt;
  };
  if (auto dc = search(zoho_data_centres())) return dc;
  if (!base_url.empty()) return search(demo_data_centres(base_url));
  return std::nullopt;
}

std::string data_centre_label(std::string_view accounts_server, std::string_view base_url) {
  if (auto dc = find_by_accounts_server(accounts_server, base_url)) return dc->name + " (" + dc->accounts_server + ")";
  return std::string(accounts_server);
}

std::optional<std::string> unknown_api_domain_message(std::string_view api_domain, std::string_view base_url) {
  if (api_domain.empty() || find_by_api_domain(api_domain, base_url)) return std::nullopt;
  std::string shown;
  for (char c : api_domain.substr(0, 80)) shown += (c < 0x20 || c > 0x7E) ? '?' : c;
  return "The token endpoint named the API domain '" + shown +
         "', which is not one of Zoho's; the access token would be sent there, so the answer was refused.";
}

std::string authorization_endpoint(const DataCentre& dc) { return dc.accounts_server + "/oauth/v2/auth"; }
std::string token_endpoint(const DataCentre& dc) { return dc.accounts_server + "/oauth/v2/token"; }
std::string revoke_endpoint(const DataCentre& dc) { return dc.accounts_server + "/oauth/v2/token/revoke"; }
std::optional<DataCentre> find_other_data_centre(std::string_view location, std::string_view accounts_server,
                                                 std::string_view base_url) {
  const std::optional<DataCentre> here = find_by_accounts_server(accounts_server, base_url);
  if (!here) return std::nullopt;
  for (const DataCentre& dc : here->demo ? demo_data_centres(base_url) : zoho_data_centres()) {
    if (dc.location == location) return dc;
  }
  return std::nullopt;
}

std::string device_code_endpoint(const DataCentre& dc) { return dc.accounts_server + "/oauth/v3/device/code"; }
std::string device_token_endpoint(const DataCentre& dc) { return dc.accounts_server + "/oauth/v3/device/token"; }

}  // namespace zc
