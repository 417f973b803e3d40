// Records every ImGui item drawn in a frame (label, id, window, rectangle) through ImGui 1.86's
// test-engine hooks, for the automation bridge's items() (docs/DESIGN.md "Browser automation bridge").
//
// [X] Buttons, inputs, checkboxes, combos, selectables, tree nodes: everything that reports ItemInfo
// [X] Items of popups and open combo lists
// [X] Rectangles converted to CSS pixels relative to the page (device pixel ratio divided out)
#pragma once
#include <string>

namespace zc::web {

/// Starts a new frame's record (the previous frame's list stays readable until end_frame()).
void items_begin_frame();
/// Publishes the frame's list; `pixel_ratio` converts ImGui pixels to CSS pixels.
void items_end_frame(float pixel_ratio);
/// Labels the item `id` drawn in this frame: for widgets that report no label to the hooks (BeginCombo
/// in 1.86). Call after the widget.
void items_label(unsigned int id, const char* label);
/// Labels the last item drawn (a tab: 1.86's tab items report no label either). Call right after it.
void items_label_last(const char* label);
/// The last complete frame's items as a JSON array: [{label, id, window, x, y, w, h}].
std::string items_json();

}  // namespace zc::web
