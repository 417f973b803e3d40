#include "oauth/percent.hpp"

#include <algorithm>

namespace zc {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Byte classes, one table lookup per byte: bit 1 = RFC 3986 unreserved, bit 2 = form-encoding's "stays".
constexpr unsigned char kUnreserved = 1, kFormSafe = 2;
struct ByteClasses {
  unsigned char of[256] = {};
  constexpr ByteClasses() {
    for (int c = 0; c < 256; ++c) {
      const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (alnum || c == '-' || c == '.' || c == '_' || c == '~') of[c] |= kUnreserved;
      if (alnum || c == '*' || c == '-' || c == '.' || c == '_') of[c] |= kFormSafe;
    }
  }
};
constexpr ByteClasses kClasses;

// Appends the encoding of `bytes` to `out`: bytes of class `keep` stay, a space becomes `+` when
// `space_as_plus`, every other byte `%XX`. Sized once, written through a pointer.
void append_encoded(std::string& out, std::string_view bytes, unsigned char keep, bool space_as_plus) {
  size_t size = 0;
  for (unsigned char c : bytes) size += (kClasses.of[c] & keep) || (space_as_plus && c == ' ') ? 1 : 3;
  const size_t at = out.size();
  out.resize(at + size);
  char* o = &out[at];
  for (unsigned char c : bytes) {
    if (kClasses.of[c] & keep) {
      *o++ = static_cast<char>(c);
    } else if (space_as_plus && c == ' ') {
      *o++ = '+';
    } else {
      *o++ = '%';
      *o++ = kHex[c >> 4];
      *o++ = kHex[c & 0x0F];
    }
  }
}

}  // namespace

std::string percent_encode(std::string_view bytes) {
  std::string out;
  append_encoded(out, bytes, kUnreserved, false);
  return out;
}

int percent_escape_at(std::string_view text, size_t at) {
  if (at + 2 >= text.size() || text[at] != '%') return -1;
  const int hi = hex_value(text[at + 1]);
  const int lo = hex_value(text[at + 2]);
  return hi >= 0 && lo >= 0 ? (hi << 4) | lo : -1;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  // Most values (codes, states, ids) hold no escape: one copy.
  size_t i = 0;
  while (i < text.size() && text[i] != '%' && !(plus_is_space && text[i] == '+')) ++i;
  if (i == text.size()) return std::string(text);
  std::string out(text.size(), '\0');  // decoding never grows the text
  char* o = &out[0];
  for (size_t k = 0; k < i; ++k) *o++ = text[k];
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        *o++ = static_cast<char>((hi << 4) | lo);
        i += 2;
        continue;
      }
    }
    *o++ = (plus_is_space && c == '+') ? ' ' : c;
  }
  out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

std::string form_encode(std::string_view bytes) {
  std::string out;
  append_encoded(out, bytes, kFormSafe, true);
  return out;
}

namespace {
std::string serialize(const Params& params, unsigned char keep, bool space_as_plus) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    append_encoded(out, name, keep, space_as_plus);
    out += '=';
    append_encoded(out, value, keep, space_as_plus);
  }
  return out;
}
}  // namespace

std::string form_serialize(const Params& params) { return serialize(params, kFormSafe, true); }

std::string query_serialize(const Params& params) { return serialize(params, kUnreserved, false); }

Params form_parse(std::string_view text) {
  Params out;
  // One allocation for the list: at most one pair per '&'-separated piece.
  out.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '&')) + 1);
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view piece = text.substr(start, end - start);
    if (!piece.empty()) {
      const size_t eq = piece.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(percent_decode(piece, true), std::string());
      } else {
        out.emplace_back(percent_decode(piece.substr(0, eq), true),
                         percent_decode(piece.substr(eq + 1), true));
      }
    }
    start = end + 1;
  }
  return out;
}

}  // namespace zc
