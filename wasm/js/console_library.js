// emscripten --js-library: the C side of wasm/js_shell.hpp. Each function is a thin forward to
// window.zcShell (web/shell.js), where the browser code lives and can be read as plain JavaScript;
// zc_js_a11y_changed keeps the page's accessible mirror in step with the frames.
mergeInto(LibraryManager.library, {
  zc_js_storage_load: function () { zcShell.storageLoad(); },
  zc_js_storage_put: function (store, key, value) {
    zcShell.storagePut(UTF8ToString(store), UTF8ToString(key), UTF8ToString(value));
  },
  zc_js_storage_delete: function (store, key) { zcShell.storageDelete(UTF8ToString(store), UTF8ToString(key)); },
  zc_js_lock_and_read: function (id, lock, store, key) {
    zcShell.lockAndRead(id, UTF8ToString(lock), UTF8ToString(store), UTF8ToString(key));
  },
  zc_js_release_lock: function (id) { zcShell.releaseLock(id); },
  zc_js_navigate: function (url) { zcShell.navigateAfterWrites(UTF8ToString(url)); },
  zc_js_replace_url: function (url) { history.replaceState(history.state, '', UTF8ToString(url)); },
  zc_js_copy: function (text) { zcShell.copy(UTF8ToString(text)); },
  zc_js_open_tab: function (url) { zcShell.openTab(UTF8ToString(url)); },
  zc_js_download: function (name, text) { zcShell.download(UTF8ToString(name), UTF8ToString(text)); },
  zc_js_pick_file: function () { zcShell.pickFile(); },
  // Strings handed to C are malloc'ed here (inside the module, where the string helpers live); C frees them.
  $zcNewCString: function (text) {
    var size = lengthBytesUTF8(text) + 1;
    var pointer = _malloc(size);
    stringToUTF8(text, pointer, size);
    return pointer;
  },
  zc_js_page_url__deps: ['$zcNewCString'],
  zc_js_page_url: function () { return zcNewCString(location.href); },
  zc_js_base_url__deps: ['$zcNewCString'],
  zc_js_base_url: function () { return zcNewCString(new URL('.', location.href).href); },
  zc_js_css_width: function () { return Module.canvas.getBoundingClientRect().width || window.innerWidth; },
  zc_js_css_height: function () { return Module.canvas.getBoundingClientRect().height || window.innerHeight; },
  zc_js_device_pixel_ratio: function () { return window.devicePixelRatio || 1; },
  // Sizes the canvas backing store and GLFW's window without glfwSetWindowSize, which in emscripten 3.1.6
  // calls requestFullscreen (and resizes nothing) whenever the size equals the screen's.
  zc_js_set_canvas_size__deps: ['$Browser', '$GLFW'],
  zc_js_set_canvas_size: function (width, height) {
    Browser.setCanvasSize(width, height);
    if (GLFW.active) {
      GLFW.active.width = width;
      GLFW.active.height = height;
    }
  },
  zc_js_sha256: function (text) { zcShell.sha256(UTF8ToString(text)); },
  zc_js_verify_rs256: function (id, jwk, input, signature) {
    zcShell.verifyRs256(id, UTF8ToString(jwk), UTF8ToString(input), UTF8ToString(signature));
  },
  zc_js_keep_draft: function (text) { zcShell.keepDraft(UTF8ToString(text)); },
  zc_js_ready: function () { zcShell.moduleReady(); },
  zc_js_demo_gate: function (id, url) { return zcShell.demoGate(id, UTF8ToString(url)) ? 1 : 0; },
  zc_js_announce: function (text) { zcShell.announce(UTF8ToString(text)); },
  zc_js_a11y_changed: function () { zcShell.a11yChanged(); },
  zc_js_blocked_by_policy: function (id, url) { zcShell.blockedByPolicy(id, UTF8ToString(url)); },
  zc_js_font_metrics: function (linePx, out) { HEAPF32.set(zcGlyphs.metrics(linePx), out >> 2); },
  // Each glyph's pixels go into the module's heap for zc_glyph_rasterised, which copies them.
  $zcGlyphToModule: function (cp, advance, x0, y0, w, h, rgba) {
    var p = _malloc(Math.max(rgba.length, 1));
    HEAPU8.set(rgba, p);  // HEAPU8 read after malloc: a memory growth replaces the view
    Module['_zc_glyph_rasterised'](cp, advance, x0, y0, w, h, p);
    _free(p);
  },
  zc_js_rasterise_glyphs__deps: ['$zcGlyphToModule'],
  zc_js_rasterise_glyphs: function (codepoints, count, emPx, ascentPx) {
    var list = Array.from(HEAPU32.subarray(codepoints >> 2, (codepoints >> 2) + count));
    zcGlyphs.rasterise(list, emPx, ascentPx, zcGlyphToModule);
  },
  zc_js_rasterise_start_glyphs__deps: ['$zcGlyphToModule'],
  zc_js_rasterise_start_glyphs: function (emPx, ascentPx) { zcGlyphs.rasteriseStart(emPx, ascentPx, zcGlyphToModule); },
  zc_js_ui_font_px: function () { return zcGlyphs.uiFontPx; },
  zc_js_text_input: function (editing, x, y, height) { zcTextInput.place(!!editing, x, y, height); },
  zc_js_text_input_focused: function () { return zcTextInput.focused() ? 1 : 0; },
});
