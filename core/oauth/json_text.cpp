#include "oauth/json_text.hpp"

namespace zc {

nlohmann::json parse_json(std::string_view text, int max_depth) {
  bool too_deep = false;
  // nlohmann's parser is iterative; the callback sees each value's depth and lets us stop keeping
  // anything below the limit, so a hostile 10 MB of '[' costs no memory and no recursion later.
  const nlohmann::json::parser_callback_t limit = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > max_depth) too_deep = true;
    return !too_deep;
  };
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), limit, /*allow_exceptions=*/false);
  if (too_deep) return nlohmann::json(nlohmann::json::value_t::discarded);
  return j;
}

std::string to_json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string string_at(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return {};
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string printable(std::string_view text, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < max_bytes; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c > 0x7E) ? '?' : static_cast<char>(c);
  }
  if (text.size() > max_bytes) out += "...";
  return out;
}

}  // namespace zc
