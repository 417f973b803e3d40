#include "console/atlas_packing.hpp"

#include <algorithm>
#include <numeric>

namespace zc {

Packing pack_in_rows(const std::vector<PackSize>& sizes, int pad) {
  pad = std::max(pad, 0);
  long long area = 0;
  int widest = 0;
  for (const PackSize& s : sizes) {
    area += static_cast<long long>(s.width + pad) * (s.height + pad);
    widest = std::max(widest, s.width + 2 * pad);
  }
  Packing out;
  out.width = 512;
  while (out.width < 4096 && (static_cast<long long>(out.width) * out.width < 2 * area || out.width < widest)) {
    out.width *= 2;
  }
  std::vector<size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Tallest first; equal heights keep their order, so the same glyphs pack the same way every time
  // (std::sort with the index as tie-break: std::stable_sort links 2 KB more).
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return sizes[a].height != sizes[b].height ? sizes[a].height > sizes[b].height : a < b;
  });
  out.at.resize(sizes.size());
  int x = pad, y = pad, row = 0;
  for (size_t i : order) {
    if (x > pad && x + sizes[i].width + pad > out.width) {  // the row is full: the next one starts below it
      x = pad;
      y += row + pad;
      row = 0;
    }
    out.at[i] = {x, y};
    x += sizes[i].width + pad;
    row = std::max(row, sizes[i].height);
  }
  out.height = y + row + pad;
  return out;
}

}  // namespace zc
