// Declarations of the JavaScript functions in js/console_library.js (which forward to web/shell.js),
// among them the accessible mirror's zc_js_a11y_changed.
#pragma once

extern "C" {
/// Loads every object store; answers with zc_on_storage_loaded(json) (the token store written into
/// zc_stored_tokens_buffer first).
void zc_js_storage_load();
/// Writes or deletes one record; a failure answers with zc_on_storage_error(message).
void zc_js_storage_put(const char* store, const char* key, const char* value_json);
void zc_js_storage_delete(const char* store, const char* key);
/// Takes the cross-tab Web Lock `lock` for request `id`, reads record `key` of `store` inside it, and
/// answers with zc_on_lock_held(id, record JSON or "null"). Without Web Locks it answers at once.
void zc_js_lock_and_read(int id, const char* lock, const char* store, const char* key);
/// Releases request `id`'s lock once every write queued so far has completed.
void zc_js_release_lock(int id);
/// Navigates once every pending write has completed (a pending authorization must be stored first).
void zc_js_navigate(const char* url);
/// history.replaceState to `url`.
void zc_js_replace_url(const char* url);
/// Copies text to the system clipboard (navigator.clipboard.writeText).
void zc_js_copy(const char* text);
/// Opens an http(s) address in a new tab, noopener and noreferrer (the device flow's verification page).
void zc_js_open_tab(const char* url);
/// Offers `text` as a download named `<name>.json` (a Blob and a temporary link).
void zc_js_download(const char* name, const char* text);
/// Opens the browser's file chooser for a profile JSON file; answers with zc_on_file_picked(name, size, text).
void zc_js_pick_file();
/// The page's address and the console's base URL; malloc'ed, the caller frees.
char* zc_js_page_url();
char* zc_js_base_url();
/// The canvas's CSS size and the device pixel ratio.
double zc_js_css_width();
double zc_js_css_height();
double zc_js_device_pixel_ratio();
/// Sets the canvas backing store and GLFW's window size in device pixels (see console_library.js).
void zc_js_set_canvas_size(int width, int height);
/// SHA-256 of `text` (UTF-8) by WebCrypto; answers with zc_on_sha256(base64url digest, or "").
void zc_js_sha256(const char* text);
/// Verifies an RS256 signature by WebCrypto: `jwk` the public key (JSON text), `signing_input` the JWS
/// signing input, `signature` base64url; answers with zc_on_signature(id, 1 valid or 0).
void zc_js_verify_rs256(int id, const char* jwk, const char* signing_input, const char* signature);
/// Keeps the unsaved draft (JSON without secret, or "null") in the tab's sessionStorage.
void zc_js_keep_draft(const char* json);
/// Resolves window.zohoConsole.ready and removes the loading cover (the first frame with the stored records
/// is drawn). The demo data centre's service worker is not waited for: requests to it wait instead
/// (zc_js_demo_gate).
void zc_js_ready();
/// Whether a request to `url` may be sent now: 1 unless it goes to the demo data centre (`<base>demo/`)
/// while its service worker does not yet control the page; then 0, and zc_on_demo_gate_open(id) follows
/// once it does (or once registering it failed: the request then meets the network as it would have).
int zc_js_demo_gate(int id, const char* url);
/// Mirrors the status line into the page's ARIA live region.
void zc_js_announce(const char* text);
/// The drawn items (or the log) changed: the page's accessible mirror reads zc_a11y_json() after the frame.
void zc_js_a11y_changed();
/// Asks whether the page's Content-Security-Policy refused a request to `url` (a `securitypolicyviolation`
/// for its origin in the last minute); answers with zc_on_policy_checked(id, 1 or 0) about 50 ms later.
void zc_js_blocked_by_policy(int id, const char* url);
/// The UI font's metrics for ImGui's font size `line_px` (device pixels; web/glyphs.js measures them): writes
/// the em size, the ascent and the descent, in device pixels, to out[0], out[1] and out[2].
void zc_js_font_metrics(double line_px, float* out);
/// Draws `count` code points with the browser's own fonts (web/glyphs.js) at `em_px` device pixels per em,
/// the baseline `ascent_px` below the top of the line; answers with one zc_glyph_rasterised() per code
/// point before it returns.
void zc_js_rasterise_glyphs(const unsigned int* codepoints, int count, double em_px, double ascent_px);
/// Draws the start set (web/glyphs.js owns it: printable ASCII, Latin-1 and the UI's symbols) as
/// zc_js_rasterise_glyphs does, from the batch the page drew early when it was drawn at this size.
void zc_js_rasterise_start_glyphs(double em_px, double ascent_px);
/// ImGui's font size in CSS pixels (web/glyphs.js's, so the early batch and the module agree).
double zc_js_ui_font_px();
/// An ImGui text field is being edited (`editing` 1) or not (0): the page's hidden text input
/// (web/text_input.js) takes or gives back the keyboard focus, and sits at the caret, (`x`, `y`) the top
/// of the caret's line and `height` its height, all in CSS pixels.
void zc_js_text_input(int editing, double x, double y, double height);
/// 1 when the hidden text input has the keyboard focus: typed text then comes from its input events.
int zc_js_text_input_focused();
}
