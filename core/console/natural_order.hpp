// The order of the profile list (issue 11): the way a person sorts names, so "n2" comes before "n10".
#pragma once
#include <string>

namespace zc {

/// Numbers inside names compare as numbers ("n2" before "n10"), letters without regard to case; names
/// equal that way fall back to byte order. A strict weak order.
bool natural_less(const std::string& a, const std::string& b);

}  // namespace zc
