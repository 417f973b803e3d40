#include "console/key_queue.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace zc {

void KeyQueue::push_text(const std::string& utf8) {
  if (utf8.empty()) return;
  // Letters typed in a row join one event: they can go to ImGui in one frame.
  if (!queue_.empty() && queue_.back().key == KeyEvent::kText) {
    queue_.back().text += utf8;
    return;
  }
  KeyEvent e;
  e.key = KeyEvent::kText;
  e.text = utf8;
  queue_.push_back(std::move(e));
}

bool KeyQueue::text_field_ignores(const KeyEvent& e) {
  constexpr int kShift = 340, kRightShift = 344;              // GLFW_KEY_LEFT_SHIFT, GLFW_KEY_RIGHT_SHIFT
  constexpr int kCtrlAltSuper = 0x2 | 0x4 | 0x8;              // GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER
  constexpr int kFirstPrintable = 39, kLastPrintable = 96;    // GLFW_KEY_APOSTROPHE .. GLFW_KEY_GRAVE_ACCENT
  if ((e.mods & kCtrlAltSuper) != 0) return false;
  return (e.key >= kFirstPrintable && e.key <= kLastPrintable) || e.key == kShift || e.key == kRightShift;
}

std::vector<KeyEvent> KeyQueue::next_frame() {
  std::vector<int> changed;
  bool field_key = false;  // this frame has a key event a text field acts on
  size_t count = 0;        // the events of this frame: the queue's first `count`
  for (; count < queue_.size(); ++count) {
    const KeyEvent& e = queue_[count];
    if (e.key == KeyEvent::kText) {
      if (field_key) break;  // after a key the field acts on: next frame
    } else {
      if (std::find(changed.begin(), changed.end(), e.key) != changed.end()) break;
      changed.push_back(e.key);
      if (!text_field_ignores(e)) field_key = true;
    }
  }
  std::vector<KeyEvent> out(std::make_move_iterator(queue_.begin()),
                            std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(count)));
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
  return out;
}

}  // namespace zc
