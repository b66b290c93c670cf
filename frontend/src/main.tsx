import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { sessionStore } from './lib/session';
import './styles/base.css';
import './styles/components.css';

// Restore the session once per page load, before anything renders: the refresh token rotates on every use, so
// two concurrent refreshes would look like token theft to the server.
void sessionStore.restore();

const root = document.getElementById('root');
if (!root) throw new Error('missing #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
