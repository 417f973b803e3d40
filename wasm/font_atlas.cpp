#include "font_atlas.hpp"

#include <cstring>
#include <vector>

#include "console/atlas_packing.hpp"
#include "glyph_cache.hpp"
#include "imgui_internal.h"
#include "js_shell.hpp"

namespace zc::web {
namespace {

FontMetrics building;  // the metrics of the atlas build_font_atlas() is building

// Places every custom rectangle of `atlas` (ImGui's mouse cursors and thick-line data, one per glyph),
// TexGlyphPadding apart, and sizes the texture to fit them (core/console/atlas_packing.hpp).
void pack_rects(ImFontAtlas& atlas) {
  std::vector<PackSize> sizes;
  sizes.reserve(static_cast<size_t>(atlas.CustomRects.Size));
  for (const ImFontAtlasCustomRect& r : atlas.CustomRects) sizes.push_back({r.Width, r.Height});
  const Packing packing = pack_in_rows(sizes, atlas.TexGlyphPadding);
  for (int i = 0; i < atlas.CustomRects.Size; ++i) {
    atlas.CustomRects[i].X = static_cast<unsigned short>(packing.at[static_cast<size_t>(i)].x);
    atlas.CustomRects[i].Y = static_cast<unsigned short>(packing.at[static_cast<size_t>(i)].y);
  }
  atlas.TexWidth = packing.width;
  atlas.TexHeight = packing.height;
}

// ImFontBuilderIO's build function: what stb_truetype's builder does for a TrueType font, for a font whose
// glyphs are all custom rectangles with pixels of their own (glyph_cache.hpp).
bool build_from_browser_glyphs(ImFontAtlas* atlas) {
  ImFontAtlasBuildInit(atlas);  // reserves the mouse cursors' and lines' rectangles
  atlas->TexID = nullptr;
  atlas->ClearTexData();
  pack_rects(*atlas);
  atlas->TexUvScale = ImVec2(1.0f / static_cast<float>(atlas->TexWidth), 1.0f / static_cast<float>(atlas->TexHeight));
  // RGBA from the start: the glyphs have colours (emoji), so there is no alpha-only texture to convert.
  const size_t bytes = static_cast<size_t>(atlas->TexWidth) * atlas->TexHeight * 4;
  atlas->TexPixelsRGBA32 = static_cast<unsigned int*>(IM_ALLOC(bytes));
  std::memset(atlas->TexPixelsRGBA32, 0, bytes);
  atlas->TexPixelsUseColors = true;
  for (ImFontConfig& config : atlas->ConfigData) {
    ImFontAtlasBuildSetupFont(atlas, config.DstFont, &config, building.ascent_px, -building.descent_px);
  }
  // Draws the cursors and lines, turns the custom rectangles into glyphs, builds the lookup tables.
  ImFontAtlasBuildFinish(atlas);
  glyph_cache().copy_pixels(*atlas);
  return true;
}

const ImFontBuilderIO kBrowserGlyphsBuilder = {build_from_browser_glyphs};

}  // namespace

FontMetrics ui_font_metrics(float line_px) {
  float m[3] = {line_px, line_px, 0};
  zc_js_font_metrics(line_px, m);
  return FontMetrics{m[0], m[1], m[2]};
}

ImFont* build_font_atlas(ImFontAtlas& atlas, float line_px, const FontMetrics& metrics) {
  atlas.Clear();
  atlas.FontBuilderIO = &kBrowserGlyphsBuilder;
  // ImGui takes a font's TrueType bytes (and copies them); this font has none, so one byte stands in for them
  // and nothing reads it.
  static const unsigned char kNoFontFile = 0;
  ImFontConfig config;
  config.FontData = const_cast<unsigned char*>(&kNoFontFile);
  config.FontDataSize = 1;
  config.FontDataOwnedByAtlas = false;
  config.SizePixels = line_px;
  ImFont* font = atlas.AddFont(&config);
  glyph_cache().add_rects(atlas, font);
  building = metrics;
  atlas.Build();
  return font;
}

}  // namespace zc::web
