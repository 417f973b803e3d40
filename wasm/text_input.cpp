#include "text_input.hpp"

#include <emscripten.h>

#include "app.hpp"
#include "js_shell.hpp"

namespace zc::web {
namespace {
int caret_x = 0, caret_y = 0;
bool told_editing = false;
int told_x = -1, told_y = -1;
float told_height = -1;
}  // namespace

void text_input_caret(int x, int y) {
  caret_x = x;
  caret_y = y;
}

void text_input_after_frame(bool editing, float line_height, float pixel_ratio) {
  if (editing == told_editing && caret_x == told_x && caret_y == told_y && line_height == told_height) return;
  told_editing = editing;
  told_x = caret_x;
  told_y = caret_y;
  told_height = line_height;
  zc_js_text_input(editing ? 1 : 0, caret_x / pixel_ratio, caret_y / pixel_ratio, line_height / pixel_ratio);
}

}  // namespace zc::web

extern "C" {
/// Text committed in the hidden text input (typed, composed, picked): into the key queue like a typed
/// character, in its place between the keys.
EMSCRIPTEN_KEEPALIVE void zc_text_input(const char* utf8) {
  zc::web::app().input().push_text(utf8);
}
}
