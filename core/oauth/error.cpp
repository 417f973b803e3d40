#include "oauth/error.hpp"

namespace zc {

std::string error_code_from_server(std::string_view value) {
  std::string out;
  for (char c : value) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (word && out.size() < 64) out += c;
  }
  return out.empty() ? "unknown_error" : out;
}

}  // namespace zc
