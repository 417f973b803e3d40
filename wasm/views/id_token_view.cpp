// Sign in with Zoho (OpenID Connect) in the token panel: Verify id_token and Call userinfo, the verdict
// (verified, or refused naming the check), every check's verdict with its reason, the decoded header and
// claims as a table, and the last userinfo answer. Thin: the model's IdTokenCheckFlow and OpenIdUserinfo
// (core/console/id_token_check.hpp, openid_userinfo.hpp) hold the state; text the browser draws
// (glyph_cache.hpp) so a name in any script shows. The id_token itself is never drawn.
#include <string>

#include "app.hpp"
#include "imgui.h"
#include "js_shell.hpp"
#include "oauth/json_text.hpp"
#include "views.hpp"
#include "views/grid.hpp"
#include "views/wrapped_text.hpp"

namespace zc::web {
namespace {

const ImVec4 kPass(0.35f, 0.80f, 0.45f, 1.0f), kFail(0.95f, 0.45f, 0.40f, 1.0f);

// A claim's value as shown: a string as it is, anything else as JSON.
std::string claim_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : to_json_text(value);
}

// Rows of `object` (the header's or the claims'), names in the first column under the heading `id` + 2.
void draw_members(const char* id, const nlohmann::json& object) {
  if (!object.is_object() || object.empty()) return;
  begin_grid(id, {1.0f, 3.0f}, {id + 2, "value"});  // "##header" -> "header"
  for (auto it = object.begin(); it != object.end(); ++it) {
    draw_clipped(it.key());
    grid_next();
    draw_wrapped(claim_text(it.value()), nullptr, 3);
    grid_next();
  }
  end_grid();
}

// Each check's verdict: check, passed or failed, and why.
void draw_checks(const IdTokenVerdict& verdict) {
  // The first column fits the longest check name.
  begin_grid("##checks", {0.0f, 1.0f, 5.0f}, {"check", "verdict", "why"}, true, label_column_width({"signature"}));
  for (const IdTokenCheck& c : verdict.checks) {
    ImGui::TextUnformatted(c.check.c_str());
    grid_next();
    ImGui::TextColored(c.passed ? kPass : kFail, "%s", c.passed ? "pass" : "fail");
    grid_next();
    draw_wrapped(c.why, nullptr, 3);
    grid_next();
  }
  end_grid();
}

// The overall verdict, or where the verification is, or why it stopped.
void draw_verdict(const IdTokenCheckFlow& check) {
  const std::string& stage = check.stage();
  if (stage == "discovery" || stage == "jwks" || stage == "signature") {
    ImGui::TextDisabled("id_token: verifying (%s)...", stage == "discovery" ? "reading the discovery document"
                                                       : stage == "jwks"    ? "reading the JWK Set"
                                                                            : "checking the signature with WebCrypto");
    return;
  }
  if (stage == "failed") {
    draw_wrapped("id_token not verified: " + check.error(), &kFail);
    return;
  }
  const auto& verdict = check.verdict();
  if (!verdict) return;
  if (verdict->verified) {
    ImGui::TextColored(kPass, "id_token verified (issuer %s)", check.issuer().c_str());
  } else {
    std::string why;
    for (const IdTokenCheck& c : verdict->checks) {
      if (c.check == verdict->refused_by) why = c.why;
    }
    draw_wrapped("id_token refused: " + verdict->refused_by + " - " + why, &kFail);
  }
  draw_checks(*verdict);
  draw_members("##header", verdict->jwt.header);
  draw_members("##claims", verdict->jwt.claims);
}

}  // namespace

void draw_id_token(App& app, const TokenSet& t, const std::string& end_user) {
  const Model& m = app.model();
  const std::string& id = m.selected_profile_id();
  const IdTokenCheckFlow& check = m.id_token_check();
  ImGui::PushID("openid");
  ImGui::BeginDisabled(m.busy() || t.id_token.empty());
  if (ImGui::Button("Verify id_token")) app.dispatch(&Model::verify_id_token, id, end_user, App::now());
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(m.busy());
  if (ImGui::Button("Call userinfo")) app.dispatch(&Model::call_userinfo, id, end_user, App::now());
  ImGui::EndDisabled();
  const bool ours = check.profile_id() == id;
  if (ours && check.verdict()) {
    ImGui::SameLine();
    if (ImGui::Button("Copy claims")) {
      const nlohmann::json decoded = {{"header", check.verdict()->jwt.header}, {"claims", check.verdict()->jwt.claims}};
      zc_js_copy(decoded.dump(2).c_str());
      app.dispatch(&Model::note, std::string("Copied the id_token's decoded header and claims."), App::now());
    }
  }
  if (ours) draw_verdict(check);
  if (m.userinfo().status() != 0) {
    ImGui::TextDisabled("Userinfo: HTTP %d", m.userinfo().status());
    draw_wrapped(m.userinfo().body(), nullptr, 12);
  }
  ImGui::PopID();
}

}  // namespace zc::web
