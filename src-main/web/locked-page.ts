/**
 * The one page the browser host serves to a request without its secret: it
 * says, in Swedish and then English, to open the link the host printed.
 *
 * It names nothing of the user's (no plan, no folder, no port of another
 * service) and loads nothing, so it is the same for everyone who asks.
 */
import type { ServerResponse } from 'node:http';

const LOCKED_PAGE = `<!doctype html>
<html lang="sv">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Öppna länken från Samskriv – Open the link from Samskriv</title>
<main>
<h1>Öppna länken som Samskriv skrev ut</h1>
<p>Samskriv i webbläsaren visar planerna bara för den som öppnar länken som skrevs ut när tjänsten startade
(raden ”Samskriv is running at …” i terminalen där du skrev <code>npm run web</code>). Öppna den länken här.</p>
<p>Länken byts vid varje start. Har tjänsten startats om gäller bara den nya länken; öppna den i en ny flik,
så kan en flik som redan var öppen spara det som väntar.</p>
<div lang="en">
<h2>Open the link Samskriv printed</h2>
<p>Samskriv in the browser shows the plans only to whoever opens the link printed when the service started
(the line “Samskriv is running at …” in the terminal where you typed <code>npm run web</code>). Open that link here.</p>
<p>The link changes at every start. If the service was restarted, only the new link works; open it in a new tab,
and a tab that was already open can save what it is holding.</p>
</div>
</main>
</html>
`;

/**
 * The page has no script, style or image, so its policy allows none; it
 * carries no referrer on.
 */
const LOCKED_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** 403 with the page (or only its headers, for HEAD). */
export function sendLockedPage(res: ServerResponse, method: string | undefined): void {
  res.writeHead(403, LOCKED_PAGE_HEADERS);
  res.end(method === 'HEAD' ? undefined : LOCKED_PAGE);
}
