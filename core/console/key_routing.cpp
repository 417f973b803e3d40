#include "console/key_routing.hpp"

namespace zc {

KeyRoute KeyRouter::route(const KeyEvent& event, bool editing_text) {
  if (event.key == KeyEvent::kText) {
    const bool drop = drop_space_text_ && event.text == " ";
    drop_space_text_ = false;  // only the character right after the press is the key's own
    return drop ? KeyRoute::kDrop : KeyRoute::kForward;
  }
  constexpr int kRelease = 0, kPress = 1;
  switch (event.key) {
    case kEscape:
      return event.action == kRelease ? KeyRoute::kDrop : KeyRoute::kEscape;
    case kEnter:
    case kKeypadEnter: {
      bool& as_space = event.key == kEnter ? enter_as_space_ : keypad_as_space_;
      if (event.action == kPress) as_space = !editing_text;
      const bool space = as_space;
      if (event.action == kRelease) as_space = false;
      return space ? KeyRoute::kForwardAsSpace : KeyRoute::kForward;
    }
    case kSpace:
      if (event.action == kPress) drop_space_text_ = !editing_text;
      return KeyRoute::kForward;
    default:
      return KeyRoute::kForward;
  }
}

}  // namespace zc
