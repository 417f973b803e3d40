// libFuzzer target: CRM API answers (outside input from the network). Properties: no crash, no throw, no UB.
#include <cstddef>
#include <cstdint>
#include <string>

#include "zoho/crm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const int kStatuses[] = {0, 200, 201, 204, 400, 401, 403, 404, 429, 500};
  const int status = kStatuses[data[0] % 10];
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  zc::parse_records_response(status, body);
  zc::parse_create_response(status, body);
  return 0;
}
