// Rectangles packed into one texture: the console's font atlas (wasm/font_atlas.cpp), which holds every
// glyph the browser drew and ImGui's own cursor and line data. Rows ("shelves"), the tallest rectangles
// first, so each row wastes little height; simple, and fast enough to run whenever a new character
// appears. Platform-free: sizes in, positions out.
#pragma once
#include <vector>

namespace zc {

/// A rectangle's size in pixels.
struct PackSize {
  int width = 0;
  int height = 0;
};

/// Where each rectangle went: `at[i]` is the top-left corner of sizes[i]; the texture is `width` x `height`.
struct Packing {
  struct Corner {
    int x = 0;
    int y = 0;
  };
  int width = 0;
  int height = 0;
  std::vector<Corner> at;
};

/// Places `sizes` (pixels, none negative) without overlap, at least `pad` pixels from each other and from
/// the texture's edges (linear filtering then never reaches a neighbour), in rows, the tallest rectangles
/// first. The width is a power of two from 512 to 4096: about square for the total area, and never
/// narrower than the widest rectangle with its padding (up to 4096; a wider one sticks out). The height
/// is what the rows need.
Packing pack_in_rows(const std::vector<PackSize>& sizes, int pad);

}  // namespace zc
