#include "fetch_transport.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/fetch.h>

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "js_shell.hpp"

namespace zc::web {
namespace {

// Everything emscripten_fetch reads from must outlive the call until a callback runs (docs/TOOLCHAIN.md).
struct PendingFetch {
  HttpRequest request;
  std::vector<const char*> header_pointers;
  AnswerTo answer_to;
  void answer(HttpResponse response) { answer_to.on_answer(answer_to.receiver, answer_to.tag, std::move(response)); }
};

// Status-0 answers waiting for the shell's policy check (zc_on_policy_checked), by check id.
std::map<int, std::pair<std::unique_ptr<PendingFetch>, HttpResponse>>& policy_checks() {
  static std::map<int, std::pair<std::unique_ptr<PendingFetch>, HttpResponse>> waiting;
  return waiting;
}

void finish(emscripten_fetch_t* fetch) {
  std::unique_ptr<PendingFetch> pending(static_cast<PendingFetch*>(fetch->userData));
  HttpResponse response;
  // Read everything before emscripten_fetch_close frees it. Branch on status, never statusText
  // (HTTP/2 sends it empty).
  response.status = fetch->status;
  if (fetch->data != nullptr && fetch->numBytes > 0) {
    response.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
  }
  const size_t length = emscripten_fetch_get_response_headers_length(fetch);
  if (length > 0) {
    std::string raw(length + 1, '\0');
    emscripten_fetch_get_response_headers(fetch, raw.data(), raw.size());
    char** lines = emscripten_fetch_unpack_response_headers(raw.c_str());
    for (char** p = lines; p != nullptr && *p != nullptr && *(p + 1) != nullptr; p += 2) {
      response.headers.emplace_back(*p, *(p + 1));
    }
    emscripten_fetch_free_unpacked_response_headers(lines);
  }
  emscripten_fetch_close(fetch);
  if (response.status != 0) {
    pending->answer(std::move(response));
    return;
  }
  // Status 0: ask the shell whether the page's own policy blocked it (not CORS, not the network).
  static int next_check = 1;
  const int id = next_check++;
  auto& waiting = policy_checks();
  const std::string url = pending->request.url;
  waiting[id] = {std::move(pending), std::move(response)};
  zc_js_blocked_by_policy(id, url.c_str());
}

}  // namespace

// The shell's answer to zc_js_blocked_by_policy: the status-0 answer goes on, marked when the page's
// Content-Security-Policy refused the request.
extern "C" EMSCRIPTEN_KEEPALIVE void zc_on_policy_checked(int id, int blocked) {
  auto& waiting = policy_checks();
  const auto it = waiting.find(id);
  if (it == waiting.end()) return;
  auto [pending, response] = std::move(it->second);
  waiting.erase(it);
  response.blocked_by_policy = blocked != 0;
  pending->answer(std::move(response));
}

namespace {

// Requests to the demo data centre waiting for its service worker (zc_on_demo_gate_open), by gate id.
std::map<int, std::unique_ptr<PendingFetch>>& demo_gated() {
  static std::map<int, std::unique_ptr<PendingFetch>> waiting;
  return waiting;
}

void start_fetch(std::unique_ptr<PendingFetch> pending) {
  for (const auto& [name, value] : pending->request.headers) {
    pending->header_pointers.push_back(name.c_str());
    pending->header_pointers.push_back(value.c_str());
  }
  pending->header_pointers.push_back(nullptr);

  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, pending->request.method.c_str(), sizeof(attr.requestMethod) - 1);
  // REPLACE: never look the URL up in IndexedDB first; LOAD_TO_MEMORY: we read the body ourselves.
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attr.requestHeaders = pending->header_pointers.data();
  if (!pending->request.body.empty()) {
    attr.requestData = pending->request.body.data();
    attr.requestDataSize = pending->request.body.size();
  }
  attr.onsuccess = finish;
  attr.onerror = finish;  // 4xx/5xx carry their real status and body; network failures status 0
  attr.userData = pending.get();
  const std::string url = pending->request.url;
  pending.release();  // owned by the fetch until finish()
  emscripten_fetch(&attr, url.c_str());
}

}  // namespace

// The shell's answer to zc_js_demo_gate: the demo's service worker controls the page, the request goes.
extern "C" EMSCRIPTEN_KEEPALIVE void zc_on_demo_gate_open(int id) {
  auto& waiting = demo_gated();
  const auto it = waiting.find(id);
  if (it == waiting.end()) return;
  std::unique_ptr<PendingFetch> pending = std::move(it->second);
  waiting.erase(it);
  start_fetch(std::move(pending));
}

void send_request(const HttpRequest& request, AnswerTo answer_to) {
  auto pending = std::make_unique<PendingFetch>();
  pending->request = request;
  pending->answer_to = answer_to;
  // The page is ready before the demo's service worker controls it (it registers after start-up): a
  // request to the demo waits for it rather than reaching the static server.
  static int next_gate = 1;
  const int gate = next_gate++;
  if (zc_js_demo_gate(gate, request.url.c_str()) == 0) {
    demo_gated()[gate] = std::move(pending);
    return;
  }
  start_fetch(std::move(pending));
}

}  // namespace zc::web
