import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import OAuthCallback from './OAuthCallback';
import { SamplesApp } from './samples/SamplesApp';

// One page app: `/callback` is the OAuth callback page (the reference page's sample), `/samples` the reference
// page's other samples, everything else the inspector.
const { pathname } = window.location;
const page =
  pathname === '/callback' ? <OAuthCallback /> : pathname === '/samples' ? <SamplesApp /> : <App />;

createRoot(document.getElementById('root')!).render(<StrictMode>{page}</StrictMode>);
