// The baseline's page glue: emscripten's Module, and window.baseline with the same shape the benchmark
// reads from the console's window.zohoConsole: `ready` (the module runs) and state().framesDrawn.
'use strict';
(function () {
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  self.Module = {
    canvas: document.getElementById('canvas'),
    onRuntimeInitialized: () => resolveReady(),
  };
  self.baseline = {
    ready,
    state() { return { framesDrawn: Module._zc_baseline_frames() }; },
  };
})();
