#include "console/key_queue.hpp"

#include <algorithm>

namespace zc {

std::vector<KeyEvent> KeyQueue::next_frame() {
  std::vector<KeyEvent> out;
  std::vector<int> changed;
  while (!queue_.empty()) {
    const KeyEvent& e = queue_.front();
    if (std::find(changed.begin(), changed.end(), e.key) != changed.end()) break;
    changed.push_back(e.key);
    out.push_back(e);
    queue_.pop_front();
  }
  return out;
}

}  // namespace zc
