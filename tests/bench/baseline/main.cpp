// The benchmark's baseline (issue 6): a bare Dear ImGui 1.86 window on emscripten's GLFW and WebGL2 with
// one text field, drawn every display frame - the plain way to run ImGui in a browser. scripts/bench.sh
// measures it beside the console, built with the same emscripten flags (wasm/CMakeLists.txt), so the
// console's start-up and idle figures have a same-run, same-machine yardstick.
//   [X] One window, one text field, ImGui's built-in font (ProggyClean), no HiDPI handling
//   [X] zc_baseline_frames(): frames drawn since start (the console's state().framesDrawn)
//   [ ] Power saving: none on purpose (it draws every frame, as ImGui's examples do)
#include <GLFW/glfw3.h>
#include <emscripten.h>

#include <string>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "imgui_stdlib.h"

namespace {

GLFWwindow* window = nullptr;
long frames_drawn = 0;
std::string text = "type here";

void frame() {
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  // GLFW's clock can repeat a value between two frames; ImGui asserts on a zero DeltaTime (docs/TOOLCHAIN.md).
  if (ImGui::GetIO().DeltaTime <= 0.0f) ImGui::GetIO().DeltaTime = 1e-5f;
  ImGui::NewFrame();
  ImGui::Begin("Baseline");
  ImGui::InputText("Text", &text);
  ImGui::End();
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.07f, 0.08f, 0.10f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  ++frames_drawn;
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE double zc_baseline_frames() { return static_cast<double>(frames_drawn); }

int main() {
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  window = glfwCreateWindow(1280, 800, "Baseline", nullptr, nullptr);
  if (window == nullptr) return 1;
  glfwMakeContextCurrent(window);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  emscripten_set_main_loop(frame, 0, 1);
  return 0;
}
