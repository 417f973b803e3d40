// The browser's glyphs: every character the console shows is drawn by the browser with its own fonts
// (web/glyphs.js), kept here as pixels, and added to ImGui's font atlas as custom glyphs (font_atlas.hpp).
// The start set (web/glyphs.js's: Latin and the UI's symbols) is drawn in one batch before the first frame,
// by the page while the module compiles;
// any other character (Japanese, Chinese, Arabic, Hindi, emoji, ...) the first time ImGui is asked to draw
// it. docs/ARCHITECTURE.md "Text in every script" has the why; the cost is in docs/PERFORMANCE.md. No font
// file travels with dist/.
//
// Flow: ImFont::FindGlyph (the console's copy of imgui_draw.cpp, wasm/CMakeLists.txt) reports a code point
// without a glyph -> note_missing(); at the start of the next frame, before ImGui::NewFrame, main.cpp asks
// rasterise_pending() (one call to the page for the whole batch) and rebuilds the atlas, which takes
// add_rects() and copy_pixels(). Nothing happens in a frame whose text has no new character.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "imgui.h"

namespace zc::web {

class GlyphCache {
 public:
  /// A code point ImGui had no glyph for. Ignores control characters and code points already in the cache
  /// or already waiting. Cheap: called while text is drawn.
  void note_missing(unsigned int codepoint);
  /// True when code points wait to be drawn by the browser (the atlas needs a rebuild).
  bool has_pending() const { return !pending_.empty(); }

  /// Has the browser draw every waiting code point at `em_px` device pixels per em, with the baseline
  /// `ascent_px` device pixels below the top of the line (ImGui's glyph coordinates). Synchronous.
  void rasterise_pending(float em_px, float ascent_px);
  /// The start batch: the page's start set (web/glyphs.js), drawn at `em_px` and `ascent_px`, most often
  /// already drawn while the module compiled. Synchronous; counted as one batch in stats().
  void rasterise_start(float em_px, float ascent_px);
  /// True before the start batch.
  bool empty() const { return glyphs_.empty(); }
  /// Takes one glyph from the page: `advance` in device pixels, `x0`/`y0` the top-left corner of its
  /// bitmap relative to the pen position and the top of the line, `w` x `h` RGBA pixels (not
  /// premultiplied; white where the glyph is plain text, its own colours for a colour emoji).
  void add_glyph(unsigned int codepoint, float advance, int x0, int y0, int w, int h, const std::uint8_t* rgba);

  /// Before ImFontAtlas::Build(): reserves a custom glyph rectangle in `font` for every cached glyph.
  void add_rects(ImFontAtlas& atlas, ImFont* font);
  /// Inside ImFontAtlas::Build(), once the rectangles are placed and the RGBA texture data allocated
  /// (font_atlas.cpp): copies the cached pixels into it, which the OpenGL backend then uploads as it is.
  void copy_pixels(ImFontAtlas& atlas);
  /// The font size changed (another devicePixelRatio): every cached glyph is drawn again at the new size.
  void redraw_all();

  /// Figures for state(): code points added to the atlas, code points still drawn as `?`, the size of the
  /// last batch and its time in milliseconds (browser drawing plus atlas rebuild and upload).
  struct Stats {
    int added = 0;
    int missing = 0;
    int last_batch = 0;
    double last_batch_ms = 0;
    double rasterise_ms = 0;  // of last_batch_ms, the browser's drawing
  };
  Stats stats() const;
  /// Records the time of the rebuild that followed rasterise_pending() (main.cpp measures it).
  void note_rebuild_ms(double ms) { last_batch_ms_ = last_rasterise_ms_ + ms; }

 private:
  struct Glyph {
    float advance = 0;
    int x0 = 0, y0 = 0, w = 1, h = 1;
    std::vector<std::uint8_t> rgba;  // w * h * 4
  };
  std::map<unsigned int, Glyph> glyphs_;
  std::set<unsigned int> pending_;
  std::vector<std::pair<int, unsigned int>> rects_;  // atlas custom rect index -> code point
  int last_batch_ = 0;
  double last_rasterise_ms_ = 0;
  double last_batch_ms_ = 0;
};

/// The page's one glyph cache (the font atlas is one too).
GlyphCache& glyph_cache();

}  // namespace zc::web
