// The browser shell's application object: owns the core Model and the parts that serve it, each with one
// job, and wires them to the page's events (web/shell.js through bridge.cpp, GLFW through main.cpp):
//   FrameScheduler  when frames are drawn and when the main loop sleeps (frame_scheduler.hpp)
//   InputQueue      keys, mouse buttons, paste and caret on their way to ImGui (input_queue.hpp)
//   EffectRunner    the one dispatch point: actions on the model and their effects (effect_runner.hpp)
//   ViewState       what the views remember between frames (views/view_state.hpp)
// What is left here is the page's own: storage loaded, the address, the end-user link, the kept draft.
//
// [X] Storage: IndexedDB (profiles, tokens, pending), memory fallback with a visible warning
// [X] Navigation after every pending write completed; replaceState for the callback address
// [X] Randomness: getentropy (crypto.getRandomValues) for state values and ids
// [X] Refresh, revoke and CRM calls on screen (views/token_status_view.cpp)
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "console/model.hpp"
#include "effect_runner.hpp"
#include "frame_scheduler.hpp"
#include "input_queue.hpp"
#include "views/view_state.hpp"

namespace zc::web {

class App {
 public:
  App(std::string page_url, std::string base_url);

  /// The model, to read. It changes only through dispatch().
  const Model& model() const { return model_; }
  const std::string& page_url() const { return page_url_; }
  const std::string& base_url() const { return base_url_; }

  /// Runs `action` on the model, a Model member function with `args` (or a callable taking Model& for
  /// several steps), and carries out its effects, once (EffectRunner::dispatch): how views, the bridge
  /// and the page's events change anything. Returns what the action returns.
  template <typename Action, typename... Args>
  __attribute__((always_inline)) decltype(auto) dispatch(Action&& action, Args&&... args) {
    return effects_.dispatch(std::forward<Action>(action), std::forward<Args>(args)...);
  }

  FrameScheduler& frames() { return frames_; }
  InputQueue& input() { return input_; }
  EffectRunner& effects() { return effects_; }
  ViewState& views() { return views_; }

  /// Unix seconds now (browser clock).
  static std::int64_t now();
  /// `n` random bytes (getentropy -> crypto.getRandomValues; n <= 256).
  static std::string random_octets(size_t n);
  /// `n` random bytes as base64url.
  static std::string random_token(size_t n);

  /// Storage finished loading: feeds the model and runs the callback when the page is one; `ready` resolves
  /// after the next frame is drawn (take_ready()). `json` is the document of every store but the token
  /// sets, read in place; the token store's JSON object text was written into stored_tokens_buffer(), is
  /// kept and read on use (megabytes at scale: Model::load_stored), the rest between frames once the
  /// console is ready.
  void on_storage_loaded(std::string_view json);
  /// `size` bytes for the page to write the token store's text into before on_storage_loaded(): the model
  /// keeps this buffer itself, so 3.4 MB at 10,000 sets are neither copied nor touched twice.
  char* stored_tokens_buffer(size_t size) {
    stored_tokens_.resize(size);
    return stored_tokens_.data();
  }
  /// Called once a second by its own interval (main.cpp): while any integration is enabled, lets the model
  /// refresh token sets that expire soon.
  void on_timer(double now_seconds);
  /// The address changed without a page load (hashchange): a callback in it is handled like on a load.
  void on_address_changed(const std::string& url);
  /// Another tab wrote (`record_json`) or deleted ("null") a record (BroadcastChannel).
  void on_external_change(const std::string& store, const std::string& key, const std::string& record_json);
  /// Text pasted into the page (InputQueue::paste); what it left out or refused goes to the status line.
  void paste(const std::string& text, size_t dropped_nuls = 0);

  /// True when the main loop should draw now (FrameScheduler::take, with the input that waits).
  bool take_frame(double now_seconds) { return frames_.take(now_seconds, input_.waiting()); }
  /// The main loop drew nothing: it sleeps unless frames are wanted or input waits.
  void sleep_if_idle(double now_seconds) { frames_.sleep_if_idle(now_seconds, input_.waiting()); }
  /// True when no frame is wanted and no input waits: the last frame drawn shows the current state, so
  /// the items it recorded are where a click will land (tests wait for this before they click).
  bool settled() const { return !frames_.wanted() && input_.idle(); }
  /// Hands the unsaved draft to sessionStorage when it changed (after each drawn frame).
  void keep_draft();

  bool loaded() const { return loaded_; }
  /// True once, after the first frame drawn with the stored records: the page's `ready` resolves then and
  /// its loading cover goes, so what shows is the loaded console, never an empty one.
  bool take_ready();
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

 private:
  /// Reads an end-user link (?authorize=<profile id>&end_user=<id>) from the page's address: selects the
  /// profile in `m` and holds the end user for confirmation (end_user_link()).
  void start_end_user_link(Model& m);
  /// Reads the next slice of the stored token sets not read yet, and schedules the one after it.
  void read_stored_tokens();

  std::string page_url_;
  std::string base_url_;
  Model model_;
  FrameScheduler frames_;
  InputQueue input_{frames_};
  EffectRunner effects_{model_, frames_};
  ViewState views_;
  std::string kept_draft_ = "null";
  std::string stored_tokens_;
  std::int64_t last_tick_ = 0;
  std::string end_user_link_;
  bool loaded_ = false;
  bool initial_focus_taken_ = false;
  bool ready_announced_ = false;
};

/// The one App of the page (created in main()).
App& app();

}  // namespace zc::web
