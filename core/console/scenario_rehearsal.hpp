// Rehearsing Zoho's failures on the demo data centre (issue 15 item 1): the console's side of the demo's
// failure scenarios (zoho/demo_scenarios.hpp). It builds the arming request, sent through the console's
// normal request path with a purpose of its own (so it is logged like any other), and keeps what the
// Scenarios panel shows: the scenario armed, and the one that fired last, which the demo names in each
// answer's kScenarioHeader. The failure itself is explained by the part that meets it, as Zoho's real
// answer would be (zoho/explain.hpp, zoho/crm.hpp).
#pragma once
#include <cstdint>
#include <string>

#include "console/outbox.hpp"
#include "console/profile.hpp"
#include "console/request_ledger.hpp"
#include "oauth/error.hpp"
#include "oauth/http.hpp"

namespace zc {

/// The armed and the fired scenario. Times are Unix seconds; status and log lines go to the Outbox given.
class ScenarioRehearsal {
 public:
  /// `base_url` places the demo data centre (`{base_url}demo/`).
  explicit ScenarioRehearsal(std::string base_url);

  /// True when `draft` is on the demo data centre, the only place scenarios exist (the panel shows then).
  static bool available(const Profile& draft);

  /// The arming request: POST `{base_url}demo/scenario` with the form `id=<id>` ("" disarms). Errors,
  /// refused and shown: `scenario.not_demo` (the draft is not on the demo data centre), `scenario.id` (no
  /// scenario has that id).
  Result<Call> arm(const Profile& draft, const std::string& id, std::int64_t now, Outbox& out) const;
  /// The demo's answer to it: 200 arms `flight.scenario` (a note says which request it fires on); anything
  /// else is refused with what the demo said.
  void on_armed(const InFlight& flight, const HttpResponse& response, std::int64_t now, Outbox& out);
  /// Any answer to a request sent to `url`, also a late one nobody waits for: an answer naming a scenario in
  /// kScenarioHeader fired it (nothing is armed now); so did a status-0 answer from the demo while
  /// network-gone was armed (no header can come with it).
  void on_answer(const std::string& url, const HttpResponse& response);

  /// The id armed ("" for none) and the id that fired last ("" before any).
  const std::string& armed() const { return armed_; }
  const std::string& fired() const { return fired_; }

 private:
  std::string base_url_;
  std::string armed_;
  std::string fired_;
};

}  // namespace zc
