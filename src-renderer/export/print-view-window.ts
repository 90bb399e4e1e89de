/**
 * The browser host's PDF (issue 15): the plan's print view opens in a new
 * tab and that tab's print dialog is asked for, where the user saves it as
 * PDF. The view itself has no script (its policy allows none), so this tab
 * calls its `print()`: the host serves it from the app's own origin with the
 * app's opener policy, so the two tabs may talk.
 *
 * A browser may refuse the new tab (a popup blocker, once the click is a
 * few seconds old); the caller then offers a link, whose click is fresh.
 */

/** How long to wait for the view to load before leaving the printing to the user. */
const LOAD_WAIT_MS = 120_000;
const POLL_MS = 100;

/** Opens the view at `url` (a path on this host) and asks for its print dialog once it has loaded; false when the browser refused the tab. */
export function openPrintView(url: string): boolean {
  const view = window.open(url, '_blank');
  if (view === null) return false;
  printWhenLoaded(view, new URL(url, window.location.href).pathname);
  return true;
}

/**
 * Polls rather than listening for `load`: the tab starts on about:blank,
 * and whether a listener on that first window survives the navigation to
 * the view is up to the browser.
 */
function printWhenLoaded(view: Window, pathname: string): void {
  const started = Date.now();
  const timer = window.setInterval(() => {
    try {
      if (view.closed || Date.now() - started > LOAD_WAIT_MS) {
        window.clearInterval(timer);
        return;
      }
      if (view.location.pathname !== pathname || view.document.readyState !== 'complete') return;
      window.clearInterval(timer);
      view.focus();
      view.print();
    } catch {
      // The tab went somewhere we may not look (another origin): it is the user's now.
      window.clearInterval(timer);
    }
  }, POLL_MS);
}
