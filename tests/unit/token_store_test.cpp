#include "console/token_store.hpp"

#include <gtest/gtest.h>

#include "result_checks.hpp"

namespace zc {
using testing::error_code;
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000;
constexpr const char* kBase = "http://127.0.0.1:8000/";

TokenSet us_tokens(const std::string& access, std::int64_t expires_at) {
  TokenSet t;
  t.access_token = access;
  t.refresh_token = "1000.refresh";
  t.api_domain = "https://www.zohoapis.com";
  t.expires_at = expires_at;
  t.accounts_server = "https://accounts.zoho.com";
  return t;
}

json record(const std::string& profile_id, const std::string& end_user, const TokenSet& t) {
  return {{"profileId", profile_id}, {"endUser", end_user}, {"tokens", token_set_to_json(t)}};
}

Profile us_profile(const std::string& id) {
  Profile p;
  p.id = id;
  p.name = "CRM";
  p.client_id = "1000.CLIENT";
  p.client_secret = "secret";
  return p;
}

TEST(TokenStore, KeysAndLoading) {
  EXPECT_EQ(TokenStore::key("p-1", "alice"), "p-1/alice");
  EXPECT_EQ(TokenStore::key("p-1", ""), "p-1/");
  TokenStore store(kBase);
  Outbox out;
  store.load(json::array({record("p", "bob", us_tokens("1000.b", kNow)), record("p", "", us_tokens("1000.x", kNow)),
                          record("p", "alice", us_tokens("1000.a", kNow)), record("pp", "carol", us_tokens("1000.c", kNow)),
                          json{{"profileId", "p"}, {"endUser", "dave"}, {"tokens", {{"accessToken", 5}}}},
                          json{{"endUser", "erin"}}}));
  ASSERT_NE(store.find("p"), nullptr);
  EXPECT_EQ(store.find("p")->access_token, "1000.x");
  EXPECT_EQ(store.find("p", "dave"), nullptr);
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"alice", "bob"})) << "sorted; pp's are not p's";
  EXPECT_EQ(store.read_stored(SIZE_MAX, kNow, out), 0u);
  ASSERT_EQ(out.log().size(), 1u) << "a record without profileId is not a token set at all";
  EXPECT_EQ(out.log()[0].text.rfind("A stored token set could not be read and was skipped: ", 0), 0u);
}

TEST(TokenStore, EndUserListFollowsEveryChangeOfItsSets) {
  TokenStore store(kBase);
  Outbox out;
  store.load(json::array({record("p", "bob", us_tokens("1000.b", kNow)), record("pp", "x", us_tokens("1000.x", kNow))}));
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"bob"}));
  store.put("p", "alice", us_tokens("1000.a", kNow), out);
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"alice", "bob"})) << "a put adds";
  EXPECT_EQ(store.end_users("q"), (std::vector<std::string>{})) << "another profile";
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"alice", "bob"}));
  ASSERT_TRUE(store.forget("p", "bob", kNow, out));
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"alice"})) << "a forget removes";
  ASSERT_TRUE(store.external_change("p/carol", record("p", "carol", us_tokens("1000.c", kNow)), kNow, out));
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"alice", "carol"})) << "another tab adds";
  ASSERT_TRUE(store.external_change("p/alice", json(), kNow, out));
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"carol"})) << "another tab removes";
  store.remove_profile("p", out);
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{})) << "the profile is deleted";
}

// The browser's storage hands the sets as one object {storage key: record}: the keys are taken at once, each
// record is read when its set is first used, the rest by read_stored() between frames.
std::string stored_text(const std::vector<std::pair<std::string, json>>& records) {
  std::string text = "{";
  for (const auto& [k, r] : records) text += (text.size() > 1 ? "," : "") + json(k).dump() + ":" + r.dump();
  return text + "}";
}

TEST(TokenStore, StoredSetsAreListedAtOnceAndReadOnUse) {
  TokenStore store(kBase);
  Outbox out;
  ASSERT_TRUE(store.load_stored(stored_text({{"p/bob", record("p", "bob", us_tokens("1000.b", kNow))},
                                      {"p/alice", record("p", "alice", us_tokens("1000.a", kNow))},
                                      {"p/dave", json{{"profileId", "p"}, {"endUser", "dave"}, {"tokens", 5}}},
                                      {"p/erin", record("p", "mallory", us_tokens("1000.m", kNow))},
                                      {"p/", record("p", "", us_tokens("1000.x", kNow))},
                                      {"q/carol", record("q", "carol", us_tokens("1000.c", kNow))},
                                      {"p/frank", json("not a record")}})));
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"alice", "bob", "dave", "erin"}))
      << "listed before any record is read (a member that is not an object is none)";
  EXPECT_EQ(store.find("p", "dave"), nullptr) << "read on use: its tokens do not read";
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"alice", "bob", "erin"})) << "and it leaves the list";
  EXPECT_TRUE(out.log().empty()) << "logged by read_stored, not in the middle of a frame";
  EXPECT_EQ(store.find("p", "erin"), nullptr) << "a record under another set's key is not that set";
  ASSERT_NE(store.find("p"), nullptr);
  EXPECT_EQ(store.find("p")->access_token, "1000.x");
  EXPECT_EQ(store.read_stored(1, kNow, out), 2u) << "alice read; bob and q/carol left (p/ and the others were read)";
  ASSERT_EQ(out.log().size(), 2u);
  EXPECT_EQ(out.log()[0].text.rfind("A stored token set could not be read and was skipped: ", 0), 0u);
  EXPECT_NE(out.log()[1].text.find("p/erin"), std::string::npos) << out.log()[1].text;
  EXPECT_EQ(store.read_stored(SIZE_MAX, kNow, out), 0u);
  EXPECT_EQ(out.log().size(), 2u) << "each is logged once";
  EXPECT_EQ(store.find("q", "carol")->access_token, "1000.c") << "read sets stay after the text is released";
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(store.snapshot(kNow).size(), 4u);
}

TEST(TokenStore, StoredTextThatIsNoObjectLoadsNothing) {
  for (const char* text : {"", "{", "[]", "null", "{\"p/a\":{}} x"}) {
    TokenStore store(kBase);
    EXPECT_FALSE(store.load_stored(text)) << text;
    EXPECT_TRUE(store.end_users("p").empty()) << text;
  }
  TokenStore store(kBase);
  ASSERT_TRUE(store.load_stored("{}"));
  Outbox out;
  EXPECT_EQ(store.read_stored(10, kNow, out), 0u);
}

TEST(TokenStore, AShortStoredTextIsReadWhereItsRecordsAre) {
  // Found by the stored_tokens fuzzer: a text short enough for std::string's inline buffer is copied, not
  // moved, into the store, so places taken from the text given pointed outside the one kept.
  TokenStore store(kBase);
  Outbox out;
  ASSERT_TRUE(store.load_stored(R"({"p/":{"a":1}})"));
  EXPECT_EQ(store.read_stored(SIZE_MAX, kNow, out), 0u);
  EXPECT_EQ(store.find("p"), nullptr) << "no profileId: not a token set";
  EXPECT_TRUE(out.log().empty());
}

TEST(TokenStore, AKeyStoredTwiceKeepsItsLastRecord) {
  TokenStore store(kBase);
  ASSERT_TRUE(store.load_stored(stored_text({{"p/a", record("p", "a", us_tokens("1000.old", kNow))},
                                      {"p/b", record("p", "b", us_tokens("1000.b", kNow))},
                                      {"p/c", record("p", "c", us_tokens("1000.c", kNow))},
                                      {"p/a", record("p", "a", us_tokens("1000.new", kNow))},
                                      {"p/c", json("a text last")}})));
  EXPECT_EQ(store.end_users("p"), (std::vector<std::string>{"a", "b"})) << "found by the fuzzer: p/c's last is no record";
  EXPECT_EQ(store.find("p", "a")->access_token, "1000.new");
  EXPECT_EQ(store.find("p", "c"), nullptr);
}

TEST(TokenStore, EveryChangeReadsTheStoredRecordFirst) {
  json with_history = record("p", "bob", us_tokens("1000.b", kNow));
  with_history["history"] = json::parse(R"([{"event":"issued","at":1699990000}])");
  const std::string text = stored_text({{"p/bob", with_history},
                                        {"p/carol", record("p", "carol", us_tokens("1000.c", kNow))},
                                        {"p/dan", record("p", "dan", us_tokens("1000.d", kNow))},
                                        {"q/erin", record("q", "erin", us_tokens("1000.e", kNow))}});
  TokenStore store(kBase);
  Outbox out;
  ASSERT_TRUE(store.load_stored(text));
  store.put("p", "bob", us_tokens("1000.b2", kNow), out);
  json written;
  for (Effect& e : out.take_effects()) {
    if (const auto* put = std::get_if<StorePut>(&e)) written = put->value;
  }
  EXPECT_EQ(written["history"][0]["at"], 1699990000) << "the stored history goes on";
  ASSERT_TRUE(store.forget("p", "carol", kNow, out)) << "an unread set can be forgotten";
  ASSERT_TRUE(store.external_change("p/dan", json(), kNow, out)) << "and removed by another tab";
  EXPECT_EQ(store.read_stored(SIZE_MAX, kNow, out), 0u);
  EXPECT_EQ(store.find("p", "bob")->access_token, "1000.b2") << "the stored record never overwrites a newer set";
  EXPECT_EQ(store.find("p", "carol"), nullptr);
  EXPECT_EQ(store.find("p", "dan"), nullptr);

  TokenStore other(kBase);
  ASSERT_TRUE(other.load_stored(text));
  other.remove_profile("p", out);
  EXPECT_TRUE(other.end_users("p").empty());
  other.restore_removed(out);
  EXPECT_EQ(other.end_users("p"), (std::vector<std::string>{"bob", "carol", "dan"})) << "unread sets come back too";
  EXPECT_EQ(other.find("q", "erin")->access_token, "1000.e");
}

TEST(TokenStore, PutForgetAndTheirRecords) {
  TokenStore store(kBase);
  Outbox out;
  const TokenSet t = us_tokens("1000.a", kNow + 3600);
  store.put("p", "alice", t, out);
  std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 1u);
  const auto& put = std::get<StorePut>(effects[0]);
  EXPECT_EQ(put.store, "tokens");
  EXPECT_EQ(put.key, "p/alice");
  EXPECT_EQ(put.value, record("p", "alice", t));
  EXPECT_FALSE(store.forget("p", "", kNow, out)) << "no set of that end user";
  EXPECT_TRUE(out.take_effects().empty());
  EXPECT_TRUE(store.forget("p", "alice", kNow, out));
  EXPECT_EQ(store.find("p", "alice"), nullptr);
  effects = out.take_effects();
  ASSERT_EQ(effects.size(), 1u);
  EXPECT_EQ(std::get<StoreDelete>(effects[0]).key, "p/alice");
  EXPECT_EQ(out.status(), "The token set was forgotten in this browser (not revoked at the server).");
}

TEST(TokenStore, AProfilesSetsLeaveWithItAndComeBackOnce) {
  TokenStore store(kBase);
  Outbox out;
  store.put("p", "", us_tokens("1000.p", kNow), out);
  store.put("p", "alice", us_tokens("1000.a", kNow), out);
  store.put("pp", "", us_tokens("1000.pp", kNow), out);
  out.take_effects();
  store.remove_profile("p", out);
  std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_EQ(std::get<StoreDelete>(effects[0]).key, "p/");
  EXPECT_EQ(std::get<StoreDelete>(effects[1]).key, "p/alice");
  EXPECT_EQ(store.find("p"), nullptr);
  ASSERT_NE(store.find("pp"), nullptr) << "another profile whose id starts the same";
  store.restore_removed(out);
  EXPECT_EQ(store.find("p", "alice")->access_token, "1000.a");
  effects = out.take_effects();
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_EQ(std::get<StorePut>(effects[1]).value, record("p", "alice", us_tokens("1000.a", kNow)));
  store.restore_removed(out);
  EXPECT_TRUE(out.take_effects().empty()) << "restored once";
}

TEST(TokenStore, OtherTabsChanges) {
  TokenStore store(kBase);
  Outbox out;
  EXPECT_FALSE(store.external_change("p/", nullptr, kNow, out)) << "nothing to remove";
  EXPECT_FALSE(store.external_change("p/", json{{"tokens", 5}}, kNow, out));
  EXPECT_TRUE(store.external_change("p/", record("p", "", us_tokens("1000.new", kNow)), kNow, out));
  EXPECT_EQ(store.find("p")->access_token, "1000.new");
  EXPECT_EQ(out.status(), "New tokens arrived from another tab.");
  EXPECT_TRUE(store.external_change("p/", nullptr, kNow, out));
  EXPECT_EQ(store.find("p"), nullptr);
  EXPECT_EQ(out.status(), "A token set was removed in another tab.");
  EXPECT_TRUE(out.take_effects().empty()) << "the other tab stored it already";
}

TEST(TokenStore, RefreshGoesToTheIssuingDataCentreUnderTheSetsLock) {
  TokenStore store(kBase);
  Outbox out;
  RequestLedger requests;
  TokenSet eu = us_tokens("1000.a", kNow + 100);
  eu.accounts_server = "https://accounts.zoho.eu";
  store.put("p", "alice", eu, out);
  const Profile profile = us_profile("p");
  EXPECT_EQ(error_code(store.refresh(nullptr, "p", "alice", requests, kNow, out)), "refresh.no_refresh_token");
  EXPECT_EQ(out.phase(), FlowPhase::kError);
  Result<Call> call = store.refresh(&profile, "p", "alice", requests, kNow, out);
  ASSERT_OK(call);
  EXPECT_EQ(call.value().request.url, "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_EQ(call.value().request.body,
            "grant_type=refresh_token&refresh_token=1000.refresh&client_id=1000.CLIENT&client_secret=secret");
  EXPECT_EQ(call.value().flight.purpose, Purpose::kRefresh);
  EXPECT_EQ(call.value().flight.held_access_token, "1000.a");
  EXPECT_EQ(out.status(), "Refreshing the access token at https://accounts.zoho.eu/oauth/v2/token...");
  const std::optional<CrossTabLock> lock = TokenStore::lock_for(call.value().flight);
  ASSERT_TRUE(lock.has_value());
  EXPECT_EQ(lock->name, "zoho-auth-console refresh p/alice");
  EXPECT_EQ(lock->store, "tokens");
  EXPECT_EQ(lock->key, "p/alice");
  InFlight revoke = call.value().flight;
  revoke.purpose = Purpose::kRevoke;
  EXPECT_FALSE(TokenStore::lock_for(revoke).has_value());
  requests.open(call.value().flight);
  const std::string status = out.status();
  EXPECT_EQ(error_code(store.refresh(&profile, "p", "alice", requests, kNow, out)), "refresh.in_flight");
  EXPECT_EQ(out.status(), status) << "nothing shown: one is on its way";
}

TEST(TokenStore, ARateLimitedRefreshWaitsTenMinutes) {
  TokenStore store(kBase);
  Outbox out;
  RequestLedger requests;
  store.put("p", "", us_tokens("1000.a", kNow + 100), out);
  const Profile profile = us_profile("p");
  InFlight flight = store.refresh(&profile, "p", "", requests, kNow, out).value().flight;
  Result<TokenSet> answer = store.read_answer(flight, {400, {}, R"({"error":"rate_limited"})"},
                                              ExpiresInReading::kZohoMillisecondsFallback, kNow);
  EXPECT_EQ(error_code(answer), "rate_limited");
  out.set_phase(FlowPhase::kAuthorized);
  auto held = store.refresh(&profile, "p", "", requests, kNow + 599, out);
  EXPECT_EQ(error_code(held), "refresh.rate_limited");
  ASSERT_FALSE(held.ok()) << "599 s after the throttle";
  EXPECT_NE(held.error().message.find("Try again in 1 s."), std::string::npos) << held.error().message;
  EXPECT_EQ(held.error().source, "Zoho OAuth: Token limits");
  EXPECT_EQ(out.phase(), FlowPhase::kAuthorized) << "refused: the token set still works";
  EXPECT_EQ(store.due_refresh(profile, kNow + 599, requests, out), std::nullopt) << "nor automatically";
  EXPECT_EQ(error_code(store.refresh(&profile, "p", "", requests, kNow + 600, out)), "(succeeded)") << "600 s later";
}

TEST(TokenStore, ARefreshAnswerKeepsTheRefreshTokenAnExchangeDoesNot) {
  TokenStore store(kBase);
  Outbox out;
  store.put("p", "", us_tokens("1000.a", kNow), out);
  InFlight refresh;
  refresh.purpose = Purpose::kRefresh;
  refresh.profile_id = "p";
  refresh.accounts_server = "https://accounts.zoho.com";
  const HttpResponse answer{200, {}, R"({"access_token":"1000.b","expires_in":3600,"token_type":"Bearer","api_domain":"https://www.zohoapis.com"})"};
  Result<TokenSet> t = store.read_answer(refresh, answer, ExpiresInReading::kSeconds, kNow);
  ASSERT_OK(t);
  EXPECT_EQ(t.value().access_token, "1000.b");
  EXPECT_EQ(t.value().refresh_token, "1000.refresh");
  EXPECT_EQ(t.value().expires_at, kNow + 3600);
  InFlight exchange = refresh;
  exchange.purpose = Purpose::kExchange;
  t = store.read_answer(exchange, answer, ExpiresInReading::kSeconds, kNow);
  ASSERT_OK(t);
  EXPECT_EQ(t.value().refresh_token, "");
  EXPECT_EQ(store.find("p")->access_token, "1000.a") << "reading stores nothing";
}

TEST(TokenStore, AutomaticRefreshFiveMinutesBeforeExpiryAtMostEveryTwo) {
  TokenStore store(kBase);
  Outbox out;
  RequestLedger requests;
  const Profile profile = us_profile("p");
  store.put("p", "alice", us_tokens("1000.a", kNow + kAutoRefreshLead + 1), out);
  TokenSet no_refresh = us_tokens("1000.n", kNow);
  no_refresh.refresh_token.clear();
  store.put("p", "bob", no_refresh, out);
  store.put("p", "carol", us_tokens("1000.c", 0), out);  // no lifetime: never expires
  EXPECT_EQ(store.due_refresh(profile, kNow, requests, out), std::nullopt) << "301 s left";
  EXPECT_EQ(store.due_refresh(profile, kNow + 1, requests, out), std::optional<std::string>("alice")) << "300 s left";
  ASSERT_FALSE(out.log().empty());
  EXPECT_EQ(out.log().back().text, "Automatic refresh: the token set of 'CRM' for end user alice expires soon.");
  EXPECT_EQ(store.due_refresh(profile, kNow + 1 + kAutoRefreshRetry - 1, requests, out), std::nullopt) << "tried 119 s ago";
  EXPECT_EQ(store.due_refresh(profile, kNow + 1 + kAutoRefreshRetry, requests, out), std::optional<std::string>("alice"));
  InFlight refresh;
  refresh.purpose = Purpose::kRefresh;
  refresh.profile_id = "p";
  refresh.end_user = "alice";
  requests.open(refresh);
  EXPECT_EQ(store.due_refresh(profile, kNow + 1000, requests, out), std::nullopt) << "one is in flight";
}

TEST(TokenStore, UnderTheLockAnotherTabsWorkIsAdopted) {
  TokenStore store(kBase);
  Outbox out;
  store.put("p", "", us_tokens("1000.mine", kNow + 10), out);
  InFlight refresh;
  refresh.purpose = Purpose::kRefresh;
  refresh.profile_id = "p";
  refresh.held_access_token = "1000.mine";
  EXPECT_FALSE(store.settled_elsewhere(refresh, record("p", "", us_tokens("1000.mine", kNow + 10)), kNow, out))
      << "the same token: nobody refreshed it";
  EXPECT_FALSE(store.settled_elsewhere(refresh, record("p", "", us_tokens("1000.theirs", kNow + 60)), kNow, out))
      << "a token that expires within 60 s counts as expired";
  EXPECT_TRUE(store.settled_elsewhere(refresh, record("p", "", us_tokens("1000.theirs", kNow + 61)), kNow, out));
  EXPECT_EQ(store.find("p")->access_token, "1000.theirs");
  EXPECT_EQ(out.status(), "Another tab refreshed this token set a moment ago; its new access token is used, nothing was sent.");
  EXPECT_TRUE(store.settled_elsewhere(refresh, nullptr, kNow, out));
  EXPECT_EQ(store.find("p"), nullptr);
  EXPECT_EQ(out.status(), "The token set was removed in another tab; nothing was refreshed.");
}

TEST(TokenStore, RevokeOnlyAtZohoAndForgetOnSuccessOrAlreadyRevoked) {
  TokenStore store(kBase);
  Outbox out;
  EXPECT_EQ(error_code(store.revoke(nullptr, "p", "", kNow, out)), "revoke.no_tokens");
  TokenSet foreign = us_tokens("1000.a", kNow);
  foreign.accounts_server = "https://idp.example";
  store.put("q", "", foreign, out);
  EXPECT_EQ(error_code(store.revoke(nullptr, "q", "", kNow, out)), "revoke.endpoint");
  store.put("p", "", us_tokens("1000.a", kNow), out);
  Profile custom = us_profile("p");
  custom.provider = Provider::kCustom;
  EXPECT_EQ(error_code(store.revoke(&custom, "p", "", kNow, out)), "revoke.endpoint") << "only Zoho's";
  Result<Call> call = store.revoke(nullptr, "p", "", kNow, out);
  ASSERT_OK(call);
  EXPECT_EQ(call.value().request.url, "https://accounts.zoho.com/oauth/v2/token/revoke");
  EXPECT_EQ(call.value().request.body, "token=1000.refresh");
  EXPECT_EQ(call.value().flight.purpose, Purpose::kRevoke);
  out.take_effects();
  const ExplainContext context{"US (accounts.zoho.com)", "", call.value().request.url, "token"};
  EXPECT_FALSE(store.on_revoke(call.value().flight, {500, {}, ""}, context, kNow, out));
  EXPECT_EQ(error_code(out.error()), "http.500");
  ASSERT_NE(store.find("p"), nullptr);
  EXPECT_TRUE(store.on_revoke(call.value().flight, {400, {}, ""}, context, kNow, out)) << "already revoked";
  EXPECT_EQ(store.find("p"), nullptr);
  std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 1u);
  EXPECT_EQ(std::get<StoreDelete>(effects[0]).key, "p/");
}

TEST(TokenStore, TheSnapshotHoldsNoTokenValue) {
  TokenStore store(kBase);
  Outbox out;
  store.put("p", "alice", us_tokens("1000.secret-access", kNow + 60), out);
  const json snapshot = store.snapshot(kNow);
  EXPECT_EQ(snapshot.dump(),
            R"([{"accountsServer":"https://accounts.zoho.com","apiDomain":"https://www.zohoapis.com","endUser":"alice",)"
            R"("expired":true,"expiresAt":1700000060,"hasAccessToken":true,"hasRefreshToken":true,"profileId":"p",)"
            R"("scope":""}])");
  EXPECT_EQ(store.snapshot(kNow - 1)[0]["expired"], false);
}

}  // namespace
}  // namespace zc
