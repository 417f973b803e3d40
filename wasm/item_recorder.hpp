// Records every ImGui item drawn in a frame (label, id, window, rectangle) through ImGui 1.86's
// test-engine hooks, for the automation bridge's items() and the accessible mirror of the canvas
// (docs/ARCHITECTURE.md "Browser automation bridge" and "Accessible mirror").
//
// [X] Buttons, inputs, checkboxes, combos, selectables, tree nodes: everything that reports ItemInfo
// [X] Items of popups and open combo lists
// [X] Rectangles converted to CSS pixels relative to the page (device pixel ratio divided out)
// [X] Each item's role and state (checked, selected, expanded, disabled) and a text field's value, for
//     screen readers: what the hooks report is read there, what they do not (a radio button's state, a
//     selectable's selection, a combo, a field's text) the view says right after the widget
// [X] Secrets stay out: a password field carries no value, and a field left undescribed carries none
// [X] Changes are pushed: web/shell.js is told only when the list (or the log) differs from the last one
#pragma once
#include <string>
#include <vector>

namespace zc {
struct LogEntry;
}

namespace zc::web {

/// Starts a new frame's record (the previous frame's list stays readable until end_frame()).
void items_begin_frame();
/// Publishes the frame's list; `pixel_ratio` converts ImGui pixels to CSS pixels. When the list or the
/// log differs from the last published one, tells the page (zc_js_a11y_changed).
void items_end_frame(float pixel_ratio);
/// Labels the item `id` drawn in this frame, with `label` as it is (no "##" rule): for widgets that report
/// no label to the hooks (BeginCombo in 1.86) and for names drawn by the view. Call after the widget.
void items_label(unsigned int id, const char* label);
/// Labels the last item drawn (a tab: 1.86's tab items report no label either). Call right after it.
void items_label_last(const char* label);

// What the hooks do not tell, said by the view right after the widget. Each is a no-op for an item not
// drawn this frame (clipped away).
/// A combo box `id` labelled `label`, showing `shown`, its list open or not.
void items_combo(unsigned int id, const char* label, const char* shown, bool open);
/// The last item is a selectable entry of a list (role option) and whether it is selected.
void items_selected_last(bool selected);
/// The last item is a radio button and whether it is the chosen one.
void items_radio_last(bool checked);
/// Text field `id` holds `value` (what a person sees in it; the caller redacts what must not be read).
void items_value(unsigned int id, const std::string& value);
void items_value_last(const std::string& value);
/// Item `id` is a line of text for reading (role text), saying `text`: the outcome line.
void items_text(unsigned int id, const std::string& text);
/// Item `id` is a part of a picture (the sequence diagram, the token timeline): `role` arrow, bar, mark
/// or now, named `label`; `failed` for an arrow whose request failed (drawn red).
void items_picture(unsigned int id, const char* role, const std::string& label, bool failed = false);
/// Text field `id` is a password field: it never carries a value, masked or revealed.
void items_password(unsigned int id);
/// Text field `id` is a multi-line text box.
void items_multiline(unsigned int id);
/// The activity log's lines (already redacted by the core), while the log is shown.
void items_log(const std::vector<zc::LogEntry>& log);

/// The rectangle of item `id` drawn in this frame so far, in ImGui pixels, clipped to its window; false
/// when it was not drawn (or is scrolled away).
bool items_rect(unsigned int id, float* min_x, float* min_y, float* max_x, float* max_y);

/// True when item `id` was drawn in this frame so far, disabled (no control the keyboard can stay on).
bool items_disabled(unsigned int id);

/// The last complete frame's items as a JSON array: [{label, id, window, x, y, w, h, role, ...}].
std::string items_json();
/// The accessible mirror's input (web/shell.js): {"items": items_json(), "logVersion": n}, plus
/// "log": [{kind, text}] when the log's version is not `have_log_version` (the page's copy is stale).
std::string a11y_json(int have_log_version);

}  // namespace zc::web
