import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { CopyModeProvider } from './components/CopyMode';
import { startCaptureQueue } from './capture/capture-queue';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing');
createRoot(container).render(
  <StrictMode>
    <CopyModeProvider>
      <App />
    </CopyModeProvider>
  </StrictMode>,
);

// Offline capture (issue 16): the queue of captured items runs on every page load, and the service
// worker (vite-plugin-pwa, built into dist/web as sw.js) keeps the app shell for starting with no server.
startCaptureQueue();
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}
