#include "console/outbox.hpp"

#include <algorithm>
#include <utility>

namespace zc {

const char* phase_name(FlowPhase phase) {
  switch (phase) {
    case FlowPhase::kIdle: return "idle";
    case FlowPhase::kRedirecting: return "redirecting";
    case FlowPhase::kExchanging: return "exchanging";
    case FlowPhase::kAuthorized: return "authorized";
    case FlowPhase::kError: return "error";
  }
  return "idle";
}

void Outbox::put(const std::string& store, const std::string& key, nlohmann::json value) {
  effects_.push_back(StorePut{store, key, std::move(value)});
}

void Outbox::remove(const std::string& store, const std::string& key) { effects_.push_back(StoreDelete{store, key}); }

std::vector<Effect> Outbox::take_effects() {
  std::vector<Effect> out;
  out.swap(effects_);
  return out;
}

void Outbox::add_log(std::int64_t now, const std::string& kind, const std::string& text) {
  log_.push_back({now, kind, text});
  if (log_.size() > kMaxLogLines) {
    log_.erase(log_.begin());
    ++log_dropped_;
  }
}

void Outbox::log_request(LoggedRequest request) {
  request.log_line = log_dropped_ + std::max<std::size_t>(log_.size(), 1) - 1;  // the line added last
  requests_.push_back(std::move(request));
  if (requests_.size() > kMaxLoggedRequests) requests_.erase(requests_.begin());
}

void Outbox::log_answer(int request_id, int status, bool failed) {
  for (LoggedRequest& r : requests_) {
    if (r.request_id == request_id) {
      r.status = status;
      r.failed = failed;
    }
  }
}

void Outbox::log_failed() {
  if (!requests_.empty()) requests_.back().failed = true;
}

void Outbox::note(const std::string& text, std::int64_t now) {
  status_ = text;
  add_log(now, "info", text);
}

nlohmann::json Outbox::log_json() const {
  nlohmann::json log = nlohmann::json::array();
  for (const LogEntry& e : log_) log.push_back({{"at", e.at}, {"kind", e.kind}, {"text", e.text}});
  return log;
}

void Outbox::show_profile(bool authorized) {
  phase_ = authorized ? FlowPhase::kAuthorized : FlowPhase::kIdle;
  error_.reset();
}

void Outbox::set_error(const Error& error) {
  phase_ = FlowPhase::kError;
  error_ = error;
}

const Error& Outbox::refuse(const Error& error, std::int64_t now) {
  error_ = error;
  ++refusals_;
  status_ = error.message;
  add_log(now, "error", error.code + ": " + error.message);
  return *error_;
}

const Error& Outbox::fail(const Error& error, std::int64_t now) {
  phase_ = FlowPhase::kError;
  return refuse(error, now);
}

void Outbox::authorized(const std::string& message, std::int64_t now) {
  phase_ = FlowPhase::kAuthorized;
  error_.reset();
  note(message, now);
}

}  // namespace zc
