// Hand-off (item 5 of issue 15): the selected profile's token calls as curl commands and its .env, to copy
// and run outside the browser (core/console/hand_off.hpp). Copy curl and Copy .env go through the page's
// clipboard (zc_js_copy); the text shown has every secret as a variable or masked (docs/SECURITY.md rule 7),
// and Copy .env carries secrets only after "Include secrets in .env" is ticked, with a warning.
#include <string>

#include "app.hpp"
#include "console/hand_off.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "item_recorder.hpp"
#include "js_shell.hpp"
#include "views.hpp"
#include "views/view_state.hpp"
#include "views/wrapped_text.hpp"

namespace zc::web {

void draw_hand_off(App& app, ViewState& views) {
  const Model& m = app.model();
  ImGui::Spacing();
  if (!ImGui::CollapsingHeader("Hand-off")) return;
  const Profile& p = m.draft();
  const TokenSet* t = m.selected_profile_id().empty() ? nullptr : m.tokens_for(m.selected_profile_id(), views.shown_end_user);
  const std::string curl = hand_off_curl(p, t, app.base_url());
  if (ImGui::Button("Copy curl")) {
    zc_js_copy(curl.c_str());
    app.dispatch(&Model::note, "curl commands copied: secrets are shell variables (${...}), set them first.", App::now());
  }
  ImGui::SameLine();
  if (ImGui::Button("Copy .env")) {
    const SecretValues v = views.hand_off_secrets ? SecretValues::kIncluded : SecretValues::kEmpty;
    zc_js_copy(hand_off_env(p, t, app.base_url(), v).c_str());
    app.dispatch(&Model::note, views.hand_off_secrets ? ".env copied WITH secrets: keep it out of chats and repositories."
                                                      : ".env copied: fill in the empty secrets.",
                 App::now());
  }
  ImGui::SameLine();
  ImGui::Checkbox("Include secrets in .env", &views.hand_off_secrets);
  if (views.hand_off_secrets) {
    const ImVec4 amber(0.95f, 0.70f, 0.30f, 1.0f);
    draw_wrapped("Copy .env will hold the client secret and refresh token in clear: paste it only where secrets belong.",
                 &amber);
  }
  // Shown masked: the secrets are variables in the curl text and redacted in the .env.
  const std::string shown = curl + "\n" + hand_off_env(p, t, app.base_url(), SecretValues::kMasked);
  ImGui::BeginChild("##hand_off", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 10.0f), true,
                    ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::TextUnformatted(shown.c_str());
  ImGui::EndChild();
  items_label_last("Hand-off text");
}

}  // namespace zc::web
