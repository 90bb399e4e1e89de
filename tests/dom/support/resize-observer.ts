/**
 * jsdom lays nothing out, so it has no ResizeObserver. The comments
 * controller observes the editor and the cards to lay them out again; in a
 * dom test there is nothing to observe, and a ResizeObserver that never
 * calls back is the truth.
 */
export function installResizeObserver(): void {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
