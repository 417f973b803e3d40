// The console's side of the page's hidden text input (web/text_input.js): where input methods, the emoji
// picker and other `insertText` sources write while an ImGui text field is edited. docs/ARCHITECTURE.md "Text in
// every script" says why a canvas needs one.
#pragma once

namespace zc::web {

/// For io.ImeSetInputScreenPosFn: ImGui's caret, (`x`, `y`) the top of its line in device pixels.
void text_input_caret(int x, int y);
/// After each frame: tells the page whether a field is being edited (`editing`, io.WantTextInput) and
/// where its caret is; `line_height` in device pixels, `pixel_ratio` device pixels per CSS pixel. Calls
/// the page only when something changed.
void text_input_after_frame(bool editing, float line_height, float pixel_ratio);

}  // namespace zc::web
