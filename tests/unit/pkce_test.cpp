#include "oauth/pkce.hpp"

#include <gtest/gtest.h>

#include "cli/openssl_crypto.hpp"
#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;

std::string hex(const std::string& bytes) {
  static const char* k = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += k[c >> 4];
    out += k[c & 15];
  }
  return out;
}

// docs/SECURITY.md: FIPS 180-4 vectors.
TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hex(sha256(std::string(1000000, 'a'))), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// RFC 7636 Appendix B.
TEST(Pkce, Rfc7636AppendixB) {
  const unsigned char octets[] = {116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
                                  22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121};
  auto verifier = make_code_verifier(std::string(reinterpret_cast<const char*>(octets), sizeof octets));
  ASSERT_TRUE(verifier.ok());
  EXPECT_EQ(verifier.value(), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  auto challenge = code_challenge_s256(sha256(verifier.value()));
  ASSERT_TRUE(challenge.ok());
  EXPECT_EQ(challenge.value(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Pkce, VerifierRules) {
  auto v = make_code_verifier(random_octets(32));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value().size(), 43u);
  EXPECT_TRUE(is_valid_code_verifier(v.value()));
  EXPECT_NE(v.value(), value_of(make_code_verifier(random_octets(32))));
  EXPECT_FALSE(make_code_verifier("short").ok());
  EXPECT_FALSE(is_valid_code_verifier(std::string(42, 'a')));
  EXPECT_TRUE(is_valid_code_verifier(std::string(128, '~')));
  EXPECT_FALSE(is_valid_code_verifier(std::string(129, 'a')));
  EXPECT_FALSE(is_valid_code_verifier(std::string(43, '+')));
  EXPECT_FALSE(code_challenge_s256("not32").ok());
}

}  // namespace zc
