#include "app.hpp"

#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/fetch.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "fetch_transport.hpp"
#include "js_shell.hpp"
#include "oauth/base64url.hpp"
#include "oauth/callback.hpp"
#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"
#include "oauth/pkce.hpp"
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

void App::on_storage_loaded(const std::string& text) {
  // Stored records are outside input: a depth limit above any real record's.
  const nlohmann::json j = parse_json(text, 16);
  const nlohmann::json empty = nlohmann::json::array();
  // A reference, not a copy: the token store can hold 10,000 records.
  auto field = [&](const char* key) -> const nlohmann::json& { return j.is_object() && j.contains(key) ? j[key] : empty; };
  model_.load(field("profiles"), field("tokens"), field("pending"), now(), "p-" + random_token(9));
  model_.set_storage_status(string_at(j, "mode").empty() ? "memory" : string_at(j, "mode"), string_at(j, "warning"));
  if (j.is_object() && j.contains("quarantined")) model_.storage_quarantined(j["quarantined"], now());
  // A reload in the middle of editing: the edits come back (the callback below, if any, takes over).
  if (j.is_object() && j.contains("draft")) model_.restore_draft(j["draft"], now());
  loaded_ = true;
  // A page opened without an authorization response never runs callback handling (docs/SECURITY.md rule 6).
  // The query carries a code; the fragment an implicit grant's token (docs/SECURITY.md rule 13).
  if (looks_like_callback(page_url_, ResponseMode::kQuery) || looks_like_callback(page_url_, ResponseMode::kFragment)) {
    model_.handle_callback(page_url_, now());
  } else {
    start_end_user_link();
  }
  run_effects();
  zc_js_ready();
  request_frames();
}

bool App::start_end_user_link() {
  // An end-user link: ?authorize=<profile id>&end_user=<id> starts that end user's authorization.
  const size_t q = page_url_.find('?');
  if (q == std::string::npos) return false;
  std::string profile_id, end_user;
  for (const auto& [name, value] : form_parse(page_url_.substr(q + 1, page_url_.find('#') - q - 1))) {
    if (name == "authorize") profile_id = value;
    if (name == "end_user") end_user = value;
  }
  if (profile_id.empty()) return false;
  zc_js_replace_url(strip_query_and_fragment(page_url_).c_str());
  model_.select_profile(profile_id);
  if (model_.selected_profile_id() != profile_id || end_user.empty()) {
    model_.note("The end-user link names no saved profile of this browser, or no end user: nothing was started.", now());
    return false;
  }
  model_.draft().authorization_mode = AuthorizationMode::kEndUser;
  // Nothing starts unseen: the console shows who and what first (draw_end_user_link_confirmation).
  end_user_link_ = end_user;
  return false;
}

void App::confirm_end_user_link() {
  const std::string end_user = end_user_link_;
  end_user_link_.clear();
  if (!end_user.empty()) authorize(end_user);
}

void App::dismiss_end_user_link() {
  if (end_user_link_.empty()) return;
  model_.note("The end-user link for " + end_user_link_ + " was not followed: nothing was sent.", now());
  end_user_link_.clear();
}

void App::run_effects() {
  // std::get_if, not std::visit: no bad_variant_access path in a build without exceptions.
  for (Effect& effect : model_.take_effects()) {
    if (const auto* put = std::get_if<StorePut>(&effect)) {
      zc_js_storage_put(put->store.c_str(), put->key.c_str(), to_json_text(put->value).c_str());
    } else if (const auto* gone = std::get_if<StoreDelete>(&effect)) {
      zc_js_storage_delete(gone->store.c_str(), gone->key.c_str());
    } else if (const auto* go = std::get_if<Navigate>(&effect)) {
      zc_js_navigate(go->url.c_str());
    } else if (const auto* replace = std::get_if<ReplaceUrl>(&effect)) {
      zc_js_replace_url(replace->url.c_str());
    } else if (auto* http = std::get_if<Http>(&effect)) {
      if (!http->lock) {
        send(http->request_id, http->request);
      } else {
        // docs/SECURITY.md rule 9: the shell takes the Web Lock and reads the record; on_lock_held goes on.
        const CrossTabLock& lock = *http->lock;
        locked_[http->request_id] = std::move(http->request);
        zc_js_lock_and_read(http->request_id, lock.name.c_str(), lock.store.c_str(), lock.key.c_str());
      }
    }
  }
  request_frames();
}

void App::authorize(const std::string& end_user) {
  // An unguessable, single-use state (docs/SECURITY.md rule 2): the core says how strong.
  const std::string state = make_state(random_octets(kStateOctets)).value();
  if (!model_.draft().pkce) {
    model_.authorize(state, now(), "", "", end_user);
    run_effects();
    return;
  }
  pkce_end_user_ = end_user;
  pkce_state_ = state;
  pkce_verifier_ = make_code_verifier(random_octets(kCodeVerifierOctets)).value();
  zc_js_sha256(pkce_verifier_.c_str());
}

void App::send(int id, const HttpRequest& request, std::function<void()> then) {
  send_request(request, [this, id, then](HttpResponse response) {
    model_.http_response(id, response, now());
    run_effects();
    if (then) then();
    request_frames();
  });
}

void App::paste(const std::string& text, size_t dropped_nuls) {
  if (text.size() > kMaxPasteBytes) {
    model_.note("Paste refused: " + std::to_string(text.size()) + " bytes is more than any field takes (1 MiB). "
                "For a profile file, use Import file.", now());
    request_frames();
    return;
  }
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return;
  const size_t last = text.find_last_not_of(" \t\r\n");
  std::string clean;
  clean.reserve(last - first + 1);
  size_t controls = dropped_nuls;
  for (size_t i = first; i <= last; ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 <= last && text[i + 1] == '\n') continue;  // CRLF: one break
    if (c == '\n' || c == '\r' || c == '\t') {
      clean += ' ';
    } else if ((static_cast<unsigned char>(c) < 0x20 || c == 0x7F)) {
      ++controls;  // a NUL would end the text for ImGui, and no field means a control character
    } else {
      clean += c;
    }
  }
  if (controls > 0) {
    model_.note("Pasted without its " + std::to_string(controls) +
                    " control character(s) (such as NUL): no field of a profile holds them.", now());
  }
  queue_paste(clean);
}

void App::on_lock_held(int id, const std::string& record_json) {
  const auto it = locked_.find(id);
  if (it == locked_.end()) {
    zc_js_release_lock(id);
    return;
  }
  const HttpRequest request = it->second;
  locked_.erase(it);
  // A stored record is outside input: parsed with a depth limit, never trusted to be well-formed.
  if (model_.proceed_under_lock(id, parse_json(record_json, 16), now())) {
    // The lock is released once the answer's tokens are written (shell.js waits for the writes).
    send(id, request, [id] { zc_js_release_lock(id); });
  } else {
    zc_js_release_lock(id);
    run_effects();
  }
}

void App::on_address_changed(const std::string& url) {
  if (!loaded_) return;  // the load itself reads the address
  if (looks_like_callback(url, ResponseMode::kFragment) || looks_like_callback(url, ResponseMode::kQuery)) {
    model_.handle_callback(url, now());
    run_effects();
  }
}

void App::on_external_change(const std::string& store, const std::string& key, const std::string& record_json) {
  const nlohmann::json record = parse_json(record_json, 16);
  model_.external_change(store, key, record.is_discarded() ? nlohmann::json() : record, now());
  request_frames();
}

void App::on_sha256(const std::string& digest_base64url) {
  if (pkce_state_.empty()) return;
  const auto digest = base64url_decode(digest_base64url);
  const auto challenge = code_challenge_s256(digest ? *digest : std::string());
  // Without a challenge the model refuses and says why (no WebCrypto outside a secure context).
  model_.authorize(pkce_state_, now(), pkce_verifier_, challenge.ok() ? challenge.value() : std::string(),
                   pkce_end_user_);
  pkce_state_.clear();
  pkce_verifier_.clear();
  run_effects();
}

void App::on_timer(double now_seconds) {
  const auto whole = static_cast<std::int64_t>(now_seconds);
  if (whole == last_tick_ || !loaded_) return;
  last_tick_ = whole;
  const auto& profiles = model_.profiles();
  if (std::none_of(profiles.begin(), profiles.end(), [](const Profile& p) { return p.enabled; })) return;
  model_.tick(now());
  run_effects();
}

void App::keep_draft() {
  const std::string text = to_json_text(model_.unsaved_draft());
  if (text == kept_draft_) return;
  kept_draft_ = text;
  zc_js_keep_draft(text.c_str());
}

void App::sleep_if_idle(double now_seconds) {
  if (paused_ || frames_wanted_ > 0 || keys_.pending() || mouse_.pending()) return;
  const double wake_at = wake_at_;
  paused_ = true;
  emscripten_pause_main_loop();
  if (timer_ != 0) emscripten_clear_timeout(timer_);
  timer_ = 0;
  if (wake_at < 1e299) {
    timer_ = emscripten_set_timeout(
        [](void* self) {
          static_cast<App*>(self)->timer_ = 0;
          static_cast<App*>(self)->wake();
        },
        std::max(0.0, (wake_at - now_seconds) * 1000.0), this);
  }
}

void App::wake() {
  if (!paused_) return;
  paused_ = false;
  emscripten_resume_main_loop();
}

bool App::take_frame(double now_seconds) {
  if (now_seconds >= wake_at_) {
    wake_at_ = 1e300;
    request_frames(1);
  }
  if (frames_wanted_ <= 0 && !keys_.pending() && !mouse_.pending()) return false;
  frames_wanted_ = std::max(0, frames_wanted_ - 1);
  ++frames_drawn_;
  return true;
}

}  // namespace zc::web
