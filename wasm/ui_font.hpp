// The console's font: DejaVu Sans (Debian's fonts-dejavu-core, a free licence), subset at build time to
// the glyphs the console draws (Latin-1 and a little punctuation; wasm/CMakeLists.txt) and embedded, so
// no extra request is needed before the first frame. About 17 KB raw (docs/PERFORMANCE.md has the current figure).
#pragma once
#include "imgui.h"

extern const unsigned char zc_ui_font[];
extern const unsigned int zc_ui_font_size;

namespace zc::web {

/// The glyph ranges the subset keeps, for ImFontAtlas (pairs, zero-terminated). Every other character is
/// drawn by the browser when it first appears (wasm/glyph_cache.hpp).
inline const ImWchar kUiFontRanges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2018, 0x201D, 0x2022, 0x2022,
                                0x2026, 0x2026, 0x2190, 0x2193, 0x25B2, 0x25BC, 0x2713, 0x2713,
                                0x2717, 0x2717, 0};

}  // namespace zc::web
