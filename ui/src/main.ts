import { mount } from 'svelte';
import App from './App.svelte';
import { tauriBackend } from './lib/backend';
import './app.css';

// Anything the strict CSP blocks (an inline style a library sets, an image from elsewhere) is a
// defect: said on the console and kept for the real-window test, which fails on any.
declare global {
  interface Window {
    __redockCspViolations?: string[];
  }
}
window.__redockCspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const what = `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile ?? ''}:${e.lineNumber ?? ''})`;
  window.__redockCspViolations?.push(what);
  console.error(`CSP: ${what}`);
});

const target = document.getElementById('app');
if (target) {
  mount(App, { target, props: { backend: tauriBackend } });
}
