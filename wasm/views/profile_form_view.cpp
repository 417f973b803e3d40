// The authorization profile form of the integration guide: Client Id, Client Secret (masked), the three
// URLs, Scopes, plus Data Centre (fills the URLs) and Redirect URI; the live authorization URL; Save
// Authorization Profile and Authorize. After each widget, what ImGui does not tell the accessible mirror
// (item_recorder.hpp) is said: a field's value (the secret never; the grant code redacted), a combo, a
// selection.
#include <emscripten.h>

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <utility>
#include <string>

#include "app.hpp"
#include "console/openid_nonce.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "item_recorder.hpp"
#include "js_shell.hpp"
#include "views.hpp"
#include "views/view_state.hpp"
#include "views/wrapped_text.hpp"
#include "console/client_credentials_grant.hpp"
#include "console/lint.hpp"
#include "oauth/token_set.hpp"
#include "zoho/data_centres.hpp"

namespace zc::web {
namespace {

struct DataCentreChoice {
  const char* id;
  std::string label;
};

const std::vector<DataCentreChoice>& choices() {
  static const std::vector<DataCentreChoice> list = [] {
    std::vector<DataCentreChoice> out;
    for (const DataCentre& dc : zoho_data_centres()) {
      out.push_back({dc.location.c_str(), dc.name + " (" + dc.location + ")" + (dc.confirmed ? "" : " - API domain unconfirmed")});
    }
    out.push_back({"demo", "Demo data centre (no Zoho account needed)"});
    return out;
  }();
  return list;
}


// A combo of a choice type's values (console/profile_choices.hpp), one label per value in the type's
// order; true when one was picked this frame (then held in `value`).
template <typename Choice>
bool draw_choice(const char* label, Choice& value, const std::array<const char*, kChoiceCount<Choice>>& labels) {
  const int picked = draw_choice_index(label, static_cast<std::size_t>(value), labels.data(), labels.size());
  if (picked < 0) return false;
  value = static_cast<Choice>(picked);
  return true;
}

// A self client's grant code lives the Time Duration chosen in Zoho's API console (3 to 10 minutes) from
// when it was generated: the console counts from when it was entered, so the figure is an upper bound.
void draw_grant_code_life(App& app) {
  const Model& m = app.model();
  ImGui::TextDisabled("Time Duration (API console):");
  for (int minutes : {3, 5, 7, 10}) {
    ImGui::SameLine();
    char label[16];
    std::snprintf(label, sizeof label, "%d min", minutes);
    const bool chosen = m.grant_code_minutes() == minutes;
    if (ImGui::RadioButton(label, chosen)) app.dispatch(&Model::set_grant_code_minutes, minutes);
    items_radio_last(chosen);
  }
  const std::optional<std::int64_t> left = m.grant_code_seconds_left(App::now());
  if (!left) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Zoho's API console > Self Client > Generate Code, then paste the code here.");
    ImGui::PopTextWrapPos();
  } else if (*left > 0) {
    ImGui::Text("This code has at most %" PRId64 ":%02" PRId64 " left (counted from when it was entered).", *left / 60,
                *left % 60);
    app.frames().request_at(std::floor(emscripten_get_now() / 1000.0) + 1.0);  // the countdown's next tick
  } else {
    ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.40f, 1.0f),
                       "This code has most likely expired: generate a new one in Zoho's API console.");
  }
}

// The form in one frame: its widgets edit `p`, a copy of the model's draft, and every change goes to the
// model at once as one action (Model::edit_draft), so what the frame draws after it (lint findings, the
// authorization request) shows it. No widget writes the model's draft itself.
struct DraftForm {
  App& app;
  ViewState& views;
  Profile p;

  // The edited copy becomes the draft.
  void commit() {
    app.dispatch(&Model::edit_draft, p);
  }
  // A model action changed the draft (a provider or data centre picked): the copy follows it.
  void reload() { p = app.model().draft(); }
  // Marks `field` touched when the widget just drawn was changed or left (TouchedFields).
  void touch_last(const char* field) {
    if (ImGui::IsItemEdited() || ImGui::IsItemDeactivated()) views.touched.add(field);
  }
  // A one-line text field labelled `label` (with `hint` when not null) for `value`, one of p's fields:
  // its value said to the mirror, a change handed over, `field` touched.
  void text(const char* label, std::string& value, const char* field, const char* hint = nullptr) {
    if (hint != nullptr ? ImGui::InputTextWithHint(label, hint, &value) : ImGui::InputText(label, &value)) commit();
    items_value_last(value);
    touch_last(field);
  }
};

// Zoho (URLs from the data-centre table, picked by Data Centre) or any OAuth 2.0 server (its issuer typed).
void draw_provider_fields(DraftForm& form) {
  Profile& p = form.p;
  if (Provider picked = p.provider;
      draw_choice("Provider", picked, {"Zoho (pick the data centre)", "Custom OAuth 2.0 server"})) {
    form.app.dispatch(&Model::set_draft_provider, picked);
    form.reload();
  }
  if (p.provider != Provider::kZoho) {
    // RFC 9207: a callback's iss must equal it; empty means the Authorization URL's origin. Discover, at
    // the field's end, fills the endpoints from the issuer's metadata (an edit of the draft, not a save).
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushItemWidth(ImGui::CalcItemWidth() - ImGui::CalcTextSize("Discover").x - style.FramePadding.x * 2 -
                         style.ItemSpacing.x);
    form.text("Issuer", p.issuer, "issuer", "its iss; empty: the Authorization URL's origin");
    ImGui::PopItemWidth();
    ImGui::SameLine();
    ImGui::BeginDisabled(p.issuer.empty() || form.app.model().busy());
    if (ImGui::Button("Discover")) form.app.dispatch(&Model::discover, App::now());
    ImGui::EndDisabled();
    return;
  }
  std::string current;
  for (const auto& c : choices()) {
    if (p.data_centre == c.id) current = c.label;
  }
  const ImGuiID combo_id = ImGui::GetID("Data Centre");
  const bool combo_open = ImGui::BeginCombo("Data Centre", current.c_str(), ImGuiComboFlags_HeightLargest);
  items_combo(combo_id, "Data Centre", current.c_str(), combo_open);
  if (!combo_open) return;
  for (const auto& c : choices()) {
    const bool is_current = p.data_centre == c.id;
    if (ImGui::Selectable(c.label.c_str(), is_current)) {
      form.app.dispatch(&Model::set_draft_data_centre, c.id);
      form.reload();
    }
    items_selected_last(is_current);
  }
  ImGui::EndCombo();
}

// Client Type, Client Id, Client Secret (masked unless asked) and, where it is a choice, Client
// authentication.
void draw_client_fields(DraftForm& form) {
  Profile& p = form.p;
  // Client type, as Zoho's API console names them (a custom server knows the first two).
  if (draw_choice("Client Type", p.client_type,
                  {"Server-based Applications (code + secret)", "Client-based Applications (browser, implicit)",
                   "Self Client (paste a grant code)", "Self Client (client credentials)",
                   "Non-browser Applications (device flow)"})) {
    form.views.touched.add("clientType");
    form.commit();
  }
  form.text("Client Id", p.client_id, "clientId");
  // Masked unless the person asks to see it (README: Security; no screenshot-able secret by default). A
  // public client has none to enter: the field shows only while one is left over (lint asks to remove it).
  const ImGuiStyle& style = ImGui::GetStyle();
  if (p.client_authentication != ClientAuthentication::kNone || !p.client_secret.empty()) {
    const float reveal_width = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize("Show secret").x +
                               style.ItemSpacing.x;
    ImGui::SetNextItemWidth(ImGui::CalcItemWidth() - reveal_width);
    const ImGuiID secret_id = ImGui::GetID("##Client Secret");
    // The secret's one way in: typed into the form's copy, handed over by commit() (Model::edit_draft).
    if (ImGui::InputText("##Client Secret", &p.client_secret, form.views.reveal_secret ? 0 : ImGuiInputTextFlags_Password)) {
      form.commit();
    }
    form.touch_last("clientSecret");
    items_label(secret_id, "Client Secret");
    items_password(secret_id);  // never a value in the mirror, masked or revealed (docs/SECURITY.md)
    ImGui::SameLine(0, style.ItemInnerSpacing.x);
    ImGui::TextUnformatted("Client Secret");
    ImGui::SameLine(0, style.ItemSpacing.x * 2.0f);
    ImGui::Checkbox("Show secret", &form.views.reveal_secret);
  }
  // A client-credentials token is for one organization: Zoho sends it as soid=ZohoCRM.<id>.
  if (p.client_type == ClientType::kClientCredentials && p.provider == Provider::kZoho) {
    const std::string hint = p.data_centre == "demo" ? std::string("digits; the demo's is ") + kDemoOrganizationId
                                                     : "digits: Zoho CRM > Setup > Company Details > Org ID";
    form.text("Organization ID", p.organization_id, "organizationId", hint.c_str());
  }
  // How the token endpoint gets the client's credentials (RFC 6749 s2.3.1); Zoho reads them from the body,
  // so a Zoho profile shows the choice only when it holds another one.
  if (p.provider != Provider::kZoho || p.client_authentication != ClientAuthentication::kBody) {
    if (draw_choice("Client authentication", p.client_authentication,
                    {"body (client_secret_post)", "basic (client_secret_basic)",
                     "none (public client: no secret, use PKCE)"})) {
      form.commit();
    }
  }
}

// Scopes, edited as text (the draft's list follows each keystroke), with a picker of Zoho CRM's common
// scopes (a pick is appended once).
void draw_scopes_field(DraftForm& form) {
  Profile& p = form.p;
  std::string& scopes_text = form.views.scopes_text;
  if (form.views.scopes_of != p.id || (!ImGui::IsAnyItemActive() && split_scopes(scopes_text) != p.scopes)) {
    scopes_text = join_scopes(p.scopes);
    form.views.scopes_of = p.id;
  }
  const float picker_width = ImGui::CalcTextSize("Add scope").x + ImGui::GetFrameHeight() * 2.0f;
  ImGui::SetNextItemWidth(ImGui::CalcItemWidth() - picker_width - ImGui::GetStyle().ItemSpacing.x);
  const ImGuiID scopes_id = ImGui::GetID("##Scopes");
  if (ImGui::InputText("##Scopes", &scopes_text)) {
    p.scopes = split_scopes(scopes_text);
    form.commit();
  }
  form.touch_last("scopes");
  items_label(scopes_id, "Scopes");
  items_value(scopes_id, scopes_text);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(picker_width);
  const ImGuiID picker_id = ImGui::GetID("##add_scope");
  const bool picker_open = ImGui::BeginCombo("##add_scope", "Add scope", ImGuiComboFlags_HeightLargest);
  items_combo(picker_id, "Add scope", "", picker_open);
  if (picker_open) {
    static const char* const kCommon[] = {"ZohoCRM.modules.leads.ALL",    "ZohoCRM.modules.leads.READ",
                                          "ZohoCRM.modules.contacts.ALL", "ZohoCRM.modules.accounts.ALL",
                                          "ZohoCRM.modules.deals.ALL",    "ZohoCRM.modules.ALL",
                                          "ZohoCRM.users.READ",           "ZohoCRM.org.READ",
                                          "ZohoCRM.settings.ALL",         "ZohoCRM.coql.READ",
                                          "ZohoCRM.bulk.ALL",             "aaaserver.profile.READ"};
    for (const char* scope : kCommon) {
      const bool present = std::find(p.scopes.begin(), p.scopes.end(), scope) != p.scopes.end();
      if (ImGui::Selectable(scope, present) && !present) {
        p.scopes.push_back(scope);
        scopes_text = join_scopes(p.scopes);
        form.commit();
      }
      items_selected_last(present);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::TextUnformatted("Scopes");
}

// Lint findings for the draft, next to the form (the field named in each). A saved profile shows every
// finding; a new one its errors only where touched (TouchedFields).
void draw_findings(DraftForm& form) {
  const bool saved = !form.app.model().selected_profile_id().empty();
  for (const Diagnostic& d : lint_profile(form.p, form.app.base_url())) {
    if (d.severity == "error" && !saved && !form.views.touched.has(d.field)) continue;
    const ImVec4 colour = d.severity == "error"     ? ImVec4(0.95f, 0.50f, 0.45f, 1.0f)
                          : d.severity == "warning" ? ImVec4(0.95f, 0.75f, 0.30f, 1.0f)
                                                    : ImVec4(0.60f, 0.75f, 0.95f, 1.0f);
    // At most three lines each: a 10,000-character value named in a finding cannot push Save away.
    draw_wrapped(d.severity + " (" + d.field + "): " + d.message, &colour, 3);
  }
}

// The authorization request as it will be sent (the model's preview of the draft), or what stops it.
void draw_request_preview(const Model& m) {
  ImGui::Spacing();
  ImGui::TextDisabled(m.draft().pkce ? "Authorization request (updates as you type; state and the PKCE challenge are added on Authorize)"
                                     : "Authorization request (updates as you type; state is added on Authorize)");
  auto url = m.authorization_url_preview();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.10f, 0.12f, 0.16f, 1.0f));
  ImGui::BeginChild("##authorization_url", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 3.4f), true);
  if (url.ok()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(url.value().c_str());
    ImGui::PopTextWrapPos();
  } else {
    const ImVec4 red(0.95f, 0.55f, 0.45f, 1.0f);
    draw_wrapped(url.error().message, &red);
  }
  ImGui::EndChild();
  items_label_last("Authorization request");  // a keyboard stop of its own: the arrow keys scroll it
  ImGui::PopStyleColor();
}

// Another draft on screen (a profile picked, imported, created, or saved in another tab): its touched
// fields start afresh, and a field still being edited stops, or it would show and write back the old
// draft's text (ImGui keeps its own copy while editing, and copies it back each frame).
void follow_draft(DraftForm& form) {
  const std::uint64_t replaced = form.app.model().draft_replaced();
  if (form.views.touched.draft_id == form.p.id && form.views.touched.replaced == replaced) return;
  form.views.touched = TouchedFields{form.p.id, replaced, {}, false};
  if (ImGui::GetIO().WantTextInput) ImGui::ClearActiveID();
}

}  // namespace

// views.hpp has its contract. One body for every choice type and for the scenarios.
int draw_choice_index(const char* label, std::size_t current, const char* const* labels, std::size_t count,
                      int combo_flags) {
  const char* shown = labels[current < count ? current : 0];
  const ImGuiID id = ImGui::GetID(label);
  const bool open = ImGui::BeginCombo(label, shown, combo_flags);
  items_combo(id, label, shown, open);
  int picked = -1;
  if (open) {
    for (std::size_t i = 0; i < count; ++i) {
      if (ImGui::Selectable(labels[i], i == current)) picked = static_cast<int>(i);
      items_selected_last(i == current);
    }
    ImGui::EndCombo();
  }
  return picked;
}

void draw_profile_form(App& app, ViewState& views) {
  DraftForm form{app, views, app.model().draft()};
  Profile& p = form.p;
  follow_draft(form);
  // Labels sit right of the fields (ImGui's convention, and what items() reports as the label). The
  // label column fits the longest label, "Registered redirect URI" (at 800x600 a narrower one cut it).
  ImGui::PushItemWidth(-ImGui::CalcTextSize("Registered redirect URI ").x);
  // The page opens ready to type: keyboard focus in the first field (issue 11 case 3), caret after its
  // text (InputQueue::caret_to_end).
  if (app.take_initial_focus()) {
    ImGui::SetKeyboardFocusHere();
    app.input().caret_to_end() = true;
    app.input().note_input(emscripten_get_now() / 1000.0);
  }
  form.text("Profile Name", p.name, "name");
  draw_provider_fields(form);
  draw_client_fields(form);
  // Only a client that redirects sends the browser to an authorization URL (uses_redirect). A self client
  // keeps the fields it always showed (it pastes its code; lint and save skip them).
  const bool redirects = uses_redirect(p) || p.client_type == ClientType::kSelf;
  if (redirects) form.text("Authorization URL", p.authorization_url, "authorizationUrl");
  form.text("Token URL", p.token_url, "tokenUrl");
  form.text("Refresh Token URL", p.refresh_token_url, "refreshTokenUrl");
  // RFC 8628's endpoint, a custom provider's only (Zoho's is the data centre's /oauth/v3/device/code).
  if (uses_device_flow(p) && p.provider != Provider::kZoho) {
    form.text("Device Authorization URL", p.device_authorization_url, "deviceAuthorizationUrl");
  }
  // OpenID Connect's two addresses, a custom provider's (Zoho's come from its discovery document): shown
  // once the profile has them (Discover fills them) or asks for openid from a named issuer.
  if (p.provider != Provider::kZoho && (!p.jwks_url.empty() || !p.userinfo_url.empty() ||
                                        (asks_for_id_token(p.scopes) && !p.issuer.empty()))) {
    form.text("JWKS URL", p.jwks_url, "jwksUrl", "optional: the issuer's jwks_uri (Discover fills it)");
    form.text("Userinfo URL", p.userinfo_url, "userinfoUrl", "optional: the userinfo_endpoint (Discover fills it)");
  }
  draw_scopes_field(form);
  // Client credentials and the device flow: no redirect, so no Redirect URI, PKCE or authorization request
  // (lint and save skip them too).
  if (redirects) form.text("Redirect URI", p.redirect_uri, "redirectUri");
  if (uses_redirect(p) && draw_redirect_uri_check(views, p.redirect_uri)) form.commit();
  // Optional: for token endpoints that do not answer browsers (README "Relay").
  // A short hint: a longer one was cut off at the field's end (800x600, and at device scale 2).
  form.text("Relay URL", p.relay_url, "relayUrl", "optional, e.g. http://localhost:8000/relay");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Token, refresh and revoke requests go through this relay (serve.py --relay) when it is set.\n"
                      "Leave it empty for the demo, client-based apps, or endpoints that answer browsers.");
  }
  ImGui::PopItemWidth();
  draw_findings(form);
  if (!redirects) {
    // Wrapped: one line of this is wider than the form at 800x600 and was cut.
    const ImVec4 grey = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    if (asks_again_for_tokens(p)) {
      draw_wrapped("Client credentials: Get token asks the Token URL with the client id and secret; no redirect, "
                   "no refresh token (Refresh asks again).", &grey);
    } else if (uses_device_flow(p)) {
      draw_wrapped("Device flow: Start device flow shows a code to approve on another device; the console polls "
                   "for the token meanwhile. No redirect.", &grey);
    }
    return;
  }
  if (ImGui::Checkbox("Use PKCE (S256)", &p.pkce)) form.commit();
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("RFC 7636: a one-time code verifier, hashed with SHA-256 by WebCrypto, binds the code to\n"
                      "this browser. Zoho documents it for mobile and desktop clients; the demo checks it.");
  }
  draw_request_preview(app.model());
  if (p.client_type == ClientType::kClient) {
    ImGui::TextDisabled("Client-based: the token arrives in the redirect itself; there is no refresh token, so "
                        "press Authorize again when it expires.");
  }
}

// A self client has no redirect: the code generated in Zoho's API console is pasted and exchanged (on the
// demo data centre, Generate Code makes one), with the code's remaining life under it.
void draw_self_client_code(App& app, ViewState& views) {
  const Model& m = app.model();
  const Profile& p = m.draft();
  std::string& grant_code = views.grant_code;
  std::string& sent = views.grant_code_sent;  // it leaves the box only once it became tokens
  if (std::string generated = app.effects().take_generated_code(); !generated.empty()) grant_code = generated;
  if (!sent.empty() && m.phase() == FlowPhase::kAuthorized && grant_code == sent) {
    grant_code.clear();  // a code works once
    sent.clear();
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  const float button = ImGui::CalcTextSize("Exchange code").x + style.FramePadding.x * 2.0f;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button - ImGui::CalcTextSize("Grant Code").x -
                          style.ItemInnerSpacing.x - style.ItemSpacing.x);
  if (ImGui::InputText("Grant Code", &grant_code)) {
    app.dispatch(&Model::grant_code_edited, grant_code, App::now());
  }
  items_value_last(redact_secret(grant_code));  // a code is a credential: the mirror holds it redacted
  ImGui::SameLine();
  ImGui::BeginDisabled(m.busy() || grant_code.find_first_not_of(" \t") == std::string::npos);
  if (ImGui::Button("Exchange code")) {
    sent = grant_code;
    app.dispatch(&Model::exchange_pasted_code, grant_code, App::now());
  }
  ImGui::EndDisabled();
  if (p.provider == Provider::kZoho && p.data_centre == "demo") {
    // Zoho's API console is a page of Zoho's; the demo data centre has its equivalent here.
    ImGui::BeginDisabled(m.busy());
    if (ImGui::Button("Generate Code (the demo's API console)")) {
      app.dispatch(&Model::generate_demo_grant_code, App::now());
    }
    ImGui::EndDisabled();
  }
  draw_grant_code_life(app);
}

void draw_form_actions(App& app, ViewState& views) {
  const Model& m = app.model();
  const Profile& p = m.draft();
  const auto url = m.authorization_url_preview();
  if (p.client_type == ClientType::kSelf) draw_self_client_code(app, views);
  if (ImGui::Button("Save Authorization Profile")) {
    views.touched.all = true;  // every finding shows from now on
    app.dispatch(&Model::save_draft, App::now());
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(m.busy() || m.phase() == FlowPhase::kRedirecting || p.client_type == ClientType::kSelf);
  if (ImGui::Button(token_action(p))) {
    views.touched.all = true;
    // Client credentials: the token request goes out at once (console/client_credentials_grant.hpp); a
    // non-browser client starts the device flow (console/device_authorization_flow.hpp); others redirect.
    if (asks_again_for_tokens(p)) app.dispatch(&Model::get_client_credentials_token, App::now());
    else if (uses_device_flow(p)) app.dispatch(&Model::start_device_flow, std::string(), App::now());
    else app.effects().authorize("");
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  // Client credentials and the device flow have no authorization URL to copy.
  ImGui::BeginDisabled(!url.ok() || !uses_redirect(p));
  if (ImGui::Button("Copy URL") && url.ok()) {
    zc_js_copy(url.value().c_str());
    app.dispatch(&Model::note, "Authorization URL copied to the clipboard (without state: the console adds one on Authorize).",
                 App::now());
  }
  ImGui::EndDisabled();
  if (m.draft_is_dirty()) {
    const char* note = m.profiles().empty() || !m.selected_profile_id().empty() ? "(unsaved changes)"
                                                                                 : "(new profile, not saved yet)";
    // Beside the buttons when it fits, else under them.
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float need = ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(note).x;
    if (right - ImGui::GetItemRectMax().x >= need) ImGui::SameLine();
    ImGui::TextDisabled("%s", note);
  }
  draw_outcome(app);
}

const char* token_action(const Profile& p) {
  return asks_again_for_tokens(p) ? "Get token" : uses_device_flow(p) ? "Start device flow" : "Authorize";
}

float form_actions_height(const Profile& p) {
  // A self client's Grant Code row, its life line and, on the demo, Generate Code come first.
  const float self_rows = p.client_type != ClientType::kSelf ? 0.0f : p.provider == Provider::kZoho && p.data_centre == "demo" ? 3.0f : 2.0f;
  const float self_lines = p.client_type == ClientType::kSelf ? 2.0f : 0.0f;  // the code's life, wrapped in a narrow form
  return ImGui::GetFrameHeightWithSpacing() * (1.0f + self_rows) + ImGui::GetTextLineHeightWithSpacing() * (3.0f + self_lines);
}

void draw_outcome(App& app) {
  const Model& m = app.model();
  const ImVec4 red(0.95f, 0.45f, 0.40f, 1.0f);
  const std::string& text = m.flow_error() ? m.flow_error()->message : m.status();
  const ImGuiID id = ImGui::GetID("##outcome");
  // Two lines at most; the token panel and the log hold the whole story.
  draw_wrapped(text.empty() ? std::string(" ") : text, m.flow_error() ? &red : nullptr, 2);
  // A place of its own in items(), so tests (and the accessible layer) find what the last action did.
  ImGui::ItemAdd(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), id, nullptr, ImGuiItemFlags_NoNav);
  items_label(id, "Outcome");
  items_text(id, text);
}

}  // namespace zc::web
