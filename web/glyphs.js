// The console's glyphs (wasm/font_atlas.hpp, wasm/glyph_cache.hpp): no font file travels with the console;
// every character it shows, Latin included, is drawn here once with the browser's own fonts on a 2D canvas
// and handed to ImGui's font atlas as pixels: the start set (printable ASCII, Latin-1, the UI's symbols) in
// one batch before the first frame, drawn early while the module compiles; any other character
// (Japanese, Chinese, Arabic, Hindi, an emoji, ...) when it first appears
// (docs/ARCHITECTURE.md "Text in every script").
'use strict';

(function () {
  // ImGui's font size (ascent + descent) in CSS pixels; device pixels are this times devicePixelRatio.
  const UI_FONT_PX = 15;
  // The start set, drawn in one batch before the first frame: printable ASCII and Latin-1 (no C0/C1
  // controls: nothing draws them), and the dashes, quotes, bullet, ellipsis, arrows, triangles and marks
  // the views draw. Any other character is drawn when it first appears.
  const START_RANGES = [[0x20, 0x7E], [0xA0, 0xFF], [0x2013, 0x2014], [0x2018, 0x201D], [0x2022, 0x2022],
                        [0x2026, 0x2026], [0x2190, 0x2193], [0x25B2, 0x25BC], [0x2713, 0x2713], [0x2717, 0x2717]];
  const START = START_RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));

  // The UI font: DejaVu Sans where it is installed (Debian and most Linux; the look the console always
  // had), else the system's UI font. A character the first font lacks comes from the next, or from the
  // browser's fallback fonts.
  const FAMILY = '"DejaVu Sans", system-ui, sans-serif';
  // A canvas nobody sees; willReadFrequently keeps it on the CPU, where getImageData is cheap. Growing it
  // resets its drawing state, so the font is set again after that.
  let context = null;
  function canvas2d(width, height, font) {
    if (!context) {
      const c = 'OffscreenCanvas' in self ? new OffscreenCanvas(width, height) : document.createElement('canvas');
      context = c.getContext('2d', { willReadFrequently: true });
    }
    if (context.canvas.width < width || context.canvas.height < height) {
      context.canvas.width = Math.max(context.canvas.width, width);
      context.canvas.height = Math.max(context.canvas.height, height);
    }
    context.font = font;
    context.textBaseline = 'alphabetic';
    context.fillStyle = '#fff';
    return context;
  }

  const MARK = /^\p{M}$/u;             // combining marks: drawn on a no-break space, not on a dotted circle
  const BASE = '\u00A0';

  /**
   * The UI font's vertical metrics when a line (ascent + descent, as ImGui's font size) is `linePx` device
   * pixels: [em size, ascent, descent] in device pixels, from the font's own bounding box (the primary font
   * of FAMILY). A browser without fontBoundingBox* gets the usual 80 / 20 split.
   */
  function metrics(linePx) {
    const m = canvas2d(1, 1, '100px ' + FAMILY).measureText('x');
    const ascent = m.fontBoundingBoxAscent ?? 80, descent = m.fontBoundingBoxDescent ?? 20;
    const em = (linePx * 100) / (ascent + descent);
    return [em, (ascent * em) / 100, (descent * em) / 100];
  }

  /**
   * Draws each code point of `codepoints` at `emPx` device pixels per em, with the baseline `ascentPx`
   * device pixels below the top of ImGui's line, and calls add(codepoint, advance, x0, y0, w, h, rgba) for
   * each: advance in whole device pixels (so every glyph lands on the pixel grid: crisp, as the browser's
   * own hinted text), (x0, y0) the bitmap's top-left corner relative to the pen and the top
   * of the line, rgba w*h*4 bytes, not premultiplied (white text; a colour emoji keeps its colours).
   */
  function rasterise(codepoints, emPx, ascentPx, add) {
    const font = emPx + 'px ' + FAMILY;
    const pad = Math.ceil(emPx);       // room for glyphs that reach past their advance or the em box
    const top = Math.ceil(emPx * 1.5); // the baseline's row in a cell: tall marks and emoji fit above it
    const cellHeight = top + Math.ceil(emPx);
    let ctx = canvas2d(1, 1, font);
    const baseWidth = ctx.measureText(BASE).width;
    // Measured first, so that every glyph of the batch gets a cell of one width.
    const glyphs = codepoints.map((cp) => {
      const text = String.fromCodePoint(cp);
      // A combining mark alone is drawn by the shaper on a dotted circle; on a no-break space it is drawn
      // alone, and keeps the (usually zero) advance it has after a letter.
      const base = MARK.test(text) ? BASE : '';
      const shift = base ? baseWidth : 0;
      return { cp, text: base + text, shift, advance: Math.max(0, Math.round(ctx.measureText(base + text).width - shift)) };
    });
    const cellWidth = 2 * pad + Math.ceil(glyphs.reduce((m, g) => Math.max(m, g.advance + g.shift), emPx));
    // Drawn in a grid and read back once per grid: one readback costs more than drawing a glyph.
    const columns = Math.max(1, Math.floor(4096 / cellWidth));
    const perGrid = columns * Math.max(1, Math.floor(4096 / cellHeight));
    for (let first = 0; first < glyphs.length; first += perGrid) {
      const part = glyphs.slice(first, first + perGrid);
      const width = Math.min(part.length, columns) * cellWidth;
      const height = Math.ceil(part.length / columns) * cellHeight;
      ctx = canvas2d(width, height, font);
      ctx.clearRect(0, 0, width, height);
      part.forEach((g, i) => ctx.fillText(g.text, (i % columns) * cellWidth + pad, Math.floor(i / columns) * cellHeight + top));
      const data = ctx.getImageData(0, 0, width, height).data;
      part.forEach((g, i) => {
        const left = (i % columns) * cellWidth, upper = Math.floor(i / columns) * cellHeight;
        // The drawn pixels' bounding box, so the atlas holds no empty margins.
        let x0 = cellWidth, y0 = cellHeight, x1 = -1, y1 = -1;
        for (let y = 0; y < cellHeight; y++) {
          for (let x = 0, at = ((upper + y) * width + left) * 4 + 3; x < cellWidth; x++, at += 4) {
            if (data[at] !== 0) {
              if (x < x0) x0 = x;
              if (x > x1) x1 = x;
              if (y < y0) y0 = y;
              if (y > y1) y1 = y;
            }
          }
        }
        if (x1 < 0) {                  // nothing drawn (a space): an advance without pixels
          add(g.cp, g.advance, 0, 0, 0, 0, new Uint8Array(0));
          return;
        }
        const w = x1 - x0 + 1, h = y1 - y0 + 1;
        const rgba = new Uint8Array(w * h * 4);
        for (let y = 0; y < h; y++) {
          const from = ((upper + y0 + y) * width + left + x0) * 4;
          rgba.set(data.subarray(from, from + w * 4), y * w * 4);
        }
        add(g.cp, g.advance, x0 - pad - Math.round(g.shift), Math.round(ascentPx) - (top - y0), w, h, rgba);
      });
    }
  }

  // The start set, drawn early: as soon as this script has run, while the module downloads and compiles
  // (the main thread waits for it anyway), at the size the module will ask for. The module's start then
  // takes the drawn glyphs instead of drawing them on its critical path (issue 16: ready <= 2x the bare
  // ImGui baseline). Kept until the module asks; another size (the window moved to another screen) is
  // drawn then, as before.
  let early = null;                    // {em, ascent, glyphs: [add()'s arguments]} at float32 precision
  function drawStartEarly() {
    const [em, ascent] = metrics(Math.fround(UI_FONT_PX * (self.devicePixelRatio || 1)));
    const glyphs = [];
    rasterise(START, Math.fround(em), Math.fround(ascent), (...glyph) => glyphs.push(glyph));
    early = { em: Math.fround(em), ascent: Math.fround(ascent), glyphs };
  }
  if (typeof document !== 'undefined') setTimeout(drawStartEarly, 0);

  /** The start set at `emPx` and `ascentPx`, as rasterise() draws it: from the early batch when it was
   * drawn at that size, else drawn now. */
  function rasteriseStart(emPx, ascentPx, add) {
    const ready = early && early.em === emPx && early.ascent === ascentPx ? early.glyphs : null;
    early = null;
    if (ready) ready.forEach((glyph) => add(...glyph));
    else rasterise(START, emPx, ascentPx, add);
  }

  self.zcGlyphs = { metrics, rasterise, rasteriseStart, uiFontPx: UI_FONT_PX };
})();
