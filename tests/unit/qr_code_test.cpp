#include "console/qr_code.hpp"

#include <gtest/gtest.h>

#include <string>

namespace zc {
namespace {

// The three finder patterns of ISO/IEC 18004 s6.3.3: a 7x7 dark ring, a light ring, a 3x3 dark centre.
bool finder_at(const QrCode& qr, int left, int top) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (qr.at(left + x, top + y) != (ring || centre)) return false;
    }
  }
  return true;
}

TEST(QrCode, AVerificationAddressGivesASquareWithThreeFinderPatterns) {
  const QrCode qr = make_qr_code("https://accounts.zoho.com/oauth/v3/device");
  ASSERT_GE(qr.size, 21);
  EXPECT_EQ((qr.size - 17) % 4, 0) << "versions are 21, 25, ... modules wide";
  EXPECT_EQ(qr.dark.size(), static_cast<size_t>(qr.size * qr.size));
  EXPECT_TRUE(finder_at(qr, 0, 0));
  EXPECT_TRUE(finder_at(qr, qr.size - 7, 0));
  EXPECT_TRUE(finder_at(qr, 0, qr.size - 7));
  EXPECT_FALSE(finder_at(qr, qr.size - 7, qr.size - 7)) << "no finder in the fourth corner";
}

TEST(QrCode, NothingForEmptyOrOversizedText) {
  EXPECT_EQ(make_qr_code("").size, 0);
  EXPECT_EQ(make_qr_code(std::string(kMaxQrTextBytes + 1, 'a')).size, 0);
  EXPECT_GT(make_qr_code(std::string(kMaxQrTextBytes, 'a')).size, 0) << "the limit itself encodes";
}

}  // namespace
}  // namespace zc
