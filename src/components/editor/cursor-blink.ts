/**
 * The editor's cursor blinks from a timer instead of CodeMirror's endless CSS animation.
 *
 * Why: while a CSS animation runs, Chrome draws a frame on every vsync, and after a
 * keydown it holds the page's other tasks until the next frame is drawn. With the focused
 * editor's cursor always animating, the kernel's events for Ctrl+Enter waited a frame
 * (up to ~17 ms) before the page could even read them. A timer changes the cursor only
 * when it blinks: a frame every 600 ms. It looks the same: CodeMirror's 1.2 s period,
 * the cursor shown solid again after each move, edit or focus.
 */
import { drawSelection, ViewPlugin, type EditorView, type ViewUpdate } from '@codemirror/view';
import type { Extension } from '@codemirror/state';

/** Half of CodeMirror's default blink period (cursorBlinkRate 1200). */
export const BLINK_HALF_MS = 600;

class TimerBlink {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private visible = true;

  constructor(private readonly view: EditorView) {
    this.restart();
  }

  update(update: ViewUpdate): void {
    if (update.focusChanged || update.selectionSet || update.docChanged) this.restart();
  }

  destroy(): void {
    clearTimeout(this.timer);
  }

  private restart(): void {
    clearTimeout(this.timer);
    this.show(true);
    if (this.view.hasFocus) this.timer = setTimeout(this.tick, BLINK_HALF_MS);
  }

  private readonly tick = (): void => {
    this.show(!this.visible);
    this.timer = setTimeout(this.tick, BLINK_HALF_MS);
  };

  private show(visible: boolean): void {
    this.visible = visible;
    const layer = this.view.dom.querySelector<HTMLElement>('.cm-cursorLayer');
    if (layer) layer.style.opacity = visible ? '' : '0';
  }
}

/** A blink rate of 0 turns CodeMirror's animation off (its duration becomes 0 ms). */
export const timerCursorBlink: Extension = [drawSelection({ cursorBlinkRate: 0 }), ViewPlugin.fromClass(TimerBlink)];
