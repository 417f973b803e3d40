#include "console/scenario_rehearsal.hpp"

#include <utility>

#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"
#include "zoho/demo_scenarios.hpp"
#include "zoho/demo_server.hpp"

namespace zc {

ScenarioRehearsal::ScenarioRehearsal(std::string base_url) : base_url_(std::move(base_url)) {}

bool ScenarioRehearsal::available(const Profile& draft) {
  return draft.provider == Provider::kZoho && draft.data_centre == "demo";
}

Result<Call> ScenarioRehearsal::arm(const Profile& draft, const std::string& id, std::int64_t now, Outbox& out) const {
  std::optional<Error> refusal;
  if (!available(draft)) {
    refusal = Error{"scenario.not_demo", "Scenarios run on the demo data centre only.", ""};
  } else if (!demo_scenario_from_id(id)) {
    refusal = Error{"scenario.id", "No scenario is called '" + printable(id, 60) + "'.", ""};
  }
  if (refusal) {
    out.refuse(*refusal, now);
    return *refusal;
  }
  Call call;
  call.request = HttpRequest{"POST", base_url_ + "demo/scenario",
                             {{"Content-Type", "application/x-www-form-urlencoded"}}, form_serialize({{"id", id}})};
  call.flight.purpose = Purpose::kScenario;
  call.flight.profile_id = draft.id;
  call.flight.url = call.request.url;
  call.flight.scenario = id;
  return call;
}

void ScenarioRehearsal::on_armed(const InFlight& flight, const HttpResponse& response, std::int64_t now, Outbox& out) {
  if (response.status != 200) {
    out.refuse({"scenario.arm", "The demo did not arm it (HTTP " + std::to_string(response.status) + ").", ""}, now);
    return;
  }
  armed_ = flight.scenario;
  const DemoScenarioInfo* s = demo_scenario_info(demo_scenario_from_id(armed_).value_or(DemoScenario::kNone));
  out.note(s == nullptr ? std::string("Disarmed.")
                        : std::string("Armed '") + s->title + "': it fires once, on " + s->fires_on + ".",
           now);
}

void ScenarioRehearsal::on_answer(const std::string& url, const HttpResponse& response) {
  std::string fired = header_value(response.headers, kScenarioHeader);
  const bool from_demo = url.rfind(base_url_ + "demo/", 0) == 0;
  if (fired.empty() && response.status == 0 && from_demo && armed_ == "network-gone") fired = armed_;
  if (fired.empty()) return;
  fired_ = fired;
  armed_.clear();
}

}  // namespace zc
