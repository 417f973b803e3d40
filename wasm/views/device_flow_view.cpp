// The device flow's panel (client type non-browser): what the person needs to approve on another device -
// the user code, large; the verification link, to open or copy; its QR code - and what the console is
// doing meanwhile: the countdown to expiry, the next poll, Cancel. Reads Model::device_pending(); acts only
// through App::dispatch.
#include <emscripten.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>

#include "app.hpp"
#include "console/qr_code.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "item_recorder.hpp"
#include "js_shell.hpp"
#include "views.hpp"
#include "views/wrapped_text.hpp"

namespace zc::web {
namespace {

// The QR code of `text` as ImGui rectangles, `side` pixels square with ISO/IEC 18004's 4-module light margin.
// Made once per text: the grid is kept between frames.
void draw_qr(const std::string& text, float side) {
  static std::string encoded;
  static QrCode qr;
  if (encoded != text) {
    qr = make_qr_code(text);
    encoded = text;
  }
  if (qr.size == 0) return;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float module = side / static_cast<float>(qr.size + 8);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, ImVec2(at.x + side, at.y + side), IM_COL32(255, 255, 255, 255));
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.at(x, y)) continue;
      const ImVec2 a(at.x + (static_cast<float>(x) + 4.0f) * module, at.y + (static_cast<float>(y) + 4.0f) * module);
      draw->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
    }
  }
  // An item of its own (not a Dummy, which has no id), so items() and the accessible mirror name it.
  const ImRect box(at, ImVec2(at.x + side, at.y + side));
  ImGui::ItemSize(box);
  const ImGuiID id = ImGui::GetID("##qr");
  ImGui::ItemAdd(box, id, nullptr, ImGuiItemFlags_NoNav);
  items_label(id, "QR code of the verification address");
  items_text(id, text);
}

// "4:59" for a count of seconds.
std::string minutes_seconds(std::int64_t seconds) {
  char text[32];
  if (seconds < 0) seconds = 0;
  std::snprintf(text, sizeof text, "%" PRId64 ":%02" PRId64, seconds / 60, seconds % 60);
  return text;
}

}  // namespace

void draw_device_flow(App& app) {
  const Model& m = app.model();
  const std::optional<PendingDevice>& pending = m.device_pending();
  if (!pending) return;
  const DeviceAuthorization& a = pending->authorization;
  const std::int64_t now = App::now();
  // A new user code scrolls its panel into view: in a short window (800x600) it would start below the
  // fold, and the person would not see the code they must type. For a few frames, as the form above it
  // settles its height (console_window.cpp measures it a frame late).
  static std::string scrolled_to;
  static int scroll_frames = 0;
  if (scrolled_to != a.user_code) {
    scrolled_to = a.user_code;
    scroll_frames = 3;
  }
  if (scroll_frames > 0) {
    --scroll_frames;
    ImGui::SetScrollHereY(0.0f);
    app.frames().request(1);
  }
  ImGui::Separator();
  ImGui::TextWrapped("On a phone or another computer, open the verification page and enter this code:");
  // The code large (twice the font size), as a device shows it across the room.
  ImGui::SetWindowFontScale(2.0f);
  ImGui::TextUnformatted(a.user_code.c_str());
  ImGui::SetWindowFontScale(1.0f);
  const ImGuiID code_id = ImGui::GetID("##user_code");
  ImGui::ItemAdd(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), code_id, nullptr, ImGuiItemFlags_NoNav);
  items_label(code_id, "User code");
  items_text(code_id, a.user_code);
  draw_clipped(a.verification_uri);
  if (ImGui::Button("Open verification page")) zc_js_open_tab(a.verification_uri.c_str());
  ImGui::SameLine();
  if (ImGui::Button("Copy link")) {
    zc_js_copy(a.verification_uri.c_str());
    app.dispatch(&Model::note, "Verification link copied: " + a.verification_uri, now);
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel device flow")) app.dispatch(&Model::cancel_device_flow, now);
  // The complete address (RFC 8628 s3.3.1) when the server gave one: scanning it needs no typing at all.
  const std::string& qr_text = a.verification_uri_complete.empty() ? a.verification_uri : a.verification_uri_complete;
  draw_qr(qr_text, ImGui::GetFontSize() * 9.0f);
  const std::string next = pending->polling ? "polling now"
                                            : "next poll in " + std::to_string(pending->next_poll_at > now
                                                                                   ? pending->next_poll_at - now
                                                                                   : 0) + " s";
  draw_wrapped("Expires in " + minutes_seconds(a.expires_at - now) + ";  " + next + " (every " +
               std::to_string(a.interval) + " s)" +
               (pending->last_answer.empty() ? std::string() : ";  last answer: " + pending->last_answer));
  app.frames().request_at(std::floor(emscripten_get_now() / 1000.0) + 1.0);  // the countdown's next tick
}

}  // namespace zc::web
