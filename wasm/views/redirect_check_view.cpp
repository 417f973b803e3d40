// The form's redirect URI check (item 4 of issue 15): a "Registered redirect URI" field under Redirect URI,
// where the URI registered in Zoho's API console is pasted; every difference from the profile's Redirect
// URI is listed as it is typed (core/console/redirect_uri_check.hpp), and "Use registered" puts the
// registered URI in the draft (nothing is saved until Save). The pasted text is the views' own, never
// stored.
#include <string>

#include "console/redirect_uri_check.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "item_recorder.hpp"
#include "views.hpp"
#include "views/view_state.hpp"
#include "views/wrapped_text.hpp"

namespace zc::web {
namespace {

// `text` wrapped, then named `label` in items() with `text` as what it says (the outcome line's way).
void draw_named_text(const char* label, const std::string& text, const ImVec4* colour) {
  draw_wrapped(text, colour);
  const ImGuiID id = ImGui::GetID(label);
  ImGui::ItemAdd(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), id, nullptr, ImGuiItemFlags_NoNav);
  items_label(id, label);
  items_text(id, text);
}

}  // namespace

bool draw_redirect_uri_check(ViewState& views, std::string& redirect_uri) {
  std::string& registered = views.registered_redirect_uri;
  ImGui::InputTextWithHint("Registered redirect URI", "paste it from Zoho's API console", &registered);
  items_value_last(registered);
  if (registered.empty()) return false;
  const RedirectUriCheck check = check_redirect_uri(registered, redirect_uri);
  if (check.equal) {
    const ImVec4 green(0.45f, 0.80f, 0.50f, 1.0f);
    draw_named_text("Redirect URI check", "Exactly equal to the registered redirect URI.", &green);
    return false;
  }
  const ImVec4 amber(0.95f, 0.70f, 0.30f, 1.0f);
  const ImVec4 grey = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  for (const RedirectDifference& d : check.differences) {
    ImGui::PushID(d.kind.c_str());
    draw_named_text(("Redirect difference: " + d.kind).c_str(), d.message, &amber);
    draw_named_text(("Fix: " + d.kind).c_str(), d.fix, &grey);
    ImGui::PopID();
  }
  if (!ImGui::Button("Use registered")) return false;
  redirect_uri = check.use;
  return true;
}

}  // namespace zc::web
