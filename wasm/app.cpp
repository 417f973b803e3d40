#include "app.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>  // emscripten_date_now
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "console/end_user_id.hpp"
#include "js_shell.hpp"
#include "oauth/base64url.hpp"
#include "oauth/callback.hpp"
#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"
#include "oauth/url.hpp"

namespace zc::web {

App::App(std::string page_url, std::string base_url)
    : page_url_(std::move(page_url)), base_url_(std::move(base_url)),
      model_({base_url_, strip_query_and_fragment(page_url_)}) {}

std::int64_t App::now() { return static_cast<std::int64_t>(emscripten_date_now() / 1000.0); }

std::string App::random_octets(size_t n) {
  std::string bytes(n, '\0');
  // getentropy takes at most 256 bytes per call; ours are 9-32 bytes. Without randomness nothing is safe.
  if (getentropy(bytes.data(), bytes.size()) != 0) abort();
  return bytes;
}

std::string App::random_token(size_t n) { return base64url_encode(random_octets(n)); }

void App::on_storage_loaded(std::string_view text) {
  std::string tokens = stored_tokens_.empty() ? std::string("{}") : std::move(stored_tokens_);
  // A stored record may nest as deep as an import accepts (kMaxJsonDepth): the load document holds it two
  // levels down (the document, its store).
  nlohmann::json j = parse_json(text, kMaxJsonDepth + 2);
  auto field = [&](const char* key) {
    return j.is_object() && j.contains(key) ? record_list(std::move(j[key])) : nlohmann::json::array();
  };
  dispatch([&](Model& m) {
    const bool tokens_read = m.load_stored(field("profiles"), std::move(tokens), field("pending"), now(),
                                           "p-" + random_token(9));
    if (j.is_discarded() || !tokens_read) {
      // Only the page's own key can seal what does not parse: said, not shown as a first visit.
      m.set_storage_status("indexeddb", std::string(j.is_discarded() ? "The stored records" : "The stored token sets") +
                                            " could not be read (they are not JSON): none was loaded. They are kept; "
                                            "the browser's developer tools show them.");
    } else {
      m.set_storage_status(string_at(j, "mode").empty() ? "memory" : string_at(j, "mode"), string_at(j, "warning"));
    }
    if (j.is_object() && j.contains("quarantined")) m.storage_quarantined(j["quarantined"], now());
    // A reload in the middle of editing: the edits come back (the callback below, if any, takes over).
    if (j.is_object() && j.contains("draft")) m.restore_draft(j["draft"], now());
    loaded_ = true;
    // A page opened without an authorization response never runs callback handling (docs/SECURITY.md rule 6).
    // The query carries a code; the fragment an implicit grant's token (docs/SECURITY.md rule 13).
    if (looks_like_callback(page_url_, ResponseMode::kQuery) || looks_like_callback(page_url_, ResponseMode::kFragment)) {
      m.handle_callback(page_url_, now());
    } else {
      start_end_user_link(m);
    }
  });
  frames_.request();  // the frame after which `ready` resolves (take_ready)
}

bool App::take_ready() {
  if (!loaded_ || ready_announced_) return false;
  ready_announced_ = true;
  // The token sets not read on the way to this frame are read after it, in slices (read_stored_tokens).
  emscripten_set_timeout([](void* self) { static_cast<App*>(self)->read_stored_tokens(); }, 0, this);
  return true;
}

void App::read_stored_tokens() {
  // A slice of about 250 records is a few milliseconds: between frames, never in one (scrolling stays
  // smooth). Those already read on use are skipped; unreadable ones reach the log here.
  constexpr size_t kSlice = 250;
  if (effects_.read_stored_tokens(kSlice, now()) == 0) return;
  emscripten_set_timeout([](void* self) { static_cast<App*>(self)->read_stored_tokens(); }, 0, this);
}

void App::start_end_user_link(Model& m) {
  // An end-user link: ?authorize=<profile id>&end_user=<id> starts that end user's authorization.
  const size_t q = page_url_.find('?');
  if (q == std::string::npos) return;
  std::string profile_id, end_user;
  for (const auto& [name, value] : form_parse(page_url_.substr(q + 1, page_url_.find('#') - q - 1))) {
    if (name == "authorize") profile_id = value;
    if (name == "end_user") end_user = value;
  }
  if (profile_id.empty()) return;
  zc_js_replace_url(strip_query_and_fragment(page_url_).c_str());
  m.select_profile(profile_id);
  if (m.selected_profile_id() != profile_id || end_user.empty()) {
    m.note("The end-user link names no saved profile of this browser, or no end user: nothing was started.", now());
    return;
  }
  Profile end_user_mode = m.draft();
  end_user_mode.authorization_mode = AuthorizationMode::kEndUser;
  // Refused here, before the confirmation shows it: a control character (%00 in the link) cannot be typed
  // into the End User Id field, and the authorization would refuse it anyway (end_user_id.hpp).
  if (const auto refused = end_user_id_error(end_user_mode, end_user)) {
    m.note("The end-user link was not followed: nothing was started. " + refused->message, now());
    return;
  }
  m.edit_draft(end_user_mode);
  // Nothing starts unseen: the console shows who and what first (draw_end_user_link_confirmation).
  end_user_link_ = end_user;
}

void App::confirm_end_user_link() {
  const std::string end_user = end_user_link_;
  end_user_link_.clear();
  if (!end_user.empty()) effects_.authorize(end_user);
}

void App::dismiss_end_user_link() {
  if (end_user_link_.empty()) return;
  dispatch(&Model::note, "The end-user link for " + end_user_link_ + " was not followed: nothing was sent.", now());
  end_user_link_.clear();
}

void App::paste(const std::string& text, size_t dropped_nuls) {
  const std::string note = input_.paste(text, dropped_nuls);
  if (!note.empty()) dispatch(&Model::note, note, now());
}

void App::on_address_changed(const std::string& url) {
  if (!loaded_) return;  // the load itself reads the address
  if (looks_like_callback(url, ResponseMode::kFragment) || looks_like_callback(url, ResponseMode::kQuery)) {
    dispatch(&Model::handle_callback, url, now());
  }
}

void App::on_external_change(const std::string& store, const std::string& key, const std::string& record_json) {
  const nlohmann::json record = parse_json(record_json);
  dispatch(&Model::external_change, store, key, record.is_discarded() ? nlohmann::json() : record, now());
}

void App::on_timer(double now_seconds) {
  const auto whole = static_cast<std::int64_t>(now_seconds);
  if (whole == last_tick_ || !loaded_) return;
  last_tick_ = whole;
  const auto& profiles = model_.profiles();
  // The device flow polls on this timer too, and requests in flight time out on it (Model::tick).
  if (std::none_of(profiles.begin(), profiles.end(), [](const Profile& p) { return p.enabled; }) &&
      !model_.device_pending() && !model_.busy()) {
    return;
  }
  dispatch(&Model::tick, now());
}

void App::keep_draft() {
  const std::string text = to_json_text(model_.unsaved_draft());
  if (text == kept_draft_) return;
  kept_draft_ = text;
  zc_js_keep_draft(text.c_str());
}

}  // namespace zc::web
