// DemoServer, the demo data centre's router: finds the region a request addressed and hands it to the
// part that serves the path (demo_accounts.cpp, demo_crm.cpp). Kept thin so the service worker and the
// tests have one entry point while each concept stays in its own file.
#include "zoho/demo_server.hpp"

#include <utility>

#include "oauth/url.hpp"
#include "zoho/demo_accounts.hpp"
#include "zoho/demo_consent_page.hpp"
#include "zoho/demo_crm.hpp"
#include "zoho/demo_device_flow.hpp"
#include "zoho/demo_http.hpp"
#include "zoho/demo_openid.hpp"

namespace zc {
namespace {

// The query of a URL: between '?' and '#', empty when there is none.
std::string_view query_of(std::string_view url) {
  url = url.substr(0, url.find('#'));
  const size_t q = url.find('?');
  return q == std::string_view::npos ? std::string_view() : url.substr(q + 1);
}

// The route of a URL under `{base_url}demo/`: the region its host prefix names and the path after it.
demo::Route route_of(const std::string& base_url, const std::string& url) {
  std::string rest = strip_query_and_fragment(url).substr(base_url.size() + 5);
  const auto regions = demo_data_centres(base_url);
  demo::Route route{regions.front(), rest, {}};
  for (const DataCentre& dc : regions) {
    const std::string p = dc.location + "/";
    if (dc.location != "us" && rest.compare(0, p.size(), p) == 0) {
      route.region = dc;
      route.path = rest.substr(p.size());
    }
  }
  route.query = form_parse(query_of(url));
  return route;
}

// True for the pages a browser opens (the consent and device verification pages and their decisions):
// the transport scenarios wait for a request the console itself sends.
bool browser_page(const demo::Route& route, const std::string& method) {
  const std::string& p = route.path;
  return method == "GET" && (p == "accounts/oauth/v2/auth" || p == "accounts/oauth/v2/auth/decision" ||
                             p == "accounts/oauth/v3/device" || p == "accounts/oauth/v3/device/decision");
}

// What a gateway in front of a server answers when the server behind it failed: HTTP 502 and an HTML page,
// the shape of the common proxies' own page (Zoho documents none; docs/ZOHO.md "Failure scenarios").
HttpResponse bad_gateway_page() {
  return {502, {{"Content-Type", "text/html"}, {"Cache-Control", "no-store"}},
          "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"};
}

}  // namespace

DemoServer::DemoServer(std::string base_url) : base_url_(std::move(base_url)) {}

bool DemoServer::handles(std::string_view url) const {
  const std::string prefix = base_url_ + "demo/";
  return url.substr(0, prefix.size()) == prefix;
}

DemoAnswer DemoServer::answer(const DemoRequest& request, std::int64_t now, std::string_view entropy) {
  if (!handles(request.url)) return {demo::invalid_url_pattern(), {}};
  const demo::Route where = route_of(base_url_, request.url);
  if (where.path == "scenario" && request.method == "POST") {
    // Arming, demo only: never met by a scenario itself, so a bad-gateway or network-gone can be disarmed.
    const std::string id = demo::param(form_parse(request.body), "id");
    const std::optional<DemoScenario> scenario = demo_scenario_from_id(id);
    if (!scenario) {
      return {demo::json_answer(400, demo::json_object({{"error", "invalid_scenario"},
                                                       {"error_description", "unknown id"}})), {}};
    }
    state_.scenario = *scenario;
    return {demo::json_answer(200, demo::json_object({{"scenario", id}})), {}};
  }
  const DemoScenario armed = state_.scenario;
  DemoAnswer out;
  if (!browser_page(where, request.method) &&
      (armed == DemoScenario::kBadGateway || armed == DemoScenario::kSlowAnswer || armed == DemoScenario::kNetworkGone)) {
    state_.scenario = DemoScenario::kNone;
    // A 502 or a dropped connection: the request never reaches the server. A slow answer is answered.
    if (armed == DemoScenario::kSlowAnswer) {
      out.response = route(request, now, entropy);
      out.transport = {DemoTransport::kDelay, kSlowAnswerMs};
    } else if (armed == DemoScenario::kBadGateway) {
      out.response = bad_gateway_page();
    } else {
      out.transport.kind = DemoTransport::kNetworkGone;
    }
  } else {
    out.response = route(request, now, entropy);
  }
  if (armed != DemoScenario::kNone && state_.scenario == DemoScenario::kNone) {
    out.response.headers.emplace_back(kScenarioHeader, demo_scenario_info(armed)->id);
  }
  return out;
}

HttpResponse DemoServer::route(const DemoRequest& request, std::int64_t now, std::string_view entropy) {
  if (entropy.size() < kEntropyBytes) {
    return demo::json_answer(500, demo::json_object({{"error", "server_error"}, {"error_description", "demo server needs entropy"}}));
  }
  prune_demo_state(state_, now);
  const demo::Route route = route_of(base_url_, request.url);

  const std::string& p = route.path;
  const bool get = request.method == "GET";
  const bool post = request.method == "POST";
  if (p == "accounts/oauth/v2/auth" && get) return demo::authorize(route, base_url_);
  if (p == "accounts/oauth/v2/auth/decision" && get) return demo::decide(state_, route, base_url_, now, entropy);
  if (p == "accounts/oauth/v2/token" && post) return demo::token(state_, route, request, now, entropy);
  if ((p == "accounts/oauth/v2/token/revoke" || p == "accounts/oauth/v2/revoke/token") && post) {
    return demo::revoke(state_, route, request);
  }
  if (p == "accounts/oauth/v2/self-client/code" && post) {
    return demo::self_client_code(state_, route, request, now, entropy);
  }
  if (p == "accounts/.well-known/openid-configuration" && get) return demo::openid_configuration(route.region);
  if (p == "accounts/oauth/v2/keys" && get) return demo::jwks(request.signing_key);
  if (p == "accounts/oauth/v2/userinfo" && get) return demo::userinfo(state_, route.region, request.headers, now);
  if (p == "accounts/oauth/v3/device/code" && post) return demo::device_code(state_, route, request, now, entropy);
  if (p == "accounts/oauth/v3/device/token" && post) return demo::device_token(state_, route, request, now, entropy);
  if (p == "accounts/oauth/v3/device" && get) return demo::device_page(route, base_url_);
  if (p == "accounts/oauth/v3/device/decision" && get) return demo::device_decision(state_, route, base_url_, now);
  if (p.rfind("api/crm/", 0) == 0) return demo::crm(state_, route, request, now);
  if (p.rfind("accounts/", 0) == 0) return demo::not_found_page();
  return demo::invalid_url_pattern();
}

nlohmann::json DemoServer::save_state() const { return demo_state_to_json(state_); }

void DemoServer::load_state(const nlohmann::json& state) { state_ = demo_state_from_json(state); }

}  // namespace zc
