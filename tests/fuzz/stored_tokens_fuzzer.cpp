// libFuzzer target: the token store's text as the browser's storage hands it ({storage key: record}), read
// on use. Properties: no crash, no throw; object_members finds exactly the members nlohmann's parser sees,
// the object-valued ones with a view that parses to that member's value (the last of a repeated name wins,
// as in the parsed object); a store loaded from the text holds no more sets than it has members, reads them all in
// slices and lists each profile's end users in order, before and after reading.
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "console/outbox.hpp"
#include "console/token_store.hpp"
#include "oauth/json_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto members = zc::object_members(input);
  const nlohmann::json whole = zc::parse_json(input);
  if (members.has_value() != whole.is_object()) __builtin_trap();
  if (!members) return 0;
  std::map<std::string, std::string_view> last;  // name -> its last value's text (empty: no object)
  for (const zc::ObjectMember& m : *members) last[m.name] = m.text;
  if (last.size() != whole.size()) __builtin_trap();
  for (const auto& [name, text] : last) {
    if (!whole.contains(name) || whole[name].is_object() == text.empty()) __builtin_trap();
    if (!text.empty() && zc::parse_json(text) != whole[name]) __builtin_trap();
  }

  zc::TokenStore store("http://127.0.0.1:8000/");
  zc::Outbox out;
  if (!store.load_stored(input)) __builtin_trap();
  std::set<std::string> profiles;
  for (const auto& [name, text] : last) profiles.insert(name.substr(0, name.find('/')));
  // Only object values can be token sets: the store holds no more than those.
  size_t objects = 0;
  for (const auto& [name, text] : last) objects += text.empty() ? 0 : 1;
  std::map<std::string, std::vector<std::string>> listed;
  for (const std::string& p : profiles) listed[p] = store.end_users(p);
  while (store.read_stored(7, 1700000000, out) > 0) {
  }
  if (store.snapshot(1700000000).size() > objects) __builtin_trap();
  for (const std::string& p : profiles) {
    // Reading only ever takes end users away (a set that did not read), never adds or reorders one.
    const std::vector<std::string>& after = store.end_users(p);
    size_t i = 0;
    for (const std::string& user : after) {
      while (i < listed[p].size() && listed[p][i] != user) ++i;
      if (i == listed[p].size()) __builtin_trap();
    }
    for (const std::string& user : after) {
      if (store.find(p, user) == nullptr) __builtin_trap();
    }
  }
  return 0;
}
