// Base64url without padding. Source: RFC 4648 s5 (alphabet) and RFC 7636 s3/Appendix A (no padding).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace zc {

/// Encodes bytes as base64url with no `=` padding (RFC 7636 Appendix A). Output length: ceil(4n/3).
std::string base64url_encode(std::string_view bytes);

/// Decodes unpadded (or padded) base64url; nullopt on any character outside the alphabet or an
/// impossible length (4k+1).
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace zc
