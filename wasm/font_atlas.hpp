// The console's font atlas without a font file: every glyph, Latin included, is drawn by the browser with
// the page's UI font (web/glyphs.js, through glyph_cache.hpp) and packed here into ImGui's atlas as custom
// glyphs, with the browser's own font metrics. ImGui's TrueType builder (stb_truetype) is not linked: the
// console's copy of ImFontAtlas::Build has no fallback to it (wasm/CMakeLists.txt). Why and what it
// saves: docs/ARCHITECTURE.md "Text in every script", docs/PERFORMANCE.md "Transfer size: the browser draws
// every glyph".
#pragma once
#include "imgui.h"

namespace zc::web {

/// The UI font's vertical metrics for an ImGui font size of `line_px` device pixels (ImGui's font size is
/// the line height, ascent + descent), measured by the browser (canvas measureText's font bounding box):
/// the em size the browser draws at, the ascent (baseline below the line's top) and the descent, all in
/// device pixels.
struct FontMetrics {
  float em_px = 0;
  float ascent_px = 0;
  float descent_px = 0;
};
FontMetrics ui_font_metrics(float line_px);

/// Builds `atlas` afresh: one font, `line_px` device pixels high, whose glyphs are every glyph in
/// glyph_cache() (those still waiting are not drawn here), placed with `metrics`; the RGBA texture data is
/// ready for the OpenGL backend (ImFontAtlas::GetTexDataAsRGBA32). Returns the font.
ImFont* build_font_atlas(ImFontAtlas& atlas, float line_px, const FontMetrics& metrics);

}  // namespace zc::web
