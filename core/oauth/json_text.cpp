#include "oauth/json_text.hpp"

#include <set>
#include <vector>

namespace zc {

namespace {

// The deepest nesting of arrays and objects in JSON text (brackets inside strings skipped), counted only
// until it passes `limit`: one linear scan, no allocation. Invalid text is left to the parser to refuse.
int nesting_depth(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return 0;
}

}  // namespace

nlohmann::json parse_json(std::string_view text, int max_depth) {
  // The depth is checked before parsing, so a hostile 10 MB of '[' is refused without building anything,
  // and the parse itself runs nlohmann's plain parser (its callback mode is three times slower: it
  // showed in loading 10,000 stored token sets, docs/PERFORMANCE.md).
  if (nesting_depth(text, max_depth) > max_depth) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

std::optional<std::string> duplicate_key(std::string_view text) {
  if (nesting_depth(text, kMaxJsonDepth) > kMaxJsonDepth) return std::nullopt;
  std::vector<std::set<std::string>> open;  // the keys seen in each object being parsed
  std::optional<std::string> found;
  using Event = nlohmann::json::parse_event_t;
  auto seen = [&](int, Event event, nlohmann::json& parsed) {
    if (event == Event::object_start) open.emplace_back();
    else if (event == Event::object_end && !open.empty()) open.pop_back();
    else if (event == Event::key && !open.empty() && !found && !open.back().insert(parsed.get<std::string>()).second) {
      found = parsed.get<std::string>();
    }
    return true;
  };
  const auto result = nlohmann::json::parse(text.begin(), text.end(), seen, /*allow_exceptions=*/false);
  return result.is_discarded() ? std::nullopt : found;
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
