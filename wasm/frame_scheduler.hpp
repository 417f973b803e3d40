// When the browser shell draws: frames are drawn only while something changed (input, network, storage,
// a countdown's tick), and the main loop is paused while nothing did, so an idle console costs nothing
// (docs/PERFORMANCE.md, "Idle passes"). App owns one; whatever changes the screen asks it for frames.
#pragma once

namespace zc::web {

/// Frame requests and the main loop's pause. Times are seconds on the emscripten_get_now() / 1000 clock.
class FrameScheduler {
 public:
  /// Something changed that the next `n` frames must show: they are drawn (the loop resumes if paused).
  void request(int n = 3);
  /// One frame at `seconds`, e.g. a countdown's next tick; the earliest request wins.
  void request_at(double seconds) {
    if (seconds < wake_at_) wake_at_ = seconds;
  }
  /// True when the main loop should draw now: frames requested, `input_waiting`, or a wake-up time
  /// reached. Counts the frame as drawn.
  bool take(double now_seconds, bool input_waiting);
  /// Called by the main loop when it drew nothing: with no frame wanted and no `input_waiting`, pauses the
  /// loop (no requestAnimationFrame at all while idle) until request() or a timer for the wake-up time.
  void sleep_if_idle(double now_seconds, bool input_waiting);
  /// True while requested frames are still to be drawn.
  bool wanted() const { return frames_wanted_ > 0; }
  /// Frames drawn since the page started.
  long drawn() const { return frames_drawn_; }

 private:
  /// Resumes a paused main loop.
  void wake();

  bool paused_ = false;
  long timer_ = 0;  // emscripten_set_timeout id of the pending wake-up, 0 when none
  int frames_wanted_ = 3;
  double wake_at_ = 1e300;
  long frames_drawn_ = 0;
};

}  // namespace zc::web
