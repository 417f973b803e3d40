// The console's entry point and main loop: GLFW (emscripten's built-in) + WebGL2 + Dear ImGui 1.86.
// Fixes for the 1.86/emscripten-3.1.6 pair, each from docs/TOOLCHAIN.md:
//   [X] HiDPI: window sized to CSS size x devicePixelRatio, fonts and style scaled
//   [X] Canvas follows the window size (resize callback)
//   [X] Keys queued: at most one change per key per frame (core/console/key_queue.hpp)
//   [X] Mouse buttons queued too, and applied one frame after the cursor got there (taps, fast clicks)
//   [X] Mouse wheel: own callback, right direction and speed
//   [X] Paste from the system clipboard (the page's paste event -> zc_paste); Ctrl/Cmd+C and +X put a
//       field's selection on it (navigator.clipboard), the page's own copy of stray text suppressed
//   [X] Monotonic frame time (ImGui asserts on a zero DeltaTime)
//   [X] Frames drawn only when something changed (input, network, storage, countdown)
//   [X] Keyboard: Tab and Shift+Tab through every control (a patched tab-stop rule: wasm/CMakeLists.txt),
//       Space/Enter activate, Escape closes popups (core/console/key_routing.hpp), the focus ring shown
//       on the field being edited, the page opening with the first field focused
//   [X] Text in every script: 32-bit ImWchar (emoji survive editing), every glyph drawn by the browser
//       (Latin before the first frame, any other character on demand: font_atlas.hpp, glyph_cache.hpp),
//       input methods and the emoji picker through the page's hidden text input (text_input.hpp);
//       docs/ARCHITECTURE.md "Text in every script"
//   [ ] Touch: not yet
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "app.hpp"
#include "console/key_routing.hpp"
#include "font_atlas.hpp"
#include "glyph_cache.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"
#include "item_recorder.hpp"
#include "js_shell.hpp"
#include "text_input.hpp"
#include "views/views.hpp"

namespace zc::web {
namespace {

GLFWwindow* window = nullptr;
// The page's App lives as long as the page and is never destroyed: a plain pointer, so no destructor
// of App and its parts is linked into the module.
App* the_app = nullptr;
float pixel_ratio = 1.0f;
float built_ratio = 0.0f;
float ui_font_px = 15.0f;  // ImGui's font size in CSS pixels: web/glyphs.js's (read in main())

std::string take_js_string(char* s) {
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

bool device_objects_made = false;  // the OpenGL backend made its shader and font texture (first NewFrame)

// The font atlas at `ratio`: the browser draws every glyph waiting in the cache (glyph_cache.hpp) at the
// UI font's size, 15 CSS pixels in device pixels (crisp at any devicePixelRatio), then the atlas is built
// from all the cached glyphs (font_atlas.hpp) and uploaded again as the texture.
void build_fonts(float ratio) {
  const float line_px = ui_font_px * ratio;
  const FontMetrics metrics = ui_font_metrics(line_px);
  if (glyph_cache().empty()) glyph_cache().rasterise_start(metrics.em_px, metrics.ascent_px);
  if (glyph_cache().has_pending()) glyph_cache().rasterise_pending(metrics.em_px, metrics.ascent_px);
  const double start = emscripten_get_now();
  build_font_atlas(*ImGui::GetIO().Fonts, line_px, metrics);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  // Before the first frame the backend makes the texture itself; after it, only when asked.
  if (device_objects_made) ImGui_ImplOpenGL3_CreateFontsTexture();
  glyph_cache().note_rebuild_ms(emscripten_get_now() - start);
}

void build_fonts_and_style(float ratio) {
  // Glyphs drawn for the old size are drawn again for the new one, before the next frame; the first
  // time, the start set is drawn (one batch, before the first frame: build_fonts).
  glyph_cache().redraw_all();
  build_fonts(ratio);
  ImGui::GetStyle() = ImGuiStyle();
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 0.0f;
  style.FrameRounding = 3.0f;
  style.ChildRounding = 4.0f;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.ScaleAllSizes(ratio);
  built_ratio = ratio;
}

void fit_canvas() {
  pixel_ratio = static_cast<float>(zc_js_device_pixel_ratio());
  const int w = static_cast<int>(zc_js_css_width() * pixel_ratio);
  const int h = static_cast<int>(zc_js_css_height() * pixel_ratio);
  zc_js_set_canvas_size(std::max(w, 1), std::max(h, 1));
  if (pixel_ratio != built_ratio) build_fonts_and_style(pixel_ratio);
  if (the_app) the_app->frames().request();
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
  fit_canvas();
  return EM_FALSE;
}

// Wheel: emscripten 3.1.6's GLFW delivers it inverted and 100x too large (ImGui 1.89.3 did the same fix).
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
  const double scale = e->deltaMode == DOM_DELTA_PIXEL ? 1.0 / 100.0 : e->deltaMode == DOM_DELTA_LINE ? 1.0 / 3.0 : 80.0;
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheelH += static_cast<float>(-e->deltaX * scale);
  io.MouseWheel += static_cast<float>(-e->deltaY * scale);
  the_app->frames().request();
  return EM_TRUE;
}

void on_key(GLFWwindow*, int key, int scancode, int action, int mods) {
  the_app->input().push_key({key, scancode, action, mods});
}
// Typed characters go into the key queue, in their place between the keys (KeyQueue::next_frame says why).
// While the page's hidden text input has the focus (a field is edited), the same character reaches it and
// comes from its input event (text_input.hpp): taken from there only, it arrives once.
void on_char(GLFWwindow*, unsigned int c) {
  if (zc_js_text_input_focused()) return;
  char utf8[5] = {0};
  if (c < 0x80) {
    utf8[0] = static_cast<char>(c);
  } else if (c < 0x800) {
    utf8[0] = static_cast<char>(0xC0 | (c >> 6));
    utf8[1] = static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    utf8[0] = static_cast<char>(0xE0 | (c >> 12));
    utf8[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    utf8[2] = static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x110000) {
    utf8[0] = static_cast<char>(0xF0 | (c >> 18));
    utf8[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    utf8[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    utf8[3] = static_cast<char>(0x80 | (c & 0x3F));
  }
  the_app->input().push_text(utf8);
}
void on_mouse_button(GLFWwindow*, int button, int action, int mods) {
  the_app->input().push_mouse_button({button, 0, action, mods});
}
void on_cursor(GLFWwindow*, double, double) { the_app->frames().request(); }

// True while a text field is being edited (ImGui's active item is the one its text state belongs to).
bool editing_text() {
  const ImGuiContext& g = *GImGui;
  return g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID;
}

// Escape (KeyRouter): closes the topmost popup, a modal too (ImGui 1.86 closes only the others);
// otherwise ends editing a field and keeps what was typed (ImGui's own Escape reverts the edit), with the
// field keeping the keyboard focus; otherwise cancels the requests in flight (Cancel request).
void on_escape() {
  ImGuiContext& g = *GImGui;
  if (g.OpenPopupStack.Size > 0) {
    ImGui::ClearActiveID();
    ImGui::ClosePopupToLevel(g.OpenPopupStack.Size - 1, true);
  } else if (editing_text()) {
    ImGui::ClearActiveID();
    g.NavDisableHighlight = false;
  } else if (app().model().busy()) {
    app().dispatch(&Model::cancel_requests, App::now());  // as Cancel request does
  }
}

// The field being edited wears the focus ring also after a click, as :focus-visible gives a text field
// in a page; ImGui draws its ring only after keyboard navigation (buttons keep that rule). Drawn here, over
// the frame, rather than by switching ImGui's navigation highlight on: that puts ImGui's navigation in
// keyboard mode, where a later click on the same spot is not taken as hovering.
void draw_editing_ring() {
  const ImGuiContext& g = *GImGui;
  if (!editing_text() || !g.NavDisableHighlight) return;  // ImGui draws its own ring
  float x0, y0, x1, y1;
  if (!items_rect(g.ActiveId, &x0, &y0, &x1, &y1)) return;
  const float gap = 3.0f * pixel_ratio;  // ImGui's RenderNavHighlight: 3 px outside, 2 px thick
  ImGui::GetForegroundDrawList()->AddRect(ImVec2(x0 - gap, y0 - gap), ImVec2(x1 + gap, y1 + gap),
                                          ImGui::GetColorU32(ImGuiCol_NavHighlight), ImGui::GetStyle().FrameRounding,
                                          0, 2.0f);
}

// The keyboard focus on a control that is gone (Revoke took its token set) or disabled (Delete, with no
// profile left) is dropped, so the next Tab starts again from the first control instead of going nowhere
// (ImGui 1.86 tabs on from the focused item only when it finds it).
void forget_lost_focus() {
  ImGuiContext& g = *GImGui;
  if (g.NavId == 0 || g.NavId == g.ActiveId) return;
  // NavIdIsAlive: ImGui saw the item submitted this frame (also when scrolled out of view).
  if (g.NavIdIsAlive && !items_disabled(g.NavId)) return;
  if (g.NavWindow != nullptr && g.NavWindow->Appearing) return;  // a popup's first frame: not drawn yet
  g.NavId = 0;
  g.NavDisableHighlight = true;
}

// A dialog (modal popup) that opens gets the keyboard at once, with its ring, as a browser dialog does:
// Enter and Space act on its focused button and Escape closes it, however it was opened.
void keyboard_into_new_modal(int popups_before) {
  ImGuiContext& g = *GImGui;
  if (g.OpenPopupStack.Size <= popups_before) return;
  const ImGuiWindow* top = g.OpenPopupStack.back().Window;
  if (top != nullptr && (top->Flags & ImGuiWindowFlags_Modal)) g.NavDisableHighlight = false;
}

void set_clipboard(void*, const char* text) { zc_js_copy(text); }
const char* get_clipboard(void*) { return ""; }  // paste arrives through the page's paste event

// This frame's keys to ImGui, each where the KeyRouter sends it; true when one was the shell's Escape
// (on_escape runs inside the frame).
bool feed_keys(InputQueue& input, const std::vector<zc::KeyEvent>& keys) {
  ImGuiIO& io = ImGui::GetIO();
  bool escape = false;
  for (const auto& e : keys) {
    const zc::KeyRoute route = input.route(e, editing_text());
    switch (route) {
      case zc::KeyRoute::kForward:
      case zc::KeyRoute::kForwardAsSpace: {
        if (e.key == zc::KeyEvent::kText) {
          io.AddInputCharactersUTF8(e.text.c_str());
          break;
        }
        const bool as_space = route == zc::KeyRoute::kForwardAsSpace;
        // Space (or Enter) on a focused field starts editing it with the caret after its text.
        if ((as_space || e.key == GLFW_KEY_SPACE) && e.action == GLFW_PRESS && !editing_text()) input.caret_to_end() = true;
        ImGui_ImplGlfw_KeyCallback(window, as_space ? GLFW_KEY_SPACE : e.key, e.scancode, e.action, e.mods);
        break;
      }
      case zc::KeyRoute::kEscape:
        escape = true;
        break;
      case zc::KeyRoute::kDrop:
        break;
    }
  }
  return escape;
}

// Pasted text goes in once Ctrl/Cmd is up (ImGui 1.86 drops characters typed with Ctrl held; the paste
// event comes before Ctrl's release).
void feed_paste(InputQueue& input, FrameScheduler& frames, double now) {
  std::string& pasted = input.pending_paste();
  if (pasted.empty()) return;
  ImGuiIO& io = ImGui::GetIO();
  const bool held = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL] ||
                    io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
  if (held) {
    frames.request(2);
  } else {
    io.AddInputCharactersUTF8(pasted.c_str());
    pasted.clear();
    input.note_input(now);
  }
}

// This frame's queued input to ImGui: keys, mouse buttons, pasted text. True when Escape was among it.
bool feed_input(InputQueue& input, FrameScheduler& frames, double now) {
  const auto keys = input.next_keys();
  const size_t buttons = input.apply_mouse_buttons();
  const bool escape = feed_keys(input, keys);
  if (!keys.empty() || buttons > 0) input.note_input(now);
  if (buttons > 0) {
    input.caret_to_end() = false;  // a click puts the caret where it clicked
    // After keyboard navigation ImGui ignores the mouse until it moves; a click on the same spot (a tap, a
    // pointer that stayed put) is mouse input too and must land, so it re-enables hovering.
    GImGui->NavDisableMouseHover = false;
  }
  // A widget acts on the frame its key or button arrives (a radio button on release) and draws its new
  // value only in the next one: input always earns the frames that show its effect.
  if (!keys.empty() || buttons > 0) frames.request(2);
  feed_paste(input, frames, now);
  return escape;
}

// The backends' and ImGui's new frame, with the queue's mouse buttons and the caret's blinking.
void begin_imgui_frame(const InputQueue& input, double now) {
  // Between two frames, never inside one: the last frame's vertices point into the old atlas.
  if (glyph_cache().has_pending()) build_fonts(pixel_ratio);
  ImGuiIO& io = ImGui::GetIO();
  ImGui_ImplOpenGL3_NewFrame();
  device_objects_made = true;
  ImGui_ImplGlfw_NewFrame();
  // The backend has just polled the buttons' live state; the queue's state replaces it (InputQueue::mouse_button_down).
  for (int b = 0; b < InputQueue::kMouseButtons; ++b) io.MouseDown[b] = input.mouse_button_down(b);
  // GLFW's clock can repeat a value between two frames; ImGui asserts on a zero DeltaTime.
  if (io.DeltaTime <= 0.0f) io.DeltaTime = 1e-5f;
  // The caret blinks for InputQueue::kCaretBlinkSeconds after the last input, then stays lit.
  io.ConfigInputTextCursorBlink = input.caret_blinking(now);
  items_begin_frame();
  ImGui::NewFrame();
}

// A field that started editing this frame with InputQueue::caret_to_end set: ImGui selected its whole
// text (as for Tab); the caret goes after the text instead, nothing selected.
void place_caret_at_end(InputQueue& input) {
  bool& caret_to_end = input.caret_to_end();
  if (!caret_to_end || !editing_text() || !GImGui->ActiveIdIsJustActivated) return;
  ImGuiInputTextState& field = GImGui->InputTextState;
  field.Stb.cursor = field.CurLenW;
  field.ClearSelection();
  caret_to_end = false;
}

// The frame to the canvas.
void render_frame(App& app) {
  ImGui::Render();
  items_end_frame(pixel_ratio);  // ImGui pixels are device pixels; items() speaks CSS pixels
  app.keep_draft();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.07f, 0.08f, 0.10f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// What the frame just drawn asks of the next ones: the caret's blink, the hidden text input's place,
// glyphs still missing, a popup that opened or closed.
void after_frame(const InputQueue& input, FrameScheduler& frames, int& open_popups, double now) {
  ImGuiIO& io = ImGui::GetIO();
  // A text field being edited blinks its caret (ImGui: 0.8 s on, 0.4 s off); wake for the next change
  // rather than drawing every frame, and once more when the blinking stops (the caret then stays lit).
  if (io.WantTextInput && input.caret_blinking(now)) frames.request_at(std::min(now + 0.4, input.caret_blink_ends()));
  text_input_after_frame(io.WantTextInput, ImGui::GetFontSize(), pixel_ratio);
  // This frame drew characters without a glyph (as `?`): the next one draws them right.
  if (glyph_cache().has_pending()) frames.request(2);
  // A popup (combo list, confirmation) that opens or closes needs more frames: ImGui hides a new
  // auto-sized window for its first frame while it measures it. `open_popups`: the count last frame.
  if (GImGui->OpenPopupStack.Size != open_popups) {
    keyboard_into_new_modal(open_popups);
    open_popups = GImGui->OpenPopupStack.Size;
    frames.request(3);
  }
}

void frame() {
  App& app = *the_app;
  // Nothing is drawn before the stored records are in: the loading cover hides the canvas until then, and
  // a frame drawn without them costs a compositor commit (100-300 ms at start on a software-GL machine)
  // that holds up the storage callback and so `ready` (issue 16). The requests wait for the load.
  if (!app.loaded()) return;
  if (!app.take_frame(emscripten_get_now() / 1000.0)) {  // nothing changed: draw nothing, and sleep
    app.sleep_if_idle(emscripten_get_now() / 1000.0);
    return;
  }
  const double now = emscripten_get_now() / 1000.0;
  InputQueue& input = app.input();
  FrameScheduler& frames = app.frames();
  const bool escape = feed_input(input, frames, now);
  begin_imgui_frame(input, now);
  if (escape) on_escape();
  draw_console(app);
  draw_editing_ring();
  forget_lost_focus();
  place_caret_at_end(input);
  render_frame(app);
  after_frame(input, frames, app.views().open_popups, now);
  if (app.take_ready()) zc_js_ready();
}

}  // namespace

App& app() { return *the_app; }

}  // namespace zc::web

int main() {
  using namespace zc::web;
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  window = glfwCreateWindow(1280, 800, "Zoho CRM authorization console", nullptr, nullptr);
  if (window == nullptr) return 1;
  glfwMakeContextCurrent(window);

  the_app = new App(take_js_string(zc_js_page_url()), take_js_string(zc_js_base_url()));

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is fixed; nothing to persist
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui::GetCurrentContext()->TestEngineHookItems = true;  // feeds items()

  // Our own callbacks, forwarding to the backend's: keys go through the queue, the wheel through on_wheel.
  ImGui_ImplGlfw_InitForOpenGL(window, false);
  // After the backend's init, which installs GLFW's clipboard functions (no-ops under emscripten): set
  // before it, Ctrl+C copied nothing and Ctrl+X cut the text into nowhere.
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  io.ImeSetInputScreenPosFn = text_input_caret;  // the hidden text input follows the caret
  glfwSetKeyCallback(window, on_key);
  glfwSetCharCallback(window, on_char);
  glfwSetMouseButtonCallback(window, on_mouse_button);
  glfwSetCursorPosCallback(window, on_cursor);
  emscripten_set_wheel_callback("#canvas", nullptr, true, on_wheel);
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_resize);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  ui_font_px = static_cast<float>(zc_js_ui_font_px());
  fit_canvas();

  zc_js_storage_load();
  // The auto-refresh timer runs on its own 1 s interval, not in the drawing loop: a hidden tab gets no
  // animation frames, and its enabled integration must still be refreshed in time.
  emscripten_set_interval([](void*) { the_app->on_timer(emscripten_get_now() / 1000.0); }, 1000, nullptr);
  emscripten_set_main_loop(frame, 0, 1);
  return 0;
}
