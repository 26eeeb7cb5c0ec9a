import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web UI is built into dist/web and served by the Kasus server itself.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // Libraries change less often than Kasus's own code: a chunk of their own stays cached across upgrades.
    rollupOptions: { output: { manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined) } },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
