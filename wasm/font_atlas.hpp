// The console's font atlas without a font file: every glyph, Latin included, is drawn by the browser with
// the page's UI font (web/glyphs.js, through glyph_cache.hpp) and packed here into ImGui's atlas as custom
// glyphs, with the browser's own font metrics. ImGui's TrueType builder (stb_truetype) is not linked: the
// console's copy of ImFontAtlas::Build has no fallback to it (wasm/CMakeLists.txt). Why and what it
// saves: docs/ARCHITECTURE.md "Text in every script", docs/PERFORMANCE.md "Transfer size: the browser draws
// every glyph".
#pragma once
#include "imgui.h"

namespace zc::web {

/// The code points drawn in one batch before the first frame (ImGui's range pairs, zero-terminated):
/// printable ASCII and Latin-1, and the dashes, quotes, bullet, ellipsis, arrows, triangles and marks the
/// views draw. Every other character is drawn when it first appears (glyph_cache.hpp). The C0 and C1
/// control characters (U+007F-U+009F) are left out: nothing draws them, and the batch is on the start-up
/// path (33 glyphs of 218, issue 16).
inline const ImWchar kStartGlyphRanges[] = {0x0020, 0x007E, 0x00A0, 0x00FF, 0x2013, 0x2014, 0x2018, 0x201D, 0x2022, 0x2022,
                                            0x2026, 0x2026, 0x2190, 0x2193, 0x25B2, 0x25BC, 0x2713, 0x2713,
                                            0x2717, 0x2717, 0};

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
