// Functions web/shell.js calls: storage answers, paste, and the automation bridge's state()/items()
// (docs/ARCHITECTURE.md "Browser automation bridge"), and zc_a11y_json for the page's accessible mirror of the
// canvas. Every one goes through the same Model actions as the UI.
#include <emscripten.h>

#include <string>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "glyph_cache.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "item_recorder.hpp"
#include "oauth/json_text.hpp"

extern "C" {

/// Storage's answer to zc_js_storage_load: `json` every store but the token sets; their store's text was
/// written into zc_stored_tokens_buffer's bytes first.
EMSCRIPTEN_KEEPALIVE void zc_on_storage_loaded(const char* json) { zc::web::app().on_storage_loaded(json); }
EMSCRIPTEN_KEEPALIVE char* zc_stored_tokens_buffer(double size) {
  return zc::web::app().stored_tokens_buffer(size > 0 ? static_cast<size_t>(size) : 0);
}

EMSCRIPTEN_KEEPALIVE void zc_on_storage_error(const char* message) {
  zc::web::app().dispatch(&zc::Model::storage_failed, message);
}

/// Text pasted into the page goes to the focused ImGui text field (docs/TOOLCHAIN.md: GLFW's clipboard is a no-op).
/// `nuls`: NUL characters the page took out first (a C string would end at the first).
EMSCRIPTEN_KEEPALIVE void zc_paste(const char* text, int nuls) { zc::web::app().paste(text, nuls < 0 ? 0 : static_cast<size_t>(nuls)); }

/// WebCrypto's SHA-256 for PKCE (web/shell.js).
EMSCRIPTEN_KEEPALIVE void zc_on_sha256(const char* digest_base64url) { zc::web::app().effects().on_sha256(digest_base64url); }

/// WebCrypto's verdict on an id_token's signature (web/shell.js verifyRs256): the model finishes its checks.
EMSCRIPTEN_KEEPALIVE void zc_on_signature(int id, int valid) {
  zc::web::app().dispatch(&zc::Model::signature_checked, id, valid != 0, zc::web::App::now());
}

/// A profile file the user chose (web/shell.js pickFile): `size` in bytes, `text` empty when not read.
EMSCRIPTEN_KEEPALIVE void zc_on_file_picked(const char* name, double size, const char* text) {
  zc::web::app().dispatch(&zc::Model::import_profile_file, name, size < 0 ? 0 : static_cast<std::uint64_t>(size), text,
                          "p-" + zc::web::App::random_token(9), zc::web::App::now());
}

/// The cross-tab lock of a refresh is held; the token record read inside it (web/shell.js lockAndRead).
EMSCRIPTEN_KEEPALIVE void zc_on_lock_held(int id, const char* record_json) {
  zc::web::app().effects().on_lock_held(id, record_json);
}

/// Another tab changed a stored record (web/shell.js, BroadcastChannel).
EMSCRIPTEN_KEEPALIVE void zc_on_external_change(const char* store, const char* key, const char* record_json) {
  zc::web::app().on_external_change(store, key, record_json);
}

/// The address changed without a page load (a fragment typed or pasted into the address bar).
EMSCRIPTEN_KEEPALIVE void zc_on_address_changed(const char* url) { zc::web::app().on_address_changed(url); }

/// Any page event that should produce frames (visibility, focus, service worker ready).
EMSCRIPTEN_KEEPALIVE void zc_wake() { zc::web::app().frames().request(); }

EMSCRIPTEN_KEEPALIVE const char* zc_state_json() {
  static std::string out;
  nlohmann::json snapshot = zc::web::app().model().snapshot(zc::web::App::now());
  snapshot["framesDrawn"] = zc::web::app().frames().drawn();  // for idle-cost tests: frames since start
  snapshot["settled"] = zc::web::app().settled();            // what is drawn is current (App::settled)
  // The keyboard focus: the item it is on (an items() id, 0 for none), whether a field is being edited,
  // whether the focus ring shows, and whether the caret still blinks (it stops 5 s after the last input).
  const ImGuiContext& g = *GImGui;
  snapshot["keyboard"] = {{"focusId", g.NavId},
                          {"editing", g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID},
                          {"ringShown", g.NavId != 0 && !g.NavDisableHighlight},
                          {"caret", g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID ? g.InputTextState.Stb.cursor : -1},
                          {"caretBlinking", zc::web::app().input().caret_blinking(emscripten_get_now() / 1000.0)}};
  // Glyphs drawn by the browser (glyph_cache.hpp): `missing` counts characters still drawn as `?`.
  const auto glyphs = zc::web::glyph_cache().stats();
  snapshot["glyphs"] = {{"added", glyphs.added}, {"missing", glyphs.missing}, {"lastBatch", glyphs.last_batch},
                        {"lastBatchMs", glyphs.last_batch_ms}, {"rasteriseMs", glyphs.rasterise_ms}};
  out = zc::to_json_text(snapshot);
  return out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* zc_items_json() {
  static std::string out;
  out = zc::web::items_json();
  return out.c_str();
}

/// The accessible mirror's input (web/shell.js): the items with their roles and states, and the log's
/// lines when they changed since `have_log_version`. Read only after zc_js_a11y_changed said the last
/// frame differs.
EMSCRIPTEN_KEEPALIVE const char* zc_a11y_json(int have_log_version) {
  static std::string out;
  out = zc::web::a11y_json(have_log_version);
  return out.c_str();
}
}
