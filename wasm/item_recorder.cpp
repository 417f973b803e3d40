#include "item_recorder.hpp"

#include <cstdarg>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "oauth/json_text.hpp"
#include "imgui_internal.h"

namespace zc::web {
namespace {

struct Item {
  ImGuiID id = 0;
  std::string label;
  std::string window;
  ImRect rect;
  bool has_label = false;
};

std::vector<Item> building;
std::unordered_map<ImGuiID, size_t> index_of;
nlohmann::json published = nlohmann::json::array();

// The visible text of an ImGui label: everything before "##" (which also covers "###").
std::string visible(const char* label) {
  std::string s = label ? label : "";
  const size_t hash = s.find("##");
  return hash == std::string::npos ? s : s.substr(0, hash);
}

}  // namespace

void items_begin_frame() {
  building.clear();
  index_of.clear();
}

void items_end_frame(float ratio) {
  nlohmann::json out = nlohmann::json::array();
  for (const Item& item : building) {
    if (!item.has_label) continue;
    out.push_back({{"label", item.label},
                   {"id", item.id},
                   {"window", item.window},
                   {"x", item.rect.Min.x / ratio},
                   {"y", item.rect.Min.y / ratio},
                   {"w", item.rect.GetWidth() / ratio},
                   {"h", item.rect.GetHeight() / ratio}});
  }
  published = std::move(out);
}

std::string items_json() { return zc::to_json_text(published); }

void items_label_last(const char* label) { items_label(ImGui::GetItemID(), label); }

void items_label(unsigned int id, const char* label) {
  const auto it = index_of.find(id);
  if (it == index_of.end()) return;
  building[it->second].label = visible(label);
  building[it->second].has_label = true;
}

}  // namespace zc::web

// [SECTION] ImGui test-engine hooks (imgui_internal.h, IMGUI_ENABLE_TEST_ENGINE)

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  using namespace zc::web;
  if (id == 0) return;
  Item item;
  item.id = id;
  item.rect = bb;
  // Clip to the window so a scrolled-away item is not reported where it cannot be clicked.
  if (ctx->CurrentWindow != nullptr) {
    // Child windows are named "Parent/##child_1234": report the top-level window a person sees.
    item.window = zc::web::visible(ctx->CurrentWindow->RootWindow->Name);
    item.rect.ClipWith(ctx->CurrentWindow->ClipRect);
  }
  if (item.rect.GetWidth() <= 0 || item.rect.GetHeight() <= 0) return;
  index_of[id] = building.size();
  building.push_back(item);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  using namespace zc::web;
  const auto it = index_of.find(id);
  if (it == index_of.end()) return;
  Item& item = building[it->second];
  item.label = zc::web::visible(label);
  item.has_label = true;
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
