// Token status of the selected profile: flow phase and error, masked access token, API domain, expiry
// countdown, refresh token presence.
#include <emscripten.h>

#include <cinttypes>
#include <algorithm>
#include <cmath>

#include "app.hpp"
#include "imgui.h"
#include "oauth/json_text.hpp"
#include "views.hpp"

namespace zc::web {

namespace {

// The token actions, one click each; disabled while a request is in flight.
void draw_token_actions(App& app, const TokenSet& t) {
  Model& m = app.model();
  const std::string id = m.selected_profile_id();
  ImGui::BeginDisabled(m.busy());
  ImGui::BeginDisabled(t.refresh_token.empty());
  if (ImGui::Button("Refresh now")) {
    m.refresh(id, "", App::now());
    app.run_effects();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Revoke")) {
    m.revoke(id, "", App::now());
    app.run_effects();
  }
  ImGui::SameLine();
  if (ImGui::Button("Forget")) {
    m.forget(id, "", App::now());
    app.run_effects();
  }
  ImGui::SameLine();
  ImGui::TextDisabled("|");
  ImGui::SameLine();
  if (ImGui::Button("Test connection")) {
    m.test_connection(id, "", App::now());
    app.run_effects();
  }
  ImGui::SameLine();
  if (ImGui::Button("Create test lead")) {
    m.create_test_lead(id, "", App::now());
    app.run_effects();
  }
  ImGui::EndDisabled();
  if (!m.crm_created_id().empty()) {
    ImGui::SameLine();
    ImGui::Text("Last created lead: %s", m.crm_created_id().c_str());
  }
}

// The records of the last Test connection, as a table (clipped: only visible rows are drawn).
void draw_records(const Model& m) {
  const nlohmann::json& records = m.crm_records();
  if (records.empty()) return;
  ImGui::TextDisabled("GET %s: %zu record(s)", m.crm_source().c_str(), records.size());
  static const char* kColumns[] = {"id", "First_Name", "Last_Name", "Company", "Email", "Lead_Status"};
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  const float height = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(std::min<size_t>(records.size(), 6) + 1) + 6;
  if (!ImGui::BeginTable("##records", 6, flags, ImVec2(0, height))) return;
  for (const char* c : kColumns) ImGui::TableSetupColumn(c);
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(records.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const nlohmann::json& r = records[static_cast<size_t>(row)];
      ImGui::TableNextRow();
      for (const char* c : kColumns) {
        ImGui::TableNextColumn();
        const std::string v = string_at(r, c);
        ImGui::TextUnformatted(v.c_str());
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_token_status(App& app) {
  const Model& m = app.model();
  ImGui::Spacing();
  ImGui::TextUnformatted("Token status");
  ImGui::Separator();
  const ImVec4 green(0.35f, 0.80f, 0.45f, 1.0f), red(0.95f, 0.45f, 0.40f, 1.0f), amber(0.95f, 0.75f, 0.30f, 1.0f);
  const FlowPhase phase = m.phase();
  const char* phase_text = phase_name(phase);
  ImGui::TextUnformatted("Flow:");
  ImGui::SameLine();
  ImGui::TextColored(phase == FlowPhase::kError ? red : phase == FlowPhase::kAuthorized ? green : amber, "%s%s",
                     phase_text, m.busy() ? "  (request in flight...)" : "");
  if (m.flow_error()) {
    ImGui::PushStyleColor(ImGuiCol_Text, red);
    ImGui::TextWrapped("%s", m.flow_error()->message.c_str());
    ImGui::PopStyleColor();
    ImGui::TextDisabled("Error code %s  -  see %s", m.flow_error()->code.c_str(), m.flow_error()->source.c_str());
  } else if (!m.status().empty()) {
    ImGui::TextWrapped("%s", m.status().c_str());
  }
  const TokenSet* t = m.tokens_for(m.selected_profile_id());
  if (t == nullptr) {
    ImGui::TextDisabled("Not authorized yet: press Authorize.");
    return;
  }
  if (m.phase() == FlowPhase::kError) {
    ImGui::Spacing();
    ImGui::TextDisabled("Token set stored from the last successful authorization (still usable until it expires):");
  }
  const std::int64_t now = App::now();
  const std::int64_t left = t->expires_at - now;
  if (!ImGui::BeginTable("##token", 2, ImGuiTableFlags_SizingFixedFit)) return;
  auto row = [](const char* name) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", name);
    ImGui::TableNextColumn();
  };
  row("Access token");
  ImGui::TextUnformatted(redact_secret(t->access_token).c_str());
  row("API domain");
  ImGui::TextUnformatted(t->api_domain.c_str());
  row("Expires");
  if (t->expires_at == 0) {
    ImGui::TextUnformatted("no lifetime given");
  } else if (left > 0) {
    ImGui::Text("in %02" PRId64 ":%02" PRId64 "%s", left / 60, left % 60,
                is_expired(*t, now) ? "  (inside the 60 s safety margin: refresh before use)" : "");
    app.request_frame_at(std::floor(emscripten_get_now() / 1000.0) + 1.0);  // the countdown's next tick
  } else {
    ImGui::TextColored(red, "expired %" PRId64 " s ago", -left);
  }
  row("Refresh token");
  ImGui::TextUnformatted(t->refresh_token.empty() ? "none (online access, or not the first consent)"
                                                  : redact_secret(t->refresh_token).c_str());
  row("Scope");
  ImGui::TextUnformatted(t->scope.c_str());
  row("Accounts server");
  ImGui::TextUnformatted(t->accounts_server.c_str());
  ImGui::EndTable();
  draw_token_actions(app, *t);
  draw_records(m);
}

}  // namespace zc::web
