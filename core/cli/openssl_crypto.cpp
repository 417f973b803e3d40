#include "cli/openssl_crypto.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <cstdlib>

namespace zc {

std::string sha256(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) std::abort();
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string random_octets(size_t n) {
  std::string out(n, '\0');
  for (size_t done = 0; done < n; done += 256) {
    const size_t chunk = n - done < 256 ? n - done : 256;  // getentropy's limit per call
    if (getentropy(out.data() + done, chunk) != 0) std::abort();
  }
  return out;
}

}  // namespace zc
