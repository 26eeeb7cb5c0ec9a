import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web UI is built into dist/web and served by the Kasus server itself.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
