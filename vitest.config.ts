import { defineConfig } from 'vitest/config';

// Unit tests: the pure engine in Node (no DOM, no WebGPU).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
