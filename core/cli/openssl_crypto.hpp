// Native crypto for the CLI and the tests: SHA-256 from OpenSSL's libcrypto (FIPS 180-4), randomness
// from getentropy. The browser uses WebCrypto and crypto.getRandomValues instead (web/shell.js).
#pragma once
#include <string>
#include <string_view>

namespace zc {

/// SHA-256 of `bytes`: 32 raw octets.
std::string sha256(std::string_view bytes);

/// `n` random octets from the operating system (getentropy); aborts if the OS cannot provide them.
std::string random_octets(size_t n);

}  // namespace zc
