#include "oauth/percent.hpp"

namespace zc {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool is_alnum(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void append_escape(std::string& out, unsigned char c) {
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0x0F];
}

}  // namespace

std::string percent_encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 3 / 2 + 8);
  for (unsigned char c : bytes) {
    if (is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      append_escape(out, c);
    }
  }
  return out;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>((hi << 4) | lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::string form_encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 3 / 2 + 8);
  for (unsigned char c : bytes) {
    if (c == ' ') {
      out += '+';
    } else if (is_alnum(c) || c == '*' || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      append_escape(out, c);
    }
  }
  return out;
}

namespace {
std::string serialize(const Params& params, std::string (*encode)(std::string_view)) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += encode(name);
    out += '=';
    out += encode(value);
  }
  return out;
}
}  // namespace

std::string form_serialize(const Params& params) { return serialize(params, form_encode); }

std::string query_serialize(const Params& params) { return serialize(params, percent_encode); }

Params form_parse(std::string_view text) {
  Params out;
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
