#include "console/request_ledger.hpp"

#include <utility>

namespace zc {

bool goes_to_accounts_server(Purpose purpose) {
  return purpose == Purpose::kExchange || purpose == Purpose::kRefresh || purpose == Purpose::kRevoke ||
         purpose == Purpose::kClientCredentials || purpose == Purpose::kDeviceCode ||
         purpose == Purpose::kDevicePoll;
}

InFlight token_set_call(Purpose purpose, const std::string& profile_id, const std::string& end_user,
                        const TokenSet& tokens, const std::string& url) {
  InFlight flight;
  flight.purpose = purpose;
  flight.profile_id = profile_id;
  flight.end_user = end_user;
  flight.accounts_server = tokens.accounts_server;
  flight.url = url;
  return flight;
}

Call metadata_call(Purpose purpose, const std::string& url, const std::string& issuer, const std::string& profile_id,
                   const std::string& end_user) {
  Call call;
  call.request = HttpRequest{"GET", url, {{"Accept", "application/json"}}, ""};
  call.flight.purpose = purpose;
  call.flight.profile_id = profile_id;
  call.flight.end_user = end_user;
  call.flight.url = url;
  call.flight.issuer = issuer;
  return call;
}

int RequestLedger::open(InFlight flight) {
  const int id = next_id_++;
  in_flight_[id] = std::move(flight);
  return id;
}

const InFlight* RequestLedger::find(int id) const {
  const auto it = in_flight_.find(id);
  return it == in_flight_.end() ? nullptr : &it->second;
}

std::optional<InFlight> RequestLedger::close(int id) {
  const auto it = in_flight_.find(id);
  if (it == in_flight_.end()) return std::nullopt;
  InFlight flight = std::move(it->second);
  in_flight_.erase(it);
  return flight;
}

std::vector<int> RequestLedger::sent_before(std::int64_t time) const {
  std::vector<int> ids;
  for (const auto& [id, f] : in_flight_) {
    if (f.sent_at < time) ids.push_back(id);
  }
  return ids;
}

bool RequestLedger::refreshing(const std::string& profile_id, const std::string& end_user) const {
  for (const auto& [id, f] : in_flight_) {
    if (f.purpose == Purpose::kRefresh && f.profile_id == profile_id && f.end_user == end_user) return true;
  }
  return false;
}

}  // namespace zc
