// libFuzzer target: profile JSON imports. Properties: no crash, no throw; a parsed-and-reserialized
// profile parses to the same value; lint never throws.
#include <cstddef>
#include <cstdint>
#include <string>

#include "console/lint.hpp"
#include "console/profile.hpp"
#include "oauth/json_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  auto p = zc::parse_profile(input);
  if (!p.ok()) return 0;
  const std::string once = zc::to_json_text(zc::profile_to_json(p.value()));
  auto again = zc::parse_profile(once);
  if (!again.ok()) __builtin_trap();
  if (zc::to_json_text(zc::profile_to_json(again.value())) != once) __builtin_trap();
  zc::lint_profile(p.value(), "http://127.0.0.1:8000/");
  return 0;
}
