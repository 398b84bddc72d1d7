import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LandscapeApp } from './LandscapeApp';
import '../ui/common/base.css';
import './landscape.css';

const root = document.getElementById('root');
if (!root) throw new Error('OptiPlay: the landscape page has no #root element');
createRoot(root).render(
  <StrictMode>
    <LandscapeApp />
  </StrictMode>,
);
