#include "oauth/json_text.hpp"

#include <cstddef>
#include <set>
#include <vector>

namespace zc {

const int kMaxJsonDepth = 64;

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

// nlohmann's input adapter interface over a text, with the read position kept outside the adapter (the
// parser owns its adapter): a SAX reader learns where in the text each event happened (object_members).
// Every parse here reads through it, so the modules hold one instantiation of nlohmann's lexer, not one
// per adapter (+3.9 KB gzip when object_members had its own). After the parser reports a '{' or a '}',
// the position is just past that character: the lexer reads nothing ahead of a structural character, and
// a '}' it read ahead (ending a number) is the one it then reports.
struct PositionedInput {
  using char_type = char;
  const char** at;  // the next character to read
  const char* end;
  std::char_traits<char>::int_type get_character() {
    if (*at == end) return std::char_traits<char>::eof();
    return std::char_traits<char>::to_int_type(*(*at)++);
  }
};

// nlohmann's parser over `text`, reading through PositionedInput; `at` follows its position.
using Parser = nlohmann::detail::parser<nlohmann::json, PositionedInput>;
Parser parser_over(std::string_view text, const char** at) {
  *at = text.data();
  return Parser(PositionedInput{at, text.data() + text.size()}, nullptr, /*allow_exceptions_=*/false);
}

}  // namespace

nlohmann::json parse_json(std::string_view text, int max_depth) {
  // The depth is checked before parsing, so a hostile 10 MB of '[' is refused without building anything,
  // and the parse itself runs nlohmann's plain parser (its callback mode is three times slower: it
  // showed in loading 10,000 stored token sets, docs/PERFORMANCE.md).
  if (nesting_depth(text, max_depth) > max_depth) return nlohmann::json(nlohmann::json::value_t::discarded);
  // What json::parse(first, last, nullptr, false) does, minus its callback mode: parse() chooses its plain
  // or its callback parser at run time, so both were linked into each module (docs/PERFORMANCE.md
  // "Transfer size, round 2"). nlohmann's own parser and DOM builder (json::sax_parse would also link
  // its CBOR/MessagePack/BSON readers, chosen at run time too).
  nlohmann::json result;
  nlohmann::detail::json_sax_dom_parser<nlohmann::json> dom(result, /*allow_exceptions_=*/false);
  const char* at = nullptr;
  if (!parser_over(text, &at).sax_parse(&dom, /*strict=*/true) ||
      dom.is_errored()) {
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
  return result;
}

std::optional<std::string> duplicate_key(std::string_view text) {
  if (nesting_depth(text, kMaxJsonDepth) > kMaxJsonDepth) return std::nullopt;
  // A SAX reader that keeps only the keys of the objects being read: no document is built, and
  // nlohmann's callback parser stays out of the modules (parse_json above).
  struct Keys {
    std::vector<std::set<std::string>> open;  // the keys seen in each object being parsed
    std::optional<std::string> found;
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(nlohmann::json::number_integer_t) { return true; }
    bool number_unsigned(nlohmann::json::number_unsigned_t) { return true; }
    bool number_float(nlohmann::json::number_float_t, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(nlohmann::json::binary_t&) { return true; }
    bool start_object(std::size_t) {
      open.emplace_back();
      return true;
    }
    bool key(std::string& name) {
      if (!open.empty() && !found && !open.back().insert(name).second) found = name;
      return true;
    }
    bool end_object() {
      if (!open.empty()) open.pop_back();
      return true;
    }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
  } keys;
  const char* at = nullptr;
  if (!parser_over(text, &at).sax_parse(&keys, /*strict=*/true)) {
    return std::nullopt;
  }
  return keys.found;
}


std::optional<std::vector<ObjectMember>> object_members(std::string_view text, int max_depth) {
  if (nesting_depth(text, max_depth) > max_depth) return std::nullopt;
  const char* at = nullptr;
  struct Members {
    const char* const* at = nullptr;
    std::vector<ObjectMember> found;
    int depth = 0;          // objects and arrays open, the outer object being 1
    bool is_object = false;  // the text's outermost value is an object
    std::string name;       // the outer object's member being read
    const char* begin = nullptr;
    // A value that is no object: a member of the outer object without a text (an array's too, below).
    bool other() {
      if (depth == 1) found.push_back({std::move(name), {}});
      return depth > 0;
    }
    bool null() { return other(); }
    bool boolean(bool) { return other(); }
    bool number_integer(nlohmann::json::number_integer_t) { return other(); }
    bool number_unsigned(nlohmann::json::number_unsigned_t) { return other(); }
    bool number_float(nlohmann::json::number_float_t, const std::string&) { return other(); }
    bool string(std::string&) { return other(); }
    bool binary(nlohmann::json::binary_t&) { return other(); }
    bool start_object(std::size_t) {
      if (depth == 0) is_object = true;
      if (++depth == 2) begin = *at - 1;
      return true;
    }
    bool key(std::string& k) {
      if (depth == 1) name = std::move(k);
      return true;
    }
    bool end_object() {
      if (depth-- == 2) found.push_back({std::move(name), std::string_view(begin, static_cast<size_t>(*at - begin))});
      return true;
    }
    bool start_array(std::size_t) { return other() && ++depth > 1; }
    bool end_array() { return --depth >= 0; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
  } members;
  members.at = &at;
  if (!parser_over(text, &at).sax_parse(&members, /*strict=*/true) ||
      !members.is_object) {
    return std::nullopt;
  }
  // The positions rest on how nlohmann's lexer reads (above): each view is checked, and a lexer that read
  // differently would refuse the text rather than hand out wrong records.
  for (const ObjectMember& m : members.found) {
    if (!m.text.empty() && (m.text.size() < 2 || m.text.front() != '{' || m.text.back() != '}')) return std::nullopt;
  }
  return std::move(members.found);
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
