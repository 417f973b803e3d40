// Operations per second of the core's hot paths, each beside a baseline measured in the same run:
//   - building the authorization URL  vs  copying a URL of the same length (the allocation floor);
//   - parsing a Zoho callback URL      vs  form_parse of its query alone (the decoding floor).
// Run: build/native/tests/bench/zc_bench   (items_per_second is operations per second)
#include <benchmark/benchmark.h>

#include <string>

#include "console/model.hpp"
#include "oauth/authorization_request.hpp"
#include "oauth/callback.hpp"
#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"

namespace {

zc::AuthorizationRequest request() {
  zc::AuthorizationRequest r;
  r.endpoint = "https://accounts.zoho.eu/oauth/v2/auth";
  r.client_id = "1000.ABCDEFGHIJ0123456789ABCDEFGHIJ";
  r.scopes = {"ZohoCRM.modules.leads.ALL", "ZohoCRM.users.READ", "ZohoCRM.settings.fields.READ"};
  r.redirect_uri = "https://console.example/zoho/callback";
  r.state = "Xk3b9Q2mN8vR1tY6wZ0pL4sJ7hF5dC2aE9gB1nM3qT8";
  r.access_type = "offline";
  r.prompt = "consent";
  return r;
}

const std::string kCallback =
    "https://console.example/zoho/callback?state=Xk3b9Q2mN8vR1tY6wZ0pL4sJ7hF5dC2aE9gB1nM3qT8"
    "&code=1000.4f5e6d7c8b9a0f1e2d3c4b5a69788796.a1b2c3d4e5f60718293a4b5c6d7e8f90&location=eu"
    "&accounts-server=https%3A%2F%2Faccounts.zoho.eu&";

void BM_AuthorizationUrl(benchmark::State& state) {
  const zc::AuthorizationRequest r = request();
  for (auto _ : state) benchmark::DoNotOptimize(zc::build_authorization_url(r));
  state.SetItemsProcessed(state.iterations());
}

void BM_Baseline_CopyUrl(benchmark::State& state) {
  const std::string url = zc::build_authorization_url(request()).value();
  for (auto _ : state) {
    std::string copy = url;
    benchmark::DoNotOptimize(copy);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_CallbackParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(zc::parse_callback(kCallback, zc::ResponseMode::kQuery));
  state.SetItemsProcessed(state.iterations());
}

void BM_Baseline_FormParseOfTheQuery(benchmark::State& state) {
  const std::string query = kCallback.substr(kCallback.find('?') + 1);
  for (auto _ : state) benchmark::DoNotOptimize(zc::form_parse(query));
  state.SetItemsProcessed(state.iterations());
}

// What the page hands the model at start-up from storage (App::on_storage_loaded): 1,000 profiles and
// 10,000 end users' token sets, as the browser benchmark's scale test stores them, each store one object
// {storage key: record} as web/shell.js hands it over: the token store on its own, the others in one document.
struct StoredRecords {
  std::string document;  // every store but the token sets
  std::string tokens;    // the token store's object
};
StoredRecords stored_records() {
  std::string profiles, tokens;
  for (int i = 0; i < 1000; ++i) {
    const std::string n = std::to_string(1000 + i).substr(1);
    profiles += std::string(i ? "," : "") + R"("bench-)" + n + R"(":{"version":1,"id":"bench-)" + n + R"(","name":"Bench profile )" + n +
                R"(","provider":"zoho","dataCenter":"eu","clientType":"server","authorizationMode":"pre-authorize",)"
                R"("clientId":"1000.BENCH0000000000000000)" + n + R"(","clientSecret":"bench-secret-)" + n +
                R"(","scopes":["ZohoCRM.modules.leads.ALL","ZohoCRM.users.READ"],"redirectUri":"http://127.0.0.1:8000/",)"
                R"("authorizationUrl":"https://accounts.zoho.eu/oauth/v2/auth","tokenUrl":"https://accounts.zoho.eu/oauth/v2/token",)"
                R"("refreshTokenUrl":"https://accounts.zoho.eu/oauth/v2/token","accessType":"offline","prompt":"consent",)"
                R"("pkce":false,"clientAuthentication":"body","enabled":false})";
  }
  for (int u = 0; u < 10000; ++u) {
    const std::string n = std::to_string(100000 + u).substr(1);
    tokens += std::string(u ? "," : "") + R"("bench-000/user-)" + n + R"(":{"profileId":"bench-000","endUser":"user-)" + n +
              R"(","tokens":{"accessToken":"1000.access0000000000000000000)" + n + R"(","refreshToken":"1000.refresh)" + n +
              R"(","apiDomain":"https://www.zohoapis.eu","tokenType":"Bearer","scope":"ZohoCRM.modules.leads.ALL",)"
              R"("expiresAt":)" + std::to_string(1800000000 + u) + R"(,"accountsServer":"https://accounts.zoho.eu"}})";
  }
  return {R"({"mode":"indexeddb","warning":"","draft":null,"quarantined":[],"profiles":{)" + profiles + R"(},"pending":{}})",
          "{" + tokens + "}"};
}

// What App::on_storage_loaded does before the first frame: the document parsed, the token sets' keys taken.
zc::Model load_stored(const StoredRecords& stored) {
  nlohmann::json j = zc::parse_json(stored.document, zc::kMaxJsonDepth + 2);
  zc::Model model{{"http://127.0.0.1:8000/", "http://127.0.0.1:8000/"}};
  model.load_stored(zc::record_list(std::move(j["profiles"])), stored.tokens, zc::record_list(std::move(j["pending"])),
                    1700000000, "p-bench");
  return model;
}

void BM_LoadStoredRecords(benchmark::State& state) {
  const StoredRecords stored = stored_records();
  for (auto _ : state) {
    zc::Model model = load_stored(stored);
    benchmark::DoNotOptimize(model);
  }
  state.SetItemsProcessed(state.iterations());
}

// The same, and then every token set read as the slices after the first frame read them.
void BM_LoadAndReadStoredRecords(benchmark::State& state) {
  const StoredRecords stored = stored_records();
  for (auto _ : state) {
    zc::Model model = load_stored(stored);
    while (model.read_stored_tokens(250, 1700000000) > 0) {
    }
    benchmark::DoNotOptimize(model);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Baseline_ParseStoredRecords(benchmark::State& state) {
  const StoredRecords stored = stored_records();
  for (auto _ : state) {
    benchmark::DoNotOptimize(nlohmann::json::parse(stored.document));
    benchmark::DoNotOptimize(nlohmann::json::parse(stored.tokens));
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_AuthorizationUrl);
BENCHMARK(BM_Baseline_CopyUrl);
BENCHMARK(BM_CallbackParse);
BENCHMARK(BM_Baseline_FormParseOfTheQuery);
BENCHMARK(BM_LoadStoredRecords)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadAndReadStoredRecords)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Baseline_ParseStoredRecords)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
