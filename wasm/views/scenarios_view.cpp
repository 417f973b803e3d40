// Scenarios (item 1 of issue 15): rehearse Zoho's failures on the demo data centre. Thin: a combo of the
// demo's scenarios (core/zoho/demo_scenarios.hpp) with each one's line of what Zoho does, Arm scenario, the
// armed one with Disarm, and the one that fired last. The arming request and what fired are the core's
// (core/console/scenario_rehearsal.hpp); the failure itself shows in the flow panel, explained.
#include <string>
#include <vector>

#include "app.hpp"
#include "imgui.h"
#include "views.hpp"
#include "views/view_state.hpp"
#include "views/wrapped_text.hpp"
#include "zoho/demo_scenarios.hpp"

namespace zc::web {
namespace {

// The title of the scenario spelled `id`, or `none`.
const char* title_of(const std::string& id, const char* none) {
  const DemoScenarioInfo* s = demo_scenario_info(demo_scenario_from_id(id).value_or(DemoScenario::kNone));
  return s != nullptr ? s->title : none;
}

}  // namespace

void draw_scenarios(App& app, ViewState& views) {
  const Model& m = app.model();
  if (!ScenarioRehearsal::available(m.draft())) return;
  ImGui::Spacing();
  if (!ImGui::CollapsingHeader("Scenarios")) return;
  int count = 0;
  const DemoScenarioInfo* all = demo_scenarios(count);
  int& choice = views.scenario_choice;
  std::vector<const char*> titles;
  for (int i = 0; i < count; ++i) titles.push_back(all[i].title);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18.0f);
  const int picked = draw_choice_index("Scenario", static_cast<std::size_t>(choice), titles.data(), titles.size(),
                                       ImGuiComboFlags_HeightLargest);
  if (picked >= 0) choice = picked;
  const ImVec4 grey = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  draw_wrapped(std::string(all[choice].zoho_does) + " Fires on " + all[choice].fires_on + ".", &grey, 3);
  if (ImGui::Button("Arm scenario")) app.dispatch(&Model::arm_scenario, std::string(all[choice].id), App::now());
  const std::string& armed = m.scenarios().armed();
  ImGui::SameLine();
  ImGui::Text("Armed: %s", title_of(armed, "none"));
  if (!armed.empty()) {
    ImGui::SameLine();
    if (ImGui::Button("Disarm")) app.dispatch(&Model::arm_scenario, std::string(), App::now());
  }
  if (!m.scenarios().fired().empty()) ImGui::TextDisabled("Last fired: %s", title_of(m.scenarios().fired(), ""));
}

}  // namespace zc::web
