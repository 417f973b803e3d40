#include "console/visible_text.hpp"

#include <cstdio>

namespace zc {
namespace {

bool invisible(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0xFEFF;
}

// Decodes one UTF-8 character at text[i]; returns its length, 0 when malformed.
size_t decode(std::string_view text, size_t i, char32_t& c) {
  const auto b = static_cast<unsigned char>(text[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < n; ++k) {
    const auto cb = static_cast<unsigned char>(text[i + k]);
    if ((cb & 0xC0) != 0x80) return 0;
    c = (c << 6) | (cb & 0x3F);
  }
  return n;
}

}  // namespace

std::string visible_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const size_t n = decode(text, i, c);
    char mark[16];
    if (n == 0) {
      std::snprintf(mark, sizeof mark, "<0x%02X>", static_cast<unsigned char>(text[i]));
      out += mark;
      ++i;
    } else if (invisible(c)) {
      std::snprintf(mark, sizeof mark, "<U+%04X>", static_cast<unsigned>(c));
      out += mark;
      i += n;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool has_invisible(std::string_view text) { return visible_text(text) != text; }

}  // namespace zc
