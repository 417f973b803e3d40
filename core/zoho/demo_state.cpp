// The demo state's JSON form, written and read back (see demo_state.hpp), and its pruning. The reading
// side is defensive: the saved state comes from IndexedDB, which a user, an extension or a bug can
// corrupt, so only entries of the expected shape and types are kept, and no json accessor ever meets a
// value of the wrong type (the wasm build cannot catch a type_error: it would abort the worker's module).
#include "zoho/demo_state.hpp"

#include <algorithm>
#include <iterator>

namespace zc {
namespace {

using nlohmann::json;

// How long prune_demo_state() keeps a code after its issue, and an access token after its expiry (seconds).
constexpr std::int64_t kCodeMemory = 1200;
constexpr std::int64_t kAccessTokenMemory = 86400;

// [SECTION] Records' members: one table per struct, for writing and reading alike

// One member of a record's JSON form: its key, and the struct member holding its value (exactly one of
// the three pointers is set). A table of these is the record's schema: the key names are written once,
// and one loop per direction serves every record type.
template <typename T>
struct Member {
  constexpr Member(const char* k, std::string T::*m) : key(k), text(m) {}
  constexpr Member(const char* k, std::int64_t T::*m) : key(k), number(m) {}
  constexpr Member(const char* k, bool T::*m) : key(k), flag(m) {}
  const char* key;
  std::string T::*text = nullptr;
  std::int64_t T::*number = nullptr;
  bool T::*flag = nullptr;
};

constexpr Member<DemoCode> kCodeMembers[] = {
    {"region", &DemoCode::region},           {"client_id", &DemoCode::client_id},
    {"redirect_uri", &DemoCode::redirect_uri}, {"scope", &DemoCode::scope},
    {"access_type", &DemoCode::access_type}, {"prompt", &DemoCode::prompt},
    {"code_challenge", &DemoCode::code_challenge}, {"created_at", &DemoCode::created_at},
    {"lifetime", &DemoCode::lifetime},       {"used", &DemoCode::used}};

constexpr Member<DemoAccessToken> kAccessTokenMembers[] = {
    {"region", &DemoAccessToken::region}, {"scope", &DemoAccessToken::scope},
    {"refresh_token", &DemoAccessToken::refresh_token}, {"expires_at", &DemoAccessToken::expires_at}};

constexpr Member<DemoDeviceCode> kDeviceCodeMembers[] = {
    {"region", &DemoDeviceCode::region},         {"user_code", &DemoDeviceCode::user_code},
    {"scope", &DemoDeviceCode::scope},           {"access_type", &DemoDeviceCode::access_type},
    {"prompt", &DemoDeviceCode::prompt},         {"created_at", &DemoDeviceCode::created_at},
    {"decision", &DemoDeviceCode::decision},     {"user_region", &DemoDeviceCode::user_region},
    {"last_poll_region", &DemoDeviceCode::last_poll_region}, {"last_poll_at", &DemoDeviceCode::last_poll_at},
    {"used", &DemoDeviceCode::used}};

// A refresh token's `requests` and optional `issued` are read and written beside these.
constexpr Member<DemoRefreshToken> kRefreshTokenMembers[] = {{"region", &DemoRefreshToken::region},
                                                             {"scope", &DemoRefreshToken::scope}};

// Times and counters in a sane range (0 .. 10^11): arithmetic on them cannot overflow.
bool sane_integer(const json& v) {
  return v.is_number_integer() && v.get<std::int64_t>() >= 0 && v.get<std::int64_t>() <= 100'000'000'000;
}

// Each read_field sets `out` from the member `key` of the object `j` when it has that type; false otherwise.
bool read_field(const json& j, const char* key, std::string& out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool read_field(const json& j, const char* key, std::int64_t& out) {
  const auto it = j.find(key);
  if (it == j.end() || !sane_integer(*it)) return false;
  out = it->get<std::int64_t>();
  return true;
}

bool read_field(const json& j, const char* key, bool& out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_boolean()) return false;
  out = it->get<bool>();
  return true;
}

// The object of `value`'s `count` members.
template <typename T>
json members_json(const T& value, const Member<T>* members, size_t count) {
  json out = json::object();
  for (size_t i = 0; i < count; ++i) {
    const Member<T>& m = members[i];
    if (m.text) out[m.key] = value.*m.text;
    else if (m.number) out[m.key] = value.*m.number;
    else out[m.key] = value.*m.flag;
  }
  return out;
}

// True when `j` is an object with each of the `count` members, of its type (then set in `value`).
template <typename T>
bool read_members(const json& j, T& value, const Member<T>* members, size_t count) {
  if (!j.is_object()) return false;
  for (size_t i = 0; i < count; ++i) {
    const Member<T>& m = members[i];
    const bool ok = m.text     ? read_field(j, m.key, value.*m.text)
                    : m.number ? read_field(j, m.key, value.*m.number)
                               : read_field(j, m.key, value.*m.flag);
    if (!ok) return false;
  }
  return true;
}

// [SECTION] Writing

json code_json(const DemoCode& c) {
  json out = members_json(c, kCodeMembers, std::size(kCodeMembers));
  if (!c.nonce.empty()) out["nonce"] = c.nonce;  // OpenID requests only: older records stay as they were
  return out;
}

json device_code_json(const DemoDeviceCode& c) {
  return members_json(c, kDeviceCodeMembers, std::size(kDeviceCodeMembers));
}

bool read_device_code(const json& j, DemoDeviceCode& c) {
  return read_members(j, c, kDeviceCodeMembers, std::size(kDeviceCodeMembers));
}

json access_token_json(const DemoAccessToken& t) {
  return members_json(t, kAccessTokenMembers, std::size(kAccessTokenMembers));
}

json refresh_token_json(const DemoRefreshToken& t) {
  json out = members_json(t, kRefreshTokenMembers, std::size(kRefreshTokenMembers));
  json& requests = out["requests"] = json::array();
  for (std::int64_t r : t.requests) requests.push_back(r);
  if (t.issued) out["issued"] = *t.issued;
  return out;
}

json records_json(const std::vector<DemoRecord>& records) {
  json out = json::array();
  for (const DemoRecord& r : records) out.push_back(demo_record_json(r));
  return out;
}

// An object of `table`'s entries, each value written by `write`.
template <typename T>
json table_json(const std::map<std::string, T>& table, json (*write)(const T&)) {
  json out = json::object();
  for (const auto& [key, value] : table) out[key] = write(value);
  return out;
}

// [SECTION] Reading

bool read_code(const json& j, DemoCode& c) {
  if (!read_members(j, c, kCodeMembers, std::size(kCodeMembers))) return false;
  return !j.contains("nonce") || read_field(j, "nonce", c.nonce);
}

bool read_access_token(const json& j, DemoAccessToken& t) {
  return read_members(j, t, kAccessTokenMembers, std::size(kAccessTokenMembers));
}

bool read_refresh_token(const json& j, DemoRefreshToken& t) {
  if (!read_members(j, t, kRefreshTokenMembers, std::size(kRefreshTokenMembers))) return false;
  const auto requests = j.find("requests");
  if (requests == j.end() || !requests->is_array()) return false;
  for (const json& r : *requests) {
    if (!sane_integer(r)) return false;
    t.requests.push_back(r.get<std::int64_t>());
  }
  // `issued` (the order of issue, for the 20-token limit) came later: a record without it counts as oldest.
  if (j.contains("issued")) {
    std::int64_t issued = 0;
    if (!read_field(j, "issued", issued)) return false;
    t.issued = issued;
  }
  return true;
}

// A region's records: all of them, or none when any is not an object with a string `id`.
bool read_records(const json& j, std::vector<DemoRecord>& records) {
  if (!j.is_array()) return false;
  for (const json& r : j) {
    DemoRecord record;
    if (!r.is_object() || !read_field(r, "id", record.id)) return false;
    record.fields = r;
    record.fields.erase("id");
    records.push_back(std::move(record));
  }
  return true;
}

// The entries of the object `saved[key]` that `read` accepts; nothing when it is no object.
template <typename T>
void read_table(const json& saved, const char* key, std::map<std::string, T>& table, bool (*read)(const json&, T&)) {
  const auto found = saved.find(key);
  if (found == saved.end() || !found->is_object()) return;
  for (auto it = found->begin(); it != found->end(); ++it) {
    // operator[] and erase, which the server uses anyway, rather than one more emplace per record type.
    if (!read(it.value(), table[it.key()])) table.erase(table.find(it.key()));
  }
}

}  // namespace

json demo_record_json(const DemoRecord& record) {
  json out = record.fields;
  out["id"] = record.id;
  return out;
}

json demo_state_to_json(const DemoState& state) {
  // Member by member rather than one initializer list: nlohmann builds a list's every pair as a
  // two-element array first, which costs the wasm module more code than these assignments.
  json out = json::object();
  out["version"] = 1;
  out["codes"] = table_json(state.codes, code_json);
  out["access_tokens"] = table_json(state.access_tokens, access_token_json);
  out["refresh_tokens"] = table_json(state.refresh_tokens, refresh_token_json);
  // Only when there are any: state without device codes is written exactly as earlier builds wrote it.
  if (!state.device_codes.empty()) out["device_codes"] = table_json(state.device_codes, device_code_json);
  json& consents = out["consents"] = json::object();
  for (const std::string& key : state.consents) consents[key] = true;
  out["leads"] = table_json(state.leads, records_json);
  out["next_lead_id"] = state.next_lead_id;
  out["next_refresh_seq"] = state.next_refresh_seq;
  if (const DemoScenarioInfo* armed = demo_scenario_info(state.scenario)) out["scenario"] = armed->id;
  return out;
}

DemoState demo_state_from_json(const json& saved) {
  DemoState state;
  if (!saved.is_object() || !saved.contains("version") || saved["version"] != 1) return state;
  read_table(saved, "codes", state.codes, read_code);
  read_table(saved, "access_tokens", state.access_tokens, read_access_token);
  read_table(saved, "refresh_tokens", state.refresh_tokens, read_refresh_token);
  read_table(saved, "device_codes", state.device_codes, read_device_code);
  read_table(saved, "leads", state.leads, read_records);
  const auto consents = saved.find("consents");
  if (consents != saved.end() && consents->is_object()) {
    for (auto it = consents->begin(); it != consents->end(); ++it) {
      if (it.value().is_boolean()) state.consents.insert(it.key());
    }
  }
  read_field(saved, "next_lead_id", state.next_lead_id);
  read_field(saved, "next_refresh_seq", state.next_refresh_seq);
  std::string scenario;
  if (read_field(saved, "scenario", scenario)) state.scenario = demo_scenario_from_id(scenario).value_or(DemoScenario::kNone);
  // The next refresh token's `issued`: past every kept one, whatever the saved counter says.
  for (const auto& [token, t] : state.refresh_tokens) {
    if (t.issued) state.next_refresh_seq = std::max(state.next_refresh_seq, *t.issued + 1);
  }
  return state;
}

bool take_scenario(DemoState& state, DemoScenario scenario) {
  if (state.scenario != scenario) return false;
  state.scenario = DemoScenario::kNone;
  return true;
}

void prune_demo_state(DemoState& state, std::int64_t now) {
  for (auto it = state.codes.begin(); it != state.codes.end();) {
    if (now - it->second.created_at > kCodeMemory) it = state.codes.erase(it);
    else ++it;
  }
  for (auto it = state.device_codes.begin(); it != state.device_codes.end();) {
    if (now - it->second.created_at > kCodeMemory) it = state.device_codes.erase(it);
    else ++it;
  }
  for (auto it = state.access_tokens.begin(); it != state.access_tokens.end();) {
    if (it->second.expires_at < now - kAccessTokenMemory) it = state.access_tokens.erase(it);
    else ++it;
  }
}

}  // namespace zc
