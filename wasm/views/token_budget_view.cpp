// "Token budget": Zoho's token limits counted for the token set on screen (core/console/token_budget.hpp,
// docs/ZOHO.md "Token budget"), and its warnings, drawn beside Refresh now and Authorize again before
// they are pressed. The console warns and never blocks.
#include <cstdio>
#include <string>

#include "console/token_budget.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "item_recorder.hpp"
#include "views.hpp"
#include "views/wrapped_text.hpp"

namespace zc::web {
namespace {

// The last drawn text becomes a line for reading named `name` in items() (and the accessible layer).
void name_last(const char* name, const std::string& text) {
  const ImGuiID id = ImGui::GetID(name);
  ImGui::ItemAdd(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), id, nullptr, ImGuiItemFlags_NoNav);
  items_label(id, name);
  items_text(id, text);
}

}  // namespace

void draw_token_budget(const TokenBudget& b) {
  ImGui::TextDisabled("Token budget");
  char text[128];
  std::snprintf(text, sizeof text, "Refresh tokens of this client and user: %d of %d. Access tokens, last 10 minutes: %d of %d.",
                b.refresh_tokens, kZohoRefreshTokenLimit, b.access_tokens, kZohoAccessTokenLimit);
  draw_wrapped(text);
  name_last("Token budget", text);
}

void draw_budget_warning(const std::string& warning, const char* name) {
  if (warning.empty()) return;
  const ImVec4 amber(0.95f, 0.75f, 0.30f, 1.0f);
  draw_wrapped(warning, &amber, 4);
  name_last(name, warning);
}

}  // namespace zc::web
