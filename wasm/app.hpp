// The browser shell's application object: owns the core Model and carries out its effects with the
// browser's facilities (IndexedDB through web/shell.js, emscripten_fetch, location/history).
//
// [X] Storage: IndexedDB (profiles, tokens, pending), memory fallback with a visible warning
// [X] HTTP: emscripten_fetch POST/GET, status 0 passed on as such
// [X] Navigation after every pending write completed; replaceState for the callback address
// [X] Randomness: getentropy (crypto.getRandomValues) for state values and ids
// [X] PKCE: the verifier from getentropy, its SHA-256 from WebCrypto (async), the challenge by the core
// [ ] Refresh, revoke and CRM calls on screen: the console issue (the model has them)
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "console/key_queue.hpp"
#include "console/model.hpp"

namespace zc::web {

class App {
 public:
  App(std::string page_url, std::string base_url);

  Model& model() { return model_; }
  const std::string& page_url() const { return page_url_; }
  const std::string& base_url() const { return base_url_; }

  /// Unix seconds now (browser clock).
  static std::int64_t now();
  /// `n` random bytes (getentropy -> crypto.getRandomValues; n <= 256).
  static std::string random_octets(size_t n);
  /// `n` random bytes as base64url.
  static std::string random_token(size_t n);

  /// Storage finished loading: feeds the model, runs the callback when the page is one, resolves `ready`.
  void on_storage_loaded(const std::string& json);
  /// Carries out every effect the model produced. Call after each action.
  void run_effects();

  /// Authorize for the selected profile: a fresh state, and with PKCE a verifier whose SHA-256 WebCrypto
  /// computes first (on_sha256 continues).
  /// `end_user`: in end-user mode, who the token set will belong to.
  void authorize(const std::string& end_user = "");

  /// Called once a second by its own interval (main.cpp): while any integration is enabled, lets the model refresh
  /// token sets that expire soon.
  void on_timer(double now_seconds);
  /// WebCrypto's answer: base64url of SHA-256(verifier), empty when WebCrypto is unavailable.
  void on_sha256(const std::string& digest_base64url);
  /// The cross-tab lock of request `id` is held; `record_json` is its token record read inside the lock
  /// ("null" when absent). Sends the request or drops it (Model::proceed_under_lock), then releases.
  void on_lock_held(int id, const std::string& record_json);
  /// The address changed without a page load (hashchange): a callback in it is handled like on a load.
  void on_address_changed(const std::string& url);
  /// Another tab wrote (`record_json`) or deleted ("null") a record (BroadcastChannel).
  void on_external_change(const std::string& store, const std::string& key, const std::string& record_json);

  /// Set whenever something changed that the next frames must show (input, network, storage).
  void request_frames(int n = 3) {
    frames_wanted_ = std::max(frames_wanted_, n);
    wake();
  }
  /// Called by the main loop when it drew nothing: with no frame wanted, pauses the loop (no
  /// requestAnimationFrame at all while idle) until request_frames() or a timer for the next wake-up
  /// time. (on_timer runs on its own interval, see main.cpp.)
  void sleep_if_idle(double now_seconds);
  /// Asks for one frame at `seconds` (emscripten_get_now() / 1000 clock), e.g. the next countdown tick;
  /// the earliest request wins.
  void request_frame_at(double seconds) { wake_at_ = std::min(wake_at_, seconds); }
  /// Hands the unsaved draft to sessionStorage when it changed (after each drawn frame).
  void keep_draft();

  /// True when the main loop should draw now: frames requested, keys queued, or a wake-up time reached.
  bool take_frame(double now_seconds);

  KeyQueue& keys() { return keys_; }
  /// Mouse buttons, queued like keys, and released to ImGui only after one frame has seen the cursor
  /// where the press happened: ImGui 1.86 hovers tabs (and other overlap-allowing items) only when the
  /// mouse was over them in the previous frame, so a tap or a fast click would otherwise be lost.
  void push_mouse_button(const KeyEvent& e) {
    mouse_.push(e);
    mouse_arrived_ = frames_drawn_;
    request_frames();
  }
  /// Applies this frame's queued button events and returns how many there were.
  size_t apply_mouse_buttons() {
    if (frames_drawn_ <= mouse_arrived_ + 1) return 0;
    const auto events = mouse_.next_frame();
    for (const auto& e : events) {
      if (e.key >= 0 && e.key < kMouseButtons) mouse_down_[e.key] = e.action != 0;
    }
    return events.size();
  }
  /// The state of mouse button `button` (0 left, 1 right, 2 middle, ...) as the queue has released it.
  /// The only source ImGui may read: its GLFW backend polls glfwGetMouseButton, which is ahead of the
  /// queue, so a press seen by the poll and then again from the queue made every click a double click
  /// (a word selected in a text field, Save pressed twice, a combo opened and closed at once).
  bool mouse_button_down(int button) const { return button >= 0 && button < kMouseButtons && mouse_down_[button]; }
  static constexpr int kMouseButtons = 5;
  /// Text from the page's paste event, handed to ImGui once Ctrl/Cmd is released: ImGui 1.86 ignores
  /// character input while Ctrl is held, and the paste event arrives before the key-up.
  void queue_paste(const std::string& text) {
    pending_paste_ += text;
    request_frames();
  }
  std::string& pending_paste() { return pending_paste_; }
  /// Text pasted from the system clipboard: trimmed, its line breaks and tabs turned into spaces (so
  /// scopes pasted one per line stay apart in a one-line field), then queued like typed text. Refused,
  /// with a status line, above kMaxPasteBytes: no field takes that much.
  /// Other control characters are left out, with a status line that counts them together with
  /// `dropped_nuls`, the NULs the page already took out.
  void paste(const std::string& text, size_t dropped_nuls = 0);
  static constexpr size_t kMaxPasteBytes = 1024 * 1024;
  /// Frames drawn since the page started.
  long frames_drawn() const { return frames_drawn_; }
  /// True when no frame is wanted and no input waits: the last frame drawn shows the current state, so
  /// the items it recorded are where a click will land (tests wait for this before they click).
  bool settled() const {
    return frames_wanted_ <= 0 && !keys_.pending() && !mouse_.pending() && pending_paste_.empty();
  }
  bool loaded() const { return loaded_; }

  /// True once, on the first frame after storage loaded: the form's first field takes the keyboard focus
  /// then (not earlier: a field being edited ignores its value changing underneath, and loading replaces
  /// the draft).
  bool take_initial_focus() {
    if (!loaded_ || initial_focus_taken_) return false;
    initial_focus_taken_ = true;
    return true;
  }
  /// The end user an end-user link opened this page for, waiting for the person to confirm (empty: none).
  /// The console shows who, which profile, which scopes and where the sign-in goes before anything is
  /// sent (issue 11 case 8); confirm_end_user_link() then authorizes, dismiss_end_user_link() drops it.
  const std::string& end_user_link() const { return end_user_link_; }
  void confirm_end_user_link();
  void dismiss_end_user_link();
  /// Set when a field is about to start editing by other means than Tab (the focus on load, Space or
  /// Enter on a focused field): it then starts with the caret after its text and nothing selected, so
  /// the next key adds to the value instead of replacing it (main.cpp). A mouse click cancels it.
  bool& caret_to_end() { return caret_to_end_; }
  /// Key, button or paste input at `now_seconds` (emscripten_get_now() / 1000 clock): restarts the blinking.
  void note_input(double now_seconds) { last_input_ = now_seconds; }
  /// The caret blinks for this long after the last input, then stays lit: nothing on the page blinks for
  /// more than 5 s (WCAG 2.2.2 "Pause, Stop, Hide"), and an idle console with a field in focus draws no
  /// frames.
  static constexpr double kCaretBlinkSeconds = 5.0;
  bool caret_blinking(double now_seconds) const { return now_seconds < caret_blink_ends(); }
  double caret_blink_ends() const { return last_input_ + kCaretBlinkSeconds; }

 private:
  std::string page_url_;
  std::string base_url_;
  Model model_;
  KeyQueue keys_;
  KeyQueue mouse_;
  long mouse_arrived_ = 0;
  bool mouse_down_[kMouseButtons] = {};
  std::string pending_paste_;
  std::string kept_draft_ = "null";
  std::string pkce_state_;     // the authorization waiting for its challenge
  std::string pkce_verifier_;
  std::string pkce_end_user_;
  std::int64_t last_tick_ = 0;
  std::map<int, HttpRequest> locked_;  // requests waiting for their cross-tab lock
  /// Reads an end-user link (?authorize=<profile id>&end_user=<id>) from the page's address: selects the
  /// profile and holds the end user for confirmation (end_user_link()); false when the address is none.
  bool start_end_user_link();
  std::string end_user_link_;
  /// Sends a request and hands its answer to the model; `then` runs after the answer's effects.
  void send(int id, const HttpRequest& request, std::function<void()> then = {});

  /// Resumes a paused main loop.
  void wake();
  bool paused_ = false;
  long timer_ = 0;  // emscripten_set_timeout id of the pending wake-up, 0 when none
  int frames_wanted_ = 3;
  double wake_at_ = 1e300;
  long frames_drawn_ = 0;
  bool loaded_ = false;
  bool initial_focus_taken_ = false;
  bool caret_to_end_ = false;
  double last_input_ = 0.0;  // the page's start counts as input: the first focus blinks too
};

/// The one App of the page (created in main()).
App& app();

}  // namespace zc::web
