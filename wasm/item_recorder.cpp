// The item recorder behind items() and the accessible mirror (item_recorder.hpp). Roles and states come
// from ImGui 1.86's hooks where they say them (checkable, openable, inputable, disabled, tab) and from
// the views where they do not; the published list is compared with the last one so that the page
// rebuilds nothing while the console redraws the same screen (a caret blinking, a countdown).
#include "item_recorder.hpp"

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "console/model.hpp"
#include "imgui.h"
#include "js_shell.hpp"
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
  // Accessible role: button | checkbox | radio | tab | combobox | option | textbox | header | text, or a
  // picture's arrow | bar | mark | now.
  // Static strings.
  const char* role = nullptr;
  bool disabled = false;
  bool password = false;
  bool multiline = false;
  bool failed = false;
  bool has_value = false;  // a text field's or combo's value is exposed only when a view gave it
  std::int8_t checked = -1, selected = -1, expanded = -1;  // -1: not applicable
  std::string value;

  bool operator==(const Item& o) const {
    return id == o.id && label == o.label && window == o.window && rect.Min.x == o.rect.Min.x &&
           rect.Min.y == o.rect.Min.y && rect.Max.x == o.rect.Max.x && rect.Max.y == o.rect.Max.y &&
           role == o.role && disabled == o.disabled && password == o.password && multiline == o.multiline && failed == o.failed &&
           has_value == o.has_value && checked == o.checked && selected == o.selected && expanded == o.expanded &&
           value == o.value;
  }
};

struct LogLine {
  std::string kind, text;
  bool operator==(const LogLine& o) const { return kind == o.kind && text == o.text; }
};

std::vector<Item> building;
// Item id -> index in `building` + 1 (0: none). ImGui's own sorted map: a frame holds a few dozen items,
// and a std::unordered_map brought 2 KB of hashing code into the module for them.
ImGuiStorage index_of;
std::vector<Item> published;  // labelled items of the last frame
float published_ratio = 1.0f;
std::vector<LogLine> log_lines;  // the log as last published
bool log_seen = false;           // items_log() was called in this frame
bool log_changed = false;
int log_version = 0;             // counts the log's changes, so the page re-reads it only after one

// The visible text of an ImGui label: everything before "##" (which also covers "###").
std::string visible(const char* label) {
  std::string s = label ? label : "";
  const size_t hash = s.find("##");
  return hash == std::string::npos ? s : s.substr(0, hash);
}

Item* find(ImGuiID id) {
  const int at = index_of.GetInt(id, 0);
  return at == 0 ? nullptr : &building[at - 1];
}

nlohmann::json to_json(const Item& item, float ratio) {
  nlohmann::json j = {{"label", item.label},
                      {"id", item.id},
                      {"window", item.window},
                      {"x", item.rect.Min.x / ratio},
                      {"y", item.rect.Min.y / ratio},
                      {"w", item.rect.GetWidth() / ratio},
                      {"h", item.rect.GetHeight() / ratio},
                      {"role", item.role ? item.role : "button"}};
  if (item.disabled) j["disabled"] = true;
  if (item.checked >= 0) j["checked"] = item.checked == 1;
  if (item.selected >= 0) j["selected"] = item.selected == 1;
  if (item.expanded >= 0) j["expanded"] = item.expanded == 1;
  if (item.password) j["password"] = true;
  if (item.multiline) j["multiline"] = true;
  if (item.failed) j["failed"] = true;
  if (item.has_value && !item.password) j["value"] = item.value;
  return j;
}

}  // namespace

void items_begin_frame() {
  building.clear();
  index_of.Clear();
  log_seen = false;
}

void items_end_frame(float ratio) {
  std::vector<Item> labelled;
  labelled.reserve(building.size());
  for (Item& item : building) {
    if (item.has_label) labelled.push_back(std::move(item));
  }
  if (!log_seen && !log_lines.empty()) {  // the log was folded away
    log_lines.clear();
    log_changed = true;
  }
  const bool changed = labelled != published || ratio != published_ratio || log_changed;
  published = std::move(labelled);
  published_ratio = ratio;
  if (log_changed) ++log_version;
  log_changed = false;
  if (changed) zc_js_a11y_changed();
}

std::string items_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const Item& item : published) out.push_back(to_json(item, published_ratio));
  return zc::to_json_text(out);
}

std::string a11y_json(int have_log_version) {
  nlohmann::json items = nlohmann::json::array();
  for (const Item& item : published) items.push_back(to_json(item, published_ratio));
  nlohmann::json out = {{"items", std::move(items)}, {"logVersion", log_version}};
  if (have_log_version != log_version) {
    nlohmann::json log = nlohmann::json::array();
    for (const LogLine& line : log_lines) log.push_back({{"kind", line.kind}, {"text", line.text}});
    out["log"] = std::move(log);
  }
  return zc::to_json_text(out);
}

void items_label_last(const char* label) { items_label(ImGui::GetItemID(), label); }

void items_label(unsigned int id, const char* label) {
  if (Item* item = find(id)) {
    item->label = label;  // as given: a name may hold "##" (ImGui's id marker applies only to ImGui's labels)
    item->has_label = true;
  }
}

void items_combo(unsigned int id, const char* label, const char* shown, bool open) {
  if (Item* item = find(id)) {
    item->label = visible(label);
    item->has_label = true;
    item->role = "combobox";
    item->expanded = open ? 1 : 0;
    item->value = shown ? shown : "";
    item->has_value = true;
  }
}

void items_selected_last(bool selected) {
  if (Item* item = find(ImGui::GetItemID())) {
    item->role = "option";
    item->selected = selected ? 1 : 0;
  }
}

void items_radio_last(bool checked) {
  if (Item* item = find(ImGui::GetItemID())) {
    item->role = "radio";
    item->checked = checked ? 1 : 0;
  }
}

void items_value(unsigned int id, const std::string& value) {
  if (Item* item = find(id)) {
    item->role = "textbox";
    item->value = value;
    item->has_value = !item->password;
  }
}

void items_value_last(const std::string& value) { items_value(ImGui::GetItemID(), value); }

void items_text(unsigned int id, const std::string& text) {
  if (Item* item = find(id)) {
    item->role = "text";
    item->value = text;
    item->has_value = true;
  }
}

bool items_rect(unsigned int id, float* min_x, float* min_y, float* max_x, float* max_y) {
  const Item* item = find(id);
  if (item == nullptr) return false;
  *min_x = item->rect.Min.x;
  *min_y = item->rect.Min.y;
  *max_x = item->rect.Max.x;
  *max_y = item->rect.Max.y;
  return true;
}

bool items_disabled(unsigned int id) {
  const Item* item = find(id);
  return item != nullptr && item->disabled;
}

void items_picture(unsigned int id, const char* role, const std::string& label, bool failed) {
  if (Item* item = find(id)) {
    item->label = label;
    item->has_label = true;
    item->role = role;
    item->failed = failed;
  }
}

void items_password(unsigned int id) {
  if (Item* item = find(id)) {
    item->role = "textbox";
    item->password = true;
    item->value.clear();
    item->has_value = false;
  }
}

void items_multiline(unsigned int id) {
  if (Item* item = find(id)) {
    item->role = "textbox";
    item->multiline = true;
  }
}

void items_log(const std::vector<zc::LogEntry>& log) {
  log_seen = true;
  bool same = log.size() == log_lines.size();
  for (size_t i = 0; same && i < log.size(); ++i) same = log[i].kind == log_lines[i].kind && log[i].text == log_lines[i].text;
  if (same) return;
  log_lines.clear();
  for (const zc::LogEntry& e : log) log_lines.push_back({e.kind, e.text});
  log_changed = true;
}

}  // namespace zc::web

// [SECTION] ImGui test-engine hooks (imgui_internal.h, IMGUI_ENABLE_TEST_ENGINE)

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  using namespace zc::web;
  if (id == 0) return;
  Item item;
  item.id = id;
  item.rect = bb;
  // ItemAdd has just stored the item's flags: BeginDisabled() and text fields are known here.
  const ImGuiItemFlags flags = ctx->LastItemData.ID == id ? ctx->LastItemData.InFlags : ctx->CurrentItemFlags;
  item.disabled = (flags & ImGuiItemFlags_Disabled) != 0;
  if (flags & ImGuiItemFlags_Inputable) item.role = "textbox";
  // A tab of the current tab bar: selected when its contents are the ones shown this frame.
  if (ImGuiTabBar* bar = ctx->CurrentTabBar; bar != nullptr && ImGui::TabBarFindTabByID(bar, id) != nullptr) {
    item.role = "tab";
    item.selected = bar->VisibleTabId == id ? 1 : 0;
  }
  // Clip to the window so a scrolled-away item is not reported where it cannot be clicked.
  if (ctx->CurrentWindow != nullptr) {
    // Child windows are named "Parent/##child_1234": report the top-level window a person sees.
    item.window = zc::web::visible(ctx->CurrentWindow->RootWindow->Name);
    item.rect.ClipWith(ctx->CurrentWindow->ClipRect);
  }
  if (item.rect.GetWidth() <= 0 || item.rect.GetHeight() <= 0) return;
  index_of.SetInt(id, static_cast<int>(building.size()) + 1);
  building.push_back(std::move(item));
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  using namespace zc::web;
  Item* item = find(id);
  if (item == nullptr) return;
  item->label = zc::web::visible(label);
  item->has_label = true;
  if (flags & ImGuiItemStatusFlags_Checkable) {  // Checkbox (a radio button says nothing: items_radio_last)
    item->role = "checkbox";
    item->checked = (flags & ImGuiItemStatusFlags_Checked) ? 1 : 0;
  } else if (flags & ImGuiItemStatusFlags_Openable) {  // CollapsingHeader, TreeNode
    item->role = "header";
    item->expanded = (flags & ImGuiItemStatusFlags_Opened) ? 1 : 0;
  } else if (item->role == nullptr) {
    item->role = "button";  // Button, and Selectable until the view says items_selected_last
  }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
