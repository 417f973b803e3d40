#include "effect_runner.hpp"

#include "app.hpp"
#include "fetch_transport.hpp"
#include "js_shell.hpp"
#include "oauth/base64url.hpp"
#include "oauth/json_text.hpp"
#include "oauth/pkce.hpp"

namespace zc::web {

void EffectRunner::run_effects() {
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
    } else if (const auto* verify = std::get_if<VerifySignature>(&effect)) {
      // WebCrypto is asynchronous: zc_on_signature (wasm/bridge.cpp) brings the verdict back to the model.
      zc_js_verify_rs256(verify->check_id, verify->jwk.c_str(), verify->signing_input.c_str(), verify->signature.c_str());
    } else if (auto* http = std::get_if<Http>(&effect)) {
      if (!http->lock) {
        send(http->request_id, http->request, false);
      } else {
        // docs/SECURITY.md rule 9: the shell takes the Web Lock and reads the record; on_lock_held goes on.
        const CrossTabLock& lock = *http->lock;
        locked_[http->request_id] = std::move(http->request);
        zc_js_lock_and_read(http->request_id, lock.name.c_str(), lock.store.c_str(), lock.key.c_str());
      }
    }
  }
  frames_.request();
}

void EffectRunner::authorize(const std::string& end_user) {
  // An unguessable, single-use state (docs/SECURITY.md rule 2): the core says how strong.
  const std::string state = make_state(App::random_octets(kStateOctets)).value();
  // OpenID Connect's nonce (console/openid_nonce.hpp): as strong as the state, and independent of it.
  const std::string nonce = make_state(App::random_octets(kStateOctets)).value();
  if (!model_.draft().pkce) {
    dispatch(&Model::authorize, state, App::now(), "", "", end_user, nonce);
    return;
  }
  pkce_nonce_ = nonce;
  pkce_end_user_ = end_user;
  pkce_state_ = state;
  pkce_verifier_ = make_code_verifier(App::random_octets(kCodeVerifierOctets)).value();
  zc_js_sha256(pkce_verifier_.c_str());
}

void EffectRunner::on_sha256(const std::string& digest_base64url) {
  if (pkce_state_.empty()) return;
  const auto digest = base64url_decode(digest_base64url);
  const auto challenge = code_challenge_s256(digest ? *digest : std::string());
  // Without a challenge the model refuses and says why (no WebCrypto outside a secure context).
  dispatch(&Model::authorize, pkce_state_, App::now(), pkce_verifier_,
           challenge.ok() ? challenge.value() : std::string(), pkce_end_user_, pkce_nonce_);
  pkce_state_.clear();
  pkce_verifier_.clear();
}

void EffectRunner::send(int id, const HttpRequest& request, bool release_lock) {
  send_request(request, {release_lock ? &EffectRunner::on_answer_under_lock : &EffectRunner::on_answer, this, id});
}

void EffectRunner::on_answer(void* self, int id, HttpResponse response) {
  static_cast<EffectRunner*>(self)->dispatch(&Model::http_response, id, response, App::now());
}

void EffectRunner::on_answer_under_lock(void* self, int id, HttpResponse response) {
  on_answer(self, id, std::move(response));
  zc_js_release_lock(id);
}

void EffectRunner::on_lock_held(int id, const std::string& record_json) {
  const auto it = locked_.find(id);
  if (it == locked_.end()) {
    zc_js_release_lock(id);
    return;
  }
  const HttpRequest request = it->second;
  locked_.erase(it);
  // A stored record is outside input: parsed with a depth limit, never trusted to be well-formed.
  const bool proceed = dispatch(&Model::proceed_under_lock, id, parse_json(record_json), App::now());
  // The lock is released once the answer's tokens are written (shell.js waits for the writes).
  if (proceed) {
    send(id, request, true);
  } else {
    zc_js_release_lock(id);
  }
}

}  // namespace zc::web
