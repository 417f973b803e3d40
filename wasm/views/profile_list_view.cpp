// "Select Authorization": the saved authorization profiles, and Create New.
#include "app.hpp"
#include "imgui.h"
#include "views.hpp"

namespace zc::web {

void draw_profile_list(App& app) {
  Model& m = app.model();
  ImGui::TextUnformatted("Select Authorization");
  ImGui::Separator();
  if (m.profiles().empty()) {
    ImGui::TextWrapped(m.draft().data_centre == "demo"
                           ? "No saved profile yet. The form holds a demo profile: press Save Authorization "
                             "Profile, or Authorize straight away."
                           : "No saved profile yet: fill in the form and press Save Authorization Profile.");
  }
  for (const Profile& p : m.profiles()) {
    const bool selected = p.id == m.selected_profile_id();
    const std::string label = (m.has_unsaved(p.id) ? p.name + " *" : p.name) + "##" + p.id;
    if (ImGui::Selectable(label.c_str(), selected)) {
      m.select_profile(p.id);
      app.request_frames();
    }
  }
  ImGui::Spacing();
  if (ImGui::Button("Create New")) {
    m.new_draft("p-" + App::random_token(9));
    app.request_frames();
  }
}

}  // namespace zc::web
