// The font atlas's packing: no two rectangles overlap or come closer than the padding, all lie inside the
// texture, the width fits the area and the widest rectangle, rows go tallest first.
#include "console/atlas_packing.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace zc {
namespace {

// Checks the invariants of `p` for `sizes` and `pad` (each broken one is a recorded failure).
void expect_valid(const std::vector<PackSize>& sizes, int pad, const Packing& p) {
  ASSERT_EQ(p.at.size(), sizes.size());
  for (size_t i = 0; i < sizes.size(); ++i) {
    EXPECT_GE(p.at[i].x, pad) << i;
    EXPECT_GE(p.at[i].y, pad) << i;
    EXPECT_LE(p.at[i].x + sizes[i].width + pad, p.width) << i;
    EXPECT_LE(p.at[i].y + sizes[i].height + pad, p.height) << i;
    for (size_t j = i + 1; j < sizes.size(); ++j) {
      const bool apart = p.at[i].x + sizes[i].width + pad <= p.at[j].x || p.at[j].x + sizes[j].width + pad <= p.at[i].x ||
                         p.at[i].y + sizes[i].height + pad <= p.at[j].y || p.at[j].y + sizes[j].height + pad <= p.at[i].y;
      EXPECT_TRUE(apart) << "rectangles " << i << " and " << j << " overlap or touch";
    }
  }
}

TEST(PackInRows, GlyphsOfOneLineSizeFitApartInOneTexture) {
  // About the console's start batch at device scale 1: 191 glyphs up to 13 x 16, plus ImGui's cursor
  // (109 x 27) and line (65 x 64) data.
  std::vector<PackSize> sizes;
  for (int i = 0; i < 191; ++i) sizes.push_back({4 + i % 10, 3 + i % 14});
  sizes.push_back({109, 27});
  sizes.push_back({65, 64});
  const Packing p = pack_in_rows(sizes, 1);
  EXPECT_EQ(p.width, 512);
  EXPECT_LT(p.height, 200);
  expect_valid(sizes, 1, p);
}

TEST(PackInRows, TheTallestGoFirstAndRowsFollowEachOther) {
  const std::vector<PackSize> sizes = {{10, 5}, {10, 20}, {10, 12}};
  const Packing p = pack_in_rows(sizes, 2);
  expect_valid(sizes, 2, p);
  EXPECT_EQ(p.at[1].x, 2);  // the tallest opens the first row
  EXPECT_EQ(p.at[1].y, 2);
  EXPECT_EQ(p.at[2].x, 14);
  EXPECT_EQ(p.at[0].x, 26);
  EXPECT_EQ(p.height, 24);  // one row: 2 + 20 + 2
}

TEST(PackInRows, AFullRowStartsANewOneBelowItsTallest) {
  const std::vector<PackSize> sizes(5, PackSize{200, 30});
  const Packing p = pack_in_rows(sizes, 1);
  EXPECT_EQ(p.width, 512);
  expect_valid(sizes, 1, p);
  EXPECT_EQ(p.at[2].x, 1);  // two of 201 px fit in 512, the third does not
  EXPECT_EQ(p.at[2].y, 32);
  EXPECT_EQ(p.height, 1 + 3 * 31);
}

TEST(PackInRows, TheWidthGrowsForTheAreaAndForTheWidestRectangle) {
  EXPECT_EQ(pack_in_rows({{700, 10}}, 1).width, 1024);
  const std::vector<PackSize> many(2000, PackSize{26, 30});  // 2,000 CJK glyphs at device scale 2
  const Packing p = pack_in_rows(many, 1);
  EXPECT_EQ(p.width, 2048);
  expect_valid(many, 1, p);
  EXPECT_EQ(pack_in_rows({{5000, 10}}, 1).width, 4096);  // the largest width, even when it is too narrow
}

TEST(PackInRows, NothingToPackIsAnEmptyTexture) {
  const Packing p = pack_in_rows({}, 1);
  EXPECT_EQ(p.width, 512);
  EXPECT_EQ(p.height, 2);
  EXPECT_TRUE(p.at.empty());
}

}  // namespace
}  // namespace zc
