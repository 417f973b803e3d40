#include "frame_scheduler.hpp"

#include <emscripten.h>
#include <emscripten/eventloop.h>

#include <algorithm>

namespace zc::web {

void FrameScheduler::request(int n) {
  frames_wanted_ = std::max(frames_wanted_, n);
  wake();
}

bool FrameScheduler::take(double now_seconds, bool input_waiting) {
  if (now_seconds >= wake_at_) {
    wake_at_ = 1e300;
    request(1);
  }
  if (frames_wanted_ <= 0 && !input_waiting) return false;
  frames_wanted_ = std::max(0, frames_wanted_ - 1);
  ++frames_drawn_;
  return true;
}

void FrameScheduler::sleep_if_idle(double now_seconds, bool input_waiting) {
  if (paused_ || frames_wanted_ > 0 || input_waiting) return;
  const double wake_at = wake_at_;
  paused_ = true;
  emscripten_pause_main_loop();
  if (timer_ != 0) emscripten_clear_timeout(timer_);
  timer_ = 0;
  if (wake_at < 1e299) {
    timer_ = emscripten_set_timeout(
        [](void* self) {
          static_cast<FrameScheduler*>(self)->timer_ = 0;
          static_cast<FrameScheduler*>(self)->wake();
        },
        std::max(0.0, (wake_at - now_seconds) * 1000.0), this);
  }
}

void FrameScheduler::wake() {
  if (!paused_) return;
  paused_ = false;
  emscripten_resume_main_loop();
}

}  // namespace zc::web
