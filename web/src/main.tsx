import { setNonce } from 'get-nonce';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme, readTheme } from './lib/theme';
import './styles.css';

// The chosen theme is on <html> before React renders anything (an inline script in the page would need the nonce).
applyTheme(readTheme());

// The CSP allows only nonce'd <style> tags; Radix's scroll lock injects one through get-nonce.
const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
if (nonce && nonce !== '__CSP_NONCE__') setNonce(nonce);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
