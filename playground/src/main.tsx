import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import OAuthCallback from './OAuthCallback';

// One page app: `/callback` is the OAuth callback page (the reference page's sample), everything else the inspector.
const page = window.location.pathname === '/callback' ? <OAuthCallback /> : <App />;

createRoot(document.getElementById('root')!).render(<StrictMode>{page}</StrictMode>);
