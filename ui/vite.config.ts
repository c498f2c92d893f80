import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // The Tauri shell serves dist/ from its own protocol; relative URLs keep it portable.
  base: './',
  build: {
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
    // Nothing inline: the CSP allows only 'self' for scripts and styles.
    assetsInlineLimit: 0,
  },
  server: { fs: { allow: ['..'] } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
});
