import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { CopyModeProvider } from './components/CopyMode';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing');
createRoot(container).render(
  <StrictMode>
    <CopyModeProvider>
      <App />
    </CopyModeProvider>
  </StrictMode>,
);
