#include "console/request_history.hpp"

#include <algorithm>

namespace zc {

const char* party_name(Party party) {
  static const char* const kNames[] = {"Browser", "Console", "Accounts server", "Token endpoint", "API domain"};
  return kNames[static_cast<int>(party)];
}

Party party_of(Purpose purpose) {
  switch (purpose) {
    case Purpose::kExchange:
    case Purpose::kRefresh:
    case Purpose::kClientCredentials:
    case Purpose::kDevicePoll: return Party::kTokenEndpoint;
    case Purpose::kCrmGet:
    case Purpose::kCrmCreate: return Party::kApiDomain;
    default: return Party::kAccountsServer;
  }
}

bool starts_authorization(Purpose purpose, bool pasted) {
  return purpose == Purpose::kClientCredentials || purpose == Purpose::kDeviceCode ||
         (purpose == Purpose::kExchange && pasted);
}

std::string request_label(const LoggedRequest& r) {
  // The path alone: the scheme and host are the lane's, and a query may carry a code or a token.
  const size_t scheme = r.url.find("://");
  const size_t start = scheme == std::string::npos ? 0 : r.url.find('/', scheme + 3);
  const size_t end = r.url.find_first_of("?#", start == std::string::npos ? r.url.size() : start);
  std::string label = r.method + " " + (start == std::string::npos ? "/" : r.url.substr(start, end - start));
  if (r.to == Party::kConsole && end != std::string::npos) {
    // The callback: the names of its parameters (code, state, error...) say how it ended; never their values.
    char sep = r.url[end];  // ? for a query, # for a fragment (an implicit grant)
    for (size_t at = end + 1; at < r.url.size();) {
      const size_t amp = std::min(r.url.find('&', at), r.url.size());
      label += sep + r.url.substr(at, std::min(r.url.find('=', at), amp) - at);
      sep = '&';
      at = amp + 1;
    }
  }
  if (r.status >= 0) label += " " + std::to_string(r.status);
  return label;
}

std::vector<SequenceArrow> request_history(const std::vector<LoggedRequest>& requests, std::size_t first_log_serial,
                                           std::size_t log_size) {
  size_t begin = requests.size();
  while (begin > 0 && !requests[begin - 1].starts) --begin;
  if (begin > 0) --begin;  // from the last one that starts; none does: all of them
  std::vector<SequenceArrow> arrows;
  for (size_t i = begin; i < requests.size(); ++i) {
    const LoggedRequest& r = requests[i];
    SequenceArrow a{r.from, r.to, request_label(r), r.failed, std::nullopt};
    if (r.log_line >= first_log_serial && r.log_line - first_log_serial < log_size) a.log_index = r.log_line - first_log_serial;
    arrows.push_back(std::move(a));
  }
  return arrows;
}

}  // namespace zc
