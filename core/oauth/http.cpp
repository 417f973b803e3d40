#include "oauth/http.hpp"

#include <cctype>

namespace zc {

std::string header_value(const Headers& headers, const std::string& name) {
  for (const auto& [key, value] : headers) {
    if (key.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < key.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(key[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (!same) continue;
    const size_t first = value.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
  }
  return {};
}

std::optional<Error> temporary_failure(int status, const std::string& who) {
  const char* reason = nullptr;
  switch (status) {
    case 429: reason = "Too Many Requests"; break;
    case 500: reason = "Internal Server Error"; break;
    case 502: reason = "Bad Gateway"; break;
    case 503: reason = "Service Unavailable"; break;
    case 504: reason = "Gateway Timeout"; break;
    default: return std::nullopt;
  }
  const std::string answered = who + " answered HTTP " + std::to_string(status) + " (" + reason + ")";
  if (status == 429) {
    return Error{"rate_limited",
                 answered + ": too many requests in a short time. Nothing is wrong with the profile; wait a few "
                            "minutes, then try once (repeating the request at once prolongs the limit).",
                 "RFC 6585 s4"};
  }
  return Error{"http." + std::to_string(status),
               answered + ": a temporary failure of the server or of a gateway in front of it, not a problem with "
                          "the profile. Try again in a few minutes; the full answer is in the activity log.",
               "RFC 9110 s15.6"};
}

}  // namespace zc
