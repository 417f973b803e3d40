// The pieces of HTTP every part of the demo data centre uses (see demo_http.hpp).
#include "zoho/demo_http.hpp"

#include "oauth/json_text.hpp"

namespace zc::demo {

Headers json_headers() { return {{"Content-Type", "application/json;charset=UTF-8"}, {"Cache-Control", "no-store"}}; }

HttpResponse json_answer(int status, const nlohmann::json& body) { return {status, json_headers(), to_json_text(body)}; }

nlohmann::json json_object(std::initializer_list<std::pair<const char*, nlohmann::json>> members) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : members) out[key] = value;
  return out;
}

std::string param(const Params& params, const std::string& name) {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + ",") {
    if (c == ',' || c == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

}  // namespace zc::demo
