// The hidden text input (docs/ARCHITECTURE.md "Text in every script"): while an ImGui text field is being
// edited, a real <input> of the page holds the keyboard focus at the field's caret, so that an input
// method (Japanese, Chinese, Hindi ...), the system's emoji picker, dictation and any other `insertText`
// source have somewhere to write. What it receives goes to the field as typed text (zc_text_input) and the
// input is emptied at once; keys (arrows, Backspace, Enter, Tab, shortcuts) still reach ImGui through
// GLFW's key listeners on window. While it has the focus, GLFW's own character path is ignored
// (wasm/main.cpp on_char), so a typed letter arrives once.
'use strict';

(function () {
  const input = document.getElementById('text-input');
  const canvas = document.getElementById('canvas');
  let editing = false;
  let composing = false;

  // Committed text to the console, in order with the keys around it.
  function commit(text) {
    if (text && self.Module && Module.calledRun) zcShell.call('zc_text_input', text);
  }
  function take() {
    const text = input.value;
    input.value = '';
    commit(text);
  }

  // Text typed, chosen from the emoji picker, dictated, dropped: everything but a running composition.
  input.addEventListener('input', (event) => {
    if (composing || event.isComposing) {
      input.style.width = Math.max(1, input.value.length + 1) + 'em';  // the preedit shows whole
      return;
    }
    take();
  });
  // The input method's text is shown in the input itself while it is composed (ImGui cannot underline a
  // preedit), and goes to the field once, when it is committed.
  input.addEventListener('compositionstart', () => {
    composing = true;
    input.classList.add('composing');
  });
  input.addEventListener('compositionend', () => {
    composing = false;
    input.classList.remove('composing');
    input.style.width = '';
    take();
  });

  // A click on the canvas moves the browser's focus there, though the field stays active in ImGui: give it
  // back to the input.
  canvas.addEventListener('focus', () => { if (editing) input.focus({ preventScroll: true }); });

  /** Called by the console each time a field starts or stops being edited, or its caret moves (CSS px). */
  function place(isEditing, x, y, height) {
    input.style.left = x + 'px';
    input.style.top = y + 'px';
    input.style.height = height + 'px';
    input.style.fontSize = Math.round(height * 0.85) + 'px';
    if (isEditing === editing) return;
    editing = isEditing;
    if (editing) {
      input.value = '';
      input.focus({ preventScroll: true });
    } else if (document.activeElement === input) {
      if (composing) input.blur();     // ends the input method's composition
      canvas.focus({ preventScroll: true });
    }
  }

  self.zcTextInput = {
    place,
    // True when characters typed now reach the input (and come through its input events).
    focused: () => document.activeElement === input,
    element: input,
  };
})();
