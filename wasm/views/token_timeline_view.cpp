// The token timeline of the set on screen: its history (core/console/token_history.hpp) as marks - issued,
// refreshed, revoked -, the access token's life as a bar to its expiry, a "now" line, and the next
// automatic refresh (kAutoRefreshLead before expiry, while the integration is enabled). Each bar and mark
// is an item (roles bar, mark, now) named with its UTC time, so tests read the picture without pixels.
// Drawn with ImDrawList primitives only.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app.hpp"
#include "console/client_credentials_grant.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "item_recorder.hpp"
#include "views.hpp"

namespace zc::web {
namespace {

// "13:05:09 UTC": the console has no time zone of its own (docs/ARCHITECTURE.md "Layers").
std::string utc(std::int64_t t) {
  const int s = static_cast<int>((t % 86400 + 86400) % 86400);
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return std::string(text) + " UTC";
}

}  // namespace

void draw_token_timeline(App& app, const TokenSet& t, const std::string& end_user) {
  const Model& m = app.model();
  if (!ImGui::CollapsingHeader("Token timeline")) return;
  const TokenHistory none;
  const TokenHistory* found = m.token_history(m.selected_profile_id(), end_user);
  const TokenHistory& history = found != nullptr ? *found : none;
  const std::int64_t now = App::now();
  // The access token's life: from its last issue or refresh (else an hour, Zoho's lifetime, before expiry).
  std::int64_t born = t.expires_at != 0 ? t.expires_at - 3600 : now;
  for (const TokenEvent& e : history) {
    if (e.kind != TokenEventKind::kRevoked) born = e.at;
  }
  // The axis: at most the last three hours, to a little past the expiry.
  const std::int64_t end = std::max(now, t.expires_at);
  std::int64_t start = std::min(born, now - 600);
  for (const TokenEvent& e : history) start = std::min(start, e.at);
  start = std::max(start, end - 3 * 3600);
  const float width = ImGui::GetContentRegionAvail().x, line = ImGui::GetTextLineHeight();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const double span = static_cast<double>(end - start) * 1.08;
  const auto x_of = [&](std::int64_t at) {
    return std::round(o.x + width * 0.02f + static_cast<float>((at - start) / span) * width);
  };
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 green = IM_COL32(90, 204, 115, 255), blue = IM_COL32(140, 190, 255, 255), red = IM_COL32(242, 115, 102, 255),
              amber = IM_COL32(242, 191, 77, 255), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const float marks_y = o.y, bar_y = o.y + line * 1.4f, axis_y = bar_y + line * 1.4f;
  int n = 0;
  // Each part is an item of its own: `role` and `label` for items(), never a place the keyboard stops.
  const auto item = [&n](const ImRect& r, const char* role, const std::string& label) {
    const ImGuiID id = ImGui::GetCurrentWindow()->GetID(n++);
    ImGui::ItemAdd(r, id, nullptr, ImGuiItemFlags_NoNav);
    items_picture(id, role, label);
  };
  draw->AddLine(ImVec2(o.x, axis_y), ImVec2(o.x + width, axis_y), dim);
  if (t.expires_at != 0) {
    const float x1 = x_of(std::max(born, start)), x2 = std::max(x_of(t.expires_at), x1 + 2.0f);
    const ImRect bar(x1, bar_y, x2, bar_y + line);
    draw->AddRectFilled(bar.Min, bar.Max, t.expires_at > now ? green : red, 2.0f);
    item(bar, "bar", "access token " + utc(born) + " to " + utc(t.expires_at));
  }
  for (const TokenEvent& e : history) {
    if (e.at < start) continue;
    const float x = x_of(e.at), h = line * 0.5f;
    const ImU32 colour = e.kind == TokenEventKind::kIssued ? green : e.kind == TokenEventKind::kRefreshed ? blue : red;
    draw->AddTriangleFilled(ImVec2(x - h, marks_y), ImVec2(x + h, marks_y), ImVec2(x, marks_y + line), colour);
    item(ImRect(x - h, marks_y, x + h, marks_y + line), "mark", std::string(token_event_name(e.kind)) + " " + utc(e.at));
  }
  // The next automatic refresh: only an enabled integration's set with a way to renew is refreshed.
  if (m.draft().enabled && t.expires_at != 0 && (!t.refresh_token.empty() || asks_again_for_tokens(m.draft()))) {
    const std::int64_t at = std::max(now, t.expires_at - kAutoRefreshLead);
    const float x = x_of(at);
    draw->AddLine(ImVec2(x, marks_y), ImVec2(x, axis_y), amber, 2.0f);
    item(ImRect(x - 3.0f, marks_y, x + 3.0f, axis_y), "mark", "next auto-refresh " + utc(at));
  }
  const float x = x_of(now);
  draw->AddLine(ImVec2(x, marks_y), ImVec2(x, axis_y + line * 0.3f), ImGui::GetColorU32(ImGuiCol_Text), 1.5f);
  item(ImRect(x - 3.0f, marks_y, x + 3.0f, axis_y), "now", "now");
  const std::string from = utc(start), to = utc(end);
  draw->AddText(ImVec2(o.x, axis_y + 2.0f), dim, from.c_str());
  draw->AddText(ImVec2(o.x + width - ImGui::CalcTextSize(to.c_str()).x, axis_y + 2.0f), dim, to.c_str());
  ImGui::Dummy(ImVec2(width, axis_y - o.y + line * 1.3f));
}

}  // namespace zc::web
