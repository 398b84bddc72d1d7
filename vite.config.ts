import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { cspPlugins } from './src/security/csp';

// Cross-origin isolation (COOP/COEP) so precise timers and SharedArrayBuffer are available.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // the built pages' Content-Security-Policy, as a meta tag and a preview header (src/security/csp.ts)
  plugins: [react(), ...cspPlugins()],
  base: './',
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        harness: resolve(import.meta.dirname, 'harness.html'),
        landscape: resolve(import.meta.dirname, 'landscape.html'),
        sweep: resolve(import.meta.dirname, 'sweep.html'),
        bench: resolve(import.meta.dirname, 'bench.html'),
      },
    },
  },
});
