// How the browser's storage is doing, as the shell reports it: where records live (IndexedDB, or memory
// only for this tab), and the warning to show when a write failed or stored records could not be read.
// Nothing is lost silently: every problem is shown and logged (README "What is stored, and where").
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "console/outbox.hpp"

namespace zc {

/// The storage status. Times are Unix seconds; log lines go to the Outbox given.
class StorageStatus {
 public:
  /// The mode the shell found (`indexeddb` | `memory`) and a warning to show (may be empty).
  void set(const std::string& mode, const std::string& warning);
  /// A write failed (`what` names it): the warning says changes stay in this tab; logged as an error.
  void failed(const std::string& what, Outbox& out);
  /// Stored records the shell set aside (its `quarantine` store), each {store, key, reason}: each is
  /// logged, and the warning names them all. Nothing happens for an empty or malformed list.
  void quarantined(const nlohmann::json& records, std::int64_t now, Outbox& out);

  const std::string& mode() const { return mode_; }
  const std::string& warning() const { return warning_; }

 private:
  std::string mode_ = "memory";
  std::string warning_;
};

}  // namespace zc
