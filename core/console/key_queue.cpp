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

std::vector<KeyEvent> KeyQueue::next_frame() {
  std::vector<int> changed;
  size_t count = 0;  // the events of this frame: the queue's first `count`
  for (; count < queue_.size(); ++count) {
    const KeyEvent& e = queue_[count];
    if (e.key == KeyEvent::kText) {
      if (!changed.empty()) break;  // after this frame's keys: next frame
    } else {
      if (std::find(changed.begin(), changed.end(), e.key) != changed.end()) break;
      changed.push_back(e.key);
    }
  }
  std::vector<KeyEvent> out(std::make_move_iterator(queue_.begin()),
                            std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(count)));
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
  return out;
}

}  // namespace zc
