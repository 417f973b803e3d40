#include "console/token_history.hpp"

#include <algorithm>
#include <string>

namespace zc {
namespace {
constexpr const char* kNames[] = {"issued", "refreshed", "revoked"};

void trim(TokenHistory& history) {
  while (history.size() > kMaxTokenEvents) {
    const auto refresh = std::find_if(history.begin(), history.end(),
                                      [](const TokenEvent& e) { return e.kind == TokenEventKind::kRefreshed; });
    history.erase(refresh != history.end() ? refresh : history.begin());
  }
}
}  // namespace

const char* token_event_name(TokenEventKind kind) { return kNames[static_cast<int>(kind)]; }

void record_token_event(TokenHistory& history, TokenEventKind kind, std::int64_t at) {
  history.push_back({kind, at});
  trim(history);
}

nlohmann::json token_history_to_json(const TokenHistory& history) {
  nlohmann::json out = nlohmann::json::array();
  for (const TokenEvent& e : history) out.push_back({{"event", token_event_name(e.kind)}, {"at", e.at}});
  return out;
}

TokenHistory token_history_of_record(const nlohmann::json& record) {
  TokenHistory history;
  if (!record.is_object() || !record.contains("history") || !record["history"].is_array()) return history;
  for (const nlohmann::json& j : record["history"]) {
    if (!j.is_object() || !j.contains("at") || !j["at"].is_number_integer() || !j.contains("event") ||
        !j["event"].is_string()) {
      continue;
    }
    const std::string& event = j["event"].get_ref<const std::string&>();
    for (int k = 0; k < 3; ++k) {
      if (event == kNames[k]) history.push_back({static_cast<TokenEventKind>(k), j["at"].get<std::int64_t>()});
    }
  }
  trim(history);
  return history;
}

}  // namespace zc
