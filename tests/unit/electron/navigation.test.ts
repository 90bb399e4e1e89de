/**
 * A plan is full of links written by six agencies. Clicking one must never
 * replace the app in its window, nor open a new Electron window (which would
 * get our preload): web and mail links open in the user's own browser, and
 * anything else (javascript:, file:, our own scheme) is simply not opened.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_ORIGIN, trustedOrigin } from '../../../src-main/electron/app-origin.ts';
import { lockDownNavigation } from '../../../src-main/electron/navigation.ts';
import { FakeWebContents } from './fake-electron.ts';

describe('a page in a Samskriv window', () => {
  let page: FakeWebContents;
  let openedExternally: string[];

  beforeEach(() => {
    page = new FakeWebContents();
    openedExternally = [];
    lockDownNavigation(page.asWebContents(), APP_ORIGIN, (url) => openedExternally.push(url));
  });

  it.each(['https://evil.example/', 'http://localhost:5173/', 'file:///etc/passwd', 'samskriv://evil/index.html', 'javascript:alert(1)', 'not a url'])(
    'cannot navigate to %s',
    (url) => {
      expect(page.navigate(url)).toBe(true);
    },
  );

  it('may navigate within the app itself (a reload)', () => {
    expect(page.navigate(`${APP_ORIGIN}/index.html`)).toBe(false);
    expect(page.navigate(`${APP_ORIGIN}/index.html#plan`)).toBe(false);
  });

  it.each(['https://evil.example/', 'file:///etc/passwd'])('cannot be redirected to %s', (url) => {
    expect(page.redirect(url)).toBe(true);
    expect(page.redirect(`${APP_ORIGIN}/index.html`)).toBe(false);
  });

  it('cannot navigate any frame away from the app, and no subframe at all', () => {
    expect(page.navigateFrame('https://evil.example/', true)).toBe(true);
    expect(page.navigateFrame(`${APP_ORIGIN}/index.html`, true)).toBe(false);
    expect(page.navigateFrame(`${APP_ORIGIN}/index.html`, false)).toBe(true);
  });

  it('cannot attach a <webview>', () => {
    expect(page.attachWebview()).toBe(true);
  });

  it.each(['https://www.regeringen.se/', 'http://example.se/plan', 'mailto:registrator@af.se'])(
    'opens %s in the user’s browser instead of a new window',
    (url) => {
      expect(page.openWindow(url)).toBe('deny');
      expect(openedExternally).toEqual([url]);
    },
  );

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'samskriv://app/index.html', 'data:text/html,<script>1</script>', 'smb://server/share', 'not a url'])(
    'neither opens %s in a window nor hands it to the system',
    (url) => {
      expect(page.openWindow(url)).toBe('deny');
      expect(openedExternally).toEqual([]);
    },
  );
});

describe('during development', () => {
  it('allows navigation within the dev server and nowhere else', () => {
    const page = new FakeWebContents();
    lockDownNavigation(page.asWebContents(), trustedOrigin('http://localhost:5173/'), () => undefined);
    expect(page.navigate('http://localhost:5173/index.html')).toBe(false);
    expect(page.navigate(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(page.navigate('http://localhost:5174/')).toBe(true);
  });
});
