// HTTP for the core's requests through emscripten_fetch (XMLHttpRequest underneath).
//
// [X] Any method, headers and body; response status, headers and body
// [X] Status 0 (CORS refusal, offline, blocked, timeout) reported as status 0, never as a protocol error
// [X] Requests to the demo data centre pass through the page's service worker like any other XHR; one made
//     before the worker controls the page (it registers after start-up) waits for it (zc_js_demo_gate)
// [X] A request the page's own Content-Security-Policy refused: status 0 with blocked_by_policy set
//     (the shell's securitypolicyviolation record, checked ~50 ms after the failure)
// [X] Timeouts and cancellation decided in the core (Model::cancel_requests, Model::kRequestTimeout): the
//     request is closed in its ledger and a late answer ignored; the fetch itself runs on (this emscripten's
//     emscripten_fetch_close frees a fetch without aborting its XHR)
#pragma once
#include "oauth/http.hpp"

namespace zc::web {

/// Where an answer goes: `on_answer(receiver, tag, response)`. A function and its context rather than a
/// std::function: the shell's one sender (EffectRunner) needs no more, and each std::function type costs
/// the module code of its own.
struct AnswerTo {
  void (*on_answer)(void* receiver, int tag, HttpResponse response);
  void* receiver;
  int tag;  // the sender's request id
};

/// Sends `request`; `answer_to` gets the response once (status 0 when the browser hid the answer).
void send_request(const HttpRequest& request, AnswerTo answer_to);

}  // namespace zc::web
