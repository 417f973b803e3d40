// The console's device flow (client type `non-browser`): the device authorization request, the pending
// authorization it gives (user code, verification address, expiry), and the polling that follows: never
// sooner than the interval, RFC 8628 s3.5's slow_down back-off, a local stop at expiry, Zoho's other_dc
// switch to the person's data centre (only to an accounts server of the table: docs/SECURITY.md rule 4, the
// same allow-list as a callback's accounts-server), Cancel. Driven by `now` like every part of the model; the
// shell's timer calls Model::tick. Storage: record `device` of object store `pending` ({"kind":"device",...}),
// so a reload resumes polling until the codes expire. Sources: Zoho OAuth "Non-browser applications"
// (Initiation request, Polling request, Multi DC), RFC 8628; docs/ZOHO.md "Device flow".
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "console/outbox.hpp"
#include "console/profile.hpp"
#include "console/request_ledger.hpp"
#include "oauth/device_authorization.hpp"
#include "oauth/error.hpp"
#include "oauth/http.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// One device authorization waiting for the person. Times are Unix seconds.
/// - accounts_server: where polls go now (Zoho: the profile's data centre until other_dc names another);
///   poll_url: the token endpoint polled there.
/// - next_poll_at: the earliest time of the next poll; interval: seconds between polls (grows by
///   kSlowDownStepSeconds on each slow_down).
/// - last_answer: outcome_name() of the last poll, "" before the first.
/// - polling: a poll is in flight (not stored: a reload sends the next one afresh).
struct PendingDevice {
  std::string profile_id;
  std::string end_user;
  DeviceDialect dialect = DeviceDialect::kZoho;
  DeviceAuthorization authorization;
  std::string accounts_server;
  std::string poll_url;
  std::int64_t next_poll_at = 0;
  std::string last_answer;
  bool polling = false;
};

/// The stored form: {"kind":"device", profileId, endUser, dialect (zoho|rfc8628), deviceCode, userCode,
/// verificationUri, verificationUriComplete, interval, expiresAt, accountsServer, pollUrl, nextPollAt,
/// lastAnswer}. The device code is a secret: it lives only in the encrypted `pending` store.
nlohmann::json pending_device_to_json(const PendingDevice& pending);
/// That form read back; nullopt for any other record (a redirect flow's pending authorization) or a
/// malformed one.
std::optional<PendingDevice> pending_device_from_json(const nlohmann::json& j);

/// The storage key of the pending device authorization in object store `pending`.
inline constexpr const char* kDeviceRecordKey = "device";

/// The device flow. One device authorization at a time (a new start replaces the old one).
class DeviceAuthorizationFlow {
 public:
  /// `base_url` places the demo data centre.
  explicit DeviceAuthorizationFlow(std::string base_url);

  /// Resumes the stored device authorization among `pending`'s records when its codes are still alive;
  /// an expired one leaves storage.
  void load(const nlohmann::json& pending, std::int64_t now, Outbox& out);

  /// The device authorization request of a saved non-browser `profile` (RFC 8628 s3.1, Zoho's
  /// Initiation request) for `end_user`. Errors: `device.client_type` when the profile is not
  /// `non-browser`, `device.endpoint` when it has no device authorization URL, `authorize.end_user`.
  Result<Call> start(const Profile& profile, const std::string& end_user, std::int64_t now, Outbox& out);
  /// Its answer: the pending authorization is kept and stored (StorePut `pending`/`device`), the first
  /// poll due one interval later; a refusal fails the flow with the reason.
  void on_authorization(const InFlight& flight, const HttpResponse& response, const Profile* profile, std::int64_t now,
                        Outbox& out);

  /// The poll that is due at `now` for `profile` (the pending authorization's): none before next_poll_at,
  /// none while one is in flight. At expiry the authorization stops with `expired_token` and nothing is
  /// sent.
  std::optional<Call> due_poll(const Profile* profile, std::int64_t now, Outbox& out);
  /// A poll's answer, classified (classify_device_poll): pending keeps the interval, slow_down adds
  /// kSlowDownStepSeconds, other_dc moves the polls to the named data centre's accounts server when the
  /// table has it (refused with `device.other_dc` otherwise), denied and expired and failures stop. The token
  /// set when the person approved (the pending authorization is then gone).
  std::optional<TokenSet> on_poll(const InFlight& flight, const HttpResponse& response, ExpiresInReading reading,
                                  std::int64_t now, Outbox& out);

  /// Cancel: forgets the pending authorization (StoreDelete) so nothing more is sent. False when none.
  bool cancel(std::int64_t now, Outbox& out);

  const std::optional<PendingDevice>& pending() const { return pending_; }
  /// What the device flow is doing, for the Flow line while flow phase `phase` holds (the console's
  /// phase says "redirecting" for all of it; nothing redirects here):
  /// - "asking for a user code" (the device authorization request in flight);
  /// - "waiting for approval at <verification URI>; next poll in <N> s" / "polling for approval at <URI>";
  /// - once it ended, "<phase> (device flow approved|denied|expired|cancelled|failed)" while `phase` is
  ///   the one that end left (authorized; error; idle or authorized for cancelled);
  /// - empty otherwise (no device flow since the page opened, or something else happened since).
  std::string activity(FlowPhase phase, std::int64_t now) const;
  /// The bridge's `device` snapshot: null, or {profileId, userCode, verificationUri,
  /// verificationUriComplete, secondsLeft, nextPollIn, interval, accountsServer, lastAnswer, polling}. The
  /// user code is on screen anyway; the device code is never in it.
  nlohmann::json snapshot(std::int64_t now) const;

 private:
  /// How the last device authorization ended (activity()).
  enum class End { kNone, kApproved, kDenied, kExpired, kCancelled, kFailed };
  /// Ends the pending authorization (StoreDelete) as `end` and fails the flow with `error`.
  void stop(End end, const Error& error, std::int64_t now, Outbox& out);
  /// Stores the pending authorization as it is now.
  void store(Outbox& out) const;
  /// Zoho's other_dc: polls go to `location`'s accounts server from now on, when the table has it.
  void switch_data_centre(const std::string& location, std::int64_t now, Outbox& out);

  std::string base_url_;
  std::optional<PendingDevice> pending_;
  End ended_ = End::kNone;
};

}  // namespace zc
