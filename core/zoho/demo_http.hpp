// What every part of the demo data centre (consent page, accounts server, CRM API) shares: the route a
// request was given to, JSON answers, reading a parameter, and Zoho's comma-separated lists. Internal to
// core/zoho/demo_*.cpp; callers use DemoServer (demo_server.hpp).
#pragma once
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "oauth/http.hpp"
#include "oauth/percent.hpp"
#include "zoho/data_centres.hpp"

namespace zc::demo {

/// Where DemoServer's router sent a request.
/// - region: the demo region whose host was addressed (`{base}demo/accounts` is `us`, `{base}demo/eu/...` `eu`).
/// - path: what follows the region prefix, e.g. `accounts/oauth/v2/token` or `api/crm/v8/Leads`.
/// - query: the URL's query parameters, percent-decoded, in order.
struct Route {
  DataCentre region;
  std::string path;
  Params query;
};

/// The headers of every JSON answer: `Content-Type: application/json;charset=UTF-8` and
/// `Cache-Control: no-store` (Zoho's token endpoint sends both; RFC 6749 s5.1 asks for no-store).
Headers json_headers();

/// An answer of `status` with json_headers() and `body` serialized by to_json_text (keys sorted, invalid
/// UTF-8 replaced).
HttpResponse json_answer(int status, const nlohmann::json& body);

/// A JSON object of `members` (key, value). Answers are built with this rather than nlohmann's own
/// initializer-list form, which builds every member as a two-element array first: at each of the demo's
/// many answers that cost the wasm module more code.
nlohmann::json json_object(std::initializer_list<std::pair<const char*, nlohmann::json>> members);

/// The value of the first parameter named `name`; "" when there is none.
std::string param(const Params& params, const std::string& name);

/// A comma (or space) separated list, empty pieces dropped: Zoho's `scope` and the CRM's `fields`.
std::vector<std::string> split_list(const std::string& text);

}  // namespace zc::demo
