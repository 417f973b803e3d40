#include "oauth/base64url.hpp"

#include <gtest/gtest.h>
#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;

// RFC 4648 s10 vectors, in the url alphabet without padding.
TEST(Base64Url, Rfc4648Vectors) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
  EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Url, UrlAlphabetVectors) {
  EXPECT_EQ(base64url_encode(std::string("\x14\xfb\x9c\x03\xd9\x7e", 6)), "FPucA9l-");
  EXPECT_EQ(base64url_encode(std::string("\xfb\xff", 2)), "-_8");
  EXPECT_EQ(base64url_encode(std::string("\xff", 1)), "_w");
}

// RFC 7636 Appendix B: the verifier is the base64url of these 32 octets.
TEST(Base64Url, Rfc7636VerifierOctets) {
  const unsigned char octets[] = {116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
                                  22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121};
  EXPECT_EQ(base64url_encode(std::string(reinterpret_cast<const char*>(octets), sizeof octets)),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
}

TEST(Base64Url, DecodeRoundTripAndRejects) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  for (size_t n = 0; n < all.size(); n += 7) {
    auto d = base64url_decode(base64url_encode(all.substr(0, n)));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(*d, all.substr(0, n));
  }
  EXPECT_EQ(base64url_decode("Zm9vYmFy==").value_or("(refused)"), "foobar");
  EXPECT_FALSE(base64url_decode("Zm9v+").has_value());
  EXPECT_FALSE(base64url_decode("Z").has_value());
}

}  // namespace zc
