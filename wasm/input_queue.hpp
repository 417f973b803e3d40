// The browser shell's input on its way to Dear ImGui 1.86: keys and typed text, mouse buttons and pasted
// text, each queued so that ImGui, which samples input once per frame, sees every change; and the text
// caret's state between frames (where a field starts editing, how long the caret blinks).
// docs/TOOLCHAIN.md has the 1.86 faults each queue works around.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "console/key_queue.hpp"
#include "console/key_routing.hpp"
#include "frame_scheduler.hpp"

namespace zc::web {

/// Keys, mouse buttons, paste and caret. Every input pushed asks `frames` for the frames that show it.
class InputQueue {
 public:
  explicit InputQueue(FrameScheduler& frames) : frames_(frames) {}

  // [SECTION] Keys and typed text (core/console/key_queue.hpp, key_routing.hpp)

  /// A key event as GLFW reports it.
  void push_key(const KeyEvent& e);
  /// Typed or composed text (UTF-8), in its place between the keys.
  void push_text(const std::string& utf8);
  /// The key events to apply in this frame (KeyQueue::next_frame).
  std::vector<KeyEvent> next_keys() { return keys_.next_frame(); }
  /// Where key event `e` goes (KeyRouter::route); `editing_text`: a text field is being edited.
  KeyRoute route(const KeyEvent& e, bool editing_text) { return router_.route(e, editing_text); }

  // [SECTION] Mouse buttons

  /// Mouse buttons, queued like keys, and released to ImGui only after one frame has seen the cursor
  /// where the press happened: ImGui 1.86 hovers tabs (and other overlap-allowing items) only when the
  /// mouse was over them in the previous frame, so a tap or a fast click would otherwise be lost.
  void push_mouse_button(const KeyEvent& e);
  /// Applies this frame's queued button events and returns how many there were.
  size_t apply_mouse_buttons();
  /// The state of mouse button `button` (0 left, 1 right, 2 middle, ...) as the queue has released it.
  /// The only source ImGui may read: its GLFW backend polls glfwGetMouseButton, which is ahead of the
  /// queue, so a press seen by the poll and then again from the queue made every click a double click
  /// (a word selected in a text field, Save pressed twice, a combo opened and closed at once).
  bool mouse_button_down(int button) const { return button >= 0 && button < kMouseButtons && mouse_down_[button]; }
  static constexpr int kMouseButtons = 5;

  // [SECTION] Paste

  /// Text pasted from the system clipboard: trimmed, its line breaks and tabs turned into spaces (so
  /// scopes pasted one per line stay apart in a one-line field), then queued like typed text, handed to
  /// ImGui once Ctrl/Cmd is released (ImGui 1.86 ignores character input while Ctrl is held, and the paste
  /// event arrives before the key-up). Refused above kMaxPasteBytes: no field takes that much. Other
  /// control characters are left out, counted together with `dropped_nuls`, the NULs the page already
  /// took out. Returns what the status line must say (empty when nothing).
  std::string paste(const std::string& text, size_t dropped_nuls);
  static constexpr size_t kMaxPasteBytes = 1024 * 1024;
  /// Pasted text waiting for Ctrl/Cmd's release; the main loop empties it once ImGui took it.
  std::string& pending_paste() { return pending_paste_; }

  // [SECTION] Caret

  /// Set when a field is about to start editing by other means than Tab (the focus on load, Space or
  /// Enter on a focused field): it then starts with the caret after its text and nothing selected, so
  /// the next key adds to the value instead of replacing it (main.cpp). A mouse click cancels it.
  bool& caret_to_end() { return caret_to_end_; }
  /// Key, button or paste input at `now_seconds` (emscripten_get_now() / 1000 clock): restarts the blinking.
  void note_input(double now_seconds) { last_input_ = now_seconds; }
  /// The caret blinks for this long after the last input, then stays lit: nothing on the page blinks for
  /// more than 5 s (WCAG 2.2.2 "Pause, Stop, Hide"), and an idle console with a field in focus draws no
  /// frames.
  static constexpr double kCaretBlinkSeconds = 5.0;
  bool caret_blinking(double now_seconds) const { return now_seconds < caret_blink_ends(); }
  double caret_blink_ends() const { return last_input_ + kCaretBlinkSeconds; }

  // [SECTION] What waits

  /// Keys or buttons wait: the main loop must draw.
  bool waiting() const { return keys_.pending() || mouse_.pending(); }
  /// Nothing waits at all, pasted text included.
  bool idle() const { return !waiting() && pending_paste_.empty(); }

 private:
  FrameScheduler& frames_;
  KeyQueue keys_;
  KeyRouter router_;
  KeyQueue mouse_;
  long mouse_arrived_ = 0;  // the frame the last button event arrived in
  bool mouse_down_[kMouseButtons] = {};
  std::string pending_paste_;
  bool caret_to_end_ = false;
  double last_input_ = 0.0;  // the page's start counts as input: the first focus blinks too
};

}  // namespace zc::web
