#include "input_queue.hpp"

namespace zc::web {

void InputQueue::push_key(const KeyEvent& e) {
  keys_.push(e);
  frames_.request();
}

void InputQueue::push_text(const std::string& utf8) {
  keys_.push_text(utf8);
  frames_.request();
}

void InputQueue::push_mouse_button(const KeyEvent& e) {
  mouse_.push(e);
  mouse_arrived_ = frames_.drawn();
  frames_.request();
}

size_t InputQueue::apply_mouse_buttons() {
  if (frames_.drawn() <= mouse_arrived_ + 1) return 0;
  const auto events = mouse_.next_frame();
  for (const auto& e : events) {
    if (e.key >= 0 && e.key < kMouseButtons) mouse_down_[e.key] = e.action != 0;
  }
  return events.size();
}

std::string InputQueue::paste(const std::string& text, size_t dropped_nuls) {
  if (text.size() > kMaxPasteBytes) {
    frames_.request();
    return "Paste refused: " + std::to_string(text.size()) + " bytes is more than any field takes (1 MiB). "
           "For a profile file, use Import file.";
  }
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const size_t last = text.find_last_not_of(" \t\r\n");
  std::string clean;
  clean.reserve(last - first + 1);
  size_t controls = dropped_nuls;
  for (size_t i = first; i <= last; ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 <= last && text[i + 1] == '\n') continue;  // CRLF: one break
    if (c == '\n' || c == '\r' || c == '\t') {
      clean += ' ';
    } else if ((static_cast<unsigned char>(c) < 0x20 || c == 0x7F)) {
      ++controls;  // a NUL would end the text for ImGui, and no field means a control character
    } else {
      clean += c;
    }
  }
  pending_paste_ += clean;
  frames_.request();
  if (controls == 0) return {};
  return "Pasted without its " + std::to_string(controls) +
         " control character(s) (such as NUL): no field of a profile holds them.";
}

}  // namespace zc::web
