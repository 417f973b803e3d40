#include "glyph_cache.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "js_shell.hpp"

namespace zc::web {

GlyphCache& glyph_cache() {
  static GlyphCache cache;
  return cache;
}

void GlyphCache::note_missing(unsigned int codepoint) {
  // C0/C1 controls have nothing to draw; ImGui draws them (when at all) as the fallback like before.
  if (codepoint < 0x20 || (codepoint >= 0x7F && codepoint < 0xA0)) return;
  if (glyphs_.count(codepoint) != 0) return;
  pending_.insert(codepoint);
}

void GlyphCache::rasterise_start(float em_px, float ascent_px) {
  const size_t before = glyphs_.size();
  const double start = emscripten_get_now();
  zc_js_rasterise_start_glyphs(em_px, ascent_px);  // one zc_glyph_rasterised() per code point
  last_rasterise_ms_ = emscripten_get_now() - start;
  last_batch_ms_ = last_rasterise_ms_;
  last_batch_ = static_cast<int>(glyphs_.size() - before);
}

void GlyphCache::rasterise_pending(float em_px, float ascent_px) {
  std::vector<unsigned int> batch(pending_.begin(), pending_.end());
  pending_.clear();
  const double start = emscripten_get_now();
  // The page answers with one add_glyph() per code point (zc_glyph_rasterised), before this returns.
  zc_js_rasterise_glyphs(batch.data(), static_cast<int>(batch.size()), em_px, ascent_px);
  last_rasterise_ms_ = emscripten_get_now() - start;
  last_batch_ms_ = last_rasterise_ms_;
  last_batch_ = static_cast<int>(batch.size());
  // A code point the page could not draw at all still gets an (empty) glyph: asked once, never again.
  for (unsigned int c : batch) {
    if (glyphs_.count(c) == 0) glyphs_[c] = Glyph{std::round(em_px * 0.5f), 0, 0, 1, 1, std::vector<std::uint8_t>(4, 0)};
  }
}

void GlyphCache::add_glyph(unsigned int codepoint, float advance, int x0, int y0, int w, int h,
                           const std::uint8_t* rgba) {
  Glyph g;
  g.advance = advance;
  g.x0 = x0;
  g.y0 = y0;
  // ImGui's custom rectangles are at least 1 x 1: a blank glyph (a space) is one transparent pixel.
  g.w = std::max(w, 1);
  g.h = std::max(h, 1);
  g.rgba.assign(static_cast<size_t>(g.w) * g.h * 4, 0);
  if (w > 0 && h > 0 && rgba != nullptr) std::memcpy(g.rgba.data(), rgba, g.rgba.size());
  glyphs_[codepoint] = std::move(g);
}

void GlyphCache::add_rects(ImFontAtlas& atlas, ImFont* font) {
  rects_.clear();
  for (const auto& [c, g] : glyphs_) {
    const int id = atlas.AddCustomRectFontGlyph(font, static_cast<ImWchar>(c), g.w, g.h, g.advance,
                                                ImVec2(static_cast<float>(g.x0), static_cast<float>(g.y0)));
    rects_.push_back({id, c});
  }
}

void GlyphCache::copy_pixels(ImFontAtlas& atlas) {
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  atlas.GetTexDataAsRGBA32(&pixels, &width, &height);  // converts the built alpha atlas to RGBA once
  for (const auto& [id, c] : rects_) {
    const ImFontAtlasCustomRect* r = atlas.GetCustomRectByIndex(id);
    const Glyph& g = glyphs_[c];
    if (!r->IsPacked()) continue;
    for (int y = 0; y < g.h; ++y) {
      std::memcpy(pixels + (static_cast<size_t>(r->Y + y) * width + r->X) * 4, g.rgba.data() + static_cast<size_t>(y) * g.w * 4,
                  static_cast<size_t>(g.w) * 4);
    }
  }
}

void GlyphCache::redraw_all() {
  for (const auto& [c, g] : glyphs_) pending_.insert(c);
  glyphs_.clear();
}

GlyphCache::Stats GlyphCache::stats() const {
  Stats s;
  s.added = static_cast<int>(glyphs_.size());
  s.missing = static_cast<int>(pending_.size());
  s.last_batch = last_batch_;
  s.last_batch_ms = last_batch_ms_;
  s.rasterise_ms = last_rasterise_ms_;
  return s;
}

}  // namespace zc::web

extern "C" {

/// ImGui (the console's copy of ImFont::FindGlyph) has no glyph for `codepoint` and draws `?` this frame.
void zc_glyph_missing(unsigned int codepoint) { zc::web::glyph_cache().note_missing(codepoint); }

/// One glyph drawn by the page (web/glyphs.js, through js/console_library.js); GlyphCache::add_glyph says
/// what the numbers are. `rgba` belongs to the caller.
EMSCRIPTEN_KEEPALIVE void zc_glyph_rasterised(unsigned int codepoint, double advance, int x0, int y0, int w, int h,
                                              const std::uint8_t* rgba) {
  zc::web::glyph_cache().add_glyph(codepoint, static_cast<float>(advance), x0, y0, w, h, rgba);
}
}
