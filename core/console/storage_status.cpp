#include "console/storage_status.hpp"

#include "oauth/json_text.hpp"

namespace zc {

void StorageStatus::set(const std::string& mode, const std::string& warning) {
  mode_ = mode;
  warning_ = warning;
}

void StorageStatus::failed(const std::string& what, Outbox& out) {
  warning_ = "Saving failed: " + what + ". Your changes are kept in this tab only; export them before closing it.";
  out.add_log(0, "error", warning_);
}

void StorageStatus::quarantined(const nlohmann::json& records, std::int64_t now, Outbox& out) {
  if (!records.is_array() || records.empty()) return;
  std::string names;
  for (const nlohmann::json& r : records) {
    const std::string where = string_at(r, "store") + " '" + printable(string_at(r, "key"), 60) + "'";
    out.add_log(now, "error", "A stored record could not be read and was set aside (quarantine): " + where + ": " +
                                  printable(string_at(r, "reason"), 200));
    names += (names.empty() ? "" : ", ") + where;
  }
  warning_ = std::to_string(records.size()) + " stored record(s) could not be read and were set aside: " + names +
             ". Everything else loaded; authorize again for a token set that was set aside.";
}

}  // namespace zc
