/** Renderer entry: connect to the host, load the UI language, render the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { connectHost } from './host/host-client.ts';
import { initI18n } from './i18n/i18n.ts';
import 'prosemirror-view/style/prosemirror.css';
import 'prosemirror-tables/style/tables.css';
import 'prosemirror-gapcursor/style/gapcursor.css';
import './styles/app.css';

const host = connectHost();
const preferences = await host.getPreferences().catch(() => null);
await initI18n(preferences?.language ?? 'sv');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App host={host} />
  </StrictMode>,
);
