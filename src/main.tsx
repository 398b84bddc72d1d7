import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/workspace/App';
import './ui/workspace/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('OptiPlay: the page has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
