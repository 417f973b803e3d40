// Token status of the selected profile: flow phase and error, masked access token, API domain, expiry
// countdown, refresh token presence.
#include <emscripten.h>

#include <cinttypes>
#include <cmath>

#include "app.hpp"
#include "imgui.h"
#include "views.hpp"

namespace zc::web {

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
}

}  // namespace zc::web
