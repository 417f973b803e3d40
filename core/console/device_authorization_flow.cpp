#include "console/device_authorization_flow.hpp"

#include <utility>

#include "console/end_user_id.hpp"
#include "console/profile_endpoints.hpp"
#include "oauth/json_text.hpp"
#include "zoho/data_centres.hpp"

namespace zc {

using nlohmann::json;

namespace {

const char* dialect_name(DeviceDialect d) { return d == DeviceDialect::kZoho ? "zoho" : "rfc8628"; }

DeviceDialect dialect_of(const Profile& p) {
  return p.provider == Provider::kZoho ? DeviceDialect::kZoho : DeviceDialect::kRfc8628;
}

// The accounts server a device flow starts at: Zoho's data centre, or a custom token URL's origin.
std::string accounts_server_of(const std::string& url) { return url.substr(0, url.find("/oauth/")); }

bool integer_at(const json& j, const char* key, std::int64_t& out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return false;
  out = it->get<std::int64_t>();
  return out >= 0 && out < 100000000000LL;
}

// The person-facing words for the outcomes that stop the flow.
Error stopping_error(const DevicePollAnswer& answer) {
  if (answer.outcome == DevicePollOutcome::kDenied) {
    return {"access_denied",
            "The person at the verification page denied access (access_denied): no token was issued. Press Start "
            "device flow to ask again.",
            "RFC 8628 s3.5"};
  }
  if (answer.outcome == DevicePollOutcome::kExpired) {
    return {answer.error ? answer.error->code : "expired_token",
            "The user code expired before anyone approved it. Press Start device flow for a new code.", "RFC 8628 s3.5"};
  }
  return answer.error.value_or(Error{"device.poll", "The poll failed.", "RFC 8628 s3.5"});
}

}  // namespace

json pending_device_to_json(const PendingDevice& p) {
  const DeviceAuthorization& a = p.authorization;
  return {{"kind", "device"},
          {"profileId", p.profile_id},
          {"endUser", p.end_user},
          {"dialect", dialect_name(p.dialect)},
          {"deviceCode", a.device_code},
          {"userCode", a.user_code},
          {"verificationUri", a.verification_uri},
          {"verificationUriComplete", a.verification_uri_complete},
          {"interval", a.interval},
          {"expiresAt", a.expires_at},
          {"accountsServer", p.accounts_server},
          {"pollUrl", p.poll_url},
          {"nextPollAt", p.next_poll_at},
          {"lastAnswer", p.last_answer}};
}

std::optional<PendingDevice> pending_device_from_json(const json& j) {
  if (!j.is_object() || string_at(j, "kind") != "device") return std::nullopt;
  PendingDevice p;
  DeviceAuthorization& a = p.authorization;
  p.profile_id = string_at(j, "profileId");
  p.end_user = string_at(j, "endUser");
  const std::string dialect = string_at(j, "dialect");
  if (dialect != "zoho" && dialect != "rfc8628") return std::nullopt;
  p.dialect = dialect == "zoho" ? DeviceDialect::kZoho : DeviceDialect::kRfc8628;
  a.device_code = string_at(j, "deviceCode");
  a.user_code = string_at(j, "userCode");
  a.verification_uri = string_at(j, "verificationUri");
  a.verification_uri_complete = string_at(j, "verificationUriComplete");
  p.accounts_server = string_at(j, "accountsServer");
  p.poll_url = string_at(j, "pollUrl");
  p.last_answer = string_at(j, "lastAnswer");
  if (!integer_at(j, "interval", a.interval) || !integer_at(j, "expiresAt", a.expires_at) ||
      !integer_at(j, "nextPollAt", p.next_poll_at) || a.interval < 1) {
    return std::nullopt;
  }
  if (p.profile_id.empty() || a.device_code.empty() || a.user_code.empty() || p.poll_url.empty()) return std::nullopt;
  return p;
}

DeviceAuthorizationFlow::DeviceAuthorizationFlow(std::string base_url) : base_url_(std::move(base_url)) {}

void DeviceAuthorizationFlow::load(const json& pending, std::int64_t now, Outbox& out) {
  if (!pending.is_array()) return;
  for (const json& j : pending) {
    std::optional<PendingDevice> p = pending_device_from_json(j);
    if (!p) continue;
    if (now >= p->authorization.expires_at) {
      out.remove("pending", kDeviceRecordKey);  // its codes died while the page was closed
      continue;
    }
    pending_ = std::move(p);
    out.set_phase(FlowPhase::kRedirecting);
    out.note("Resumed the device flow: enter code " + pending_->authorization.user_code + " at " +
                 pending_->authorization.verification_uri + ".",
             now);
  }
}

Result<Call> DeviceAuthorizationFlow::start(const Profile& profile, const std::string& end_user, std::int64_t now,
                                            Outbox& out) {
  auto refuse = [&](const Error& e) -> Result<Call> { return out.fail(e, now); };
  if (profile.client_type != ClientType::kNonBrowser) {
    return refuse({"device.client_type", "The device flow is for a non-browser client; set Client Type to non-browser.",
                   "RFC 8628 s1"});
  }
  if (auto refused = end_user_id_error(profile, end_user)) return refuse(*refused);
  const ProfileEndpoints e = resolve_endpoints(profile, base_url_);
  if (e.device_authorization_url.empty() || e.device_token_url.empty()) {
    return refuse({"device.endpoint", "The profile has no Device Authorization URL; enter the provider's "
                                      "device_authorization_endpoint.",
                   "RFC 8628 s4"});
  }
  const DeviceDialect d = dialect_of(profile);
  const bool zoho = d == DeviceDialect::kZoho;
  Call call;
  call.request = build_device_authorization(d, e.device_authorization_url, client_credentials(profile), profile.scopes,
                                            zoho ? spelling(profile.access_type) : "", profile.prompt);
  call.flight.purpose = Purpose::kDeviceCode;
  call.flight.profile_id = profile.id;
  call.flight.end_user = end_user;
  call.flight.accounts_server = accounts_server_of(zoho ? e.device_token_url : e.token_url);
  call.flight.url = e.device_authorization_url;
  call.flight.poll_url = e.device_token_url;
  cancel(now, out);
  ended_ = End::kNone;
  out.clear_error();
  out.set_phase(FlowPhase::kRedirecting);
  return call;
}

void DeviceAuthorizationFlow::on_authorization(const InFlight& f, const HttpResponse& response, const Profile* profile,
                                               std::int64_t now, Outbox& out) {
  if (profile == nullptr) {
    out.fail({"device.profile", "The profile this device flow was started for no longer exists.", ""}, now);
    return;
  }
  const DeviceDialect d = dialect_of(*profile);
  Result<DeviceAuthorization> read = parse_device_authorization(d, response.status, response.body, now);
  if (!read.ok()) {
    ended_ = End::kFailed;
    out.fail(read.error(), now);
    return;
  }
  PendingDevice p;
  p.profile_id = f.profile_id;
  p.end_user = f.end_user;
  p.dialect = d;
  p.authorization = read.value();
  p.accounts_server = f.accounts_server;
  p.poll_url = f.poll_url;
  p.next_poll_at = now + p.authorization.interval;
  pending_ = std::move(p);
  store(out);
  out.note("Enter code " + pending_->authorization.user_code + " at " + pending_->authorization.verification_uri +
               "; the console polls every " + std::to_string(pending_->authorization.interval) + " s.",
           now);
}

std::optional<Call> DeviceAuthorizationFlow::due_poll(const Profile* profile, std::int64_t now, Outbox& out) {
  if (!pending_ || pending_->polling) return std::nullopt;
  if (now >= pending_->authorization.expires_at) {
    stop(End::kExpired,
         {"expired_token", "The user code expired before anyone approved it. Press Start device flow for a new code.",
          "RFC 8628 s3.5"},
         now, out);
    return std::nullopt;
  }
  if (now < pending_->next_poll_at) return std::nullopt;
  if (profile == nullptr) {
    stop(End::kFailed, {"device.profile", "The profile this device flow was started for no longer exists.", ""}, now,
         out);
    return std::nullopt;
  }
  Call call;
  call.request = build_device_poll(pending_->dialect, pending_->poll_url, client_credentials(*profile),
                                   pending_->authorization.device_code);
  call.flight.purpose = Purpose::kDevicePoll;
  call.flight.profile_id = pending_->profile_id;
  call.flight.end_user = pending_->end_user;
  call.flight.accounts_server = pending_->accounts_server;
  call.flight.url = pending_->poll_url;
  pending_->polling = true;
  return call;
}

std::optional<TokenSet> DeviceAuthorizationFlow::on_poll(const InFlight& f, const HttpResponse& response,
                                                         ExpiresInReading reading, std::int64_t now, Outbox& out) {
  // An answer for a device authorization cancelled or replaced meanwhile changes nothing.
  if (!pending_ || pending_->poll_url != f.url || pending_->profile_id != f.profile_id) return std::nullopt;
  pending_->polling = false;
  DevicePollAnswer answer = classify_device_poll(response.status, response.body, now, f.accounts_server, reading);
  pending_->last_answer = outcome_name(answer.outcome);
  DeviceAuthorization& a = pending_->authorization;
  switch (answer.outcome) {
    case DevicePollOutcome::kTokens: {
      out.remove("pending", kDeviceRecordKey);
      pending_.reset();
      ended_ = End::kApproved;
      return answer.tokens;
    }
    case DevicePollOutcome::kSlowDown:
      a.interval += kSlowDownStepSeconds;  // RFC 8628 s3.5: for this and every later poll
      pending_->next_poll_at = now + a.interval;
      store(out);
      out.note("The server asked to slow down: polling every " + std::to_string(a.interval) + " s now.", now);
      return std::nullopt;
    case DevicePollOutcome::kPending:
      pending_->next_poll_at = now + a.interval;
      store(out);
      return std::nullopt;
    case DevicePollOutcome::kOtherDc:
      switch_data_centre(answer.user_location, now, out);
      return std::nullopt;
    default:
      stop(answer.outcome == DevicePollOutcome::kDenied    ? End::kDenied
           : answer.outcome == DevicePollOutcome::kExpired ? End::kExpired
                                                           : End::kFailed,
           stopping_error(answer), now, out);
      return std::nullopt;
  }
}

void DeviceAuthorizationFlow::switch_data_centre(const std::string& location, std::int64_t now, Outbox& out) {
  // Only Zoho answers other_dc, and only to a data centre of the table (real or demo, as the one polled so
  // far): anything else would receive the client secret and the device code (RFC 9700 s4.4).
  const std::optional<DataCentre> there = pending_->dialect == DeviceDialect::kZoho
                                              ? find_other_data_centre(location, pending_->accounts_server, base_url_)
                                              : std::nullopt;
  if (!there) {
    stop(End::kFailed, {"device.other_dc",
          "The accounts server answered other_dc naming the location '" + printable(location, 16) +
              "', which is no data centre of the table next to " + pending_->accounts_server +
              "; nothing more is sent (mix-up defence).",
          "RFC 9700 s4.4"},
         now, out);
    return;
  }
  pending_->accounts_server = there->accounts_server;
  pending_->poll_url = device_token_endpoint(*there);
  pending_->next_poll_at = now + pending_->authorization.interval;
  store(out);
  out.note("The account lives in " + there->name + " (other_dc): polling " + there->accounts_server + " from now on.",
           now);
}

bool DeviceAuthorizationFlow::cancel(std::int64_t now, Outbox& out) {
  if (!pending_) return false;
  pending_.reset();
  ended_ = End::kCancelled;
  out.remove("pending", kDeviceRecordKey);
  out.note("Device flow cancelled: no more polls are sent.", now);
  return true;
}

void DeviceAuthorizationFlow::stop(End end, const Error& error, std::int64_t now, Outbox& out) {
  pending_.reset();
  ended_ = end;
  out.remove("pending", kDeviceRecordKey);
  out.fail(error, now);
}

void DeviceAuthorizationFlow::store(Outbox& out) const {
  if (pending_) out.put("pending", kDeviceRecordKey, pending_device_to_json(*pending_));
}

std::string DeviceAuthorizationFlow::activity(FlowPhase phase, std::int64_t now) const {
  if (pending_) {
    const std::string& at = pending_->authorization.verification_uri;
    if (pending_->polling) return "polling for approval at " + at;
    const std::int64_t wait = pending_->next_poll_at > now ? pending_->next_poll_at - now : 0;
    return "waiting for approval at " + at + "; next poll in " + std::to_string(wait) + " s";
  }
  if (phase == FlowPhase::kRedirecting) return "asking for a user code";
  // The end shows while the phase it left holds: a later error or authorization is another story.
  static const char* const kEnds[] = {"", "approved", "denied", "expired", "cancelled", "failed"};
  const bool holds = ended_ == End::kApproved    ? phase == FlowPhase::kAuthorized
                     : ended_ == End::kCancelled ? phase != FlowPhase::kError
                                                 : phase == FlowPhase::kError;
  if (ended_ == End::kNone || !holds) return "";
  return std::string(phase_name(phase)) + " (device flow " + kEnds[static_cast<int>(ended_)] + ")";
}

json DeviceAuthorizationFlow::snapshot(std::int64_t now) const {
  if (!pending_) return nullptr;
  const PendingDevice& p = *pending_;
  const DeviceAuthorization& a = p.authorization;
  return {{"profileId", p.profile_id},
          {"userCode", a.user_code},
          {"verificationUri", a.verification_uri},
          {"verificationUriComplete", a.verification_uri_complete},
          {"secondsLeft", a.expires_at - now},
          {"nextPollIn", p.next_poll_at > now ? p.next_poll_at - now : 0},
          {"interval", a.interval},
          {"accountsServer", p.accounts_server},
          {"lastAnswer", p.last_answer},
          {"polling", p.polling}};
}

}  // namespace zc
