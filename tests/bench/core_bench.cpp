// Operations per second of the core's hot paths, each beside a baseline measured in the same run:
//   - building the authorization URL  vs  copying a URL of the same length (the allocation floor);
//   - parsing a Zoho callback URL      vs  form_parse of its query alone (the decoding floor).
// Run: build/native/tests/bench/zc_bench   (items_per_second is operations per second)
#include <benchmark/benchmark.h>

#include <string>

#include "oauth/authorization_request.hpp"
#include "oauth/callback.hpp"
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

BENCHMARK(BM_AuthorizationUrl);
BENCHMARK(BM_Baseline_CopyUrl);
BENCHMARK(BM_CallbackParse);
BENCHMARK(BM_Baseline_FormParseOfTheQuery);

}  // namespace

BENCHMARK_MAIN();
