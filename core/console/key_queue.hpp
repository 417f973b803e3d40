// A key-event queue that hands Dear ImGui 1.86 at most one change per key per frame. ImGui 1.86 samples
// key state once per frame, so a key pressed and released between two frames (a quick tap, Playwright's
// keyboard.press, any key while the loop idles) would be lost; ImGui 1.87's input queue fixed the same
// fault the same way. TOOLCHAIN.md "Browser tests" has the measurement. Platform-free: key codes are ints.
#pragma once
#include <deque>
#include <vector>

namespace zc {

/// One key event as GLFW reports it: key code, scancode, action (0 release, 1 press, 2 repeat), mods.
struct KeyEvent {
  int key = 0;
  int scancode = 0;
  int action = 0;
  int mods = 0;
};

/// FIFO of key events, released frame by frame.
class KeyQueue {
 public:
  void push(const KeyEvent& event) { queue_.push_back(event); }

  /// The events to apply in this frame, in arrival order: all of them up to (not including) the first
  /// event for a key that already changed in this frame. The rest wait for the next frame.
  std::vector<KeyEvent> next_frame();

  /// True while events wait (the main loop must keep drawing frames until it is empty).
  bool pending() const { return !queue_.empty(); }

 private:
  std::deque<KeyEvent> queue_;
};

}  // namespace zc
