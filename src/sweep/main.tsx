import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SweepApp } from './SweepApp';
import '../ui/common/base.css';
import './sweep.css';

const root = document.getElementById('root');
if (!root) throw new Error('OptiPlay: the sweep page has no #root element');
createRoot(root).render(
  <StrictMode>
    <SweepApp />
  </StrictMode>,
);
