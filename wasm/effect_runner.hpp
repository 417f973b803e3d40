// The one place the browser shell changes the core Model: an action runs on it, then every effect the
// action produced is carried out, once, in the order the model produced it, with the browser's
// facilities (IndexedDB through web/shell.js, emscripten_fetch, location/history, Web Locks, WebCrypto).
// Views, the bridge and the page's events all dispatch here; answers (HTTP, locks, WebCrypto) come back
// as further actions (docs/ARCHITECTURE.md "Data flow").
//
// [X] Storage: StorePut/StoreDelete to web/shell.js, in order, before any later Navigate
// [X] HTTP: emscripten_fetch POST/GET, status 0 passed on as such
// [X] Refreshes under their cross-tab Web Lock (docs/SECURITY.md rule 9), released after the answer's writes
// [X] PKCE: the verifier from getentropy, its SHA-256 from WebCrypto (async), the challenge by the core
// [X] id_token signatures: VerifySignature to WebCrypto (async), the verdict back through zc_on_signature
#pragma once
#include <map>
#include <string>
#include <type_traits>
#include <utility>

#include "console/model.hpp"
#include "frame_scheduler.hpp"

namespace zc::web {

/// Runs actions on the model and carries out their effects.
class EffectRunner {
 public:
  EffectRunner(Model& model, FrameScheduler& frames) : model_(model), frames_(frames) {}

  /// Runs `action`, a Model member function, with `args`, then carries out every effect it produced
  /// before anything else happens: the store writes reach web/shell.js before the next frame draws and
  /// before any Navigate that follows them. Asks for the frames that show the outcome. Returns what the
  /// action returns. Always inlined: each call is then the action's own call plus run_effects(), with no
  /// closure or instantiation left in the module (a lambda per call site was not inlined at -Oz and
  /// cost the bundle its captures).
  template <typename R, typename... Params, typename... Args>
  __attribute__((always_inline)) R dispatch(R (Model::*action)(Params...), Args&&... args) {
    if constexpr (std::is_void_v<R>) {
      (model_.*action)(std::forward<Args>(args)...);
      run_effects();
    } else {
      R result = (model_.*action)(std::forward<Args>(args)...);
      run_effects();
      return result;
    }
  }
  /// The same for an action of several steps: `steps(Model&)` runs, then its effects, all together.
  template <typename Steps>
  __attribute__((always_inline)) void dispatch(Steps&& steps) {
    steps(model_);
    run_effects();
  }

  /// Authorizes the selected profile: a fresh state, and with PKCE a verifier whose SHA-256 WebCrypto
  /// computes first (on_sha256 goes on). `end_user`: in end-user mode, who the token set will belong to.
  void authorize(const std::string& end_user);
  /// WebCrypto's answer: base64url of SHA-256(verifier), empty when WebCrypto is unavailable.
  void on_sha256(const std::string& digest_base64url);
  /// The cross-tab lock of request `id` is held; `record_json` is its token record read inside the lock
  /// ("null" when absent). Sends the request or drops it (Model::proceed_under_lock), then releases.
  void on_lock_held(int id, const std::string& record_json);

  /// The model's one output besides effects: the grant code the demo data centre generated since the last
  /// call (empty when none), for the Grant Code box (Model::take_generated_code). Taken here, where the
  /// model's outputs are taken, so no view holds a writable model.
  std::string take_generated_code() { return model_.take_generated_code(); }

  /// Reads up to `count` stored token sets not read yet (Model::read_stored_tokens); how many are left. It
  /// asks for frames only when it logged a set that did not read, and after the last slice (a member that
  /// was no token set leaves the end-user list unlogged): the slices read between frames after start
  /// change nothing on screen otherwise, and drawing after each would keep a start busy for seconds.
  size_t read_stored_tokens(size_t count, std::int64_t now) {
    const size_t logged = model_.first_log_serial() + model_.log().size();
    const size_t left = model_.read_stored_tokens(count, now);
    if (left == 0 || model_.first_log_serial() + model_.log().size() != logged) frames_.request();
    return left;
  }

 private:
  /// Carries out the effects the model produced since the last call, in order.
  void run_effects();
  /// Sends a request; its answer goes to on_answer, or with `release_lock` to on_answer_under_lock.
  void send(int id, const HttpRequest& request, bool release_lock);
  /// The answer to request `id` (fetch_transport's AnswerTo; `self` is the runner): dispatched.
  static void on_answer(void* self, int id, HttpResponse response);
  /// The same, then the request's cross-tab lock is released: after the answer's store writes were
  /// handed over (web/shell.js waits for them before it lets go).
  static void on_answer_under_lock(void* self, int id, HttpResponse response);

  Model& model_;
  FrameScheduler& frames_;
  std::map<int, HttpRequest> locked_;  // requests waiting for their cross-tab lock
  std::string pkce_state_;             // the authorization waiting for its challenge
  std::string pkce_verifier_;
  std::string pkce_end_user_;
  std::string pkce_nonce_;  // OpenID Connect nonce made with the state, sent once the challenge is ready
};

}  // namespace zc::web
