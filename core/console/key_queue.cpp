#include "console/key_queue.hpp"

#include <algorithm>

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

std::vector<KeyEvent> KeyQueue::next_frame() {
  std::vector<KeyEvent> out;
  std::vector<int> changed;
  while (!queue_.empty()) {
    const KeyEvent& e = queue_.front();
    if (e.key == KeyEvent::kText) {
      if (!changed.empty()) break;  // after this frame's keys: next frame
    } else {
      if (std::find(changed.begin(), changed.end(), e.key) != changed.end()) break;
      changed.push_back(e.key);
    }
    out.push_back(e);
    queue_.pop_front();
  }
  return out;
}

}  // namespace zc
