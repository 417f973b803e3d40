#include "console/profile_book.hpp"

#include <gtest/gtest.h>

#include "result_checks.hpp"
#include "zoho/data_centres.hpp"

namespace zc {
using testing::error_code;
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000;
constexpr const char* kBase = "http://127.0.0.1:8000/";

// A complete Zoho profile (server-based, US) that saves.
Profile us_profile(const std::string& id, const std::string& name) {
  Profile p;
  p.id = id;
  p.name = name;
  p.client_id = "1000.CLIENT";
  p.client_secret = "secret";
  p.scopes = {"ZohoCRM.modules.leads.ALL"};
  p.redirect_uri = "https://app.example/callback";
  return p;
}

// A book holding the saved profiles of `profiles`, in the form as load() leaves it.
ProfileBook book_of(const std::vector<Profile>& profiles, Outbox& out) {
  ProfileBook book(kBase, kBase);
  json records = json::array();
  for (const Profile& p : profiles) records.push_back(profile_to_json(p));
  book.load(records, "p-fresh", kNow, out);
  out.take_effects();
  return book;
}

std::vector<std::string> names(const ProfileBook& book) {
  std::vector<std::string> out;
  for (const Profile& p : book.profiles()) out.push_back(p.name);
  return out;
}

TEST(ProfileBook, LoadKeepsReadableProfilesInNaturalOrderAndPutsTheDemoInTheForm) {
  ProfileBook book(kBase, kBase);
  EXPECT_EQ(book.draft().data_centre, "demo") << "before load too";
  Outbox out;
  json records = json::array({profile_to_json(us_profile("b", "n10")), profile_to_json(us_profile("a", "n9")),
                              json{{"version", 1}}, profile_to_json(us_profile("", "no id"))});
  book.load(records, "p-fresh", kNow, out);
  EXPECT_EQ(names(book), (std::vector<std::string>{"n9", "n10"}));
  ASSERT_EQ(out.log().size(), 2u);
  EXPECT_EQ(out.log()[0].text.rfind("A stored profile could not be read and was skipped: ", 0), 0u);
  EXPECT_EQ(out.log()[1].text, "A stored profile could not be read and was skipped: it has no id.");
  EXPECT_EQ(book.draft().id, "p-fresh");
  EXPECT_EQ(book.draft().client_id, kDemoClientId);
  EXPECT_EQ(book.draft().authorization_url, std::string(kBase) + "demo/accounts/oauth/v2/auth");
  EXPECT_EQ(book.selected_id(), "");
  EXPECT_TRUE(book.draft_is_dirty()) << "the demo draft is not saved";
}

TEST(ProfileBook, EqualNamesKeepTheirOrder) {
  Outbox out;
  ProfileBook book = book_of({us_profile("1", "Same"), us_profile("2", "same"), us_profile("3", "Same")}, out);
  ASSERT_EQ(book.profiles().size(), 3u);
  EXPECT_EQ(book.profiles()[0].id, "1");
  EXPECT_EQ(book.profiles()[1].id, "3");
  EXPECT_EQ(book.profiles()[2].id, "2");
}

TEST(ProfileBook, SaveNamesTheFirstFieldMissingAndStoresNothing) {
  Outbox out;
  ProfileBook book = book_of({}, out);
  book.take_into_form(us_profile("p-1", ""), "p-1");
  auto e = book.save_draft(kNow, out);
  EXPECT_EQ(error_code(e), "profile.Name");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->message, "Name is empty; give the profile a name you will recognise.");
  EXPECT_EQ(out.status(), e->message);
  ASSERT_FALSE(out.log().empty());
  EXPECT_EQ(out.log().back().text, "Not saved: " + e->message);
  book.draft().name = "CRM";
  book.draft().client_secret.clear();
  EXPECT_EQ(error_code(book.save_draft(kNow, out)), "profile.Client Secret");
  book.draft().client_authentication = ClientAuthentication::kNone;
  book.draft().redirect_uri.clear();
  EXPECT_EQ(error_code(book.save_draft(kNow, out)), "profile.Redirect URI") << "a public client needs no secret";
  book.draft().client_type = ClientType::kSelf;
  book.draft().relay_url = "http://localhost:8000/relay?x=1";
  e = book.save_draft(kNow, out);
  EXPECT_EQ(error_code(e), "profile.Relay URL") << "a self client needs no redirect URI";
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->message,
            "Relay URL must not carry a query or fragment; the console adds ?target=. Example: http://localhost:8000/relay");
  EXPECT_TRUE(out.take_effects().empty());
  EXPECT_TRUE(book.profiles().empty());
}

TEST(ProfileBook, SaveStoresSortsAndSelects) {
  Outbox out;
  ProfileBook book = book_of({us_profile("p-2", "n10")}, out);
  book.take_into_form(us_profile("ignored", "n9"), "p-1");
  EXPECT_EQ(book.selected_id(), "");
  ASSERT_FALSE(book.save_draft(kNow, out).has_value());
  EXPECT_EQ(names(book), (std::vector<std::string>{"n9", "n10"}));
  EXPECT_EQ(book.selected_id(), "p-1");
  EXPECT_FALSE(book.draft_is_dirty());
  EXPECT_EQ(out.status(), "Saved authorization profile 'n9'.");
  std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 1u);
  const auto* put = std::get_if<StorePut>(&effects[0]);
  ASSERT_NE(put, nullptr);
  EXPECT_EQ(put->store, "profiles");
  EXPECT_EQ(put->key, "p-1");
  EXPECT_EQ(put->value, profile_to_json(book.draft()));
  book.draft().id.clear();
  EXPECT_EQ(error_code(book.save_draft(kNow, out)), "profile.id");
  EXPECT_TRUE(out.take_effects().empty());
}

TEST(ProfileBook, SwitchingKeepsTheEditsOfTheProfileLeft) {
  Outbox out;
  ProfileBook book = book_of({us_profile("a", "A"), us_profile("b", "B")}, out);
  EXPECT_TRUE(book.select("a", out));
  EXPECT_FALSE(book.select("a", out)) << "already in the form";
  EXPECT_FALSE(book.select("nope", out));
  book.draft().scopes = {"ZohoCRM.users.READ"};
  EXPECT_TRUE(book.select("b", out));
  EXPECT_TRUE(book.has_unsaved("a"));
  EXPECT_FALSE(book.has_unsaved("b"));
  ASSERT_FALSE(out.log().empty());
  EXPECT_EQ(out.log().back().text,
            "Unsaved changes to 'A' are kept in this tab; press Save Authorization Profile to store them.");
  EXPECT_TRUE(book.select("a", out));
  EXPECT_EQ(book.draft().scopes, (std::vector<std::string>{"ZohoCRM.users.READ"}));
  EXPECT_EQ(book.find("a")->scopes, (std::vector<std::string>{"ZohoCRM.modules.leads.ALL"})) << "nothing saved";
  const json kept = book.unsaved_draft();
  EXPECT_EQ(kept["draft"]["scopes"], json::array({"ZohoCRM.users.READ"}));
  EXPECT_FALSE(kept["draft"].contains("clientSecret"));
  EXPECT_EQ(kept["others"], json::array());
}

TEST(ProfileBook, RemoveKeepsTheProfileForRestore) {
  Outbox out;
  ProfileBook book = book_of({us_profile("a", "A"), us_profile("b", "B")}, out);
  book.select("a", out);
  EXPECT_FALSE(book.remove("nope", out));
  EXPECT_EQ(book.undoable_name(), "");
  EXPECT_FALSE(book.remove("b", out)) << "not on screen";
  EXPECT_EQ(book.undoable_name(), "B");
  EXPECT_TRUE(book.remove("a", out)) << "on screen";
  EXPECT_EQ(book.undoable_name(), "A") << "the last deletion only";
  EXPECT_TRUE(book.profiles().empty());
  EXPECT_EQ(book.draft().id, "") << "none left: an empty form";
  EXPECT_EQ(book.draft().redirect_uri, kBase);
  std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_EQ(std::get<StoreDelete>(effects[1]).key, "a");
  const std::optional<Profile> restored = book.restore_deleted(out);
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->id, "a");
  EXPECT_EQ(names(book), (std::vector<std::string>{"A"}));
  EXPECT_EQ(std::get<StorePut>(out.take_effects().at(0)).key, "a");
  EXPECT_FALSE(book.restore_deleted(out).has_value()) << "undo works once";
}

TEST(ProfileBook, DuplicateCopiesTheFormsVersionUnsaved) {
  Outbox out;
  ProfileBook book = book_of({us_profile("a", "CRM")}, out);
  book.select("a", out);
  book.draft().client_id = "1000.EDITED";
  EXPECT_FALSE(book.duplicate("nope", "c", out));
  ASSERT_TRUE(book.duplicate("a", "c", out));
  EXPECT_EQ(book.draft().id, "c");
  EXPECT_EQ(book.draft().name, "CRM (copy)");
  EXPECT_EQ(book.draft().client_id, "1000.EDITED");
  EXPECT_TRUE(book.has_unsaved("a")) << "the original's edits are kept";
  EXPECT_EQ(book.profiles().size(), 1u) << "the copy is not saved yet";
}

TEST(ProfileBook, ImportReadsAllOrNothingAndNamesTheFile) {
  Outbox out;
  ProfileBook book = book_of({}, out);
  json one = profile_to_json(us_profile("file-id", "One"));
  one.erase("authorizationUrl");
  one["dataCenter"] = "eu";
  Result<ProfileImport> read = book.read_import("", one.dump());
  ASSERT_OK(read);
  EXPECT_FALSE(read.value().list);
  ASSERT_EQ(read.value().profiles.size(), 1u);
  EXPECT_EQ(read.value().profiles[0].id, "") << "the file's id is dropped";
  EXPECT_EQ(read.value().profiles[0].authorization_url, "https://accounts.zoho.eu/oauth/v2/auth");
  read = book.read_import("two.json", json::array({one}).dump());
  ASSERT_OK(read);
  EXPECT_TRUE(read.value().list) << "a list of one is still a list";
  read = book.read_import("two.json", "[]");
  EXPECT_EQ(error_code(read), "profile");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "Not imported from two.json: the list holds no profile.");
  json bad = one;
  bad["name"] = 5;
  read = book.read_import("", json::array({one, bad}).dump());
  EXPECT_EQ(error_code(read), "profile.name");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message.rfind("Not imported: profile 2 of 2: ", 0), 0u) << read.error().message;
  EXPECT_EQ(error_code(book.read_import("", R"({"version":1,"name":"a","name":"b"})")), "profile.name");
  EXPECT_TRUE(out.log().empty()) << "reading reports nothing: the model does";
}

TEST(ProfileBook, ExportsCarryTheSecretOnlyWhenAsked) {
  Outbox out;
  ProfileBook book = book_of({us_profile("a", "A")}, out);
  EXPECT_EQ(book.export_profile("nope", true), "");
  EXPECT_EQ(json::parse(book.export_profile("a", true))["clientSecret"], "secret");
  EXPECT_FALSE(json::parse(book.export_profile("a", false)).contains("clientSecret"));
  book.select("a", out);
  book.draft().name = "A edited";
  const json all = json::parse(book.export_all(false));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["name"], "A edited") << "the form's version of the profile on screen";
}

TEST(ProfileBook, RestoreAfterAReloadTakesTheSecretFromStorage) {
  Outbox out;
  ProfileBook book = book_of({us_profile("a", "A")}, out);
  EXPECT_FALSE(book.restore(json(5), kNow, out));
  json draft = profile_to_json(us_profile("a", "A edited"), /*include_secret=*/false);
  ASSERT_TRUE(book.restore({{"draft", draft}, {"others", json::array()}}, kNow, out));
  EXPECT_EQ(book.draft().name, "A edited");
  EXPECT_EQ(book.draft().client_secret, "secret");
  EXPECT_EQ(book.selected_id(), "a");
  EXPECT_EQ(out.status(), "Your unsaved edits were restored after the reload.");
  json fresh = profile_to_json(us_profile("new", "New"), /*include_secret=*/false);
  ASSERT_TRUE(book.restore(fresh, kNow, out)) << "an older page kept the draft alone";
  EXPECT_EQ(book.selected_id(), "");
  EXPECT_EQ(book.draft().client_secret, "");
  EXPECT_EQ(out.status(), "Your unsaved edits were restored after the reload; enter the Client Secret again (it is "
                          "never kept outside saved profiles).");
  EXPECT_FALSE(book.restore({{"draft", nullptr}, {"others", json::array()}}, kNow, out)) << "nothing kept";
}

TEST(ProfileBook, AnotherTabsSaveKeepsTheEditsHere) {
  Outbox out;
  ProfileBook book = book_of({us_profile("a", "A")}, out);
  book.select("a", out);
  book.draft().client_id = "1000.MINE";
  book.external_change("a", profile_to_json(us_profile("a", "A (theirs)")), kNow, out);
  EXPECT_EQ(book.find("a")->name, "A (theirs)");
  EXPECT_EQ(book.draft().client_id, "1000.MINE");
  EXPECT_EQ(out.status(), "Profile 'A (theirs)' was saved in another tab; your unsaved edits here are kept (Save replaces it).");
  book.external_change("a", profile_to_json(us_profile("other-id", "X")), kNow, out);
  EXPECT_EQ(book.find("a")->name, "A (theirs)") << "a record under another key is ignored";
  book.external_change("a", nullptr, kNow, out);
  EXPECT_EQ(book.find("a"), nullptr);
  EXPECT_EQ(book.selected_id(), "");
  EXPECT_EQ(out.status(), "Profile 'A (theirs)' was deleted in another tab: it stays in the form, unsaved.");
}

TEST(ProfileBook, ACustomProvidersFieldsComeBackAfterALookAtZoho) {
  ProfileBook book(kBase, kBase);
  book.set_draft_data_centre("eu");
  EXPECT_EQ(book.draft().authorization_url, "https://accounts.zoho.eu/oauth/v2/auth");
  book.draft().client_id = kDemoClientId;
  book.set_draft_provider(Provider::kCustom);
  EXPECT_EQ(book.draft().client_id, "") << "the demo's client is not a custom provider's";
  EXPECT_EQ(book.draft().authorization_url, "") << "a Zoho data centre's URLs are cleared";
  book.draft().authorization_url = "http://127.0.0.1:3000/auth";
  book.draft().issuer = "http://127.0.0.1:3000";
  book.set_draft_provider(Provider::kZoho);
  EXPECT_EQ(book.draft().authorization_url, "https://accounts.zoho.eu/oauth/v2/auth");
  EXPECT_EQ(book.draft().issuer, "");
  book.set_draft_provider(Provider::kCustom);
  EXPECT_EQ(book.draft().authorization_url, "http://127.0.0.1:3000/auth");
  EXPECT_EQ(book.draft().issuer, "http://127.0.0.1:3000");
}

}  // namespace
}  // namespace zc
